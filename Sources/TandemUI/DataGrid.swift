import TandemData

/// How the Data pane lays out a frame: the id column first and frozen, the others in file order, each as wide as its
/// name and the values of the first rows need (within bounds). Computed once per session; the frame never changes.
public struct DataGrid: Sendable {
    /// Frame column indices in display order.
    public let order: [Int]
    public let widths: [Int]
    /// 1 when the id column is frozen at the left, else 0.
    public let frozen: Int

    static let sampleRows = 200, minimumWidth = 3, maximumWidth = 28

    public init(frame: DataFrame, idColumn: String?) {
        let id = idColumn.flatMap { frame.columnIndex(named: $0) }
        order = (id.map { [$0] } ?? []) + frame.columns.indices.filter { $0 != id }
        frozen = id == nil ? 0 : 1
        let sample = min(frame.rowCount, Self.sampleRows)
        widths = order.map { c in
            let column = frame.columns[c]
            var w = ScreenBuffer.columns(sanitizeForDisplay(column.name, limit: 60))
            for row in 0..<sample {
                guard w < Self.maximumWidth, let v = column.string(at: row) else { continue }
                w = max(w, ScreenBuffer.columns(sanitizeForDisplay(v, limit: Self.maximumWidth + 1)))
            }
            return min(max(w, Self.minimumWidth), Self.maximumWidth)
        }
    }

    /// Frame rows in the order of one column (display index), ascending or descending; missing values last either
    /// way and ties in file order, so the order is the same on every machine.
    public func sortedRows(_ frame: DataFrame, by column: Int, descending: Bool) -> [Int] {
        let col = frame.columns[order[column]]
        var rows = Array(0..<frame.rowCount)
        func ordered<K: Comparable>(_ keys: [K?]) {
            rows.sort { a, b in
                switch (keys[a], keys[b]) {
                case let (x?, y?): return x == y ? a < b : (descending ? x > y : x < y)
                case (nil, nil): return a < b
                case (nil, _): return false
                case (_, nil): return true
                }
            }
        }
        switch col.storage {
        case .int, .float, .date: ordered(rows.map { col.double(at: $0) })
        case .category(let codes, let levels):
            // Levels ranked once: the rows compare by rank, not by string.
            let byName = levels.indices.sorted { levels[$0] < levels[$1] }
            let ranks = Dictionary(uniqueKeysWithValues: byName.enumerated().map { ($1, $0) })
            ordered(rows.map { col.isMissing($0) || codes[$0] < 0 ? nil : ranks[Int(codes[$0])] })
        case .text: ordered(rows.map { col.string(at: $0) })
        }
        return rows
    }
}
