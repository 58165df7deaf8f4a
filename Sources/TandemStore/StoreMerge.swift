import TandemSession

/// `tandem merge`: gathers many analysts' stores into one. Sessions are
/// deduplicated by id; events are copied as they are (hashes included), so
/// every chain still verifies in the merged file.
public struct MergeReport: Codable, Sendable {
    public var copied: [String] = []
    public var alreadyPresent: [String] = []
    /// Sessions left out, with the reason (a broken chain, or the same id with different events).
    public var skipped: [String] = []

    public init() {}
}

extension SQLiteEventStore {
    public func merge(from source: any EventStore, sourceName: String) throws(StoreError) -> MergeReport {
        var report = MergeReport()
        for info in try source.sessions() {
            let events = try source.events(session: info.id)
            if let broken = EventChain.firstBreak(events) {
                report.skipped.append("\(sourceName): \(broken)")
                continue
            }
            if try session(info.id) != nil {
                let mine = try self.events(session: info.id)
                if mine == events {
                    report.alreadyPresent.append(info.id)
                } else if mine.count < events.count, Array(events.prefix(mine.count)) == mine {
                    // The same session, further along in this source (an earlier copy was merged before it ended).
                    try copy(events.suffix(from: mine.count), info: info, create: false)
                    report.copied.append(info.id)
                } else {
                    report.skipped.append("\(sourceName): session \(info.id) differs from the one already merged; kept the first")
                }
                continue
            }
            try copy(events[...], info: info, create: true)
            report.copied.append(info.id)
        }
        return report
    }

    private func copy(_ events: ArraySlice<StoredEvent>, info: SessionInfo, create: Bool) throws(StoreError) {
        try write("merge session \(info.id)") { db in
            if create {
                try db.execute(sql: """
                INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, agent_config, seed, app_version, participant, started_at, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [info.id, info.challengeId, info.challengeSha256, info.mode, info.agent, info.agentConfig, Int64(bitPattern: info.seed),
                                 info.appVersion, info.participant, info.startedAt, info.endedAt])
            } else {
                try db.execute(sql: "UPDATE sessions SET ended_at = ? WHERE id = ?", arguments: [info.endedAt, info.id])
            }
            let insert = try db.cachedStatement(sql: "INSERT INTO events (seq, session_id, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for e in events { try insert.execute(arguments: [e.seq, e.sessionId, e.at, e.actor, e.kind, e.payload, e.prevHash, e.hash]) }
            return ()
        }
    }
}
