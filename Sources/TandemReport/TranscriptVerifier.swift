import Foundation
import TandemSession

/// `tandem verify FILE.jsonl`: an exported transcript checked on its own. Each line's payload is brought back to its
/// canonical form (a tool that re-indented or re-ordered the JSON changes nothing), the hash chain is recomputed from
/// the genesis hash, and the end is checked against the session_ended anchor.
public enum TranscriptVerifier {
    public struct Report: Sendable, Equatable {
        public var session: String
        public var events: Int
        public var headHash: String
        /// Whether the transcript ends with session_ended, whose anchor then holds.
        public var anchored: Bool
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func verify(_ text: String, file: String) throws(Failure) -> Report {
        var rows: [StoredEvent] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let at = "\(file):\(i + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw Failure(description: "\(at): not a JSON object")
            }
            guard let seq = object["seq"] as? Int, let time = (object["at"] as? NSNumber)?.int64Value, let actor = object["actor"] as? String,
                  let kind = object["kind"] as? String, let payload = object["payload"] as? [String: Any] else {
                throw Failure(description: "\(at): needs seq, at, actor, kind and payload")
            }
            guard let session = object["session_id"] as? String, let prev = object["prev_hash"] as? String, let hash = object["hash"] as? String else {
                throw Failure(description: "\(at): has no hash chain (session_id, prev_hash, hash): export it again with this tandem")
            }
            guard let data = try? JSONSerialization.data(withJSONObject: payload) else { throw Failure(description: "\(at): payload is not JSON") }
            var row = StoredEvent(seq: seq, sessionId: session, at: time, actor: actor, kind: kind, payload: String(decoding: data, as: UTF8.self),
                                  prevHash: prev, hash: hash)
            do { row.payload = try row.decoded().payload.canonicalJSON } catch { throw Failure(description: "\(at): \(error)") }
            rows.append(row)
        }
        guard let first = rows.first, let last = rows.last else { throw Failure(description: "\(file): holds no events") }
        if let other = rows.first(where: { $0.sessionId != first.sessionId }) {
            throw Failure(description: "\(file): event \(other.seq) is of session \(other.sessionId), the first of \(first.sessionId)")
        }
        if let broken = EventChain.check(rows, endedAt: nil, session: first.sessionId) { throw Failure(description: "\(file): \(broken)") }
        return Report(session: first.sessionId, events: rows.count, headHash: last.hash, anchored: last.kind == EventKind.sessionEnded.rawValue)
    }
}
