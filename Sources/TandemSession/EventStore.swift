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
            return SessionEvent(seq: seq, at: at, actor: actor, payload: try EventPayload(kind: kind, canonicalJSON: payload))
        } catch {
            throw StoreError("session \(sessionId) event \(seq) (\(kind.rawValue)): payload does not decode: \(error.description)")
        }
    }
}

/// A store failure, one line naming the file or server. `input` is the user's to fix (a path that cannot be opened, a
/// read-only file, a session that does not exist: exit 1); `internal` is not (a disk I/O failure, a full disk, a
/// corrupt page, a statement tandem got wrong: exit 2).
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case input, `internal` }

    public let description: String
    public let kind: Kind

    public init(_ description: String, kind: Kind = .input) {
        self.description = description
        self.kind = kind
    }
}

/// The SHA-256 hash chain over a session's events: each hash covers the
/// previous hash and every field of the row, so any edit is detectable.
public enum EventChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(prev: String, sessionId: String, seq: Int, at: Int64, actor: String, kind: String, payload: String) -> String {
        // One contiguous buffer, one digest: each field followed by the unit separator, so fields cannot run into each other.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prev.utf8.count + sessionId.utf8.count + payload.utf8.count + actor.utf8.count + kind.utf8.count + 48)
        for part in [prev, sessionId, String(seq), String(at), actor, kind, payload] {
            bytes.append(contentsOf: part.utf8)
            bytes.append(0x1F)
        }
        return SHA256.hex(bytes)
    }

    /// The first event whose link or hash is wrong, described; nil when the chain holds.
    public static func firstBreak(_ events: [StoredEvent]) -> String? {
        // Each row's hash depends only on the row (its stored prev_hash included), so rows are hashed on every core;
        // the links between rows are then checked in order.
        let intact = parallelMap(events, minimumChunk: 2048) { e in
            e.hash == hash(prev: e.prevHash, sessionId: e.sessionId, seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload)
        }
        var prev = genesis
        for (i, e) in events.enumerated() {
            if e.seq != i + 1 { return "session \(e.sessionId): event \(e.seq) is out of sequence (expected \(i + 1))" }
            if e.prevHash != prev { return "session \(e.sessionId): event \(e.seq) (\(e.kind)) does not link to the event before it" }
            if !intact[i] { return "session \(e.sessionId): event \(e.seq) (\(e.kind)) was altered: its hash does not match its content" }
            prev = e.hash
        }
        return nil
    }

    /// `firstBreak`, then the chain's end against its anchors: the `session_ended` event is last and names the count
    /// and head hash of the events before it, and a session whose row says it ended has that event. Catches a cut
    /// tail, a dropped end event, and a re-chained log whose anchor was left as it was (DESIGN.md section 5).
    public static func check(_ events: [StoredEvent], endedAt: Int64?, session: String) -> String? {
        if let broken = firstBreak(events) { return broken }
        let end = EventKind.sessionEnded.rawValue
        if let early = events.dropLast().first(where: { $0.kind == end }) {
            return "session \(session): event \(early.seq) (session_ended) is not the last; events were added after the end"
        }
        guard let last = events.last, last.kind == end else {
            guard let endedAt else { return nil }
            let tail = events.last.map { "event \($0.seq) (\($0.kind))" } ?? "no events"
            return "session \(session): ended (at \(endedAt)) but its log stops at \(tail) without session_ended: "
                + "its tail was cut or its end event dropped"
        }
        guard case .sessionEnded(let anchor)? = try? last.decoded().payload, let count = anchor.eventCount, let head = anchor.headHash else {
            return nil   // ended before anchors existed (tandem 0.1 logs): the links are all there is to check
        }
        let before = events.dropLast()
        if count != before.count {
            return "session \(session): event \(last.seq) (session_ended) anchors \(count) events, the log holds \(before.count) before it"
        }
        let actual = before.last?.hash ?? genesis
        if head != actual {
            return "session \(session): event \(last.seq) (session_ended) anchors head hash \(head.prefix(12))…, but event \(before.count) "
                + "hashes to \(actual.prefix(12))…: the log was rewritten"
        }
        return nil
    }

    /// Canonical JSON of a payload (sorted keys), as stored and hashed.
    public static func encode(_ payload: EventPayload) -> String { payload.canonicalJSON }
}

/// An event to append: the store assigns seq and the hash chain.
public struct NewEvent: Sendable {
    public var at: Int64
    public var actor: Actor
    public var payload: EventPayload

    public var kind: EventKind { payload.kind }

    public init(at: Int64, actor: Actor, payload: EventPayload) {
        self.at = at
        self.actor = actor
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
    /// Per session: its event count and the kind of its last event, for listings (without reading every event).
    func summaries() throws(StoreError) -> [String: (events: Int, lastKind: String)]
    /// Copies a session's rows as they are, hashes included (merge, shipping a spool); `create` adds the session row,
    /// otherwise its end time is brought up to date. One transaction.
    func importEvents(_ events: ArraySlice<StoredEvent>, of info: SessionInfo, create: Bool) throws(StoreError)
    /// Where the store is, for messages: a file path or a URL without its password.
    var location: String { get }
    /// Events written locally and not yet on the study server ("offline, 3 events queued"); nil when all are shipped
    /// or the store ships nothing.
    var shippingStatus: String? { get }
    /// Tries the study server again for what waits locally; a store that ships nothing does nothing.
    func retryShipping()
}

extension EventStore {
    public var shippingStatus: String? { nil }
    public func retryShipping() {}

    /// A session's events decoded for the reducer.
    public func decodedEvents(session: String) throws(StoreError) -> [SessionEvent] {
        try StoredEvent.decodeAll(try events(session: session))
    }
}

extension StoredEvent {
    /// Decodes rows on every core, keeping their order; the first row that does not decode is named.
    public static func decodeAll(_ rows: [StoredEvent]) throws(StoreError) -> [SessionEvent] {
        let results = parallelMap(rows, minimumChunk: 2048) { row in Result { () throws(StoreError) in try row.decoded() } }
        var out: [SessionEvent] = []
        out.reserveCapacity(results.count)
        for r in results { out.append(try r.get()) }
        return out
    }
}
