import Foundation
import TandemData
import TandemChallenge
import TandemSession

/// `tandem replay --verify`: rebuilds the state from the events, re-runs
/// every evaluation and submission on the state as it was, and reports any
/// score that differs from the logged one (there must be none).
public struct ReplayReport: Encodable, Sendable {
    public struct Mismatch: Codable, Sendable, Equatable {
        public var seq: Int
        public var kind: String
        public var logged: Double?
        public var replayed: Double?
    }

    public var session: String
    public var events: Int
    public var chainOK: Bool
    public var chainError: String?
    public var evaluationsChecked: Int
    public var submissionsChecked: Int
    public var mismatches: [Mismatch]
    public var problems: [String]
    public var ok: Bool { chainOK && mismatches.isEmpty && problems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case session, events, mismatches, problems, ok
        case chainOK = "chain_ok", chainError = "chain_error", evaluationsChecked = "evaluations_checked", submissionsChecked = "submissions_checked"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session, forKey: .session)
        try c.encode(events, forKey: .events)
        try c.encode(chainOK, forKey: .chainOK)
        try c.encodeIfPresent(chainError, forKey: .chainError)
        try c.encode(evaluationsChecked, forKey: .evaluationsChecked)
        try c.encode(submissionsChecked, forKey: .submissionsChecked)
        try c.encode(mismatches, forKey: .mismatches)
        try c.encode(problems, forKey: .problems)
        try c.encode(ok, forKey: .ok)
    }
}

public enum ReplayVerifier {
    /// `modelLibrary` is the library this replay scores with (this build's, unless a test says otherwise).
    public static func verify(session: String, events stored: [StoredEvent], challenge: Challenge, endedAt: Int64? = nil,
                              modelLibrary: String = ScoreEffects.modelLibrary) throws(StoreError) -> ReplayReport {
        var report = ReplayReport(session: session, events: stored.count, chainOK: true, chainError: nil, evaluationsChecked: 0,
                                  submissionsChecked: 0, mismatches: [], problems: [])
        if let broken = EventChain.check(stored, endedAt: endedAt, session: session) {
            report.chainOK = false
            report.chainError = broken
        }
        var state = SessionState()
        var recordedLibrary: String?
        let lastSubmission = stored.last { $0.kind == EventKind.submitted.rawValue }?.seq
        for row in stored {
            let e = try row.decoded()
            if case .sessionStarted(let p) = e.payload { recordedLibrary = p.modelLibrary }
            switch e.payload {
            case .sessionStarted(let p) where p.challengeSha256 != challenge.sha256:
                let sha = p.challengeSha256
                report.problems.append("the challenge files changed since the session ran (sha256 \(sha.prefix(12))… now \(challenge.sha256.prefix(12))…)")
            case .evaluated(let p):
                report.evaluationsChecked += 1
                let replayed = try? ScoreEffects.crossValidate(state.recipe, challenge: challenge, seed: state.seed).cvMean
                if replayed != p.cvMean || state.recipe.fingerprint != p.fingerprint {
                    report.mismatches.append(.init(seq: e.seq, kind: e.kind.rawValue, logged: p.cvMean, replayed: replayed))
                }
            case .submitted(let p):
                report.submissionsChecked += 1
                let replayed = try? ScoreEffects.submission(state.recipe, challenge: challenge, seed: state.seed)
                if replayed?.score != p.testScore || state.recipe.fingerprint != p.fingerprint {
                    report.mismatches.append(.init(seq: e.seq, kind: e.kind.rawValue, logged: p.testScore, replayed: replayed?.score))
                }
                report.problems += submissionFileProblems(e.seq, p, replayed: replayed?.file.sha256, isLast: e.seq == lastSubmission)
            default: break
            }
            state.apply(e)
        }
        report.problems += state.problems
        if !report.mismatches.isEmpty, let recordedLibrary, recordedLibrary != modelLibrary {
            report.problems.append("the scores were logged with \(recordedLibrary) and replayed with \(modelLibrary): model outputs differ between "
                                   + "library versions, so replay on a machine with \(recordedLibrary) to check them")
        }
        return report
    }

    /// The logged submission.csv against the one the replay writes, and, for the last submission (the one its path
    /// still holds), against the file on disk when it is there (a merged store's files stay on the analysts' machines).
    static func submissionFileProblems(_ seq: Int, _ p: EventPayload.Submitted, replayed: String?, isLast: Bool) -> [String] {
        guard let logged = p.submissionSha256 else { return [] }
        var out: [String] = []
        if replayed != logged {
            out.append("event \(seq): the replayed submission.csv has SHA-256 \(replayed?.prefix(12) ?? "none")…, the logged one \(logged.prefix(12))…")
        }
        if isLast, let path = p.submissionPath, let data = FileManager.default.contents(atPath: path) {
            let onDisk = SHA256.hex(Array(data))
            if onDisk != logged {
                out.append("\(path) changed since event \(seq) wrote it (SHA-256 \(onDisk.prefix(12))…, logged \(logged.prefix(12))…)")
            }
        }
        return out
    }
}
