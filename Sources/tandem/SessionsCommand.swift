import ArgumentParser
import Foundation
import TandemData
import TandemSession
import TandemStore

struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List logged sessions; --check verifies every hash chain and names the first bad event (exit 1)."
    )

    @Flag(help: "Verify every session's hash chain.") var check = false
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var store: StoreOptions

    struct Entry: Encodable {
        var id: String
        var challenge: String
        var mode: String
        var agent: String
        var participant: String?
        var events: Int
        var status: String
        var chain: String?
        var started_at: Int64
    }

    func run() throws {
        try reportingErrors {
            let db = try store.open()
            let sessions = try wrap { () throws(StoreError) in try db.sessions() }
            var entries: [Entry] = []
            var broken = false
            // Listing needs only counts and last kinds; the events themselves are read only to verify chains.
            let summaries = try wrap { () throws(StoreError) in try db.summaries() }
            for s in sessions {
                let summary = summaries[s.id] ?? (events: 0, lastKind: "")
                var chain: String?
                if check {
                    let events = try wrap { () throws(StoreError) in try db.events(session: s.id) }
                    chain = EventChain.check(events, endedAt: s.endedAt, session: s.id) ?? "ok"
                    if chain != "ok" { broken = true }
                }
                entries.append(Entry(id: s.id, challenge: s.challengeId, mode: s.mode, agent: s.agent, participant: s.participant,
                                     events: summary.events, status: summary.lastKind == EventKind.sessionEnded.rawValue ? "ended" : "interrupted",
                                     chain: chain, started_at: s.startedAt))
            }
            if json {
                print(try JSONOutput.string(entries))
            } else {
                if entries.isEmpty { print("no sessions in \(store.shown)") }
                for e in entries {
                    print("\(e.id)  \(sanitizeForDisplay(e.challenge, limit: 30))  \(e.mode)  \(e.agent)  \(e.events) events  \(e.status)"
                          + (e.chain.map { $0 == "ok" ? "  chain ok" : "  CHAIN BROKEN: " + sanitizeForDisplay($0) } ?? ""))
                }
            }
            if broken { throw CommandFailure.userError("\(store.shown): a hash chain does not verify") }
        }
    }
}
