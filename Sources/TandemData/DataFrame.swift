/// A table of equally long named columns.
public struct DataFrame: Sendable {
    public let columns: [Column]
    public let rowCount: Int

    public init(columns: [Column]) {
        self.columns = columns
        rowCount = columns.first?.count ?? 0
    }

    public var columnNames: [String] { columns.map(\.name) }

    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    public subscript(name: String) -> Column? {
        columnIndex(named: name).map { columns[$0] }
    }
}
