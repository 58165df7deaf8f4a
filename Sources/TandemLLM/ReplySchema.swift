import TandemAgent
import TandemRecipe

/// The JSON schema of a reply for one call, written from the op vocabulary:
/// one object shape per op of the stage, column fields limited to the
/// columns that exist, citations limited to the visible documents. Servers
/// that constrain decoding with it (llama.cpp turns it into a grammar) can
/// then only produce well-formed steps; the parser and validation still
/// decide what is applied. Members are written in a fixed order — op first —
/// because grammar-driven servers generate properties in schema order.
public enum ReplySchema {
    public static let maxSteps = 5

    public static func json(for c: AgentContext) -> String {
        var w = JSONBytes()
        write(c, into: &w)
        return w.text
    }

    static func write(_ c: AgentContext, into w: inout JSONBytes) {
        let columns = knownColumns(c)
        let documents = c.documents.map(\.id)
        w.open("{")
        w.key("type"); w.string("object")
        w.key("properties"); w.open("{")
        w.key("steps"); w.open("{")
        w.key("type"); w.string("array")
        w.key("maxItems"); w.raw(String(maxSteps))
        w.key("items"); w.open("{")
        w.key("anyOf")
        // join and aggregate only where there are side tables to name.
        let ops = OpName.allCases.filter { $0.stage == c.stage && (!c.tables.isEmpty || ($0 != .join && $0 != .aggregate)) }
        let tables = c.tables.names
        w.list(ops) { w, op in step(op, columns: columns, tables: tables, documents: documents, into: &w) }
        w.close("}")
        w.close("}")
        w.close("}")
        w.key("required"); w.list(["steps"]) { w, s in w.string(s) }
        w.close("}")
    }

    /// The training columns and those the recipe has created so far; not the target (no step may read it) nor
    /// a single id column (never a feature). The parts of a composite id stay: a join reads sku_id, a step its week.
    static func knownColumns(_ c: AgentContext) -> [String] {
        let hidden = c.brief.idColumns.count == 1 ? c.brief.idColumns : []
        var names = c.profile.columns.map(\.name).filter { $0 != c.brief.target && !hidden.contains($0) }
        for s in c.recipe.steps {
            if case .string(let created)? = s.step.params["as"], !names.contains(created) { names.append(created) }
        }
        return names
    }

    static func step(_ op: OpName, columns: [String], tables: [String] = [], documents: [String], into w: inout JSONBytes) {
        w.open("{")
        w.key("type"); w.string("object")
        w.key("properties"); w.open("{")
        w.key("op"); w.open("{"); w.key("type"); w.string("string"); w.key("enum"); w.list([op.rawValue]) { w, s in w.string(s) }; w.close("}")
        for f in op.fields {
            w.key(f.name)
            field(f.kind, columns: columns, tables: tables, into: &w)
        }
        w.key("rationale"); w.open("{"); w.key("type"); w.string("string"); w.close("}")
        w.key("documents"); w.open("{")
        w.key("type"); w.string("array")
        w.key("items"); w.open("{")
        w.key("type"); w.string("string")
        if !documents.isEmpty { w.key("enum"); w.list(documents) { w, s in w.string(s) } }
        w.close("}")
        if documents.isEmpty { w.key("maxItems"); w.raw("0") }
        w.close("}")
        w.close("}")
        let required = ["op"] + op.fields.filter(\.required).map(\.name) + ["rationale", "documents"]
        w.key("required"); w.list(required) { w, s in w.string(s) }
        w.key("additionalProperties"); w.raw("false")
        w.close("}")
    }

    static func field(_ kind: FieldSpec.Kind, columns: [String], tables: [String] = [], into w: inout JSONBytes) {
        w.open("{")
        switch kind {
        case .column:
            w.key("type"); w.string("string")
            if !columns.isEmpty { w.key("enum"); w.list(columns) { w, s in w.string(s) } }
        case .newColumn, .text, .expression, .sideColumn, .timeBound:
            w.key("type"); w.string("string")
        case .table:
            w.key("type"); w.string("string")
            if !tables.isEmpty { w.key("enum"); w.list(tables) { w, s in w.string(s) } }
        case .columns, .sideColumns:
            w.key("anyOf"); w.list(["string", "array"]) { w, t in
                w.open("{"); w.key("type"); w.string(t)
                if t == "array" { w.key("items"); w.open("{"); w.key("type"); w.string("string"); w.close("}") }
                w.close("}")
            }
        case .scalar:
            w.key("anyOf"); w.list(["number", "string"]) { w, t in w.open("{"); w.key("type"); w.string(t); w.close("}") }
        case .number(let range):
            w.key("type"); w.string("number")
            if range.lowerBound.isFinite { w.key("minimum"); w.number(range.lowerBound) }
            if range.upperBound.isFinite { w.key("maximum"); w.number(range.upperBound) }
        case .integer(let range):
            w.key("type"); w.string("integer")
            w.key("minimum"); w.raw(String(range.lowerBound))
            w.key("maximum"); w.raw(String(range.upperBound))
        case .choice(let options):
            w.key("type"); w.string("string")
            w.key("enum"); w.list(options) { w, s in w.string(s) }
        case .choices(let options):
            w.key("type"); w.string("array")
            w.key("minItems"); w.raw("1")
            w.key("items"); w.open("{"); w.key("type"); w.string("string"); w.key("enum"); w.list(options) { w, s in w.string(s) }; w.close("}")
        case .flag:
            w.key("type"); w.string("boolean")
        case .parameters:
            w.key("type"); w.string("object")
            w.key("additionalProperties"); w.open("{"); w.key("type"); w.string("number"); w.close("}")
        }
        w.close("}")
    }
}
