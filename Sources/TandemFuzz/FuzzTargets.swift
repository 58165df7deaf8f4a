import Foundation
import TandemAgent
import TandemLLM
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession

/// One fuzz target per parser of untrusted input (issue 19). Each takes any bytes; a parser may refuse them, but only
/// with a clear error: one line, not empty, naming the file where it reads one. A crash or a hang is the fuzzer's to
/// find; an unclear error is returned here, so libFuzzer (`make fuzz`) and the corpus test treat it as a finding.
public enum FuzzTargets {
    public static let names = ["csv", "challenge-toml", "front-matter", "recipe-json", "expression", "llm-reply", "event-payload"]

    /// nil when the input was taken or refused clearly; else what is unclear about the refusal.
    public static func run(_ name: String, _ bytes: [UInt8], scratch: String) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch name {
        case "csv":
            let file = scratch + "/fuzz.csv"
            guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { return nil }
            do { _ = try CSVReader.read(path: file) } catch { return unclear("\(error)", naming: nil) }
        case "challenge-toml":
            let file = scratch + "/challenge.toml"
            guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { return nil }
            do { _ = try ChallengeLoader.parseSpec(file: file) } catch { return unclear("\(error)", naming: file) }
        case "front-matter":
            do { _ = try ChallengeDocument.parseStrictly(id: "01-fuzz", text: text, file: "docs/01-fuzz.md") } catch {
                return unclear("\(error)", naming: "docs/01-fuzz.md")
            }
        case "recipe-json":
            do { _ = try Recipe.parse(json: text) } catch { return unclear("\(error)", naming: nil) }
        case "expression":
            do { _ = try ExpressionParser.parse(text) } catch { return unclear("\(error)", naming: nil) }
        case "llm-reply":
            do { _ = try LLMReplyParser.steps(text, visibleDocuments: ["01-notes", "02-memo"]) } catch {
                return unclear("\(error)", naming: nil)
            }
        case "event-payload":
            let row = StoredEvent(seq: 1, sessionId: "s", at: 0, actor: "system", kind: "note_added", payload: text, prevHash: "", hash: "")
            do { _ = try row.decoded() } catch { return unclear("\(error)", naming: nil) }
        default:
            return "no fuzz target \"\(name)\" (targets: \(names.joined(separator: ", ")))"
        }
        return nil
    }

    /// A refusal is clear when it is one non-empty line of readable length and names the file it was given.
    static func unclear(_ message: String, naming file: String?) -> String? {
        let m = message.trimmingCharacters(in: .whitespaces)
        if m.isEmpty { return "an empty error message" }
        if m.count > 2000 { return "an error message of \(m.count) characters" }
        if let file, !m.contains(file) { return "an error that does not name \(file): \(m.prefix(200))" }
        return nil
    }
}
