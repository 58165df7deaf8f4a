import Foundation
import Testing
import TandemChallenge
import TandemData
import TandemModel

/// `tandem new` on CSVs as analysts export them (issue 16): a BOM, CRLF, quoted commas and line breaks, no id column.
@Suite struct NewChallengeTests {
    final class Dir {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-new-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        @discardableResult func write(_ name: String, _ text: String) -> String {
            let p = path + "/" + name
            _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
            return p
        }
        func read(_ name: String) -> String { (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? "" }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }
        /// Entries left beside made folders (a failed make must leave no staging folder).
        var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    /// 40 customers, 12 of whom churned, as a spreadsheet exports them: BOM, CRLF, quoted fields, no id column.
    static func churnCSV() -> String {
        var lines = ["plan,monthly_fee,comment,churned"]
        for i in 0..<40 {
            let comment = i == 3 ? "\"said \"\"bye\"\"\r\nthen left\"" : (i % 5 == 0 ? "\"late, twice\"" : "ok")
            lines.append("\(["basic", "plus", "pro"][i % 3]),\(20 + i % 7).50,\(comment),\(i % 10 < 3 ? "yes" : "no")")
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func request(_ data: String, _ out: String, target: String = "churned", seed: UInt64 = 42) -> NewChallengeRequest {
        NewChallengeRequest(data: data, out: out, overrides: ChallengeOverrides(target: target), seed: seed)
    }

    @Test func aCSVWithoutIdBecomesAStratifiedChallengeWithItsRowsCopiedRaw() throws {
        let dir = Dir()
        let data = dir.write("customers.csv", Self.churnCSV())
        let made = try ChallengeMaker.make(Self.request(data, dir.path + "/churn"))
        #expect(made.id == "churn" && made.trainRows == 32 && made.testRows == 8 && made.scored)
        #expect(made.notes.contains { $0.hasPrefix("id \"row_id\": added") })
        #expect(made.notes.contains("task binary: the target \"churned\" has two values (no, yes)"))
        let challenge = try ChallengeLoader.load(folder: made.folder)
        #expect(challenge.spec.task == .binary && challenge.spec.metric == .auc && challenge.spec.idColumns == ["row_id"])
        // By hand: 12 yes × 0.2 = 2.4 → 2 held out, 28 no × 0.2 = 5.6 → 6.
        let labels = dir.read("churn/key/test_labels.csv").split(separator: "\n").dropFirst()
        #expect(labels.filter { $0.hasSuffix(",yes") }.count == 2 && labels.filter { $0.hasSuffix(",no") }.count == 6)
        // Every original record is in train.csv or test.csv once, byte for byte (row_id k is data row k).
        let train = dir.read("churn/train.csv"), test = dir.read("churn/test.csv")
        #expect(train.hasPrefix("row_id,plan,monthly_fee,comment,churned\n") && test.hasPrefix("row_id,plan,monthly_fee,comment\n"))
        #expect((train + test).contains("\"said \"\"bye\"\"\r\nthen left\"") && train.contains("\"late, twice\""))
        let testIds = Set(labels.map { String($0.split(separator: ",")[0]) })
        let trainIds = Set(challenge.train["row_id"].map { c in (0..<c.count).compactMap { c.string(at: $0) } } ?? [])
        #expect(testIds.count == 8 && trainIds.count == 32 && testIds.isDisjoint(with: trainIds) && testIds.union(trainIds).count == 40)
    }

    @Test func theSplitIsDeterministicForTheSeed() throws {
        let dir = Dir()
        let data = dir.write("customers.csv", Self.churnCSV())
        _ = try ChallengeMaker.make(Self.request(data, dir.path + "/a"))
        _ = try ChallengeMaker.make(Self.request(data, dir.path + "/b"))
        _ = try ChallengeMaker.make(Self.request(data, dir.path + "/c", seed: 7))
        #expect(dir.read("a/test.csv") == dir.read("b/test.csv"))
        #expect(dir.read("a/test.csv") != dir.read("c/test.csv"))
    }

    /// 100 fractional targets: two rows of each decile are held out, and the id column is found by name.
    @Test func aRegressionTargetIsSplitByDecilesAndAnIdIsFound() throws {
        let dir = Dir()
        let rows = (0..<100).map { i in "C\(1000 + (i * 37) % 100),\(i % 9),\(Double((i * 53) % 100) * 1.5 + 0.25)" }
        let data = dir.write("spend.csv", "customer_id,visits,spend\n" + rows.joined(separator: "\n") + "\n")
        let made = try ChallengeMaker.make(Self.request(data, dir.path + "/spend", target: "spend"))
        let spec = try ChallengeLoader.load(folder: made.folder).spec
        #expect(spec.task == .regression && spec.metric == .rmse && spec.idColumns == ["customer_id"])
        #expect(made.notes.contains { $0.hasPrefix("task regression: the target \"spend\" holds more than 50 distinct numbers") })
        let held = dir.read("spend/key/test_labels.csv").split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: ",")[1]) }
        // The spends are 0.25, 1.75, …, 148.75 (each once): decile d spans [15d + 0.25, 15d + 13.75].
        #expect(held.count == 20)
        for d in 0..<10 { #expect(held.filter { Int(($0 - 0.25) / 15) == d }.count == 2, "decile \(d)") }
    }

