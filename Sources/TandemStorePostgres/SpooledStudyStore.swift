import Foundation
import TandemSession
import TandemStore

/// An analyst's store when the study lives on PostgreSQL. Every event is
/// made durable in a local SQLite spool first, then shipped to the server in
/// order; while the server is away the session goes on and events queue.
/// Shipping is exactly once: it starts after the last seq the server holds
/// (asked again after any failure, since a lost acknowledgement may hide a
/// commit), and the server re-checks every row against the chain.
public final class SpooledStudyStore: EventStore, @unchecked Sendable {
    public let spool: SQLiteEventStore
    public let address: PostgresLocation
    /// After a failure, no new connection is tried for this long: appends must not wait on a dead server.
    let retryAfter: Duration
    private let lock = NSLock()
    private var remote: PostgresEventStore?
    private var lastFailure: (message: String, at: ContinuousClock.Instant)?
    /// Per session, the last seq the server acknowledged or reported.
    private var confirmed: [String: Int] = [:]
    /// False after a failure (an acknowledgement may have been lost): ask the server before shipping again.
    private var confirmedIsCurrent = false
    private var endShipped: Set<String> = []
    private var connecting = false

    public var location: String { address.display }

    /// What the server acknowledged, kept beside the spool so a restart offline still knows what is queued.
    /// Only ever a lower bound of what the server holds; the server stays the truth.
    let marksPath: String

    public init(address: PostgresLocation, spoolPath: String, retryAfter: Duration = .seconds(5)) throws(StoreError) {
        spool = try SQLiteEventStore(path: spoolPath)
        self.address = address
        self.retryAfter = retryAfter
        marksPath = spoolPath + ".shipped"
        loadMarks()
        // What an earlier run left queued ships now; an unreachable server is not an error here.
        sync(force: true)
    }

    // MARK: Shipping

    /// Ships every queued event and session end; returns how many events are still queued. Without `force`,
    /// a missing connection is only started in the background (the next sync ships).
    @discardableResult
    public func sync(force: Bool = true) -> Int {
        lock.withLock {
            if let server = server(force: force) {
                do throws(StoreError) {
                    let counts = try spool.summaries()
                    var changed = false
                    for info in try spool.sessions() {
                        // A confirmed count is acknowledged, so equal to the spool's means nothing is pending.
                        let upToDate = confirmed[info.id] == counts[info.id]?.events
                        if upToDate && (info.endedAt == nil || endShipped.contains(info.id)) { continue }
                        try ship(info, to: server)
                        changed = true
                    }
                    confirmedIsCurrent = true
                    lastFailure = nil
                    if changed { saveMarks() }
                } catch {
                    failed(error.description)
                }
            }
            return queuedLocked()
        }
    }

    private func ship(_ info: SessionInfo, to server: PostgresEventStore) throws(StoreError) {
        var have: Int? = confirmedIsCurrent ? confirmed[info.id] : nil
        if have == nil {
            have = try server.lastSeq(session: info.id)
            if let h = have { confirmed[info.id] = h }
        }
        let pending = try spool.events(session: info.id, after: have ?? 0)
        guard have == nil || !pending.isEmpty || (info.endedAt != nil && !endShipped.contains(info.id)) else { return }
        // In slices, so a long offline backlog ships within the shipping statement timeout, one slice at a time.
        var create = have == nil
        for start in stride(from: 0, to: max(pending.count, 1), by: Self.shippingSlice) {
            let slice = pending[start..<min(pending.count, start + Self.shippingSlice)]
            try server.importEvents(slice, of: info, create: create)
            create = false
            if let last = slice.last { confirmed[info.id] = last.seq }
        }
        confirmed[info.id] = pending.last?.seq ?? have ?? 0
        if info.endedAt != nil { endShipped.insert(info.id) }
    }

    /// The server's store for shipping. Every event is safe in the spool already, so an analyst's append waits on a
    /// server that stopped answering (one restarting) for 5 s at most, not the 120 s a coordinator's merge may need.
    static func shipping(to address: PostgresLocation) throws(StoreError) -> PostgresEventStore {
        let store = try PostgresEventStore(address)
        store.statementTimeout = .seconds(5)
        return store
    }

    static let shippingSlice = 5_000

    /// The server's store; nil while it is away. `force` connects here and now; otherwise a new connection is
    /// tried on a background thread (at most one at a time, and not within `retryAfter` of a failure), so an
    /// append never waits on a server that does not answer.
    private func server(force: Bool) -> PostgresEventStore? {
        if let remote { return remote }
        if force {
            do throws(StoreError) {
                remote = try Self.shipping(to: address)
                return remote
            } catch {
                failed(error.description)
                return nil
            }
        }
        if connecting { return nil }
        if let f = lastFailure, ContinuousClock.now - f.at < retryAfter { return nil }
        connecting = true
        let address = address
        Thread.detachNewThread { [self] in
            let result = Result { () throws(StoreError) in try Self.shipping(to: address) }
            lock.withLock {
                connecting = false
                switch result {
                case .success(let store): if remote == nil { remote = store }
                // A connection made meanwhile (a forced sync) outranks this late failure.
                case .failure(let error): if remote == nil { failed(error.description) }
                }
            }
        }
        return nil
    }

