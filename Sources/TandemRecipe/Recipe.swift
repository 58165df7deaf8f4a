import Foundation
import TandemData

/// Who proposed a step.
public enum Author: String, Codable, Sendable {
    case agent, human
}

/// A step with its provenance: who proposed it, the documents it relied on, why.
public struct RecipeStep: Sendable, Hashable, Codable {
    static let provenanceKeys = ["author", "documents", "rationale"]

    public var step: Step
    public var author: Author?
    public var documents: [String]
    public var rationale: String?

    public init(_ step: Step, author: Author? = nil, documents: [String] = [], rationale: String? = nil) {
        self.step = step
        self.author = author
        self.documents = documents
        self.rationale = rationale
    }

    public init(table: [String: StepValue]) throws(RecipeError) {
        step = try Step(table: table)
        if let a = table["author"] {
            guard let s = a.string, let author = Author(rawValue: s) else { throw RecipeError(step: step.op, field: "author", "\(a.display) is not agent or human") }
            self.author = author
        } else {
            author = nil
        }
        if let d = table["documents"] {
            guard let items = d.array, items.allSatisfy({ $0.string != nil }) else { throw RecipeError(step: step.op, field: "documents", "must be a list of document ids") }
            documents = items.compactMap(\.string)
        } else {
            documents = []
        }
        rationale = table["rationale"]?.string
    }

    public var table: [String: StepValue] {
        var t = step.params
        t["op"] = .string(step.op.rawValue)
        if let author { t["author"] = .string(author.rawValue) }
        if !documents.isEmpty { t["documents"] = .array(documents.map { .string($0) }) }
        if let rationale { t["rationale"] = .string(rationale) }
        return t
    }

    public init(from decoder: Decoder) throws {
        let table = try [String: StepValue](from: decoder)
        do { self = try RecipeStep(table: table) } catch { throw error }
    }

    public func encode(to encoder: Encoder) throws { try table.encode(to: encoder) }
}

/// An ordered list of steps; JSON `{"steps": [...]}` (DESIGN.md section 4).
public struct Recipe: Sendable, Hashable, Codable {
    public var steps: [RecipeStep]

    public init(steps: [RecipeStep] = []) { self.steps = steps }

    private enum CodingKeys: String, CodingKey { case steps }

    /// Parses a recipe file's text; errors name the step (1-based) and field.
    public static func parse(json: String) throws(RecipeError) -> Recipe {
        let object: [String: [[String: StepValue]]]
        do {
            object = try JSONDecoder().decode([String: [[String: StepValue]]].self, from: Data(json.utf8))
        } catch {
            throw RecipeError(step: nil, field: nil, "not a recipe: expected {\"steps\": [{\"op\": ...}, ...]} (\(JSONErrorText.describe(error)))")
        }
        guard let tables = object["steps"] else { throw RecipeError(step: nil, field: "steps", "is missing") }
        var steps: [RecipeStep] = []
        for (i, table) in tables.enumerated() {
            do { steps.append(try RecipeStep(table: table)) } catch { throw error.at(index: i) }
        }
        return Recipe(steps: steps)
    }

    /// Canonical JSON: sorted keys, no spaces, whole numbers without ".0".
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// SHA-256 of the canonical JSON: equal recipes, equal fingerprints.
    public var fingerprint: String { SHA256.hex(Array(canonicalJSON.utf8)) }

    public func steps(of op: OpName) -> [Step] { steps.map(\.step).filter { $0.op == op } }
    public func last(_ op: OpName) -> Step? { steps(of: op).last }
}

enum JSONErrorText {
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): c.debugDescription
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.keyNotFound(_, let c):
            "at \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        default: "\(error)"
        }
    }
}
