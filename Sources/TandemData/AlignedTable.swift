/// Rows of cells as aligned plain text, two spaces between columns; the
/// first row is the header. Cells are expected to be sanitised already.
public func alignedTable(_ rows: [[String]], indent: String = "") -> String {
    guard let first = rows.first else { return "" }
    var widths = [Int](repeating: 0, count: first.count)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    var out = ""
    for r in rows {
        var line = indent
        for (i, c) in r.enumerated() where i < widths.count {
            line += c + String(repeating: " ", count: widths[i] - c.count + (i + 1 < widths.count ? 2 : 0))
        }
        while line.hasSuffix(" ") { line.removeLast() }
        out += line + "\n"
    }
    return out
}
