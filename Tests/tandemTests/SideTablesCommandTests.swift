import Foundation
import Testing
import TestSupport

/// An AgentDS-shaped folder (issue 30), written by Python's csv and json modules (Tests/Fixtures/make-agentds-commerce.py):
/// opened, run AI-only with the documents' join and aggregate adopted, submitted keyed by two columns, replayed.
@Suite struct SideTablesCommandTests {
    static let fixture = RepositoryPaths.root + "/Tests/Fixtures/agentds-commerce"

    static func copy(_ t: TempFolder) throws -> String {
        let folder = t.path("commerce")
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        return folder
    }

    static func rows(_ file: String) throws -> [[String]] {
        try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func anAgentDSFolderRunsAIOnlyWithItsSideTablesAndReplays() throws {
        let t = TempFolder()
        let folder = try Self.copy(t)
        let db = t.path("s.sqlite")
        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        for note in ["id (sku_id, week): the leading columns of sample_submission.csv that test.csv has, a composite key",
                     "table products: key \"sku_id\": unique, and a column of train.csv",
                     "table promotions: one row per element of \"promos\", each carrying its record's other fields",
                     "table promotions: time column \"week\": a number named like a time",
                     "table events: 21 rows, 2 columns from events.jsonl"] {
            #expect(run.stderr.contains(note), "\(note)\n\(run.stderr)")
        }
        // submission.csv: keyed by both columns, every (sku_id, week) of test.csv once, 19-digit ids exactly as written.
        let path = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("submission: ") }).dropFirst("submission: ".count)
        let submitted = try Self.rows(String(path))
        let test = try Self.rows(folder + "/test.csv")
        #expect(submitted.first == ["sku_id", "week", "units"] && submitted.count == test.count)
        let pairs = submitted.dropFirst().map { $0[0] + "/" + $0[1] }
        #expect(Set(pairs) == Set(test.dropFirst().map { $0[0] + "/" + $0[1] }) && Set(pairs).count == pairs.count)
        #expect(pairs.contains("1152921504606846978/17") && pairs.contains("1152921504606846977/17"))
        #expect(submitted.dropFirst().allSatisfy { Double($0[2])?.isFinite == true })
        #expect(run.stdout.contains("hidden test rmse: "))

        let session = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let transcript = try BinaryRunner.run(["export", session, "--db", db, "--format", "md"])
        #expect(transcript.status == 0, "\(transcript.stderr)")
        for adopted in ["auto_approved** (system): p6-1 join(on=\"sku\\_id\", table=\"products\")",
                        "aggregate(as=\"recent\\_promos\", before=\"week\", on=\"sku\\_id\", stat=\"count\", table=\"promotions.json\", window=4)",
                        "join(columns=\\[\"note\"\\], on=\"week\", table=\"events\")"] {
            #expect(transcript.stdout.contains(adopted), "\(adopted)\n\(transcript.stdout)")
        }
        // The adversarial whole-history mean is adopted (the uncritical agent) and carries the future warning.
        #expect(transcript.stdout.contains("⚠ aggregate promotions: reads side rows from after the row's own time"))
        let events = try BinaryRunner.run(["export", session, "--db", db, "--format", "jsonl"])
        #expect(events.stdout.contains("join products on sku_id: 100% of rows matched"))

