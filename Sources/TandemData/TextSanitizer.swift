/// Makes untrusted text (CSV cells, documents, LLM replies, notes) safe to
/// put on a terminal or into an export: escape sequences (CSI, OSC, DCS,
/// two-byte ESC forms) are removed whole, other C0/C1 controls and DEL are
/// dropped, tabs become spaces. Newlines survive only when asked for.
public func sanitizeForDisplay(_ text: String, keepNewlines: Bool = false, limit: Int? = nil) -> String {
    var out = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    var count = 0
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
        if let p = pending { pending = nil; return p }
        return scalars.next()
    }
    while let s = next() {
        if let limit, count >= limit {
            out.append("…")
            break
        }
        switch s.value {
        case 0x1B: // ESC
            guard let kind = next() else { break }
            switch kind {
            case "[": // CSI: parameters then one final byte 0x40–0x7E
                while let c = next() { if (0x40...0x7E).contains(c.value) { break } }
            case "]", "P", "X", "^", "_": // OSC / DCS / SOS / PM / APC: until BEL or ST
                while let c = next() {
                    if c.value == 0x07 { break }
                    if c.value == 0x1B { if let t = next(), t != "\\" { pending = t }; break }
                    if c.value == 0x9C { break }
                }
            default:
                break // two-byte escape such as ESC c: both bytes dropped
            }
        case 0x9B: // C1 CSI
            while let c = next() { if (0x40...0x7E).contains(c.value) { break } }
        case 0x9D: // C1 OSC
            while let c = next() { if c.value == 0x07 || c.value == 0x9C { break } }
        case 0x0A:
            out.append(keepNewlines ? "\n" : " "); count += 1
        case 0x09:
            out.append(" "); count += 1
        case 0x0D:
            if !keepNewlines { out.append(" "); count += 1 }
        case 0x00...0x1F, 0x7F, 0x80...0x9F:
            break
        case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069:
            break // zero-width and bidirectional overrides can disguise text
        default:
            out.append(s); count += 1
        }
    }
    return String(out)
}
