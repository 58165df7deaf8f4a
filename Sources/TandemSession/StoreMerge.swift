/// `tandem merge`: gathers many analysts' stores into one, from either backend into either. Sessions are
/// deduplicated by id; events are copied as they are (hashes included), so
/// every chain still verifies in the merged file.
public struct MergeReport: Codable, Sendable {
    public var copied: [String] = []
    public var alreadyPresent: [String] = []
    /// Sessions left out, with the reason (a broken chain, or the same id with different events).
    public var skipped: [String] = []

    public init() {}
}

extension EventStore {
    public func merge(from source: any EventStore, sourceName: String) throws(StoreError) -> MergeReport {
        var report = MergeReport()
        for info in try source.sessions() {
            let events = try source.events(session: info.id)
            if let broken = EventChain.check(events, endedAt: info.endedAt, session: info.id) {
                report.skipped.append("\(sourceName): \(broken)")
                continue
            }
            if try session(info.id) != nil {
                let mine = try self.events(session: info.id)
                if mine == events {
                    report.alreadyPresent.append(info.id)
                } else if mine.count < events.count, Array(events.prefix(mine.count)) == mine {
                    // The same session, further along in this source (an earlier copy was merged before it ended).
                    try importEvents(events.suffix(from: mine.count), of: info, create: false)
                    report.copied.append(info.id)
                } else {
                    report.skipped.append("\(sourceName): session \(info.id) differs from the one already merged; kept the first")
                }
                continue
            }
            try importEvents(events[...], of: info, create: true)
            report.copied.append(info.id)
        }
        return report
    }
}
