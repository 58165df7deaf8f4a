#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level number parsing for the CSV hot path.
///
/// Floats use Clinger's fast path (mantissa below 2^53 and a power of ten
/// up to 22 are both exact doubles, so one multiply or divide is correctly
/// rounded); anything else falls back to `strtod`, so every result is the
/// correctly rounded value.
enum NumberParsing {
    @inline(__always)
    static func byteRun(_ q: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, into m: inout UInt64) -> Int {
        var n = 0
        while q < end {
            let d = q.pointee &- 48
            if d >= 10 { break }
            m = m &* 10 &+ UInt64(d)
            q += 1
            n &+= 1
        }
        return n
    }

    /// 10^e for 0 ≤ e ≤ 22, all exact doubles (a switch, not a global array:
    /// globals cost a lazy-initialisation check on every access).
    @inline(__always)
    static func exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0; case 1: 1e1; case 2: 1e2; case 3: 1e3; case 4: 1e4; case 5: 1e5
        case 6: 1e6; case 7: 1e7; case 8: 1e8; case 9: 1e9; case 10: 1e10; case 11: 1e11
        case 12: 1e12; case 13: 1e13; case 14: 1e14; case 15: 1e15; case 16: 1e16
        case 17: 1e17; case 18: 1e18; case 19: 1e19; case 20: 1e20; case 21: 1e21; default: 1e22
        }
    }

    /// Parses `[p, end)` entirely as a base-10 Int64 with optional sign.
    @inline(__always)
    static func parseInt(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64? {
        var q = p
        guard q < end else { return nil }
        var negative = false
        if q.pointee == UInt8(ascii: "-") { negative = true; q += 1 } else if q.pointee == UInt8(ascii: "+") { q += 1 }
        guard q < end, end - q <= 18 else {
            return end - q > 18 ? slowInt(p, end) : nil
        }
        var value: Int64 = 0
        while q < end {
            let d = q.pointee &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int64(d)
            q += 1
        }
        return negative ? -value : value
    }

    /// 19-digit values may still fit Int64; check overflow explicitly.
    private static func slowInt(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64? {
        var q = p
        var negative = false
        if q.pointee == UInt8(ascii: "-") { negative = true; q += 1 } else if q.pointee == UInt8(ascii: "+") { q += 1 }
        guard q < end else { return nil }
        var value: Int64 = 0
        while q < end {
            let d = q.pointee &- 48
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s
            q += 1
        }
        return value
    }

    /// Parses `[p, end)` entirely as a decimal floating-point number
    /// (`-1.5`, `.5`, `3.`, `1e-7`, `inf`). Returns nil for anything else.
    @inline(__always)
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        if let (v, stop) = scanDouble(p, end), stop == end { return v }
        return specialValue(p, end)
    }

    /// Reads the longest decimal number at `p` (not past `end`) and returns
    /// it with the position where it stopped; nil when no digits start there.
    /// Lets the CSV parser read a numeric field in the same pass that finds its end.
    @inline(__always)
    static func scanDouble(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (Double, UnsafePointer<UInt8>)? {
        var q = p
        guard q < end else { return nil }
        var negative = false
        if q.pointee == UInt8(ascii: "-") { negative = true; q += 1 } else if q.pointee == UInt8(ascii: "+") { q += 1 }
        var mantissa: UInt64 = 0
        var digits = byteRun(&q, end, into: &mantissa)
        var exponent = 0
        if q < end, q.pointee == UInt8(ascii: ".") {
            q += 1
            let fraction = byteRun(&q, end, into: &mantissa)
            digits += fraction
            exponent = -fraction
        }
        guard digits > 0 else { return nil }
        if q < end, q.pointee | 0x20 == UInt8(ascii: "e") {
            q += 1
            var expNegative = false
            if q < end, q.pointee == UInt8(ascii: "-") { expNegative = true; q += 1 } else if q < end, q.pointee == UInt8(ascii: "+") { q += 1 }
            var e = 0
            var expDigits = 0
            while q < end {
                let d = q.pointee &- 48
                if d >= 10 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                expDigits += 1
                q += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        // Clinger's fast path: at most 19 digits, an exact mantissa and an exact power of ten.
        if digits <= 19, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= exactPowerOfTen(-exponent) } else if exponent > 0 { v *= exactPowerOfTen(exponent) }
            return (negative ? -v : v, q)
        }
        return strtodFallback(p, q).map { ($0, q) }
    }

    /// Reads an optionally signed run of at most 18 digits at `p`; returns it and where it stopped.
    @inline(__always)
    static func scanInt(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (Int64, UnsafePointer<UInt8>)? {
        var q = p
        var negative = false
        if q < end, q.pointee == UInt8(ascii: "-") { negative = true; q += 1 }
        var magnitude: UInt64 = 0
        let n = byteRun(&q, end, into: &magnitude)
        guard n > 0, n <= 18 else { return nil }
        let value = Int64(bitPattern: magnitude)
        return (negative ? -value : value, q)
    }

    private static func specialValue(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(start: p, count: end - p), as: UTF8.self).lowercased()
        switch text {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    private static func strtodFallback(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        let n = end - p
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
            guard let base = buf.baseAddress else { return nil }
            UnsafeMutableRawPointer(base).copyMemory(from: p, byteCount: n)
            base[n] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &stop)
            guard let stop, stop == base + n else { return nil }
            return v
        }
    }
}
