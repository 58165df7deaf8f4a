import ArgumentParser
import Foundation
import TandemData
import TandemReport
import TandemSession

/// `tandem study report`: what a coordinator publishes (issue 20, item 3), from a SQLite store, a merged store or a
/// PostgreSQL study. The numbers are the ones `compare` and `study status` show, grouped for a paper.
struct StudyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The study-level report: AI-only arms placed among the human–AI sessions, flags, adopted advice, intervention worth, cost.",
        discussion: """
            Markdown by default (tables for a paper); --html writes one self-contained file with inline SVG charts; \
            --json for scripts. A report on simulated participants says so on its first line.
            """
    )

    @Flag(help: "One self-contained HTML file with a strip plot per challenge and a chart per session.") var html = false
    @Flag(help: "Markdown tables (the default).") var md = false
    @Flag(help: "JSON for scripts.") var json = false
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Argument(help: "Only these challenge ids (default: every challenge with sessions).") var challenges: [String] = []
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard [html, md, json].filter({ $0 }).count <= 1 else { throw ValidationError("choose one of --html, --md and --json") }
    }

    func run() throws {
        try reportingErrors {
            let db = try store.open()
            var sessions = try wrap { () throws(StoreError) in try db.sessions() }
            if !challenges.isEmpty {
                let known = Set(sessions.map(\.challengeId))
                if let missing = challenges.first(where: { !known.contains($0) }) {
                    throw CommandFailure.userError("\(store.shown): no session on challenge \"\(sanitizeForDisplay(missing, limit: 60))\"")
                }
                sessions = sessions.filter { challenges.contains($0.challengeId) }
            }
            guard !sessions.isEmpty else { throw CommandFailure.userError("\(store.shown): no sessions to report on") }
            var logs: [ComparisonReport.Input] = []
            for s in sessions { logs.append(.init(info: s, events: try wrap { () throws(StoreError) in try db.decodedEvents(session: s.id) })) }
            let cache = ChallengeCache(dataDir: data.resolvedDataDir, explicit: data.dataDir != nil)
            cache.register(logs)
            let comparisons = ComparisonReport.build(logs, challenge: cache.load, attribute: true)
            let simulated = Set(sessions.filter(SimulatedParticipant.isSimulated).map(\.id))
            let report = StudyReport.build(comparisons, simulatedSessions: simulated)
            let text = json ? try JSONOutput.string(report) + "\n" : html ? StudyReport.html(report, logs: logs) : StudyReport.markdown(report)
            guard let output else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure.userError("\(output): cannot write: \(error.localizedDescription)")
            }
            printError("tandem: " + (report.simulated.map { $0 + " " } ?? "") + "report on \(sessions.count) sessions written to \(output)")
        }
    }
}
