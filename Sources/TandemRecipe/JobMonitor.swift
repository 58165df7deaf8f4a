import Synchronization

/// Progress and cancellation of a long evaluation, shared between the
/// thread that runs it and the UI that shows a progress bar and sends Ctrl-C.
public final class JobMonitor: Sendable {
    private let done = Atomic<Int>(0)
    private let total = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)

    public init() {}

    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Done parts over all parts; nil before the work knows its size.
    public var fraction: Double? {
        let t = total.load(ordering: .relaxed)
        return t > 0 ? Double(done.load(ordering: .relaxed)) / Double(t) : nil
    }

    func begin(parts: Int) { total.store(parts, ordering: .relaxed) }
    func finishPart() { done.add(1, ordering: .relaxed) }

    /// Throws when cancelled: called between folds, so a cancel takes effect within one fold.
    func check() throws(RecipeError) {
        if isCancelled { throw RecipeError(step: nil, field: "evaluation", "cancelled") }
    }
}
