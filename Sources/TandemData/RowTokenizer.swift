/// Splits one CSV row into unescaped fields, sequentially. Used for the
/// header and for error messages, never on the hot path.
enum RowTokenizer {
    struct Row {
        var fields: [[UInt8]]
        /// Offset just past the row's line break, relative to `base`.
        var length: Int
        var unterminatedQuoteAt: Int?
        var textAfterQuoteAt: Int?
    }

    static func fields(base: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, limit: Int = .max) -> Row {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var p = base
        let stop = min(end, base + min(limit, end - base))
        var row = Row(fields: [], length: 0)
        while true {
            field.removeAll(keepingCapacity: true)
            if p < stop, p.pointee == UInt8(ascii: "\"") {
                let open = p
                p += 1
                while true {
                    guard p < stop else { row.unterminatedQuoteAt = open - base; row.fields = fields + [field]; row.length = p - base; return row }
                    if p.pointee == UInt8(ascii: "\"") {
                        if p + 1 < stop, p[1] == UInt8(ascii: "\"") { field.append(UInt8(ascii: "\"")); p += 2; continue }
                        p += 1
                        break
                    }
                    field.append(p.pointee)
                    p += 1
                }
                if p < stop, p.pointee != UInt8(ascii: ","), p.pointee != UInt8(ascii: "\n"), p.pointee != UInt8(ascii: "\r") {
                    row.textAfterQuoteAt = p - base
                    while p < stop, p.pointee != UInt8(ascii: ","), p.pointee != UInt8(ascii: "\n") { field.append(p.pointee); p += 1 }
                }
            } else {
                while p < stop, p.pointee != UInt8(ascii: ","), p.pointee != UInt8(ascii: "\n"), p.pointee != UInt8(ascii: "\r") {
                    field.append(p.pointee)
                    p += 1
                }
            }
            fields.append(field)
            if p >= stop { break }
            if p.pointee == UInt8(ascii: ",") { p += 1; continue }
            if p.pointee == UInt8(ascii: "\r") { p += 1 }
            if p < stop, p.pointee == UInt8(ascii: "\n") { p += 1 }
            break
        }
        row.fields = fields
        row.length = p - base
        return row
    }
}
