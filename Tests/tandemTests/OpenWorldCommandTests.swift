import Foundation
import Testing
import TestSupport

/// The commands a new user types with their own data (issue 16), through the real binary.
@Suite struct OpenWorldCommandTests {
    static let hospital = RepositoryPaths.sampleData + "/hospital-readmission"

    static func lines(_ file: String) throws -> [[String]] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// `tandem new` on a bundled train.csv (a CSV no test wrote), then an AI-only run with the global --db before the
    /// subcommand, whose submission.csv is checked against test.csv here, not by tandem's own validator.
    @Test func newThenRunAIOnlyWritesAValidSubmission() throws {
        let t = TempFolder()
        let made = try BinaryRunner.run(["new", Self.hospital + "/train.csv", "--target", "readmitted_30d", "--out", t.path("readmit")])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("wrote \(t.path("readmit")): challenge readmit, 6400 training rows, 1600 test rows"))
        #expect(made.stdout.contains("task binary: the target \"readmitted_30d\" has two values (no, yes)"))
        #expect(made.stdout.contains("test.csv: 20% of rows, stratified by class (seed 42), 1600 rows"))
        let run = try BinaryRunner.run(["--db", t.path("s.sqlite"), "run", "--ai-only", t.path("readmit")])
        #expect(run.status == 0, "\(run.stderr)")
        let path = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("submission: ") }).dropFirst("submission: ".count)
        let rows = try Self.lines(String(path))
        let testIds = try Self.lines(t.path("readmit/test.csv")).dropFirst().map { $0[0] }
        #expect(rows.first == ["encounter_id", "readmitted_30d"] && rows.count == 1601)
        #expect(Set(rows.dropFirst().map { $0[0] }) == Set(testIds) && Set(testIds).count == 1600)
        #expect(rows.dropFirst().allSatisfy { Double($0[1]).map { (0...1).contains($0) } == true })
        #expect(run.stdout.contains("hidden test auc: 0."))
        let sessions = try BinaryRunner.run(["--db", t.path("s.sqlite"), "sessions"])
        #expect(sessions.status == 0 && sessions.stdout.contains("readmit  ai-only"), "\(sessions.stdout) \(sessions.stderr)")
        // Global options before the subcommand: one it does not take (--theme) is dropped, a folder may be the data dir.
        let themed = try BinaryRunner.run(["--theme", "light", "--db", t.path("s.sqlite"), "sessions"])
        #expect(themed.status == 0 && themed.stdout == sessions.stdout, "\(themed.stderr)")
        let listed = try BinaryRunner.run(["--data-dir", t.path("readmit"), "challenges"])
        #expect(listed.status == 0 && listed.stdout.contains("readmit") && listed.stdout.contains("ok"), "\(listed.stderr)")

        // predict with the session's recipe on the test rows reproduces submission.csv byte for byte.
        let session = try #require(sessions.stdout.split(separator: " ").first.map(String.init))
        let predicted = try BinaryRunner.run(["predict", t.path("readmit"), "--session", session, "--db", t.path("s.sqlite"),
                                              "--data", t.path("readmit/test.csv"), "--out", t.path("p.csv")])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(FileManager.default.contents(atPath: t.path("p.csv")) == FileManager.default.contents(atPath: String(path)))
        let recipe = try BinaryRunner.run(["export", session, "--format", "recipe", "--db", t.path("s.sqlite"), "-o", t.path("r.json")])
        #expect(recipe.status == 0, "\(recipe.stderr)")
        let fresh = t.write("fresh.csv", "age,sex\n70,F\n")
        let lacking = try BinaryRunner.run(["predict", t.path("readmit"), "--recipe", t.path("r.json"), "--data", fresh, "--out", t.path("q.csv")])
        #expect(lacking.status == 1 && lacking.stderr.contains("fresh.csv: lacks the feature columns \"admission_type\""), "\(lacking.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("q.csv")))
    }

    /// `run --ai-only DATA.csv --target COL` makes the folder under $XDG_DATA_HOME and reuses it for the same file.
    @Test func aCSVWithATargetRunsAndIsReused() throws {
        let t = TempFolder()
        let data = t.path("patients.csv")
        try FileManager.default.copyItem(atPath: Self.hospital + "/train.csv", toPath: data)
        let env = ["XDG_DATA_HOME": t.path("xdg")]
        let first = try BinaryRunner.run(["run", "--ai-only", data, "--target", "readmitted_30d", "--db", t.path("s.sqlite")], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("made challenge patients in \(t.path("xdg"))/tandem/challenges/patients from \(data)"))
        let again = try BinaryRunner.run(["run", "--ai-only", data, "--target", "readmitted_30d", "--db", t.path("s.sqlite")], environment: env)
        #expect(again.status == 0 && again.stderr.contains("using \(t.path("xdg"))/tandem/challenges/patients, made earlier"), "\(again.stderr)")
        let noTarget = try BinaryRunner.run(["run", "--ai-only", data, "--db", t.path("s.sqlite")], environment: env)
        #expect(noTarget.status == 1 && noTarget.stderr.contains("patients.csv: is a file, not a challenge folder: give --target COL"))
        // Replay finds the made challenge by id.
        let replay = try BinaryRunner.run(["replay", "--verify", "--db", t.path("s.sqlite"), String(first.stdout.split(separator: " ")[1])], environment: env)
        #expect(replay.status == 0, "\(replay.stdout) \(replay.stderr)")
    }

    @Test func badInputToNewIsOneLineAndWritesNothing() throws {
        let t = TempFolder()
        let data = t.write("x.csv", "a,b\n1,yes\n2,no\n3,yes\n")
        for (args, text) in [(["--target", "nope"], "x.csv: field \"--target\": \"nope\" is not a column (columns: \"a\", \"b\")"),
                             (["--target", "b", "--holdout", "0.95"], "--holdout: 0.95 is outside (0, 0.9)"),
                             (["--target", "b", "--docs", t.write("scan.pdf", "")], "scan.pdf: is not a document")] {
            let run = try BinaryRunner.run(["new", data, "--out", t.path("o")] + args)
            #expect(run.status == 1 && run.stderr.contains(text), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1 && !FileManager.default.fileExists(atPath: t.path("o")))
        }
    }

    /// A Kaggle folder: train.csv, test.csv, sample_submission.csv (ids in its own order), description.md, a prose
    /// document; no challenge.toml, no key. It runs end to end, unscored, and writes the sample's format.
    @Test func aKaggleFolderRunsEndToEnd() throws {
        let t = TempFolder()
        let folder = t.path("Readmission Comp")
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        for f in ["train.csv", "test.csv"] { try FileManager.default.copyItem(atPath: Self.hospital + "/" + f, toPath: folder + "/" + f) }
        let ids = try Self.lines(folder + "/test.csv").dropFirst().map { $0[0] }.reversed()
        _ = t.write("Readmission Comp/sample_submission.csv", "encounter_id,readmitted_30d\n" + ids.map { "\($0),0.5\n" }.joined())
        _ = t.write("Readmission Comp/description.md", "# Thirty-day readmission\n\nPredict readmission within 30 days.\n")
        _ = t.write("Readmission Comp/docs/ward-notes.txt", "Nurses say frail patients come back; nothing more precise.\n")
        let db = t.path("s.sqlite")
        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("target \"readmitted_30d\": the second column of sample_submission.csv"))
        #expect(run.stdout.contains("hidden test auc: not scored (unscored: the challenge has no key/test_labels.csv"))
        let path = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("submission: ") }).dropFirst("submission: ".count)
        let rows = try Self.lines(String(path))
        #expect(rows.first == ["encounter_id", "readmitted_30d"] && rows.dropFirst().map { $0[0] } == Array(ids))
        let session = String(run.stdout.split(separator: " ")[1])
        let md = try BinaryRunner.run(["export", session, "--format", "md", "--db", db])
        #expect(md.stdout.contains("read ward-notes: prose only, nothing structured to adopt"), "\(md.stdout.prefix(2000))")
        let evaluated = try BinaryRunner.run(["evaluate", folder, "--recipe", t.write("r.json", "{\"steps\": []}"), "--submit", "--predictions", t.path("e.csv")])
        #expect(evaluated.status == 0 && evaluated.stdout.contains("unscored: the challenge has no key/test_labels.csv"), "\(evaluated.stderr)")
        #expect(try Self.lines(t.path("e.csv")).count == ids.count + 1)
    }
}
