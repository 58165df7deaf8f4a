/// Fixed-size storage for one column's values.
///
/// A class rather than an `Array` so the CSV reader can fill it from
/// several threads without copy-on-write checks, and so later stages read
/// plain memory. It is written only while being built and is immutable once
/// published, hence `@unchecked Sendable`.
public final class ColumnBuffer<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    public let count: Int
    private let block: LargeBlock

    /// Uninitialised storage; the builder must write every element.
    init(uninitializedCount count: Int) {
        self.count = count
        block = LargeBlock(byteCount: count * MemoryLayout<Element>.stride)
        base = block.base.bindMemory(to: Element.self, capacity: count)
    }

    /// Takes ownership of a block the reader has already filled.
    init(adopting block: LargeBlock, count: Int) {
        self.count = count
        self.block = block
        base = block.base.bindMemory(to: Element.self, capacity: count)
    }

    public convenience init(repeating value: Element, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    public convenience init<S: Collection>(_ values: S) where S.Element == Element {
        self.init(uninitializedCount: values.count)
        var i = 0
        for v in values { base[i] = v; i += 1 }
    }

    deinit { block.free() }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "ColumnBuffer index out of range")
        return base[i]
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

/// A growable buffer with manual lifetime, for the hot parsing loop: no
/// reference counting and no uniqueness checks per append. The owner calls
/// `free()` exactly once. A *borrowed* buffer writes into memory someone
/// else owns (a slice of a final column) and never grows: an append past
/// its capacity is dropped and flagged instead.
struct GrowBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private(set) var capacity = 0
    private(set) var borrowed = false
    private(set) var overflowed = false

    init() {}

    init(borrowing base: UnsafeMutablePointer<Element>, capacity: Int) {
        self.base = base
        self.capacity = capacity
        borrowed = true
    }

    mutating func reserve(_ wanted: Int) {
        guard wanted > capacity, !borrowed else { return }
        let newCapacity = Swift.max(wanted, 16)
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let old = base {
            fresh.update(from: old, count: count)
            old.deallocate()
        }
        base = fresh
        capacity = newCapacity
    }

    @inline(__always) mutating func append(_ value: Element) {
        if count == capacity {
            if borrowed { overflowed = true; return }
            reserve(Swift.max(capacity &* 2, 16))
        }
        base.unsafelyUnwrapped[count] = value
        count &+= 1
    }

    mutating func append(contentsOf pointer: UnsafePointer<Element>, count n: Int) {
        guard n > 0 else { return }
        if count + n > capacity {
            if borrowed { overflowed = true; return }
            reserve(Swift.max(capacity * 2, count + n))
        }
        (base.unsafelyUnwrapped + count).update(from: pointer, count: n)
        count += n
    }

    mutating func removeAll() { count = 0 }

    /// For a borrowed buffer whose slots were filled through another view of the same memory.
    mutating func setCount(_ n: Int) { count = Swift.min(n, capacity) }

    subscript(i: Int) -> Element {
        get { base.unsafelyUnwrapped[i] }
        nonmutating set { base.unsafelyUnwrapped[i] = newValue }
    }

    mutating func free() {
        if !borrowed {
            base?.deallocate()
            base = nil
            capacity = 0
        }
        count = 0
    }
}
