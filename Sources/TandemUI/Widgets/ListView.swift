/// A list with a selection: it scrolls so that the selection is always on screen, keeping the caller's scroll when
/// the selection is already visible (panes keep theirs; dialogs keep none and pass 0).
struct ListView {
    struct Item {
        var text: String
        var role: Role = .normal
    }

    var items: [Item]
    var selected: Int?
    var top = 0

    /// The first item shown in `height` rows: `current`, moved just enough to show `selected`.
    static func top(showing selected: Int?, current: Int, count: Int, height: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        var top = min(max(0, current), count - height)
        if let selected {
            if selected < top { top = selected }
            if selected >= top + height { top = selected - height + 1 }
        }
        return max(0, top)
    }

    /// The indices shown in `height` rows.
    func visible(height: Int) -> Range<Int> { Self.visible(count: items.count, selected: selected, top: top, height: height) }

    static func visible(count: Int, selected: Int?, top: Int = 0, height: Int) -> Range<Int> {
        let first = Self.top(showing: selected, current: top, count: count, height: height)
        return first..<min(count, first + max(0, height))
    }

    /// Draws the visible items in `r`; the selected row is filled across the width.
    func draw(_ b: inout ScreenBuffer, _ r: Rect, indent: Int = 1) {
        for (line, i) in visible(height: r.height).enumerated() {
            let y = r.y + line, item = items[i]
            let role: Role = i == selected ? .selected : item.role
            if i == selected { b.fill(x: r.x, y: y, width: r.width, height: 1, role: .selected) }
            b.put(item.text, x: r.x + indent, y: y, role: role, limit: max(0, r.width - indent))
        }
    }
}