    private func loadMarks() {
        guard let text = try? String(contentsOfFile: marksPath, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t")
            guard f.count == 3, let seq = Int(f[1]) else { continue }
            confirmed[String(f[0])] = seq
            if f[2] == "ended" { endShipped.insert(String(f[0])) }
        }
    }

    private func saveMarks() {
        let text = confirmed.keys.sorted().map { "\($0)\t\(confirmed[$0] ?? 0)\t\(endShipped.contains($0) ? "ended" : "open")\n" }.joined()
        try? text.write(toFile: marksPath, atomically: true, encoding: .utf8)
    }

    private func failed(_ message: String) {
        lastFailure = (message, ContinuousClock.now)
        remote = nil
        confirmedIsCurrent = false
    }

    /// Events in the spool beyond what the server last confirmed.
    private func queuedLocked() -> Int {
        guard let counts = try? spool.summaries() else { return 0 }
        return counts.reduce(0) { total, entry in total + max(0, entry.value.events - (confirmed[entry.key] ?? 0)) }
    }

    /// NSLock's withLock loses the error's type.
    private func locked<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Events written here and not yet on the server.
    public var queued: Int { lock.withLock { queuedLocked() } }

    /// For the workbench's header: nil when everything is on the server.
    public var status: String? {
        lock.withLock {
            let n = queuedLocked()
            if lastFailure != nil { return "offline, \(n) event\(n == 1 ? "" : "s") queued" }
            return n > 0 ? "\(n) event\(n == 1 ? "" : "s") queued" : nil
        }
    }

    public var shippingStatus: String? { status }
    public func retryShipping() { sync(force: false) }

    /// Why the server is away, when it is.
    public var offlineReason: String? { lock.withLock { lastFailure?.message } }

    // MARK: EventStore

    public func createSession(_ info: SessionInfo) throws(StoreError) {
        try spool.createSession(info)
        sync(force: false)
    }

    @discardableResult
    public func append(session: String, _ events: [NewEvent]) throws(StoreError) -> [StoredEvent] {
        try adopt(session)
        let stored = try spool.append(session: session, events)
        sync(force: false)
        return stored
    }

    public func endSession(_ id: String, at: Int64) throws(StoreError) {
        try adopt(id)
        try spool.endSession(id, at: at)
        sync(force: false)
    }

    /// A session started elsewhere (resumed here) is copied into the spool before it grows.
    private func adopt(_ id: String) throws(StoreError) {
        guard try spool.session(id) == nil else { return }
        let found: (SessionInfo, [StoredEvent])? = try locked { () throws(StoreError) -> (SessionInfo, [StoredEvent])? in
            guard let server = server(force: true), let info = try server.session(id) else { return nil }
            return (info, try server.events(session: id))
        }
        guard let (info, events) = found else { throw StoreError("\(location): session \(id) is neither in the spool nor on the server") }
        try spool.importEvents(events[...], of: info, create: true)
    }

    /// Sessions on the server and those only in the spool so far.
    public func sessions() throws(StoreError) -> [SessionInfo] {
        let local = try spool.sessions()
        guard let server = lock.withLock({ server(force: false) }), let onServer = try? server.sessions() else { return local }
        let ids = Set(onServer.map(\.id))
        return (onServer + local.filter { !ids.contains($0.id) }).sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }

    public func session(_ id: String) throws(StoreError) -> SessionInfo? {
        if let s = try spool.session(id) { return s }
        return try locked { () throws(StoreError) -> SessionInfo? in try server(force: false)?.session(id) }
    }

    /// The spool holds every event of the sessions written here (it is ahead of the server); others come from the server.
    public func events(session: String) throws(StoreError) -> [StoredEvent] {
        if try spool.session(session) != nil { return try spool.events(session: session) }
        return try locked { () throws(StoreError) -> [StoredEvent] in try server(force: false)?.events(session: session) ?? [] }
    }

    public func summaries() throws(StoreError) -> [String: (events: Int, lastKind: String)] {
        let local = try spool.summaries()
        let remote = (try? locked { () throws(StoreError) in try server(force: false)?.summaries() }) ?? nil
        return (remote ?? [:]).merging(local) { _, mine in mine }
    }

    public func importEvents(_ events: ArraySlice<StoredEvent>, of info: SessionInfo, create: Bool) throws(StoreError) {
        try spool.importEvents(events, of: info, create: create)
        sync(force: false)
    }
}
