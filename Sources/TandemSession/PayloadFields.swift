import TandemRecipe

/// Every field name a payload may carry, as stored (docs/events.md). Each payload type names the ones it uses.
enum PayloadKey: String, CodingKey {
    case adopted, agent, columns, document, fingerprint, index, metric, mode, proposals, reason, refused, rows, seed, stage, step, text
    case warnings
    case baseFolds = "base_folds", challengeId = "challenge_id", challengeSha256 = "challenge_sha256", completionTokens = "completion_tokens"
    case cvFolds = "cv_folds", cvMean = "cv_mean", durationMs = "duration_ms", eventCount = "event_count"
    case headHash = "head_hash", latencyMs = "latency_ms", modelLibrary = "model_library", promptTokens = "prompt_tokens"
    case proposalId = "proposal_id", openedFrom = "opened_from", openedWith = "opened_with"
    case submissionPath = "submission_path", submissionSha256 = "submission_sha256", testScore = "test_score"
    case genAIProvider = "gen_ai.provider.name", genAIRequestModel = "gen_ai.request.model"
    case genAIResponseModel = "gen_ai.response.model", genAIFinishReasons = "gen_ai.response.finish_reasons"
    case genAIInputTokens = "gen_ai.usage.input_tokens", genAIOutputTokens = "gen_ai.usage.output_tokens"
}

/// A payload type: it writes its fields (absent ones are left out) and reads them back.
protocol PayloadBody: Sendable {
    func write(_ w: inout PayloadWriter)
}

/// The fields of one payload, written in sorted key order whatever order a type puts them in: the canonical JSON that
/// is stored and hashed, or the object of a JSON export.
struct PayloadWriter {
    enum Value {
        case string(String), int(Int), unsigned(UInt64), number(Double), bool(Bool), strings([String]), numbers([Double])
        case step(RecipeStep), proposals([Proposal]), refused([RefusedProposal])
    }

    private(set) var fields: [(key: PayloadKey, value: Value)] = []

    mutating func put(_ key: PayloadKey, _ v: String?) { if let v { fields.append((key, .string(v))) } }
    mutating func put(_ key: PayloadKey, _ v: Int?) { if let v { fields.append((key, .int(v))) } }
    mutating func put(_ key: PayloadKey, _ v: UInt64?) { if let v { fields.append((key, .unsigned(v))) } }
    mutating func put(_ key: PayloadKey, _ v: Double?) { if let v { fields.append((key, .number(v))) } }
    mutating func put(_ key: PayloadKey, _ v: Bool?) { if let v { fields.append((key, .bool(v))) } }
    mutating func put(_ key: PayloadKey, _ v: [String]?) { if let v { fields.append((key, .strings(v))) } }
    mutating func put(_ key: PayloadKey, _ v: [Double]?) { if let v { fields.append((key, .numbers(v))) } }
    mutating func put(_ key: PayloadKey, _ v: RecipeStep?) { if let v { fields.append((key, .step(v))) } }
    mutating func put(_ key: PayloadKey, _ v: [Proposal]?) { if let v { fields.append((key, .proposals(v))) } }
    mutating func put(_ key: PayloadKey, _ v: [RefusedProposal]?) { if let v { fields.append((key, .refused(v))) } }

    /// Byte order of the key names: the order the canonical JSON has always had.
    var sorted: [(key: PayloadKey, value: Value)] {
        fields.sorted { $0.key.rawValue.utf8.lexicographicallyPrecedes($1.key.rawValue.utf8) }
    }

    var canonicalJSON: String {
        var w = JSONBytes()
        w.open("{")
        for (key, value) in sorted {
            w.key(key.rawValue)
            switch value {
            case .string(let s): w.string(s)
            case .int(let n): w.raw(String(n))
            case .unsigned(let n): w.raw(String(n))
            case .number(let d): w.number(d)
            case .bool(let v): w.raw(v ? "true" : "false")
            case .strings(let a): w.list(a) { w, s in w.string(s) }
            case .numbers(let a): w.list(a) { w, d in w.number(d) }
            case .step(let s): w.step(s)
            case .proposals(let a):
                w.list(a) { w, p in
                    w.open("{")
                    w.field("id", p.id)
                    w.key("step")
                    w.step(p.step)
                    w.close("}")
                }
            case .refused(let a):
                w.list(a) { w, r in
                    w.open("{")
                    w.field("reason", r.reason)
                    w.key("step")
                    w.step(r.step)
                    w.close("}")
                }
            }
        }
        w.close("}")
        return w.text
    }

    /// The same fields through an Encoder (the JSON Lines export encodes its lines with JSONEncoder).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: PayloadKey.self)
        for (key, value) in fields {
            switch value {
            case .string(let s): try c.encode(s, forKey: key)
            case .int(let n): try c.encode(n, forKey: key)
            case .unsigned(let n): try c.encode(n, forKey: key)
            case .number(let d): try c.encode(d, forKey: key)
            case .bool(let v): try c.encode(v, forKey: key)
            case .strings(let a): try c.encode(a, forKey: key)
            case .numbers(let a): try c.encode(a, forKey: key)
            case .step(let s): try c.encode(s, forKey: key)
            case .proposals(let a): try c.encode(a, forKey: key)
            case .refused(let a): try c.encode(a, forKey: key)
            }
        }
    }
}

