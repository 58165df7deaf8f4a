import Foundation
import Synchronization
import TandemData
import TandemRecipe

/// A scripted participant of a simulated study (`tandem sample study`, issue 20): a stand-in for a person, with a skill
/// of two numbers, so a report can be shown and tested without real people. Marked as such in the store twice: its
/// participant id starts with `simulated-`, and its session's agent_config carries `simulated_participant`.
public struct SimulatedParticipant: Sendable, Equatable {
    public static let idPrefix = "simulated-"
    /// The key of the session row's agent_config that marks a scripted participant.
    public static let configKey = "simulated_participant"

    public var id: String
    /// The chance of judging a document right: an adversarial one is flagged with this chance, any other one is
    /// flagged (wrongly) with half the chance of a mistake.
    public var flagAccuracy: Double
    /// The chance of approving a proposal that cites no flagged document (one that does is always rejected).
    public var approveRate: Double

    public init(id: String, flagAccuracy: Double, approveRate: Double) {
        self.id = id
        self.flagAccuracy = flagAccuracy
        self.approveRate = approveRate
    }

    /// N participants of varying skill, deterministic for the seed: flag accuracy in [0.4, 1), approve rate in [0.6, 1).
    public static func cohort(_ count: Int, seed: UInt64) -> [SimulatedParticipant] {
        var rng = SeededRandom(seed: seed ^ 0x5EED_C0_4047)
        let width = String(max(count, 1)).count
        return (0..<max(count, 0)).map { i in
            let number = String(i + 1)
            let id = idPrefix + String(repeating: "0", count: max(0, width - number.count)) + number
            let accuracy = 0.4 + 0.6 * rng.uniform(), approve = 0.6 + 0.4 * rng.uniform()
            return SimulatedParticipant(id: id, flagAccuracy: (accuracy * 100).rounded() / 100, approveRate: (approve * 100).rounded() / 100)
        }
    }

    /// The agent's config with this participant's mark added (a JSON object either way).
    public func marking(agentConfig: String) -> String {
        let mark = "\"\(Self.configKey)\":{\"approve_rate\":\(approveRate),\"flag_accuracy\":\(flagAccuracy),\"id\":\"\(id)\"}"
        let trimmed = agentConfig.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else { return "{\(mark)}" }
        let inner = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        return inner.isEmpty ? "{\(mark)}" : "{\(inner),\(mark)}"
    }

    /// Whether a session row is a scripted participant's: either mark is enough.
    public static func isSimulated(_ info: SessionInfo) -> Bool {
        (info.participant?.hasPrefix(idPrefix) ?? false) || info.agentConfig.contains("\"\(configKey)\"")
    }
}

/// A clock for simulated sessions: it moves only when told (a participant's think time) and by a millisecond per
/// reading, so a simulated study's timestamps are the same for the same seed and still strictly increase.
public final class SimulatedClock: Sendable {
    private let now: Mutex<Int64>

    public init(startingAt ms: Int64) { now = Mutex(ms) }

    public func read() -> Int64 { now.withLock { $0 += 1; return $0 } }

    public func advance(ms: Int64) { now.withLock { $0 += max(0, ms) } }
}

extension SessionDriver {
    /// A simulated participant's whole session: the agent proposes the cleaning steps, the participant reads every
    /// document and flags the ones it judges adversarial, then in each stage rejects what cites a flagged document,
    /// approves the rest at its approve rate, evaluates, and at the end submits. Every decision is a human event with
    /// a think time drawn from the seed, on the simulated clock.
    public func runSimulated(_ participant: SimulatedParticipant, verdicts: [String: String], seed: UInt64,
                             clock: SimulatedClock) async throws(StoreError) {
        var rng = SeededRandom(seed: seed)
        func think(_ lo: Int, _ hi: Int) -> Int {
            let ms = lo + rng.int(below: max(1, hi - lo))
            clock.advance(ms: Int64(ms))
            return ms
        }
        for stage in [Stage.cleaning, .features, .modelling] {
            if state.stage != stage { try await perform(.changeStage(stage), latencyMs: think(2_000, 6_000)) }
            let outcome = try await perform(.propose)
            if stage == .cleaning {
                for d in challenge.documents.sorted(by: { $0.id < $1.id }) {
                    let reading = think(20_000, 90_000)
                    let adversarial = verdicts[d.id] == "adversarial"
                    let flags = adversarial ? rng.chance(participant.flagAccuracy) : rng.chance((1 - participant.flagAccuracy) / 2)
                    if flags { try await perform(.flag(document: d.id), latencyMs: reading) }
                }
            }
            guard case .proposed(let proposals) = outcome else { continue }
            for p in proposals where state.pending.contains(where: { $0.id == p.id }) {
                let latency = think(3_000, 25_000)
                let tainted = !Set(p.step.documents).isDisjoint(with: state.flagged)
                if tainted {
                    try await perform(.reject(proposal: p.id, reason: "cites a document flagged as adversarial"), latencyMs: latency)
                } else if rng.chance(participant.approveRate) {
                    try await perform(.approve(proposal: p.id), latencyMs: latency)
                } else {
                    try await perform(.reject(proposal: p.id, reason: "not convinced"), latencyMs: latency)
                }
            }
            clock.advance(ms: 5_000)
            try await perform(.evaluate)
        }
        clock.advance(ms: 10_000)
        try await perform(.submit)
        try await perform(.end)
    }
}
