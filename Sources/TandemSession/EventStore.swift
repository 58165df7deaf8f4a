import Foundation
import TandemData

/// A session's row (DESIGN.md section 5).
public struct SessionInfo: Codable, Sendable, Equatable {
    public var id: String
    public var challengeId: String
    public var challengeSha256: String
    public var mode: String          // human-ai | ai-only
    public var agent: String
    public var agentConfig: String
    public var seed: UInt64
    public var appVersion: String
    public var participant: String?
    public var startedAt: Int64
    public var endedAt: Int64?

    public init(id: String, challengeId: String, challengeSha256: String, mode: String, agent: String, agentConfig: String = "{}",
                seed: UInt64, appVersion: String, participant: String? = nil, startedAt: Int64, endedAt: Int64? = nil) {
        self.id = id
        self.challengeId = challengeId
        self.challengeSha256 = challengeSha256
        self.mode = mode
        self.agent = agent
        self.agentConfig = agentConfig
        self.seed = seed
        self.appVersion = appVersion
        self.participant = participant
        self.startedAt = startedAt
        self.endedAt = endedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, mode, agent, seed, participant
        case challengeId = "challenge_id", challengeSha256 = "challenge_sha256", agentConfig = "agent_config", appVersion = "app_version"
        case startedAt = "started_at", endedAt = "ended_at"
    }
}

/// An event as stored: the payload as its JSON text, and the hash chain.
public struct StoredEvent: Codable, Sendable, Equatable {
    public var seq: Int
    public var sessionId: String
    public var at: Int64
    public var actor: String
    public var kind: String
    public var payload: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int, sessionId: String, at: Int64, actor: String, kind: String, payload: String, prevHash: String, hash: String) {
        self.seq = seq
        self.sessionId = sessionId
        self.at = at
        self.actor = actor
        self.kind = kind
        self.payload = payload
        self.prevHash = prevHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case seq, at, actor, kind, payload, hash
        case sessionId = "session_id", prevHash = "prev_hash"
    }

    /// The event the reducer folds; a row that does not decode is named by its session and seq.
    public func decoded() throws(StoreError) -> SessionEvent {
        guard let actor = Actor(rawValue: actor) else { throw StoreError("session \(sessionId) event \(seq): unknown actor \"\(actor)\"") }
        guard let kind = EventKind(rawValue: kind) else { throw StoreError("session \(sessionId) event \(seq): unknown kind \"\(kind)\"") }
        do {
            let p = try JSONDecoder().decode(EventPayload.self, from: Data(payload.utf8))
            return SessionEvent(seq: seq, at: at, actor: actor, kind: kind, payload: p)
        } catch {
            throw StoreError("session \(sessionId) event \(seq) (\(kind.rawValue)): payload does not decode: \(error)")
        }
    }
}

public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The SHA-256 hash chain over a session's events: each hash covers the
/// previous hash and every field of the row, so any edit is detectable.
public enum EventChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(prev: String, sessionId: String, seq: Int, at: Int64, actor: String, kind: String, payload: String) -> String {
        var h = SHA256()
        for part in [prev, sessionId, String(seq), String(at), actor, kind, payload] {
            h.update(Array(part.utf8))
            h.update([0x1F])   // unit separator: fields cannot run into each other
        }
        return SHA256.hex(h.finalize())
    }

    /// The first event whose link or hash is wrong, described; nil when the chain holds.
    public static func firstBreak(_ events: [StoredEvent]) -> String? {
        var prev = genesis
        for (i, e) in events.enumerated() {
            if e.seq != i + 1 { return "session \(e.sessionId): event \(e.seq) is out of sequence (expected \(i + 1))" }
            if e.prevHash != prev { return "session \(e.sessionId): event \(e.seq) (\(e.kind)) does not link to the event before it" }
            let expected = hash(prev: prev, sessionId: e.sessionId, seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload)
            if e.hash != expected { return "session \(e.sessionId): event \(e.seq) (\(e.kind)) was altered: its hash does not match its content" }
            prev = e.hash
        }
        return nil
    }

    /// Canonical JSON of a payload (sorted keys), as stored and hashed.
    public static func encode(_ payload: EventPayload) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(payload) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An event to append: the store assigns seq and the hash chain.
public struct NewEvent: Sendable {
    public var at: Int64
    public var actor: Actor
    public var kind: EventKind
    public var payload: EventPayload

    public init(at: Int64, actor: Actor, kind: EventKind, payload: EventPayload = EventPayload()) {
        self.at = at
        self.actor = actor
        self.kind = kind
        self.payload = payload
    }
}

/// The event log behind every command (SQLite by default; PostgreSQL for studies).
/// An append returns only once its events are durable.
public protocol EventStore: Sendable {
    func createSession(_ info: SessionInfo) throws(StoreError)
    /// Appends in one transaction; returns the stored rows.
    @discardableResult
    func append(session: String, _ events: [NewEvent]) throws(StoreError) -> [StoredEvent]
    func endSession(_ id: String, at: Int64) throws(StoreError)
    func sessions() throws(StoreError) -> [SessionInfo]
    func session(_ id: String) throws(StoreError) -> SessionInfo?
    func events(session: String) throws(StoreError) -> [StoredEvent]
}
