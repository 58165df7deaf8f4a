/// Counts the rows of a segment the way the parser will see them: line
/// breaks outside quoted fields, blank lines skipped. A file whose rows end
/// in a lone CR, or that has stray quotes, counts differently; the parser
/// notices the mismatch and the reader falls back to a sequential pass.
/// (libc's vectorised memchr beats a word-at-a-time loop here.)
enum CSVRowCounter {
    static func count(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var rows = 0
        var i = from
        var lineStart = from
        func offset(_ hit: UnsafeMutableRawPointer?) -> Int? { hit.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } }
        func isBlank(_ s: Int, _ e: Int) -> Bool { e == s || (e == s + 1 && base[s] == 0x0D) }
        while i < to {
            let nl = offset(memchr(base + i, 0x0A, to - i)) ?? to
            if let q = offset(memchr(base + i, 0x22, nl - i)) {
                var j = q + 1
                while true {
                    guard let c = offset(memchr(base + j, 0x22, to - j)) else { return rows + 1 } // unterminated: the parser reports it
                    if c + 1 < to, base[c + 1] == 0x22 { j = c + 2; continue }
                    i = c + 1
                    break
                }
                continue
            }
            if !isBlank(lineStart, nl) { rows += 1 }
            i = nl + 1
            lineStart = i
        }
        return rows
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