/// Reads the fields of a stored payload object. A null field is an absent one; a field no reader took is one the
/// kind does not carry, and `finish` names it.
struct PayloadReader {
    private let members: [(key: String, value: JSONValue)]
    private var taken: Set<String> = []

    init(_ json: String) throws(PayloadDecodingError) {
        let root: JSONValue
        do { root = try JSONReader.parse(json) } catch { throw PayloadDecodingError(error.description) }
        guard case .object(let members) = root else { throw PayloadDecodingError("the payload is not a JSON object") }
        self.members = members
    }

    mutating func take(_ key: PayloadKey) -> JSONValue? {
        taken.insert(key.rawValue)
        guard let v = members.last(where: { $0.key == key.rawValue })?.value, !v.isNull else { return nil }
        return v
    }

    func finish(_ kind: EventKind) throws(PayloadDecodingError) {
        if let extra = members.first(where: { !taken.contains($0.key) && !$0.value.isNull }) {
            throw PayloadDecodingError("\(extra.key) is not a field of \(kind.rawValue)")
        }
    }

    /// A field the kind cannot do without.
    static func present<T>(_ v: T?, _ key: PayloadKey) throws(PayloadDecodingError) -> T {
        guard let v else { throw PayloadDecodingError("\(key.rawValue) is missing") }
        return v
    }

    mutating func string(_ key: PayloadKey) throws(PayloadDecodingError) -> String? {
        guard let v = take(key) else { return nil }
        guard case .string(let s) = v else { throw PayloadDecodingError("\(key.rawValue): expected a string") }
        return s
    }

    mutating func bool(_ key: PayloadKey) throws(PayloadDecodingError) -> Bool? {
        guard let v = take(key) else { return nil }
        guard case .bool(let b) = v else { throw PayloadDecodingError("\(key.rawValue): expected true or false") }
        return b
    }

    mutating func double(_ key: PayloadKey) throws(PayloadDecodingError) -> Double? {
        guard let v = take(key) else { return nil }
        guard let d = v.asDouble else { throw PayloadDecodingError("\(key.rawValue): expected a number") }
        return d
    }

    mutating func int(_ key: PayloadKey) throws(PayloadDecodingError) -> Int? {
        guard let v = take(key) else { return nil }
        guard case .integer(let n) = v, let i = Int(exactly: n) else { throw PayloadDecodingError("\(key.rawValue): expected a whole number") }
        return i
    }

    mutating func unsigned(_ key: PayloadKey) throws(PayloadDecodingError) -> UInt64? {
        switch take(key) {
        case nil: return nil
        case .integer(let n)? where n >= 0: return UInt64(n)
        case .unsigned(let n)?: return n
        default: throw PayloadDecodingError("\(key.rawValue): expected a whole number of at least 0")
        }
    }

    mutating func enumeration<E: RawRepresentable<String> & CaseIterable>(_ key: PayloadKey) throws(PayloadDecodingError) -> E? {
        guard let s = try string(key) else { return nil }
        guard let e = E(rawValue: s) else {
            throw PayloadDecodingError("\(key.rawValue): \"\(s)\" is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    mutating func array<T>(_ key: PayloadKey, _ element: (JSONValue, String) throws(PayloadDecodingError) -> T) throws(PayloadDecodingError) -> [T]? {
        guard let v = take(key) else { return nil }
        guard case .array(let a) = v else { throw PayloadDecodingError("\(key.rawValue): expected a list") }
        var out: [T] = []
        out.reserveCapacity(a.count)
        for (k, e) in a.enumerated() { out.append(try element(e, "\(key.rawValue)[\(k)]")) }
        return out
    }

    mutating func strings(_ key: PayloadKey) throws(PayloadDecodingError) -> [String]? {
        try array(key) { v, path throws(PayloadDecodingError) in
            guard case .string(let s) = v else { throw PayloadDecodingError("\(path): expected a string") }
            return s
        }
    }

    mutating func doubles(_ key: PayloadKey) throws(PayloadDecodingError) -> [Double]? {
        try array(key) { v, path throws(PayloadDecodingError) in
            guard let d = v.asDouble else { throw PayloadDecodingError("\(path): expected a number") }
            return d
        }
    }

    mutating func step(_ key: PayloadKey) throws(PayloadDecodingError) -> RecipeStep? {
        guard let v = take(key) else { return nil }
        return try Self.step(v, key.rawValue)
    }

    mutating func proposals(_ key: PayloadKey) throws(PayloadDecodingError) -> [Proposal]? {
        try array(key) { v, path throws(PayloadDecodingError) in
            guard case .string(let id)? = v["id"] else { throw PayloadDecodingError("\(path): needs id and step") }
            return Proposal(id: id, step: try Self.step(v["step"], path + ".step"))
        }
    }

    mutating func refused(_ key: PayloadKey) throws(PayloadDecodingError) -> [RefusedProposal]? {
        try array(key) { v, path throws(PayloadDecodingError) in
            guard case .string(let reason)? = v["reason"] else { throw PayloadDecodingError("\(path): needs step and reason") }
            return RefusedProposal(step: try Self.step(v["step"], path + ".step"), reason: reason)
        }
    }

    static func step(_ v: JSONValue?, _ path: String) throws(PayloadDecodingError) -> RecipeStep {
        guard case .table(let t)? = v?.stepValue else { throw PayloadDecodingError("\(path): expected a step object") }
        do { return try RecipeStep(table: t) } catch { throw PayloadDecodingError("\(path): \(error.description)") }
    }
}

public struct PayloadDecodingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