    /// Shuffled dates in a column named "date": the latest fifth is the test set; three classes make a multiclass task.
    @Test func aDateColumnMakesTheLatestRowsTheTestSet() throws {
        let dir = Dir()
        let rows = (0..<50).map { i -> String in
            let day = (i * 17) % 50
            return String(format: "2024-%02d-%02d,%d,%@", 1 + day / 28, 1 + day % 28, i % 4, ["low", "mid", "high"][i % 3])
        }
        let data = dir.write("orders.csv", "date,items,tier\n" + rows.joined(separator: "\n") + "\n")
        let made = try ChallengeMaker.make(Self.request(data, dir.path + "/orders", target: "tier"))
        let challenge = try ChallengeLoader.load(folder: made.folder)
        #expect(challenge.spec.task == .multiclass && challenge.spec.metric == .macroF1 && challenge.spec.timeColumn == "date")
        func dates(_ f: DataFrame) -> [String] { f["date"].map { c in (0..<c.count).compactMap { c.string(at: $0) } } ?? [] }
        let latestTrain = try #require(dates(challenge.train).max()), earliestTest = try #require(dates(challenge.test).min())
        #expect(made.testRows == 10 && earliestTest > latestTrain)
    }

    @Test func aGivenTestFileWithTheTargetBecomesTheKeyAndWithoutItIsUnscored() throws {
        let dir = Dir()
        let data = dir.write("train.csv", "id,x,y\n1,0.5,a\n2,1.5,b\n3,2.5,a\n4,3.5,b\n")
        let labelled = dir.write("later.csv", "id,x,y\n10,0.7,b\n11,1.1,a\n")
        var r = Self.request(data, dir.path + "/with-key", target: "y")
        r.test = labelled
        let scored = try ChallengeMaker.make(r)
        #expect(scored.scored && dir.read("with-key/key/test_labels.csv") == "id,y\n10,b\n11,a\n" && dir.read("with-key/test.csv") == "id,x\n10,0.7\n11,1.1\n")
        r.test = dir.write("unlabelled.csv", "x,id\n0.9,20\n")
        r.out = dir.path + "/no-key"
        let unscored = try ChallengeMaker.make(r)
        #expect(!unscored.scored && !dir.exists("no-key/key/test_labels.csv"))
        #expect(try !ChallengeLoader.load(folder: unscored.folder).scored)
        r.test = dir.write("other.csv", "id,z\n20,1\n")
        r.out = dir.path + "/bad"
        #expect { try ChallengeMaker.make(r) } throws: { e in
            "\(e)".contains("other.csv: its feature columns differ from") && "\(e)".contains("lacks \"x\"; has columns train has not: \"z\"")
        }
        #expect(!dir.exists("bad"))
    }

