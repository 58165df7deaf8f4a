/// A list with a selection: it scrolls so that the selection is always on screen, keeping the caller's scroll when
/// the selection is already visible (panes keep theirs; dialogs keep none and pass 0).
struct ListView {
    /// A run of text in one role; on the selected row it takes the selection's role unless it keeps its own (a
    /// warning that must stay visible).
    struct Span {
        var text: String
        var role: Role = .normal
        var keepsRole = false
    }

    struct Item {
        var spans: [Span]

        init(text: String, role: Role = .normal) { spans = [Span(text: text, role: role)] }
        init(spans: [Span]) { self.spans = spans }
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

    /// Draws the visible items in `r`, `indent` cells in and `margin` cells short of the right edge; the selected row
    /// is filled across the width.
    func draw(_ b: inout ScreenBuffer, _ r: Rect, indent: Int = 1, margin: Int = 0) {
        for (line, i) in visible(height: r.height).enumerated() {
            let y = r.y + line, isSelected = i == selected
            if isSelected { b.fill(x: r.x, y: y, width: r.width, height: 1, role: .selected) }
            var x = r.x + indent
            for span in items[i].spans {
                let role: Role = isSelected && !span.keepsRole ? .selected : span.role
                x += b.put(span.text, x: x, y: y, role: role, limit: max(0, r.x + r.width - x - margin))
            }
        }
    }
}
