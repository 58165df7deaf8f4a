import TandemSession

/// The replay timeline's states: a snapshot every `stride` events, so a seek folds at most `stride - 1` events
/// instead of the whole session from event 0 (a step back on event 9,000 was 9,000 folds).
struct ReplayIndex: Sendable {
    static let defaultStride = 128

    let stride: Int
    /// snapshots[k] is the state after the first k × stride events.
    private(set) var snapshots: [SessionState] = []

    init(_ events: [SessionEvent], stride: Int = ReplayIndex.defaultStride) {
        self.stride = max(1, stride)
        var s = SessionState()
        snapshots.append(s)
        for (i, e) in events.enumerated() {
            s.apply(e)
            if (i + 1) % self.stride == 0 { snapshots.append(s) }
        }
    }

    /// The state after the first `position` events, and how many events were folded to get it.
    func state(at position: Int, of events: [SessionEvent]) -> (state: SessionState, folded: Int) {
        let p = min(max(0, position), events.count)
        let k = min(p / stride, snapshots.count - 1)
        var s = snapshots[k]
        let start = k * stride
        for e in events[start..<p] { s.apply(e) }
        return (s, p - start)
    }
}
