import TandemModel

/// challenge.toml (DESIGN.md section 3).
public struct ChallengeSpec: Sendable, Codable, Equatable {
    public static let industries = ["commerce", "food-production", "healthcare", "insurance", "manufacturing", "retail-banking", "other"]

    public var id: String
    public var title: String
    public var industry: String
    public var task: TaskKind
    public var target: String
    public var idColumn: String
    public var metric: Metric
    public var timeColumn: String?
    public var positiveLabel: String?
    public var description: String
    public var source: String

    enum CodingKeys: String, CodingKey {
        case id, title, industry, task, target, metric, description, source
        case idColumn = "id_column", timeColumn = "time_column", positiveLabel = "positive_label"
    }
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
