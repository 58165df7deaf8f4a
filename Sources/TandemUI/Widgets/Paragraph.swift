/// Lines of text, each in its role, drawn from the top of a region; `wrapping` reflows prose to the region's width.
/// A selected line is filled across the region, as a list's selection is.
struct Paragraph {
    struct Line {
        var text: String
        var role: Role = .normal
    }

    var lines: [Line]
    /// Cells left free at the left and at the right of every line.
    var indent = 0
    var margin = 0

    init(_ lines: [Line], indent: Int = 0, margin: Int = 0) {
        self.lines = lines
        self.indent = indent
        self.margin = margin
    }

    init(_ pairs: [(String, Role)], indent: Int = 0, margin: Int = 0) {
        self.init(pairs.map { Line(text: $0.0, role: $0.1) }, indent: indent, margin: margin)
    }

    /// Prose as lines no wider than `width`: single line breaks reflow, blank lines separate paragraphs.
    static func wrapping(_ text: String, width: Int, role: Role = .normal) -> [Line] {
        Wrap.lines(text, width: width).map { Line(text: $0, role: role) }
    }

    /// Draws the lines that fit in `r`; the rest are cut.
    func draw(_ b: inout ScreenBuffer, _ r: Rect) {
        for (k, line) in lines.prefix(max(0, r.height)).enumerated() {
            if line.role == .selected { b.fill(x: r.x, y: r.y + k, width: r.width, height: 1, role: .selected) }
            b.put(line.text, x: r.x + indent, y: r.y + k, role: line.role, limit: max(0, r.width - indent - margin))
        }
    }
}
