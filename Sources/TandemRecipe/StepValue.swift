/// A parameter value as JSON and TOML both carry it, so a step parses the
/// same from a recipe file, an agent reply or a document's front matter.
public enum StepValue: Codable, Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([StepValue])
    case table([String: StepValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([StepValue].self) { self = .array(a) }
        else if let t = try? c.decode([String: StepValue].self) { self = .table(t) }
        else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a string, number, boolean, array or table") }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d):
            // Whole numbers as integers, so the canonical JSON (and fingerprint) does not depend on "2" vs "2.0".
            if d == d.rounded(), abs(d) < 1e15 { try c.encode(Int64(d)) } else { try c.encode(d) }
        case .bool(let b): try c.encode(b)
        case .array(let a): try c.encode(a)
        case .table(let t): try c.encode(t)
        }
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var number: Double? { if case .number(let d) = self { return d } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [StepValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var table: [String: StepValue]? { if case .table(let t) = self { return t } else { return nil } }

    /// How the value reads in a message.
    public var display: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): String(b)
        case .array(let a): "[" + a.map(\.display).joined(separator: ", ") + "]"
        case .table(let t): "{" + t.keys.sorted().map { "\($0) = \(t[$0]?.display ?? "")" }.joined(separator: ", ") + "}"
        }
    }
}
