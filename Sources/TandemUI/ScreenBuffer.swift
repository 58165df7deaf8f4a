/// What a cell means; the theme turns a role into colours and attributes,
/// so views never name colours.
public enum Role: String, CaseIterable, Sendable, Codable {
    case normal, header, footer, title, selected, dim, accent, good, bad, warning, tainted, key, border, notice
}

/// One screen cell: a character (or the right half of a wide one) and its role.
public struct Cell: Equatable, Sendable {
    public var text: Character
    public var role: Role
    /// The right half of a double-width character: drawn by the cell to its left.
    public var continuation: Bool

    public static let blank = Cell(text: " ", role: .normal, continuation: false)
}

/// The screen as a grid of cells: views draw here, tests compare it, and
/// only TandemTerminal copies it (the changed cells) to the terminal.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Columns a character takes in a terminal: 2 for East Asian wide and emoji, 0 for combining marks.
    public static func columns(_ c: Character) -> Int {
        guard let s = c.unicodeScalars.first else { return 0 }
        let v = s.value
        if s.properties.generalCategory == .nonspacingMark || s.properties.generalCategory == .enclosingMark { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
            || (0x20000...0x3FFFD).contains(v) { return 2 }
        return 1
    }

    public static func columns(_ s: String) -> Int { s.reduce(0) { $0 + columns($1) } }

    /// Writes text from (x, y), clipped at `limit` columns (default: the right edge). Returns the columns used.
    /// Control characters never reach a cell: they are shown as `?` (text is sanitised before, this is the last guard).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, x + (limit ?? width))
        var col = x
        for ch in text {
            let w = Self.columns(ch)
            if w == 0 { continue }
            if col + w > end { break }
            let shown: Character = ch.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } ? "?" : ch
            if col >= 0 {
                cells[y * width + col] = Cell(text: shown, role: role, continuation: false)
                if w == 2 { cells[y * width + col + 1] = Cell(text: " ", role: role, continuation: true) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with blanks of a role.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, role: Role = .normal) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { cells[row * width + col] = Cell(text: " ", role: role, continuation: false) }
        }
    }

    /// Text padded (or cut) to exactly `width` columns.
    public static func fit(_ s: String, _ width: Int) -> String {
        var out = "", used = 0
        for ch in s {
            let w = columns(ch)
            if used + w > width { break }
            out.append(ch)
            used += w
        }
        if used < width { out += String(repeating: " ", count: width - used) }
        return out
    }

    /// The buffer as text lines (trailing spaces kept), for snapshot tests.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].continuation { line.append(self[x, y].text) }
            return line
        }
    }
}
