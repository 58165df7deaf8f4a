import Foundation
import TandemData

/// `bench study`'s figures (issue 20, item 1).
struct StudyBenchReport: Encodable {
    var analysts: Int
    var eventsPerAnalyst: Int
    var thinkMs: Int
    var wallSeconds: Double
    var eventsAcknowledged: Int
    var eventsHeld: Int
    var eventsLost: Int
    var chainsVerified: Int
    var chainBreaks: Int
    var appendP50Ms: Double?
    var appendP99Ms: Double?
    var appendMaxMs: Double?
    /// Appends after which events were still queued in the spool (the server away or behind).
    var queuedAppends: Int
    var queuedAtEnd: Int
    var coordinatorRefreshes: Int
    var coordinatorRefreshP50Ms: Double?
    var coordinatorRefreshP99Ms: Double?
    var coordinatorRefreshFailures: Int
    var restartAtSeconds: Double?
    var restartSeconds: Double?
    var restartError: String?
    var analystErrors: [String]

    enum CodingKeys: String, CodingKey {
        case analysts
        case eventsPerAnalyst = "events_per_analyst", thinkMs = "think_ms", wallSeconds = "wall_s"
        case eventsAcknowledged = "events_acknowledged", eventsHeld = "events_held", eventsLost = "events_lost"
        case chainsVerified = "chains_verified", chainBreaks = "chain_breaks"
        case appendP50Ms = "append_p50_ms", appendP99Ms = "append_p99_ms", appendMaxMs = "append_max_ms"
        case queuedAppends = "queued_appends", queuedAtEnd = "queued_at_end"
        case coordinatorRefreshes = "coordinator_refreshes", coordinatorRefreshP50Ms = "coordinator_refresh_p50_ms"
        case coordinatorRefreshP99Ms = "coordinator_refresh_p99_ms", coordinatorRefreshFailures = "coordinator_refresh_failures"
        case restartAtSeconds = "restart_at_s", restartSeconds = "restart_s", restartError = "restart_error"
        case analystErrors = "analyst_errors"
    }

    init(analysts: Int, eventsPerAnalyst: Int, thinkMs: Int, wallSeconds: Double, outcome o: StudyBenchOutcome,
         refreshes: CoordinatorRefresh.Figures, restartAt: Double?, restartSeconds: Double?, restartError: String?) {
        self.analysts = analysts
        self.eventsPerAnalyst = eventsPerAnalyst
        self.thinkMs = thinkMs
        self.wallSeconds = wallSeconds
        eventsAcknowledged = o.acknowledged
        eventsHeld = o.held
        eventsLost = o.lost
        chainsVerified = o.chainsVerified
        chainBreaks = o.chainBreaks.count
        appendP50Ms = Self.percentile(o.appendMs, 0.5)
        appendP99Ms = Self.percentile(o.appendMs, 0.99)
        appendMaxMs = o.appendMs.max()
        queuedAppends = o.queuedAppends
        queuedAtEnd = o.queuedAtEnd
        coordinatorRefreshes = refreshes.times.count
        coordinatorRefreshP50Ms = Self.percentile(refreshes.times, 0.5)
        coordinatorRefreshP99Ms = Self.percentile(refreshes.times, 0.99)
        coordinatorRefreshFailures = refreshes.failures
        restartAtSeconds = restartAt
        self.restartSeconds = restartSeconds
        self.restartError = restartError
        analystErrors = o.analystErrors + o.chainBreaks
    }

    /// The nearest-rank percentile; nil without values (never a made-up 0).
    static func percentile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))]
    }

    var text: String {
        func ms(_ v: Double?) -> String { v.map { String(format: "%.2f ms", $0) } ?? "-" }
        var out = "study: \(analysts) analysts × \(eventsPerAnalyst) events (think \(thinkMs) ms), \(String(format: "%.1f", wallSeconds)) s\n"
        out += alignedTable([
            ["events acknowledged", String(eventsAcknowledged)], ["events on the server", String(eventsHeld)], ["events lost", String(eventsLost)],
            ["chains verified", "\(chainsVerified) of \(analysts)"], ["append p50 / p99 / max", "\(ms(appendP50Ms)) / \(ms(appendP99Ms)) / \(ms(appendMaxMs))"],
            ["appends with events queued", String(queuedAppends)],
            ["coordinator refresh p50 / p99", "\(ms(coordinatorRefreshP50Ms)) / \(ms(coordinatorRefreshP99Ms)) (\(coordinatorRefreshes) refreshes, "
                + "\(coordinatorRefreshFailures) failed)"],
            ["server restart", restartAtSeconds.map { at in
                "at \(String(format: "%.1f", at)) s: " + (restartError ?? restartSeconds.map { String(format: "took %.2f s", $0) } ?? "-") } ?? "none"],
        ], indent: "  ")
        for e in analystErrors.prefix(10) { out += "  error: \(sanitizeForDisplay(e, limit: 300))\n" }
        return out
    }
}
