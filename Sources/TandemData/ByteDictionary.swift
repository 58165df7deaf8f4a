/// Interns byte strings to dense Int32 codes in first-seen order.
///
/// Open addressing over a power-of-two table; keys live in one arena. Manual
/// lifetime like `GrowBuffer`: the owner calls `free()`.
struct ByteDictionary {
    private(set) var arena = GrowBuffer<UInt8>()
    private(set) var starts = GrowBuffer<Int>()   // count + 1 offsets into arena
    private var hashes = GrowBuffer<UInt64>()
    private var table: UnsafeMutablePointer<Int32>
    private var mask: Int

    init() {
        mask = 63
        table = .allocate(capacity: 64)
        table.initialize(repeating: -1, count: 64)
        starts.append(0)
    }

    var count: Int { starts.count - 1 }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        }
        // Full avalanche: the table slot takes the low bits, and values that
        // differ only in their last bytes ("sku-0418", "sku-0419") must still
        // spread (a single shift left them in a handful of slots).
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    @inline(__always)
    private func equals(_ code: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let s = starts[Int(code)], e = starts[Int(code) + 1]
        guard e - s == n else { return false }
        guard let base = arena.base else { return n == 0 }
        // Category values are short: compare inline rather than call memcmp.
        let a = base + s
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self) != UnsafeRawPointer(p).loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n { if a[i] != p[i] { return false }; i += 1 }
        return true
    }

    /// The code of `[p, p+n)`, adding it when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        let h = Self.hash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let code = table[slot]
            if code < 0 { break }
            if hashes[Int(code)] == h, equals(code, p, n) { return code }
            slot = (slot &+ 1) & mask
        }
        let code = Int32(count)
        arena.append(contentsOf: p, count: n)
        starts.append(arena.count)
        hashes.append(h)
        table[slot] = code
        if count * 2 > mask { grow() }
        return code
    }

    private mutating func grow() {
        let newSize = (mask + 1) * 2
        table.deallocate()
        table = .allocate(capacity: newSize)
        table.initialize(repeating: -1, count: newSize)
        mask = newSize - 1
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(code)
        }
    }

    /// The bytes of one entry.
    func entry(_ code: Int) -> UnsafeBufferPointer<UInt8> {
        let s = starts[code], e = starts[code + 1]
        guard let base = arena.base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + s, count: e - s)
    }

    func string(_ code: Int) -> String { String(decoding: entry(code), as: UTF8.self) }

    mutating func free() {
        arena.free(); starts.free(); hashes.free()
        if mask >= 0 { table.deallocate() }
        mask = -1 // freed: the dictionary must not be used again
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
