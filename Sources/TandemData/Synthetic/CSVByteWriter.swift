#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered byte writer for generating large CSV files quickly.
public final class CSVByteWriter {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private var writeError: Int32 = 0
    public let path: String

    public init(path: String) throws(CSVError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CSVError(path: path, line: nil, reason: .cannotOpen(String(cString: strerror(errno)))) }
        buffer.reserveCapacity(1 << 20)
    }

    public func text(_ s: String) { buffer.append(contentsOf: s.utf8); flushIfFull() }

    /// A field quoted per RFC 4180 when it needs to be.
    public func field(_ s: String) {
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            buffer.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                if b == UInt8(ascii: "\"") { buffer.append(b) }
                buffer.append(b)
            }
            buffer.append(UInt8(ascii: "\""))
        } else {
            buffer.append(contentsOf: s.utf8)
        }
    }

    public func comma() { buffer.append(UInt8(ascii: ",")) }
    public func newline() { buffer.append(UInt8(ascii: "\n")); flushIfFull() }

    public func int(_ v: Int) {
        if v < 0 { buffer.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + m % 10); m /= 10; n += 1 } while m > 0
            while n > 0 { n -= 1; buffer.append(d[n]) }
        }
    }

    /// Fixed-point decimal with `decimals` places (trailing zeros kept, as data files do).
    public func fixed(_ v: Double, decimals: Int) {
        guard v.isFinite else { text("NaN"); return }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        if v < 0, scaled > 0 { buffer.append(UInt8(ascii: "-")) }
        let whole = Int(scaled / scale)
        int(whole)
        if decimals > 0 {
            buffer.append(UInt8(ascii: "."))
            var frac = Int(scaled - Double(whole) * scale)
            var digits = [UInt8](repeating: 48, count: decimals)
            for i in stride(from: decimals - 1, through: 0, by: -1) { digits[i] = UInt8(48 + frac % 10); frac /= 10 }
            buffer.append(contentsOf: digits)
        }
    }

    private func flushIfFull() { if buffer.count >= 1 << 20 { flush() } }

    public func flush() {
        buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress.map { $0 + done }, raw.count - done)
                if n <= 0 { writeError = errno; break }
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws(CSVError) {
        flush()
        _ = Glibc.close(fd)
        if writeError != 0 { throw CSVError(path: path, line: nil, reason: .cannotOpen("write failed: " + String(cString: strerror(writeError)))) }
    }
}
