import Foundation
import GRDB
import Testing
import TestSupport

/// Issue 17: a store written by the binary of 2026-12-04 (before the session driver and typed events), committed as
/// it was. An AI-only run and a human–AI run on food-shelf-life with an approval, rejections (one undone), a note, a
/// flag, a removed tainted step, undo and redo, a marker, two evaluations and a submission. Whatever the code
/// becomes, this log must still verify, replay to the same scores and export in every format.
@Suite struct FixtureStoreTests {
    static let fixture = RepositoryPaths.root + "/Tests/Fixtures/sessions-2026-12-04.sqlite"
    static let aiOnly = "2b8da63d-57e6-4b51-8704-34f8023a4e9c", humanAI = "64813e49-1aae-4b9c-a38a-cedff1831000"

    /// A copy, so no test writes the committed file (SQLite would at least touch its WAL).
    static func copy(into t: TempFolder) throws -> String {
        let db = t.path("fixture.sqlite")
        try FileManager.default.copyItem(atPath: fixture, toPath: db)
        return db
    }

    @Test func theFixtureChecksReplaysAndReproducesEveryScore() throws {
        let t = TempFolder()
        let db = try Self.copy(into: t)
        let check = try BinaryRunner.run(["--db", db, "sessions", "--check"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("\(Self.aiOnly)  food-shelf-life  ai-only  heuristic  19 events  ended  chain ok"), "\(check.stdout)")
        #expect(check.stdout.contains("\(Self.humanAI)  food-shelf-life  human-ai  heuristic  25 events  ended  chain ok"), "\(check.stdout)")
        for (session, evaluations) in [(Self.aiOnly, 3), (Self.humanAI, 2)] {
            let replay = try BinaryRunner.run(["replay", session, "--verify", "--db", db])
            #expect(replay.status == 0, "\(replay.stderr)")
            #expect(replay.stdout.contains("re-ran \(evaluations) evaluations and 1 submissions: every score matches"), "\(replay.stdout)")
        }
    }

    @Test func everyExportOfTheFixtureCarriesItsChainAndDecisions() throws {
        let t = TempFolder()
        let db = try Self.copy(into: t)
        // The head hash of the human–AI session as the old binary wrote it: the hash of event 25, session_ended.
        let head = "79a121481095332f36b91b5af19e3d428883ae82075374aca4cde180f4cc5522"
        for format in ["md", "jsonl", "csv", "html", "otel", "recipe"] {
            let out = t.path("export.\(format)")
            let export = try BinaryRunner.run(["export", Self.humanAI, "--format", format, "--db", db, "-o", out])
            #expect(export.status == 0, "\(format): \(export.stderr)")
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            #expect(!text.isEmpty, "\(format) wrote nothing")
            switch format {
            case "md", "html": #expect(text.contains(head) && text.contains("packaging is never missing"), "\(format)")
            case "jsonl":
                #expect(text.split(separator: "\n").count == 25 && text.contains(head))
                let verified = try BinaryRunner.run(["verify", out])
                #expect(verified.status == 0 && verified.stdout.contains("25 events, chain ok"), "\(verified.stdout) \(verified.stderr)")
            case "csv": #expect(text.contains("document_flagged") && text.contains("undid the rejection: checking first"))
            case "otel": #expect(text.contains("resourceSpans") && text.contains("02-sensor-practice"))
            default: #expect(text.contains("text_flag") && text.contains("gbm"), "\(text)")
            }
        }
    }
}