        let replay = try BinaryRunner.run(["replay", session, "--verify", "--db", db, "--data-dir", folder])
        #expect(replay.status == 0 && replay.stdout.contains("every score matches"), "\(replay.stdout) \(replay.stderr)")
    }

    /// Bad side data: one line naming the file and the line, field or JSON path; exit 1; nothing written.
    @Test func badSideDataIsOneClearLine() throws {
        let t = TempFolder()
        func attempt(_ change: (String) throws -> Void) throws -> BinaryRunner.Run {
            let folder = t.path("c-\(UUID().uuidString.prefix(8))")
            try FileManager.default.copyItem(atPath: Self.fixture, toPath: folder)
            try change(folder)
            let run = try BinaryRunner.run(["run", "--ai-only", folder, "--db", t.path("bad.sqlite")])
            #expect(!FileManager.default.fileExists(atPath: t.path("bad.sqlite")))
            return run
        }
        func write(_ file: String, _ text: String) throws { try text.write(toFile: file, atomically: true, encoding: .utf8) }
        let cases: [(String, (String) throws -> Void)] = [
            ("events.jsonl:3: not valid JSON at column", { f in
                var lines = try String(contentsOfFile: f + "/events.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
                lines[2] = String(lines[2].dropLast(3))
                try write(f + "/events.jsonl", lines.joined(separator: "\n") + "\n")
            }),
            ("promotions.json:", { f in
                let text = try String(contentsOfFile: f + "/promotions.json", encoding: .utf8)
                try write(f + "/promotions.json", String(text.prefix(300)))
            }),
            ("two side tables are named \"products\"", { f in
                try FileManager.default.createDirectory(atPath: f + "/tables", withIntermediateDirectories: true)
                try write(f + "/tables/products.json", "[{\"sku_id\": 1, \"x\": 2}]")
            }),
            ("the combination sku_id, week = \"(1152921504606846977, 17)\" appears twice", { f in
                let text = try String(contentsOfFile: f + "/test.csv", encoding: .utf8)
                try write(f + "/test.csv", text + "1152921504606846977,17,2.1\r\n")
            }),
            ("sample_submission.csv: its first column \"sku\" is not a column of test.csv", { f in
                try write(f + "/sample_submission.csv", "sku,week,units\n1152921504606846977,17,0\n")
            }),
        ]
        for (expected, change) in cases {
            let run = try attempt(change)
            #expect(run.status == 1 && run.stderr.contains(expected), "\(expected)\n\(run.stderr)")
            let lines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("tandem: note:") }
            #expect(lines.count == 1, "\(run.stderr)")
        }
    }

    /// `tandem new --table` copies side tables in (a declared key in challenge.toml); `predict --table NAME=FILE` reads a
    /// table from another file, which changes the predictions; a missing file is one line.
    @Test func newCopiesSideTablesAndPredictReadsReplacements() throws {
        let t = TempFolder()
        let sales = t.path("sales.csv")
        try FileManager.default.copyItem(atPath: Self.fixture + "/train.csv", toPath: sales)
        let made = try BinaryRunner.run(["new", sales, "--table", Self.fixture + "/products.csv:sku_id", Self.fixture + "/promotions.json",
                                         "--target", "units", "--id", "sku_id,week", "--out", t.path("ch")])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("table products: 24 rows, 3 columns from tables/products.csv"), "\(made.stdout)")
        #expect(made.stdout.contains("table promotions: time column \"week\": a number named like a time"), "\(made.stdout)")
        let spec = try String(contentsOfFile: t.path("ch/challenge.toml"), encoding: .utf8)
        #expect(spec.contains("id_column = [\"sku_id\", \"week\"]") && spec.contains("[[table]]\nfile = \"tables/products.csv\"\nkey = [\"sku_id\"]"))
        #expect(try Self.rows(t.path("ch/key/test_labels.csv")).first == ["sku_id", "week", "units"])

        let recipe = t.write("r.json", #"{"steps": [{"op": "join", "table": "products", "on": "sku_id"}, {"op": "model", "kind": "linear"}]}"#)
        let base = ["predict", t.path("ch"), "--recipe", recipe, "--data", t.path("ch/test.csv")]
        let first = try BinaryRunner.run(base + ["--out", t.path("a.csv")])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.rows(t.path("a.csv")).first == ["sku_id", "week", "units"])
        // New SKUs (ids + 1000) with their products in another file: with --table their rows join those products and are
        // predicted exactly as the same rows of the known SKUs; without it they have no base demand and are not.
        let shift: (String) -> String = { String(Int64($0)! + 1000) }
        let test = try Self.rows(t.path("ch/test.csv"))
        let fresh = t.write("fresh.csv", ([test[0]] + test.dropFirst().map { [shift($0[0])] + $0.dropFirst() })
            .map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n")
        let products = try Self.rows(Self.fixture + "/products.csv")
        let newProducts = t.write("new-products.csv", ([products[0]] + products.dropFirst().map { [shift($0[0])] + $0.dropFirst() })
            .map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n")
        let joined = try BinaryRunner.run(["predict", t.path("ch"), "--table", "products=" + newProducts, "--recipe", recipe,
                                           "--data", fresh, "--out", t.path("b.csv")])
        #expect(joined.status == 0 && joined.stderr.contains("table products: 24 rows of \(newProducts) added to its 24"), "\(joined.stderr)")
        let unjoined = try BinaryRunner.run(["predict", t.path("ch"), "--recipe", recipe, "--data", fresh, "--out", t.path("c.csv")])
        #expect(unjoined.status == 0, "\(unjoined.stderr)")
        let a = try Self.rows(t.path("a.csv")).dropFirst().map { $0[2] }
        #expect(try Self.rows(t.path("b.csv")).dropFirst().map { $0[2] } == a && !a.isEmpty)
        #expect(try Self.rows(t.path("c.csv")).dropFirst().map { $0[2] } != a)
        // The same products again: every key twice, which join refuses naming one.
        let twice = try BinaryRunner.run(["predict", t.path("ch"), "--table", "products=" + Self.fixture + "/products.csv", "--recipe", recipe,
                                          "--data", fresh, "--out", t.path("d.csv")])
        #expect(twice.status == 1 && twice.stderr.contains("is not unique: (1152921504606846977) appears more than once"), "\(twice.stderr)")
        let missing = try BinaryRunner.run(["predict", t.path("ch"), "--recipe", recipe, "--data", t.path("ch/test.csv"),
                                            "--out", t.path("e.csv"), "--table", "products=" + t.path("gone.csv")])
        let errors = missing.stderr.split(separator: "\n").filter { !$0.hasPrefix("tandem: note:") }
        #expect(missing.status == 1 && errors == ["tandem: \(t.path("gone.csv")): cannot be read: no such file (--table)"], "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("e.csv")))
    }

    /// The validated agent never adopts the adversarial whole-history aggregate: its trial is logged with the reason.
    @Test func theValidatedAgentAdoptsNoStepThatReadsTheFuture() throws {
        let t = TempFolder()
        let folder = try Self.copy(t)
        // A small budget (the suite runs beside others on 2 cores): the trial that matters comes within 16.
        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--agent", "validated", "--budget", "16", "--db", t.path("v.sqlite")])
        #expect(run.status == 0, "\(run.stderr)")
        let session = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let log = try BinaryRunner.run(["export", session, "--db", t.path("v.sqlite"), "--format", "jsonl"]).stdout
        let trials = log.split(separator: "\n").filter { $0.contains("\"kind\":\"agent_trial\"") }
        #expect(trials.contains { $0.contains("not adopted: aggregate promotions: reads side rows from after the row's own time") },
                "\(trials.joined(separator: "\n"))")
        let recipe = try BinaryRunner.run(["export", session, "--db", t.path("v.sqlite"), "--format", "recipe"]).stdout
        #expect(!recipe.contains("\"discount\"") && recipe.contains("\"join\""), "\(recipe)")
    }

    /// The heuristic agent finds the side tables by itself on a folder no test wrote by hand: the fixture's files with no
    /// documents, the lookup renamed and its key column renamed (found by its values, not its name), rows shuffled.
    @Test func theHeuristicAgentProposesJoinsAndAggregatesWithTheirMatchRates() throws {
        let t = TempFolder()
        let folder = try Self.copy(t)
        let fm = FileManager.default
        try fm.removeItem(atPath: folder + "/docs")
        var lines = try String(contentsOfFile: folder + "/products.csv", encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "sku_id", with: "item")
        var body = Array(lines.dropFirst())
        var state: UInt64 = 99
        for i in stride(from: body.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            body.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        try ([lines[0]] + body).joined(separator: "\n").write(toFile: folder + "/catalogue.csv", atomically: true, encoding: .utf8)
        try fm.removeItem(atPath: folder + "/products.csv")
        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--db", t.path("h.sqlite")])
        #expect(run.status == 0, "\(run.stderr)")
        let session = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let md = try BinaryRunner.run(["export", session, "--db", t.path("h.sqlite"), "--format", "md"]).stdout
        for proposal in [
            "join(on=\"sku\\_id\", table=\"catalogue\", table\\_on=\"item\"): catalogue holds one row per sku\\_id: 100% of rows find a row of it",
            "join(on=\"week\", table=\"events\"): events holds one row per week: 100% of rows find a row of it",
            "aggregate(as=\"promotions\\_count\\_before\\_week\", before=\"week\", on=\"sku\\_id\", stat=\"count\", table=\"promotions\")",
            "aggregate(as=\"promotions\\_discount\\_mean\\_before\\_week\", before=\"week\", column=\"discount\", on=\"sku\\_id\", stat=\"mean\"",
        ] {
            #expect(md.contains(proposal), "\(proposal)\n\(md)")
        }
        #expect(!md.contains("reads side rows from after"))
    }
}
