import Testing
@testable import TandemRecipe

/// Rows 0–3 train, rows 4–5 are held out: fitted values must come from rows 0–3 only.
let table = """
id,a,c,t,d,y
1,1,x,Late delivery,2024-01-01,10
2,,x,on time,2024-01-08,20
3,3,y,DAMAGED box,2024-02-03,30
4,100,y,,2024-03-04,40
5,,z,late,2024-03-05,50
6,-999,x,fine,,60
"""
let trainRows = [0, 1, 2, 3]

@Suite struct CleaningOpTests {
    @Test func imputeLearnsFromTrainingRowsOnly() throws {
        let f = try frame(table)
        let median = try prepare(try recipe(#"{"op":"impute","column":"a","strategy":"median"}"#), f, train: trainRows)
        // training values 1, 3, 100 → median 3; held-out row 4 is filled with it too
        #expect(same(numbers(median, "a"), [1, 3, 3, 100, 3, -999]))
        let mean = try prepare(try recipe(#"{"op":"impute","column":"a","strategy":"mean","as":"a_filled"}"#), f, train: trainRows)
        #expect(same(numbers(mean, "a_filled"), [1, 104.0 / 3, 3, 100, 104.0 / 3, -999]))
        #expect(same(numbers(mean, "a"), [1, .nan, 3, 100, .nan, -999])) // original kept with "as"
        let mode = try prepare(try recipe(#"{"op":"impute","column":"c","strategy":"mode"}"#), f, train: trainRows)
        #expect(mode.frame["c"]?.string(5) == "x")
        #expect(throws: RecipeError.self) { try prepare(try recipe(#"{"op":"impute","column":"c","strategy":"mean"}"#), f) }
    }

    /// A number impute keeps the missing rows and the fill beside them; every
    /// reader (the feature matrix, text, later steps) sees the filled values.
    @Test func imputedNumbersAreFilledWhereverTheyAreRead() throws {
        let f = try frame(table)
        let context = RecipeContext(target: "y", task: .regression, idColumn: "id")
        let p = try prepare(try recipe(#"{"op":"impute","column":"a","strategy":"median"}"#, #"{"op":"derive","as":"twice","expr":"a * 2"}"#,
                                       #"{"op":"cast","column":"a","to":"number"}"#, #"{"op":"drop_column","column":"c"}"#, #"{"op":"drop_column","column":"t"}"#,
                                       #"{"op":"drop_column","column":"d"}"#), f, train: trainRows)
        guard case .imputed(let values, let fill) = p.frame["a"] else { Issue.record("a is \(String(describing: p.frame["a"]))"); return }
        #expect(fill == 3 && values[1].isNaN && values[4].isNaN)
        #expect(p.frame["a"]?.string(4) == "3" && p.frame["a"]?.kindName == "number")
        #expect(same(numbers(p, "twice"), [2, 6, 6, 200, 6, -1998]))
        let plan = FeaturePlan(frame: p.frame, trainRows: trainRows, context: context)
        let matrix = plan.matrix(p.frame, rows: [4, 1, 0, 5])
        let a = try #require(plan.names.firstIndex(of: "a"))
        #expect((0..<4).map { matrix.values[$0 * matrix.columns + a] } == [3, 3, 1, -999])
        // Imputing again, or replacing a value, reads the filled column.
        let again = try prepare(try recipe(#"{"op":"impute","column":"a","strategy":"median"}"#, #"{"op":"replace_value","column":"a","from":3,"to":4}"#), f, train: trainRows)
        #expect(same(numbers(again, "a"), [1, 4, 4, 100, 4, -999]))
    }

    @Test func replaceValueTurnsSentinelsIntoMissing() throws {
        let p = try prepare(try recipe(#"{"op":"replace_value","column":"a","from":-999,"to":""}"#, #"{"op":"replace_value","column":"c","from":"z","to":"x"}"#), try frame(table))
        #expect(same(numbers(p, "a"), [1, .nan, 3, 100, .nan, .nan]))
        #expect(p.frame["c"]?.string(4) == "x")
    }

    @Test func clipOnAFeatureClipsRowsOnTheTargetOnlyTrainingLabels() throws {
        let f = try frame(table)
        let p = try prepare(try recipe(#"{"op":"clip","column":"a","lower":0,"upper":50}"#, #"{"op":"clip","column":"y","upper":25}"#), f, train: trainRows)
        #expect(same(numbers(p, "a"), [1, .nan, 3, 50, .nan, 0]))
        #expect(same(p.labels, [10, 20, 25, 25, .nan, .nan]))   // labels of held-out rows never enter
        #expect(same(numbers(p, "y"), [10, 20, 30, 40, 50, 60])) // the target column itself is untouched
    }

    @Test func dropRowsRemovesOnlyTrainingRows() throws {
        let p = try prepare(try recipe(#"{"op":"drop_rows","where":"a > 50 or c == \"z\""}"#), try frame(table), train: trainRows)
        #expect(p.trainRows == [0, 1, 2])
        #expect(p.frame.rows == 6)
        #expect(throws: RecipeError.self) { try prepare(try recipe(#"{"op":"drop_rows","where":"y > 0"}"#), try frame(table)) }
    }

    @Test func castParseDateDedupeNormalize() throws {
        let f = try frame("id,n,s,y\n1,1,03/01/2024,1\n2,2,31/12/2023,2\n3,2,bad,2\n4,2,bad,2\n")
        let p = try prepare(try recipe(#"{"op":"cast","column":"n","to":"category"}"#, #"{"op":"parse_date","column":"s","format":"%d/%m/%Y"}"#,
                                       #"{"op":"dedupe"}"#), f)
        #expect(p.frame["n"]?.kindName == "category")
        #expect(same(numbers(p, "s"), [19_725, 19_722, .nan, .nan]))
        #expect(p.warnings.contains { $0.contains("2 values did not match %d/%m/%Y") })
        #expect(p.trainRows == [0, 1, 2]) // row 3 duplicates row 2 (the id is ignored)
        let t = try prepare(try recipe(#"{"op":"normalize_text","column":"t"}"#), try frame(table))
        #expect(t.frame["t"]?.string(0) == "late delivery" && t.frame["t"]?.string(2) == "damaged box")
    }
}

@Suite struct FeatureOpTests {
    @Test func standardizeAndBinUseTrainingStatistics() throws {
        let f = try frame("id,a,y\n1,1,0\n2,2,0\n3,3,0\n4,10,0\n")
        let p = try prepare(try recipe(#"{"op":"standardize","column":"a","as":"z"}"#, #"{"op":"bin","column":"a","quantiles":2,"as":"b"}"#), f, train: [0, 1, 2])
        // mean 2, population sd √(2/3)
        let sd = (2.0 / 3).squareRoot()
        #expect(same(numbers(p, "z"), [-1 / sd, 0, 1 / sd, 8 / sd]))
        #expect(same(numbers(p, "b"), [0, 0, 1, 1])) // edge at the training median 2
    }

    @Test func log1pKeepsMissingAndRefusesValuesAtOrBelowMinusOne() throws {
        let p = try prepare(try recipe(#"{"op":"log1p","column":"a","as":"la"}"#), try frame(table))
        #expect(same(numbers(p, "la"), [log1p(1), .nan, log1p(3), log1p(100), .nan, .nan]))
        #expect(p.warnings == ["log1p a: 1 values ≤ -1 became missing"])
        #expect(same(numbers(p, "a"), [1, .nan, 3, 100, .nan, -999])) // "as" keeps the original
    }

    @Test func oneHotAndFrequencyEncodeHandleUnseenLevels() throws {
        let f = try frame(table)
        let p = try prepare(try recipe(#"{"op":"one_hot","column":"c"}"#), f, train: trainRows)
        #expect(p.frame.names.contains("c_x") && p.frame.names.contains("c_y") && !p.frame.names.contains("c_z") && !p.frame.names.contains("c"))
        #expect(same(numbers(p, "c_x"), [1, 1, 0, 0, 0, 1]))
        #expect(same(numbers(p, "c_y"), [0, 0, 1, 1, 0, 0])) // row 4 has z, unseen: all zeros
        let q = try prepare(try recipe(#"{"op":"frequency_encode","column":"c"}"#), f, train: trainRows)
        #expect(same(numbers(q, "c"), [0.5, 0.5, 0.5, 0.5, 0, 0.5]))
    }

    @Test func targetEncodeIsOutOfFoldOnTrainingRows() throws {
        var csv = "id,k,y\n"
        for i in 0..<200 { csv += "\(i),k\(i % 4),\(i % 4 == 0 ? 1 : 0)\n" }
        let f = try frame(csv)
        let p = try prepare(try recipe(#"{"op":"target_encode","column":"k","smoothing":0}"#), f, task: .binary)
        let v = numbers(p, "k")
        #expect(abs(v[0] - 1) < 1e-9 && abs(v[1]) < 1e-9) // a clean signal survives out-of-fold encoding
        #expect(throws: RecipeError.self) { try prepare(try recipe(#"{"op":"target_encode","column":"k"}"#), f, task: .multiclass) }
    }

    @Test func targetEncodeFitsOnTrainingRowsEvenWhenOtherLabelsAreKnown() throws {
        // Labels exist for every row, but rows 2–3 are held out: their own labels must not shape their encoding.
        let f = try frame("id,k,y\n1,a,0\n2,a,0\n3,a,1\n4,b,1\n")
        var labels: [Double] = [0, 0, 1, 1]
        labels[2] = 1
        let p = try RecipePreparer.prepare(try recipe(#"{"op":"target_encode","column":"k","smoothing":0}"#), frame: f, trainRows: [0, 1],
                                           labels: labels, context: RecipeContext(target: "y", task: .binary, idColumn: "id"))
        #expect(same(numbers(p, "k").suffix(2).map { $0 }, [0, 0])) // level a learned from rows 0–1 (both 0); b unseen → prior 0
    }

    @Test func datePartsTextFlagAndDerive() throws {
        let p = try prepare(try recipe(#"{"op":"date_parts","column":"d","parts":["year","month","dow"]}"#,
                                       #"{"op":"text_flag","column":"t","pattern":"late|damaged","as":"bad"}"#,
                                       #"{"op":"derive","as":"r","expr":"a * 2 + 1"}"#), try frame(table))
        #expect(same(numbers(p, "r"), [3, .nan, 7, 201, .nan, -1997]))
        #expect(same(numbers(p, "d_year"), [2024, 2024, 2024, 2024, 2024, .nan]))
        #expect(same(numbers(p, "d_dow"), [0, 0, 5, 0, 1, .nan])) // 2024-01-01 was a Monday
        #expect(same(numbers(p, "bad"), [1, 0, 1, 0, 1, 0]))
        #expect(!p.frame.names.contains("d"))
    }

    @Test func lagRollingAndGroupStatFollowTimeAndGroups() throws {
        let f = try frame("id,day,g,v,y\n1,3,a,30,0\n2,1,a,10,0\n3,2,a,20,0\n4,1,b,5,0\n5,2,b,7,0\n")
        var labels = [Double](repeating: 0, count: 5)
        labels[0] = 0
        let context = RecipeContext(target: "y", task: .regression, idColumn: "id", timeColumn: "day")
        let p = try RecipePreparer.prepare(try recipe(#"{"op":"lag","column":"v","periods":1,"by":"g"}"#, #"{"op":"rolling_mean","column":"v","window":2,"by":"g"}"#,
                                                      #"{"op":"group_stat","column":"v","by":"g","stat":"mean"}"#),
                                           frame: f, trainRows: [0, 1, 2, 3], labels: labels, context: context)
        #expect(same(numbers(p, "v_lag1"), [20, .nan, 10, .nan, 5]))
        #expect(same(numbers(p, "v_roll2"), [25, 10, 15, 5, 6]))
        #expect(same(numbers(p, "v_mean_by_g"), [20, 20, 20, 5, 5])) // row 4 (held out) does not shape group b's mean
    }

    @Test func wrongColumnTypesAndMissingColumnsAreNamed() throws {
        let f = try frame(table)
        func message(_ json: String) -> String {
            do { _ = try prepare(try recipe(json), f); return "" } catch { return "\(error)" }
        }
        #expect(message(#"{"op":"log1p","column":"c"}"#) == #"step 1 (log1p): field "column": log1p needs a number column; "c" is category"#)
        #expect(message(#"{"op":"standardize","column":"nope"}"#).hasPrefix(#"step 1 (standardize): field "column": column "nope" does not exist"#))
        #expect(message(#"{"op":"date_parts","column":"t","parts":["year"]}"#).contains("needs a date column"))
        #expect(message(#"{"op":"derive","as":"q","expr":"missing_col * 2"}"#).contains(#"column "missing_col" does not exist"#))
    }
}

@Suite struct TargetRuleTests {
    @Test(arguments: [
        (#"{"op":"lag","column":"y","periods":1}"#, "reads the target"),
        (#"{"op":"rolling_mean","column":"y","window":3}"#, "reads the target"),
        (#"{"op":"group_stat","column":"a","by":"y","stat":"mean"}"#, "reads the target"),
        (#"{"op":"derive","as":"leak","expr":"y * 2"}"#, "reads the target"),
        (#"{"op":"impute","column":"y","strategy":"mean"}"#, "touches the target"),
        (#"{"op":"standardize","column":"a","as":"y"}"#, "would overwrite"),
    ])
    func stepsOnTheTargetAreRefusedWithTheReason(json: String, reason: String) throws {
        do {
            _ = try prepare(try recipe(json), try frame(table))
            Issue.record("expected a refusal")
        } catch let error as RecipeError {
            #expect(error.description.contains(reason), "\(error)")
        }
    }
}

@Suite struct StatisticsTests {
    @Test func radixMedianMatchesSortingOnAwkwardValues() {
        var rng = SeededRandom(seed: 21)
        for trial in 0..<200 {
            let n = 1 + rng.int(below: 300)
            var values: [Double] = (0..<n).map { _ in
                switch rng.int(below: 6) {
                case 0: return .nan
                case 1: return -rng.uniform() * 1e6
                case 2: return 0
                case 3: return -0.0
                case 4: return Double(rng.int(below: 5))
                default: return rng.normal() * 1e-9
                }
            }
            if trial == 0 { values = [-.infinity, 3, .infinity] }
            let rows = (0..<values.count).filter { _ in rng.chance(0.8) }
            let present = rows.map { values[$0] }.filter { !$0.isNaN }.sorted()
            let expected: Double = present.isEmpty ? .nan
                : present.count % 2 == 1 ? present[present.count / 2] : (present[present.count / 2 - 1] + present[present.count / 2]) / 2
            let got = Statistics.median(values, rows: rows)
            #expect(got == expected || (got.isNaN && expected.isNaN), "trial \(trial)")
        }
    }
}

import TandemData

#if canImport(Glibc)
import Glibc
#endif
