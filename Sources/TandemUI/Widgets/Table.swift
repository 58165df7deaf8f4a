/// A table over a virtual row source: the first `frozen` columns stay put while the others scroll sideways, the
/// header says how many columns are off screen on either side, and only the visible cells are asked for, so a
/// million rows draw as fast as ten.
struct Table {
    struct Column: Equatable {
        var title: String
        var width: Int
        var rightAligned = false
    }

    /// One column on screen: where it starts and how many cells it gets (fewer than its width when cut at the edge).
    struct Placed: Equatable {
        var column: Int
        var x: Int
        var width: Int
    }

    struct Layout: Equatable {
        var placed: [Placed]
        var hiddenLeft: Int
        var hiddenRight: Int
        /// Where the separator after the frozen columns goes, if any.
        var separator: Int?
    }

    var columns: [Column]
    var frozen = 0
    /// The first scrolling column shown.
    var offset = 0
    var selectedColumn: Int?
    var ascii = false

    /// The columns that fit in `width` cells from x = 0: the frozen ones, a separator, then from `offset` on,
    /// one space apart. A scrolling column too wide for what is left is shown cut only when it would be the first.
    func layout(width: Int) -> Layout {
        var placed: [Placed] = [], x = 0, separator: Int?
        let frozenCount = min(frozen, columns.count)
        for c in 0..<frozenCount where x + columns[c].width <= width {
            placed.append(Placed(column: c, x: x, width: columns[c].width))
            x += columns[c].width + 1
        }
        if !placed.isEmpty, frozenCount < columns.count {
            separator = x
            x += 2
        }
        let first = min(max(offset, frozenCount), columns.count)
        var last = first - 1
        for c in first..<columns.count {
            let room = width - x
            if columns[c].width <= room {
                placed.append(Placed(column: c, x: x, width: columns[c].width))
            } else if c == first, room >= 3 {
                placed.append(Placed(column: c, x: x, width: room))
            } else {
                break
            }
            last = c
            x += columns[c].width + 1
        }
        let hiddenRight = columns.count - 1 - max(last, frozenCount - 1)
        return Layout(placed: placed, hiddenLeft: first - frozenCount, hiddenRight: hiddenRight, separator: separator)
    }

    /// The layout as drawn: when columns are hidden on the right, room is kept for the indicator, so it never covers
    /// a title.
    func fitted(width: Int) -> Layout {
        let full = layout(width: width)
        guard full.hiddenRight > 0 else { return full }
        return layout(width: max(0, width - String(full.hiddenRight).count - 2))
    }

    /// The offset nearest to `offset` at which `column` is fully on screen (a frozen column always is).
    func offset(showing column: Int, width: Int) -> Int {
        var t = self
        t.offset = max(frozen, min(offset, column))
        guard column >= frozen, column < columns.count else { return t.offset }
        func whole(_ t: Table) -> Bool {
            t.fitted(width: width).placed.contains { $0.column == column && $0.width == columns[column].width }
        }
        while t.offset < column, !whole(t) { t.offset += 1 }
        return t.offset
    }

    /// The header and `rows` rows from `top`, in `r`; `label` is the row's left margin (`labelWidth` cells), `cell`
    /// a cell's text (nil when missing). The selected row is highlighted, and its selected cell stands out in it.
    func draw(_ b: inout ScreenBuffer, _ r: Rect, labelWidth: Int, top: Int, rows: Int, selectedRow: Int?,
              label: (Int) -> String, cell: (_ row: Int, _ column: Int) -> String?) {
        let area = max(0, r.width - labelWidth)
        let layout = fitted(width: area)
        let x0 = r.x + labelWidth
        for p in layout.placed {
            let role: Role = p.column == selectedColumn ? .accent : .title
            b.put(Self.fit(columns[p.column].title, p.width, right: false, ascii: ascii), x: x0 + p.x, y: r.y, role: role)
        }
        if layout.hiddenLeft > 0 {
            b.put((ascii ? "<" : "◀") + String(layout.hiddenLeft), x: r.x, y: r.y, role: .accent, limit: labelWidth - 1)
        }
        if let s = layout.separator { b.put(ascii ? "|" : "│", x: x0 + s, y: r.y, role: .title) }
        if layout.hiddenRight > 0 {
            let text = String(layout.hiddenRight) + (ascii ? ">" : "▶")
            b.put(text, x: r.x + r.width - text.count, y: r.y, role: .accent)
        }
        for line in 0..<max(0, min(rows, r.height - 1)) {
            let row = top + line, y = r.y + 1 + line
            let selected = row == selectedRow
            if selected { b.fill(x: r.x, y: y, width: r.width, height: 1, role: .selected) }
            let labelRole: Role = selected ? .selected : .dim
            b.put(Self.fit(label(row), labelWidth - 1, right: false, ascii: ascii), x: r.x, y: y, role: labelRole)
            for p in layout.placed {
                let value = cell(row, p.column)
                let role: Role = selected ? (p.column == selectedColumn ? .accent : .selected) : (value == nil ? .dim : .normal)
                let text = Self.fit(value ?? (ascii ? "." : "·"), p.width, right: columns[p.column].rightAligned, ascii: ascii)
                b.put(text, x: x0 + p.x, y: y, role: role)
            }
            if let s = layout.separator { b.put(ascii ? "|" : "│", x: x0 + s, y: y, role: selected ? .selected : .border) }
        }
    }

    /// Exactly `width` cells: cut with an ellipsis when too long, padded on the left for numbers.
    static func fit(_ s: String, _ width: Int, right: Bool, ascii: Bool) -> String {
        guard width > 0 else { return "" }
        if ScreenBuffer.columns(s) > width { return ScreenBuffer.fit(s, width - 1) + (ascii ? "~" : "…") }
        let pad = String(repeating: " ", count: width - ScreenBuffer.columns(s))
        return right ? pad + s : s + pad
    }
}
