import TandemChallenge
import TandemReport
import TandemSession

/// Challenges by id, each loaded from the data dir once (a watched status view asks again every few seconds).
final class ChallengeCache {
    let dataDir: String
    /// Whether --data-dir was given: then challenges are found there by id, not where their sessions opened them.
    let explicit: Bool
    private var loaded: [String: Result<Challenge, ChallengeError>] = [:]
    /// Per challenge id, the folder and options a session opened it with (its session_started), when logged.
    private var openings: [String: (folder: String, overrides: ChallengeOverrides)] = [:]

    init(dataDir: String, explicit: Bool = false) {
        self.dataDir = dataDir
        self.explicit = explicit
    }

    /// Remembers how the sessions' challenges were opened, from their first events.
    func register(_ inputs: [ComparisonReport.Input]) {
        for input in inputs {
            guard openings[input.info.challengeId] == nil, case .sessionStarted(let s)? = input.events.first?.payload else { continue }
            if let folder = s.openedFrom { openings[input.info.challengeId] = (folder, ChallengeOverrides(arguments: s.openedWith ?? [])) }
        }
    }

    func load(_ id: String) -> Result<Challenge, ChallengeError> {
        if let hit = loaded[id] { return hit }
        let opening = openings[id]
        let r = Result { () throws(ChallengeError) in
            if !explicit, let opening, ChallengeLoader.isChallengeFolder(opening.folder) {
                return try ChallengeLoader.load(folder: opening.folder, overrides: opening.overrides)
            }
            let folder = try ChallengeResolver.resolve(id, dataDir: dataDir, also: [DataOptions.madeChallengesRoot])
            return try ChallengeLoader.load(folder: folder, overrides: opening?.overrides ?? ChallengeOverrides())
        }
        loaded[id] = r
        return r
    }
}

/// The sessions with their events, compared per challenge (what `compare` prints and `study status` summarises).
func sessionComparisons(_ sessions: [SessionInfo], in db: any EventStore, challenges: ChallengeCache, attribute: Bool) throws -> [ChallengeComparison] {
    var inputs: [ComparisonReport.Input] = []
    for s in sessions {
        inputs.append(.init(info: s, events: try wrap { () throws(StoreError) in try db.decodedEvents(session: s.id) }))
    }
    challenges.register(inputs)
    return ComparisonReport.build(inputs, challenge: challenges.load, attribute: attribute)
}
