import TandemChallenge
import TandemReport
import TandemSession

/// Challenges by id, each loaded from the data dir once (a watched status view asks again every few seconds).
final class ChallengeCache {
    let dataDir: String
    private var loaded: [String: Result<Challenge, ChallengeError>] = [:]

    init(dataDir: String) { self.dataDir = dataDir }

    func load(_ id: String) -> Result<Challenge, ChallengeError> {
        if let hit = loaded[id] { return hit }
        let r = Result { () throws(ChallengeError) in try ChallengeLoader.load(folder: try ChallengeResolver.resolve(id, dataDir: dataDir, also: [DataOptions.madeChallengesRoot])) }
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
    return ComparisonReport.build(inputs, challenge: challenges.load, attribute: attribute)
}
