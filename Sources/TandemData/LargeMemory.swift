#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Column-sized memory. Large blocks are anonymous maps: untouched pages
/// cost nothing, which lets the reader reserve a region per column before
/// it knows the type.
///
/// No transparent huge pages: on this project's VMs a fresh 2 MiB page is
/// backed by the host at ~450 MB/s against ~2.4 GB/s for 4 KiB pages
/// (measured with a 200 MB touch loop), and a one-shot read pays that in full.
struct LargeBlock: @unchecked Sendable {
    static let mapThreshold = 2 << 20

    let base: UnsafeMutableRawPointer
    let byteCount: Int
    private let mapped: Bool
    /// Which use this block serves, so a freed block goes back to the same use
    /// (a repeated read then touches exactly the pages the last one did).
    let role: Int

    /// `role`: a caller-chosen tag; blocks are reused only by the same size and role.
    init(byteCount: Int, role: Int = -1) {
        let bytes = max(byteCount, 1)
        self.byteCount = bytes
        self.role = role
        if bytes >= Self.mapThreshold {
            if let reused = LargeBlockPool.shared.take(byteCount: bytes, role: role) {
                base = reused
                mapped = true
                return
            }
            if let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
                base = p
                mapped = true
                return
            }
        }
        base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        mapped = false
    }

    func free() {
        guard mapped else { base.deallocate(); return }
        if !LargeBlockPool.shared.keep(base, byteCount: byteCount, role: role) { munmap(base, byteCount) }
    }
}

/// Freed large blocks, kept for the next block of the same size and role.
///
/// A fresh anonymous page is zeroed by the kernel on first touch; reading
/// the same file again (the bench's best-of-N, a re-opened challenge) would
/// pay that for every column every time. Kept blocks are marked MADV_FREE:
/// the kernel may still take their pages under memory pressure, and a write
/// to a page it did not take costs no fault. The pool holds at most
/// `limitBytes` of address space; beyond it blocks are unmapped.
final class LargeBlockPool: Sendable {
    static let shared = LargeBlockPool(limitBytes: 1 << 30)

    private struct Key: Hashable { let byteCount: Int; let role: Int }
    private struct State {
        var blocks: [Key: [UnsafeMutableRawPointer]] = [:]
        var bytes = 0
    }

    let limitBytes: Int
    private let state = Mutex(UnsafeSendableState(State()))

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// Bytes of address space held for reuse.
    var heldBytes: Int { state.withLock { $0.value.bytes } }

    func take(byteCount: Int, role: Int) -> UnsafeMutableRawPointer? {
        state.withLock { s in
            let key = Key(byteCount: byteCount, role: role)
            guard let p = s.value.blocks[key]?.popLast() else { return nil }
            s.value.bytes -= byteCount
            return p
        }
    }

    /// False when the pool is full: the caller unmaps the block.
    func keep(_ p: UnsafeMutableRawPointer, byteCount: Int, role: Int) -> Bool {
        guard heldBytes + byteCount <= limitBytes else { return false }
        // Before the block is visible to other threads: after it, a new owner's writes could be discarded.
        #if os(Linux)
        _ = madvise(p, byteCount, MADV_FREE)
        #endif
        return state.withLock { s in
            guard s.value.bytes + byteCount <= limitBytes else { return false }
            s.value.blocks[Key(byteCount: byteCount, role: role), default: []].append(p)
            s.value.bytes += byteCount
            return true
        }
    }
}

/// Raw pointers are not Sendable; the pool only hands them out under its lock.
private struct UnsafeSendableState<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
