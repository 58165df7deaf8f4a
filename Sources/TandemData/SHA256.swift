/// SHA-256 (FIPS 180-4). A small in-house implementation: the chosen package
/// set has no crypto library, and recipes' fingerprints and the event log's
/// hash chain need only this one digest.
public struct SHA256: Sendable {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    private var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var pending: [UInt8] = []

    public init() {}

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(buffer: $0) }) { return done }
        Array(bytes).withUnsafeBufferPointer { update(buffer: $0) }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { update(buffer: $0) } }

    /// Whole 64-byte blocks straight from the buffer; only the tail is kept.
    public mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
        var i = 0
        if !pending.isEmpty {
            i = min(64 - pending.count, buffer.count)
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<i]))
            if pending.count == 64 { pending.withUnsafeBufferPointer { compress($0.baseAddress.unsafelyUnwrapped) }; pending.removeAll(keepingCapacity: true) }
        }
        if let base = buffer.baseAddress {
            while i + 64 <= buffer.count { compress(base + i); i += 64 }
        }
        if i < buffer.count { pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...])) }
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        var tail = pending
        tail.reserveCapacity(128)
        tail.append(0x80)
        tail.append(contentsOf: repeatElement(0, count: (56 - tail.count % 64 + 64) % 64))
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        tail.withUnsafeBufferPointer { t in
            for start in stride(from: 0, to: t.count, by: 64) { compress(t.baseAddress.unsafelyUnwrapped + start) }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        for (i, w) in h.enumerated() {
            digest[4 * i] = UInt8(truncatingIfNeeded: w &>> 24)
            digest[4 * i + 1] = UInt8(truncatingIfNeeded: w &>> 16)
            digest[4 * i + 2] = UInt8(truncatingIfNeeded: w &>> 8)
            digest[4 * i + 3] = UInt8(truncatingIfNeeded: w)
        }
        return digest
    }

    private var compressedBlocks: UInt64 = 0
    private var totalBytes: UInt64 { compressedBlocks * 64 + UInt64(pending.count) }

    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        compressedBlocks &+= 1
        // The message schedule lives on the stack: no allocation per block.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            h.withUnsafeMutableBufferPointer { h in
                Self.k.withUnsafeBufferPointer { k in
                    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                    for i in 0..<64 {
                        let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                        let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
                }
            }
        }
    }

    /// The digest as 64 lower-case hex digits.
    public mutating func finalizeHex() -> String { Self.hexString(finalize()) }

    /// Bytes as lower-case hex.
    public static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, b) in bytes.enumerated() {
                out[2 * i] = digits[Int(b >> 4)]
                out[2 * i + 1] = digits[Int(b & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// Lower-case hex digest of some bytes.
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}

extension UInt32 {
    @inline(__always) func rotatedRight(_ n: UInt32) -> UInt32 { (self &>> n) | (self &<< (32 &- n)) }   // masking shifts: no over-shift checks in the hot loop
}
