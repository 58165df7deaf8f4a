import TandemData

/// A row's id, one column's text or a composite key's (DESIGN.md section 3: `id_column = ["sku_id", "week"]`).
/// Parts are joined by a unit separator, which no CSV field a person types holds, so ("a,b", "c") and ("a", "b,c")
/// stay two ids; `display` shows them as people write them.
public enum ChallengeIds {
    public static let separator: Character = "\u{1F}"

    /// Every row's id, nil when a column is missing; a missing part is an empty string.
    public static func values(_ frame: DataFrame, columns: [String]) -> [String]? {
        let cols = columns.compactMap { frame[$0] }
        guard cols.count == columns.count, !cols.isEmpty else { return nil }
        if cols.count == 1 { return (0..<frame.rowCount).map { cols[0].string(at: $0) ?? "" } }
        return (0..<frame.rowCount).map { r in cols.map { $0.string(at: r) ?? "" }.joined(separator: String(separator)) }
    }

    /// The id's parts, one per id column.
    public static func parts(_ id: String) -> [String] {
        id.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    public static func join(_ parts: [String]) -> String { parts.joined(separator: String(separator)) }

    /// The id as a person reads it: `A17` or `(A17, 2024-W03)`, sanitised.
    public static func display(_ id: String) -> String {
        let p = parts(id).map { sanitizeForDisplay($0, limit: 40) }
        return p.count == 1 ? p[0] : "(" + p.joined(separator: ", ") + ")"
    }
}
