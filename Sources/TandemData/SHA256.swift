import CSHA256

/// SHA-256 (FIPS 180-4). In-house: the chosen package set has no crypto
/// library, and recipes' fingerprints and the event log's hash chain need only
/// this one digest. The compression function is C (CSHA256: SHA-NI or portable).
public struct SHA256: Sendable {
    private var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var pending: [UInt8] = []
    private var compressedBlocks: UInt64 = 0
    private var totalBytes: UInt64 { compressedBlocks * 64 + UInt64(pending.count) }

    public init() {}

    /// Whether this process hashes with the CPU's SHA extensions (else portable C).
    public static var usesSHAExtensions: Bool { tandem_sha256_uses_sha_ni() != 0 }

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(buffer: $0) }) { return done }
        Array(bytes).withUnsafeBufferPointer { update(buffer: $0) }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { update(buffer: $0) } }

    /// Whole 64-byte blocks straight from the buffer, in one call; only the tail is kept.
    public mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
        var i = 0
        if !pending.isEmpty {
            i = min(64 - pending.count, buffer.count)
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<i]))
            if pending.count == 64 {
                pending.withUnsafeBufferPointer { compress($0.baseAddress.unsafelyUnwrapped, blocks: 1) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let whole = (buffer.count - i) / 64
        if whole > 0, let base = buffer.baseAddress {
            compress(base + i, blocks: whole)
            i += whole * 64
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
        tail.withUnsafeBufferPointer { t in compress(t.baseAddress.unsafelyUnwrapped, blocks: t.count / 64) }
        var digest = [UInt8](repeating: 0, count: 32)
        for (i, w) in h.enumerated() {
            digest[4 * i] = UInt8(truncatingIfNeeded: w &>> 24)
            digest[4 * i + 1] = UInt8(truncatingIfNeeded: w &>> 16)
            digest[4 * i + 2] = UInt8(truncatingIfNeeded: w &>> 8)
            digest[4 * i + 3] = UInt8(truncatingIfNeeded: w)
        }
        return digest
    }

    private mutating func compress(_ blocks: UnsafePointer<UInt8>, blocks count: Int) {
        compressedBlocks &+= UInt64(count)
        h.withUnsafeMutableBufferPointer { tandem_sha256_blocks($0.baseAddress.unsafelyUnwrapped, blocks, count) }
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

