/// One slot per index of a `concurrentPerform`; each index is written by
/// exactly one thread and read only after the loop has returned.
final class ParallelSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ i: Int, _ value: T) { base[i] = value }
    func get(_ i: Int) -> T? { base[i] }
    func all() -> [T] { (0..<count).compactMap { base[$0] } }
}
