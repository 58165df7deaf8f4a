import Foundation
import GRDB
import Testing
import TestSupport

/// Issue 19 through the binary: the end anchor a real run writes, `sessions --check` on a cut log, `tandem verify`.
@Suite struct ChainCommandTests {
    @Test func aCutTailIsReportedAndAnExportVerifiesOnItsOwn() throws {
        let t = TempFolder()
        let db = t.path("s.sqlite")
        let run = try BinaryRunner.run(["run", "--ai-only", "food-shelf-life", "--db", db, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let session = try #require(summary["session"] as? String), events = try #require(summary["events"] as? Int)

        let export = try BinaryRunner.run(["export", session, "--format", "jsonl", "--db", db, "-o", t.path("t.jsonl")])
        #expect(export.status == 0, "\(export.stderr)")
        let lines = try String(contentsOfFile: t.path("t.jsonl"), encoding: .utf8).split(separator: "\n")
        let last = try #require(lines.last)
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let before = try #require(try JSONSerialization.jsonObject(with: Data(lines[lines.count - 2].utf8)) as? [String: Any])
        let anchor = try #require(end["payload"] as? [String: Any])
        // The anchor, by hand: the events before the end, and the hash of the last of them.
        #expect(end["kind"] as? String == "session_ended" && anchor["event_count"] as? Int == events - 1)
        #expect(anchor["head_hash"] as? String == before["hash"] as? String && end["prev_hash"] as? String == before["hash"] as? String)
        // Markdown and HTML name the head hash too: the hash of the session_ended line.
        let head = try #require(end["hash"] as? String)
        for format in ["md", "html"] {
            let text = try BinaryRunner.run(["export", session, "--format", format, "--db", db]).stdout
            #expect(text.contains(head), "\(format) lacks the head hash")
        }
        let verified = try BinaryRunner.run(["verify", t.path("t.jsonl")])
        #expect(verified.status == 0 && verified.stdout.contains("\(events) events, chain ok") && verified.stdout.contains("anchored by session_ended"))
        let edited = t.write("edited.jsonl", lines.map { $0.replacingOccurrences(of: "\"kind\":\"auto_approved\"", with: "\"kind\":\"step_approved\"") }
            .joined(separator: "\n") + "\n")
        let refused = try BinaryRunner.run(["verify", edited])
        #expect(refused.status == 1 && refused.stderr.contains("(step_approved) was altered"), "\(refused.stderr)")

        #expect(try BinaryRunner.run(["sessions", "--check", "--db", db]).status == 0)
        try DatabaseQueue(path: db).write { db in
            try db.execute(sql: "DROP TRIGGER events_no_delete")
            try db.execute(sql: "DELETE FROM events WHERE seq >= ?", arguments: [events - 2])
        }
        let check = try BinaryRunner.run(["sessions", "--check", "--db", db])
        #expect(check.status == 1)
        #expect(check.stdout.contains("CHAIN BROKEN: session \(session): ended (at "), "\(check.stdout)")
        #expect(check.stdout.contains("its log stops at event \(events - 3) ("), "\(check.stdout)")
    }
}
