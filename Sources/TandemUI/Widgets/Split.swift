/// Divides a region in two: side by side with a gap, or one above the other with a divider row between.
enum Split {
    /// `left` cells wide on the left, the rest after `gap` cells on the right.
    static func columns(_ r: Rect, left: Int, gap: Int = 0) -> (left: Rect, right: Rect) {
        let l = min(max(0, left), r.width)
        let rightX = r.x + l + gap
        return (Rect(x: r.x, y: r.y, width: l, height: r.height), Rect(x: rightX, y: r.y, width: max(0, r.x + r.width - rightX), height: r.height))
    }

    /// `bottom` rows at the bottom, `divider` rows above them, the rest on top; `dividerY` is the divider's first row.
    static func rows(_ r: Rect, bottom: Int, divider: Int = 0) -> (top: Rect, dividerY: Int, bottom: Rect) {
        let bottomHeight = min(max(0, bottom), r.height)
        let bottomY = r.y + r.height - bottomHeight
        let topHeight = max(0, r.height - bottomHeight - divider)
        return (Rect(x: r.x, y: r.y, width: r.width, height: topHeight), bottomY - divider,
                Rect(x: r.x, y: bottomY, width: r.width, height: bottomHeight))
    }

    /// `top` rows on top, the rest below them.
    static func rows(_ r: Rect, top: Int) -> (top: Rect, bottom: Rect) {
        let t = min(max(0, top), r.height)
        return (Rect(x: r.x, y: r.y, width: r.width, height: t), Rect(x: r.x, y: r.y + t, width: r.width, height: r.height - t))
    }
}
