#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Column-sized memory. Large blocks are anonymous maps marked for
/// transparent huge pages, so filling a million-row column costs a few
/// faults instead of thousands; untouched pages cost nothing, which lets
/// the reader reserve a region per column before it knows the type.
struct LargeBlock: @unchecked Sendable {
    static let mapThreshold = 2 << 20

    let base: UnsafeMutableRawPointer
    let byteCount: Int
    private let mapped: Bool

    init(byteCount: Int) {
        let bytes = max(byteCount, 1)
        self.byteCount = bytes
        if bytes >= Self.mapThreshold,
           let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
            #if os(Linux)
            _ = madvise(p, bytes, MADV_HUGEPAGE)
            #endif
            base = p
            mapped = true
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
            mapped = false
        }
    }

    func free() {
        if mapped { munmap(base, byteCount) } else { base.deallocate() }
    }
}