    /// Each bad input is one error naming the file and field, and nothing is written.
    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let dir = Dir()
        let data = dir.write("customers.csv", Self.churnCSV())
        func refused(_ r: NewChallengeRequest, _ text: String) {
            #expect { try ChallengeMaker.make(r) } throws: { e in "\(e)".contains(text) }
            #expect(!FileManager.default.fileExists(atPath: r.out), "\(text)")
        }
        refused(Self.request(data, dir.path + "/o", target: "cancelled"), "customers.csv: field \"--target\": \"cancelled\" is not a column")
        refused(Self.request(dir.write("same.csv", "a,b\n1,x\n2,x\n3,x\n"), dir.path + "/o", target: "b"), "the target \"b\" is constant")
        refused(Self.request(dir.write("empty.csv", ""), dir.path + "/o"), "empty.csv: is empty")
        refused(Self.request(dir.write("header.csv", "plan,churned\r\n"), dir.path + "/o"), "header.csv: has a header but no rows")
        for h in [0.0, 0.9, -0.1, 1.5] {
            var r = Self.request(data, dir.path + "/o")
            r.holdout = h
            refused(r, "--holdout: \(h) is outside (0, 0.9)")
        }
        var dup = Self.request(data, dir.path + "/o")
        dup.overrides.idColumn = "plan"
        refused(dup, "field \"--id\": \"plan\" has missing or repeated values")
        // An existing folder: refused unless empty; with --force replaced only when it is an earlier challenge folder.
        dir.write("mine.txt", "")
        try FileManager.default.createDirectory(atPath: dir.path + "/notes", withIntermediateDirectories: true)
        dir.write("notes/todo.md", "keep me")
        #expect { try ChallengeMaker.make(Self.request(data, dir.path + "/notes")) } throws: { e in "\(e)".contains("exists and is not empty") }
        var force = Self.request(data, dir.path + "/notes")
        force.force = true
        #expect { try ChallengeMaker.make(force) } throws: { e in "\(e)".contains("is not a challenge folder") }
        #expect(dir.read("notes/todo.md") == "keep me")
        _ = try ChallengeMaker.make(Self.request(data, dir.path + "/again"))
        var replace = Self.request(data, dir.path + "/again", seed: 9)
        replace.force = true
        #expect(try ChallengeMaker.make(replace).testRows == 8)
        #expect(dir.entries == ["again", "customers.csv", "empty.csv", "header.csv", "mine.txt", "notes", "same.csv"])
    }

    @Test func documentsMayBeProseOrCarryAdvice() throws {
        let dir = Dir()
        let data = dir.write("customers.csv", Self.churnCSV())
        let prose = dir.write("Field Notes.txt", "Churn rises after price changes; ask about the pro plan.\n")
        let advice = dir.write("07_fees.md", "+++\ntitle = \"Fees\"\nstage = \"features\"\n[[advice]]\nop = \"log1p\"\ncolumn = \"monthly_fee\"\n+++\nLog the fee.\n")
        var r = Self.request(data, dir.path + "/docs")
        r.docs = [prose, advice]
        _ = try ChallengeMaker.make(r)
        let docs = try ChallengeLoader.load(folder: dir.path + "/docs").documents
        #expect(docs.map(\.id) == ["01-field-notes", "02-fees"])
        #expect(docs[0].stage == nil && docs[0].advice.isEmpty && docs[1].stage == .features && docs[1].advice.count == 1)
        r.docs = [dir.write("scan.pdf", "%PDF")]
        r.out = dir.path + "/pdf"
        #expect { try ChallengeMaker.make(r) } throws: { e in "\(e)".contains("scan.pdf: is not a document") }
    }

    /// `tandem open DATA.csv --target COL`: the same file finds its folder again; an edited one gets its own.
    @Test func madeChallengesAreReusedForTheSameFile() throws {
        let dir = Dir()
        let data = dir.write("customers.csv", Self.churnCSV())
        let root = dir.path + "/made"
        let first = try MadeChallenges.folder(for: data, overrides: ChallengeOverrides(target: "churned"), root: root)
        let again = try MadeChallenges.folder(for: data, overrides: ChallengeOverrides(target: "churned"), root: root)
        #expect(first.made != nil && again.made == nil && again.folder == first.folder && first.folder == root + "/customers")
        let otherTarget = try MadeChallenges.folder(for: data, overrides: ChallengeOverrides(target: "plan"), root: root)
        #expect(otherTarget.folder == root + "/customers-2" && otherTarget.made != nil)
        dir.write("customers.csv", Self.churnCSV() + "basic,21.50,ok,no\r\n")
        #expect(try MadeChallenges.folder(for: data, overrides: ChallengeOverrides(target: "churned"), root: root).folder == root + "/customers-3")
    }
}
