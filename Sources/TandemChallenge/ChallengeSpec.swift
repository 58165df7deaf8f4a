import TandemModel

/// challenge.toml (DESIGN.md section 3).
public struct ChallengeSpec: Sendable, Codable, Equatable {
    public static let industries = ["commerce", "food-production", "healthcare", "insurance", "manufacturing", "retail-banking", "other"]

    public var id: String
    public var title: String
    public var industry: String
    public var task: TaskKind
    public var target: String
    /// One id column, or several for a composite key (`id_column = ["sku_id", "week"]`).
    public var idColumns: [String]
    public var metric: Metric
    public var timeColumn: String?
    public var positiveLabel: String?
    public var description: String
    public var source: String
    /// Side tables declared as `[[table]]` (others are found by their files).
    public var tables: [TableDeclaration] = []

    /// The id columns as written in messages: `id` or `sku_id, week`.
    public var idLabel: String { idColumns.joined(separator: ", ") }

    enum CodingKeys: String, CodingKey {
        case id, title, industry, task, target, metric, description, source
        case idColumns = "id_column", timeColumn = "time_column", positiveLabel = "positive_label"
    }
}

/// A `[[table]]` of challenge.toml: a side table's file, and its key and time column when inference should not guess.
public struct TableDeclaration: Sendable, Codable, Equatable {
    public var name: String?
    public var file: String
    public var key: [String]?
    public var timeColumn: String?

    public init(name: String? = nil, file: String, key: [String]? = nil, timeColumn: String? = nil) {
        self.name = name
        self.file = file
        self.key = key
        self.timeColumn = timeColumn
    }

    enum CodingKeys: String, CodingKey { case name, file, key, timeColumn = "time_column" }
}

/// A challenge folder problem, naming the file and, where there is one, the field or line.
public struct ChallengeError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let field: String?
    public let message: String

    public init(file: String, field: String? = nil, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String { "\(file): " + (field.map { "field \"\($0)\": " } ?? "") + message }
}
