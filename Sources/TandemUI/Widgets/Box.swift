/// A bordered, filled region with a title in its top border; what it holds is drawn in `inner`.
struct Box {
    var title: String
    var ascii = false

    /// The region inside the border.
    static func inner(_ r: Rect) -> Rect { Rect(x: r.x + 1, y: r.y + 1, width: max(0, r.width - 2), height: max(0, r.height - 2)) }

    /// Draws the border and the title over a cleared region, and returns the region inside.
    @discardableResult
    func draw(_ b: inout ScreenBuffer, _ r: Rect) -> Rect {
        let (w, h) = (r.width, r.height)
        b.fill(x: r.x, y: r.y, width: w, height: h, role: .normal)
        let (tl, tr, bl, br, hz, vt) = ascii ? ("+", "+", "+", "+", "-", "|") : ("┌", "┐", "└", "┘", "─", "│")
        b.put(tl + String(repeating: hz, count: max(0, w - 2)) + tr, x: r.x, y: r.y, role: .border)
        b.put(" " + title + " ", x: r.x + 2, y: r.y, role: .title, limit: w - 4)
        for row in 1..<max(1, h - 1) {
            b.put(vt, x: r.x, y: r.y + row, role: .border)
            b.put(vt, x: r.x + w - 1, y: r.y + row, role: .border)
        }
        b.put(bl + String(repeating: hz, count: max(0, w - 2)) + br, x: r.x, y: r.y + h - 1, role: .border)
        return Self.inner(r)
    }
}
