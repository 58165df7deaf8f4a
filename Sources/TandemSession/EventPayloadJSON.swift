import TandemRecipe

/// EventPayload to and from its JSON object, field by field (the keys of
/// EventPayload.CodingKeys), on the fast path of EventJSON.
extension EventPayload {
    /// The canonical JSON text, as stored and hashed: written field by field in sorted key order.
    public var canonicalJSON: String {
        var w = JSONBytes()
        w.open("{")
        w.field("agent", agent)
        w.field("challenge_id", challengeId)
        w.field("challenge_sha256", challengeSha256)
        w.field("columns", columns)
        w.field("completion_tokens", completionTokens)
        if let cvFolds { w.key("cv_folds"); w.list(cvFolds) { w, d in w.number(d) } }
        if let cvMean { w.key("cv_mean"); w.number(cvMean) }
        w.field("document", document)
        w.field("duration_ms", durationMs)
        w.field("event_count", eventCount)
        w.field("fingerprint", fingerprint)
        w.field("gen_ai.provider.name", genAIProvider)
        w.field("gen_ai.request.model", genAIRequestModel)
        if let genAIFinishReasons { w.key("gen_ai.response.finish_reasons"); w.list(genAIFinishReasons) { w, s in w.string(s) } }
        w.field("gen_ai.response.model", genAIResponseModel)
        w.field("gen_ai.usage.input_tokens", genAIInputTokens)
        w.field("gen_ai.usage.output_tokens", genAIOutputTokens)
        w.field("head_hash", headHash)
        w.field("index", index)
        w.field("latency_ms", latencyMs)
        w.field("metric", metric)
        w.field("mode", mode)
        w.field("prompt_tokens", promptTokens)
        w.field("proposal_id", proposalId)
        if let proposals {
            w.key("proposals")
            w.list(proposals) { w, p in
                w.open("{")
                w.field("id", p.id)
                w.key("step")
                w.step(p.step)
                w.close("}")
            }
        }
        w.field("reason", reason)
        if let refused {
            w.key("refused")
            w.list(refused) { w, r in
                w.open("{")
                w.field("reason", r.reason)
                w.key("step")
                w.step(r.step)
                w.close("}")
            }
        }
        w.field("rows", rows)
        if let seed { w.key("seed"); w.raw(String(seed)) }
        w.field("stage", stage)
        if let step { w.key("step"); w.step(step) }
        w.field("submission_path", submissionPath)
        w.field("submission_sha256", submissionSha256)
        if let testScore { w.key("test_score"); w.number(testScore) }
        w.field("text", text)
        if let warnings { w.key("warnings"); w.list(warnings) { w, s in w.string(s) } }
        w.close("}")
        return w.text
    }

