/// A recipe problem, naming the step and the field: `step 3 (impute): field "strategy": "avg" is not one of mean, median, mode, constant`.
public struct RecipeError: Error, CustomStringConvertible, Sendable, Equatable {
    public var index: Int?
    public let step: OpName?
    public let field: String?
    public let message: String

    public init(step: OpName?, field: String?, _ message: String, index: Int? = nil) {
        self.step = step
        self.field = field
        self.message = message
        self.index = index
    }

    public func at(index: Int) -> RecipeError {
        var copy = self
        copy.index = index
        return copy
    }

    public var description: String {
        var parts: [String] = []
        if let index { parts.append("step \(index + 1)" + (step.map { " (\($0.rawValue))" } ?? "")) } else if let step { parts.append(step.rawValue) }
        if let field { parts.append("field \"\(field)\"") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
