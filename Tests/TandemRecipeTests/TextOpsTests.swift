import Foundation
import Testing
@testable import TandemData
@testable import TandemModel
@testable import TandemRecipe

/// text_stats computed by hand, and text_flag over a list of holiday dates (issue 33, item 8).
@Suite struct TextOpsTests {
    @Test func textStatsCountsWhatAPersonWouldCount() throws {
        let f = try frame("id,note,y\n1,\"Great deal!! Visit https://www.shop.example now?\",1\n2,,0\n3,ABC 123 x,0\n")
        let p = try prepare(try recipe(#"{"op":"text_stats","column":"note"}"#), f)
        // Row 1: 48 characters (Great 5, space, deal 4, !! 2, space, Visit 5, space, the link 24, space, now 3, ? 1);
        // 8 words (runs of letters or digits: Great, deal, Visit, https, www, shop, example, now); no digits; 2 capitals
        // (G, V) of 36 letters; 2 !, 1 ?, one link. Row 3: "ABC 123 x": 9 characters, 3 words, 3 digits, 3 of 4 letters upper.
        #expect(same(numbers(p, "note_length"), [48, .nan, 9]))
        #expect(same(numbers(p, "note_words"), [8, .nan, 3]))
        #expect(same(numbers(p, "note_digits"), [0, .nan, 3]))
        #expect(same(numbers(p, "note_upper_share"), [2.0 / 36, .nan, 3.0 / 4]))
        #expect(same(numbers(p, "note_exclaims"), [2, .nan, 0]) && same(numbers(p, "note_questions"), [1, .nan, 0]))
        #expect(same(numbers(p, "note_links"), [1, .nan, 0]))
        #expect(p.frame.names.contains("note"))
        // It learns nothing: the same step runs once for all folds.
        #expect(FoldInvariance.split(try recipe(#"{"op":"text_stats","column":"note"}"#), target: "y").once.recipe.steps.count == 1)
    }

    @Test func textFlagOnADateColumnMatchesItsISOText() throws {
        let f = try frame("id,date,y\n1,2004-07-05,1\n2,2004-07-06,0\n3,2004-12-25,1\n4,,0\n")
        let p = try prepare(try recipe(#"{"op":"text_flag","column":"date","pattern":"2004-07-05|2004-12-25","as":"holiday"}"#), f)
        #expect(same(numbers(p, "holiday"), [1, 0, 1, 0]))
        #expect(p.warnings.contains("text_flag date: a date column, matched against its ISO 8601 text (2004-07-05)"))
        do {
            _ = try prepare(try recipe(#"{"op":"text_flag","column":"y","pattern":"1","as":"x2"}"#), try frame("id,z,y\n1,2,1\n"))
        } catch { #expect("\(error)".contains("touches the target") || "\(error)".contains("text_flag reads text or dates")) }
        do {
            _ = try prepare(try recipe(#"{"op":"text_flag","column":"z","pattern":"1","as":"x2"}"#), try frame("id,z,y\n1,2,1\n"))
            Issue.record("text_flag on a number was accepted")
        } catch { #expect("\(error)".contains("text_flag reads text or dates; \"z\" is number")) }
    }
}

/// text_tfidf learns its vocabulary and idf from the training rows only (issue 31).
@Suite struct TextTfidfTests {
    @Test func aTermOnlyInHeldOutRowsIsNeverAColumnAndWeightsAreScikitLearns() throws {
        let f = try frame("id,note,y\n1,late delivery,1\n2,late late,1\n3,on time,0\n4,damaged box late,1\n")
        // Rows 0-2 train; "damaged" and "box" appear only in row 3, held out.
        let p = try RecipePreparer.prepare(try recipe(#"{"op":"text_tfidf","column":"note","max_features":10}"#), frame: f,
                                           trainRows: [0, 1, 2], labels: [1, 1, 0, 1], context: RecipeContext(target: "y", task: .binary, idColumn: "id"))
        let added = p.frame.names.filter { $0.hasPrefix("note_tfidf_") }
        #expect(Set(added) == ["note_tfidf_late", "note_tfidf_delivery", "note_tfidf_on", "note_tfidf_time"])
        #expect(!p.frame.names.contains("note_tfidf_damaged") && !p.frame.names.contains("note_tfidf_box"))
        // By hand: n = 3; df(late) = 2 → idf = ln(4/3) + 1; df(delivery) = 1 → ln(4/2) + 1. Row 0: (idf_late, idf_delivery) / norm.
        let idfLate = log(4.0 / 3) + 1, idfDelivery = log(2.0) + 1
        let norm0 = (idfLate * idfLate + idfDelivery * idfDelivery).squareRoot()
        #expect(abs(numbers(p, "note_tfidf_late")[0] - idfLate / norm0) < 1e-12)
        #expect(abs(numbers(p, "note_tfidf_delivery")[0] - idfDelivery / norm0) < 1e-12)
        // Row 1 ("late late") is all late: weight 1. Row 3 (held out) has late only among known terms: weight 1.
        #expect(numbers(p, "note_tfidf_late")[1] == 1 && numbers(p, "note_tfidf_late")[3] == 1)
        // Fitted per fold: it is never run once for all folds.
        #expect(FoldInvariance.split(try recipe(#"{"op":"text_tfidf","column":"note","max_features":10}"#), target: "y").perFold.recipe.steps.count == 1)
    }
}

/// text_tfidf against scikit-learn's TfidfVectorizer on notes written as people write them (accents, underscores,
/// an empty note, shouting), fitted on 8 rows and applied to 10: Tests/Fixtures/tfidf/make-expected.py wrote the
/// expected columns with scikit-learn (version in the file), one case with bigrams and one with min_df.
@Suite struct TextTfidfScikitLearnTests {
    struct Expected: Decodable {
        struct Case: Decodable {
            let max_features: Int, ngram: Int, min_df: Int
            let columns: [String: [Double]]
        }
        let texts: [String], train_rows: Int, cases: [Case]
    }

    @Test(arguments: [false, true]) func everyWeightMatchesScikitLearn(asCategory: Bool) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tfidf/sklearn-expected.json")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: url))
        let n = expected.texts.count
        // The same notes as free text and as a category column (whose levels are tokenised once each).
        let levels = Array(Set(expected.texts)).sorted()
        let note: WorkingColumn = asCategory
            ? .category(codes: expected.texts.map { Int32(levels.firstIndex(of: $0) ?? -1) }, levels: levels)
            : .text(TextValues(expected.texts.map { Optional($0) }))
        let f = WorkingFrame(names: ["note", "y"], columns: [note, .number((0..<n).map(Double.init))])
        for c in expected.cases {
            let p = try RecipePreparer.prepare(
                try recipe(#"{"op":"text_tfidf","column":"note","max_features":\#(c.max_features),"ngram":\#(c.ngram),"min_df":\#(c.min_df)}"#),
                frame: f, trainRows: Array(0..<expected.train_rows), labels: (0..<n).map(Double.init),
                context: RecipeContext(target: "y", task: .regression))
            let added = Set(p.frame.names.filter { $0.hasPrefix("note_tfidf_") })
            #expect(added == Set(c.columns.keys.map { "note_tfidf_" + $0.replacingOccurrences(of: " ", with: "_") }), "case \(c)")
            for (term, values) in c.columns {
                let mine = numbers(p, "note_tfidf_" + term.replacingOccurrences(of: " ", with: "_"))
                #expect(mine.count == n && zip(mine, values).allSatisfy { abs($0 - $1) < 1e-9 }, "\(term): \(mine) vs \(values)")
            }
        }
    }
}