    /// Decodes a stored payload; the error names the field.
    public init(canonicalJSON json: String) throws(PayloadDecodingError) {
        let root: JSONValue
        do { root = try JSONReader.parse(json) } catch { throw PayloadDecodingError(error.description) }
        guard case .object = root else { throw PayloadDecodingError("the payload is not a JSON object") }
        let f = Fields(root)
        self.init()
        challengeId = try f.string(.challengeId)
        challengeSha256 = try f.string(.challengeSha256)
        mode = try f.string(.mode)
        agent = try f.string(.agent)
        seed = try f.unsigned(.seed)
        rows = try f.int(.rows)
        columns = try f.int(.columns)
        stage = try f.string(.stage)
        proposals = try f.array(.proposals) { v, path throws(PayloadDecodingError) in
            guard case .string(let id)? = v["id"] else { throw PayloadDecodingError("\(path): needs id and step") }
            return Proposal(id: id, step: try Fields.step(v["step"], path + ".step"))
        }
        refused = try f.array(.refused) { v, path throws(PayloadDecodingError) in
            guard case .string(let reason)? = v["reason"] else { throw PayloadDecodingError("\(path): needs step and reason") }
            return RefusedProposal(step: try Fields.step(v["step"], path + ".step"), reason: reason)
        }
        proposalId = try f.string(.proposalId)
        if let s = f.take(.step) { step = try Fields.step(s, "step") }
        index = try f.int(.index)
        reason = try f.string(.reason)
        document = try f.string(.document)
        latencyMs = try f.int(.latencyMs)
        metric = try f.string(.metric)
        cvMean = try f.double(.cvMean)
        cvFolds = try f.array(.cvFolds) { v, path throws(PayloadDecodingError) in
            guard let d = v.asDouble else { throw PayloadDecodingError("\(path): expected a number") }
            return d
        }
        testScore = try f.double(.testScore)
        fingerprint = try f.string(.fingerprint)
        durationMs = try f.int(.durationMs)
        warnings = try f.strings(.warnings)
        genAIProvider = try f.string(.genAIProvider)
        genAIRequestModel = try f.string(.genAIRequestModel)
        genAIResponseModel = try f.string(.genAIResponseModel)
        genAIFinishReasons = try f.strings(.genAIFinishReasons)
        genAIInputTokens = try f.int(.genAIInputTokens)
        genAIOutputTokens = try f.int(.genAIOutputTokens)
        promptTokens = try f.int(.promptTokens)
        completionTokens = try f.int(.completionTokens)
        text = try f.string(.text)
        submissionPath = try f.string(.submissionPath)
        submissionSha256 = try f.string(.submissionSha256)
        eventCount = try f.int(.eventCount)
        headHash = try f.string(.headHash)
    }

    /// Reads the fields of a payload object; a null field is an absent one.
    private struct Fields {
        let o: JSONValue
        init(_ o: JSONValue) { self.o = o }

        func take(_ key: CodingKeys) -> JSONValue? {
            guard let v = o[key.stringValue], !v.isNull else { return nil }
            return v
        }

        func string(_ key: CodingKeys) throws(PayloadDecodingError) -> String? {
            guard let v = take(key) else { return nil }
            guard case .string(let s) = v else { throw PayloadDecodingError("\(key.stringValue): expected a string") }
            return s
        }

        func double(_ key: CodingKeys) throws(PayloadDecodingError) -> Double? {
            guard let v = take(key) else { return nil }
            guard let d = v.asDouble else { throw PayloadDecodingError("\(key.stringValue): expected a number") }
            return d
        }

        func int(_ key: CodingKeys) throws(PayloadDecodingError) -> Int? {
            guard let v = take(key) else { return nil }
            guard case .integer(let n) = v, let i = Int(exactly: n) else { throw PayloadDecodingError("\(key.stringValue): expected a whole number") }
            return i
        }

        func unsigned(_ key: CodingKeys) throws(PayloadDecodingError) -> UInt64? {
            switch take(key) {
            case nil: return nil
            case .integer(let n)? where n >= 0: return UInt64(n)
            case .unsigned(let n)?: return n
            default: throw PayloadDecodingError("\(key.stringValue): expected a whole number of at least 0")
            }
        }

        func array<T>(_ key: CodingKeys, _ element: (JSONValue, String) throws(PayloadDecodingError) -> T) throws(PayloadDecodingError) -> [T]? {
            guard let v = take(key) else { return nil }
            guard case .array(let a) = v else { throw PayloadDecodingError("\(key.stringValue): expected a list") }
            var out: [T] = []
            out.reserveCapacity(a.count)
            for (k, e) in a.enumerated() { out.append(try element(e, "\(key.stringValue)[\(k)]")) }
            return out
        }

        func strings(_ key: CodingKeys) throws(PayloadDecodingError) -> [String]? {
            try array(key) { v, path throws(PayloadDecodingError) in
                guard case .string(let s) = v else { throw PayloadDecodingError("\(path): expected a string") }
                return s
            }
        }

        static func step(_ v: JSONValue?, _ path: String) throws(PayloadDecodingError) -> RecipeStep {
            guard case .table(let t)? = v?.stepValue else { throw PayloadDecodingError("\(path): expected a step object") }
            do { return try RecipeStep(table: t) } catch { throw PayloadDecodingError("\(path): \(error.description)") }
        }
    }
}

public struct PayloadDecodingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
