import ArgumentParser
import Foundation
import TandemReport
import TandemSession
import TandemStore

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild a session from its events; --verify re-runs every evaluation and submission and reports any difference (exit 1)."
    )

    @Argument(help: "Session id (or a unique prefix).") var session: String
    @Flag(help: "Re-run headless and compare every logged score.") var verify = false
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reportingErrors {
            guard verify else { throw CommandFailure.userError("the replay timeline needs the TUI, which this build does not have yet; use --verify") }
            let db = try store.open()
            let info = try store.resolve(session, in: db)
            let events = try wrap { () throws(StoreError) in try db.events(session: info.id) }
            let challenge = try data.loadChallenge(info.challengeId)
            let report = try wrap { () throws(StoreError) in try ReplayVerifier.verify(session: info.id, events: events, challenge: challenge) }
            if json {
                print(try JSONOutput.string(report))
            } else {
                print("session \(info.id): \(report.events) events; chain \(report.chainOK ? "ok" : "BROKEN: " + (report.chainError ?? ""))")
                print("re-ran \(report.evaluationsChecked) evaluations and \(report.submissionsChecked) submissions: "
                      + (report.mismatches.isEmpty ? "every score matches" : "\(report.mismatches.count) differ"))
                for m in report.mismatches {
                    print("  event \(m.seq) \(m.kind): logged \(m.logged.map { String($0) } ?? "none"), replayed \(m.replayed.map { String($0) } ?? "none")")
                }
                for p in report.problems { print("  problem: " + p) }
            }
            if !report.ok { throw ExitCode(1) }
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "A session transcript: Markdown, JSONL (one event a line), CSV (one intervention a row) or self-contained HTML."
    )

    @Argument(help: "Session id (or a unique prefix).") var session: String
    @Option(help: "md, jsonl, csv or html.") var format: String
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard let f = ExportFormat(rawValue: format) else { throw CommandFailure.userError("--format \(format): one of md, jsonl, csv, html") }
            let db = try store.open()
            let info = try store.resolve(session, in: db)
            let events = try wrap { () throws(StoreError) in try db.decodedEvents(session: info.id) }
            // The HTML chart shows the latest AI-only run of the same challenge beside this session.
            var aiOnly: [SessionEvent]?
            if f == .html, let other = try wrap({ () throws(StoreError) in try db.sessions() }).last(where: { $0.challengeId == info.challengeId && $0.mode == "ai-only" && $0.id != info.id }) {
                aiOnly = try wrap { () throws(StoreError) in try db.decodedEvents(session: other.id) }
            }
            let text = TranscriptExporter.export(f, info: info, events: events, aiOnly: aiOnly)
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw CommandFailure.userError("\(output): cannot write: \(error.localizedDescription)")
                }
            } else {
                print(text, terminator: "")
            }
        }
    }
}
