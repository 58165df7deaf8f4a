import TandemAgent
import TandemRecipe

/// Turns an LLM's reply into steps of the op vocabulary. Anything else —
/// prose, code, an instruction, an unknown op or field — is an invalid
/// proposal with a reason that names it; nothing is ever executed.
public enum LLMReplyParser {
    public static func steps(_ content: String, visibleDocuments: Set<String>) throws(AgentError) -> [RecipeStep] {
        guard let start = content.firstIndex(of: "{"), let end = content.lastIndex(of: "}"), start < end else {
            throw AgentError("the reply is not JSON: \(preview(content))")
        }
        let json = String(content[start...end])
        let root: JSONValue
        do { root = try JSONReader.parse(json) } catch { throw AgentError("the reply is not valid JSON (\(error.message)): \(preview(json))") }
        guard case .array(let list)? = root["steps"] else { throw AgentError("the reply has no \"steps\" list") }
        var out: [RecipeStep] = []
        for (i, item) in list.enumerated() {
            guard case .object = item, case .table(let values)? = item.stepValue else { throw AgentError("steps[\(i)] is not an object") }
            var step: RecipeStep
            do { step = try RecipeStep(table: values) } catch { throw AgentError("steps[\(i)]: \(error.description)") }
            step.author = .agent
            // A citation of a document the agent was not shown is dropped, not trusted.
            step.documents = step.documents.filter(visibleDocuments.contains)
            out.append(step)
        }
        return out
    }

    static func preview(_ s: String) -> String {
        let one = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return one.count > 120 ? String(one.prefix(120)) + "…" : one
    }
}
