import ArgumentParser
import Foundation
import TandemReport
import TandemSession
import TandemStore
import TandemData
import TandemTerminal
import TandemUI

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "A session's timeline in the workbench, read-only; --verify re-runs every evaluation and submission "
            + "headless and reports any difference (exit 1)."
    )

    @Argument(help: "Session id (or a unique prefix).") var session: String
    @Flag(help: "Re-run headless and compare every logged score.") var verify = false
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var ui: TUIOptions

    func run() async throws {
        if !verify {
            try await reportingErrorsAsync { try await timeline() }
            return
        }
        try reportingErrors {
            let db = try store.open()
            let info = try store.resolve(session, in: db)
            let events = try wrap { () throws(StoreError) in try db.events(session: info.id) }
            let challenge = try data.loadChallenge(session: info, in: db, first: try? events.first?.decoded())
            let report = try wrap { () throws(StoreError) in try ReplayVerifier.verify(session: info.id, events: events, challenge: challenge,
                                                                                                         endedAt: info.endedAt) }
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

    /// The same panes, read-only, on a timeline: step, seek, play.
    func timeline() async throws {
        try TUIOptions.requireTerminal()
        let theme = try ui.loadTheme()
        let db = try store.open()
        let info = try store.resolve(session, in: db)
        let events = try wrap { () throws(StoreError) in try db.decodedEvents(session: info.id) }
        let challenge = try data.loadChallenge(session: info, in: db, first: events.first)
        let profile = Profiler.profile(challenge.train, source: challenge.folder + "/train.csv", target: challenge.spec.target)
        let context = try OpenCommand.context(challenge, profile: profile, agent: info.agent, db: db, excluding: info.id)
        var wb = Workbench.replaying(context: context, events: events)
        wb.ascii = ui.ascii
        let settings = try TUIOptions.loadSettings(config: nil)
        wb.keymap = settings.keymap
        wb.clipboard = settings.clipboard
        await WorkbenchApp.run(wb, theme: theme, driver: nil)
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "A session transcript: Markdown, JSONL (one event a line), CSV (one intervention a row) or self-contained HTML."
    )

    @Argument(help: "Session id (or a unique prefix).") var session: String
    @Option(help: "md, jsonl, csv, html, otel (OTLP/JSON trace), or recipe (the final recipe as JSON, for predict and evaluate).") var format: String
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard let f = ExportFormat(rawValue: format) else {
                throw CommandFailure.userError("--format \(format): one of md, jsonl, csv, html, otel, recipe")
            }
            let db = try store.open()
            let info = try store.resolve(session, in: db)
            let stored = try wrap { () throws(StoreError) in try db.events(session: info.id) }
            let events = try wrap { () throws(StoreError) in try StoredEvent.decodeAll(stored) }
            // The HTML chart shows the latest AI-only run of the same challenge beside this session.
            var aiOnly: [SessionEvent]?
            if f == .html, let other = try OpenCommand.latestAIOnly(in: db, challenge: info.challengeId, excluding: info.id) {
                aiOnly = try wrap { () throws(StoreError) in try db.decodedEvents(session: other.id) }
            }
            let text = TranscriptExporter.export(f, info: info, events: events, aiOnly: aiOnly, stored: stored)
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
