import TandemData
import TandemRecipe
import TOMLKit

/// A domain document: docs/NN-slug.md (or any Markdown or plain-text file), with optional TOML front matter
/// between +++ lines. A prose-only document has no stage and no structured advice (DESIGN.md section 3).
/// Untrusted: its text may hold prompt injections and escape sequences, so `body` is kept raw and `displayBody` sanitised.
public struct ChallengeDocument: Sendable, Equatable {
    /// File extensions read as documents; the id is the file name without it.
    public static let extensions = [".md", ".markdown", ".txt"]

    public let id: String
    public let title: String
    /// nil for a prose-only document (no front matter).
    public let stage: Stage?
    public let advice: [RecipeStep]
    public let body: String
    /// Why the front matter's advice was not used (it did not parse), when it was not: the prose is kept all the
    /// same, so the LLM agent still reads it, and the run and the workbench name the document and the reason.
    public var adviceProblem: String?

    /// The document id of a file name: the name without its document extension (nil when it has none).
    public static func id(ofFile name: String) -> String? {
        guard let ext = extensions.first(where: { name.lowercased().hasSuffix($0) }), name.count > ext.count else { return nil }
        return String(name.dropLast(ext.count))
    }

    public var displayTitle: String { sanitizeForDisplay(title) }
    public var displayBody: String { sanitizeForDisplay(body, keepNewlines: true) }

    /// Parses a document. Front matter that does not parse costs the advice, never the prose: the document is kept as
    /// prose, with the reason (naming the file) in `adviceProblem`.
    public static func parse(id: String, text: String, file: String) -> ChallengeDocument {
        do { return try parseStrictly(id: id, text: text, file: file) } catch {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            // The prose is what follows a closed front matter, else the whole text.
            let close = lines.dropFirst().firstIndex { $0.trimmingCharacters(in: .whitespaces) == "+++" }
            var doc = prose(id: id, lines: close.map { Array(lines[($0 + 1)...]) } ?? lines)
            doc.adviceProblem = error.description
            return doc
        }
    }

    /// Parses a document; the error names the file and what is wrong.
    public static func parseStrictly(id: String, text: String, file: String) throws(ChallengeError) -> ChallengeDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        // A byte-order mark is how some editors start a UTF-8 file; it is not part of the first line.
        let first = lines.first.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }?.trimmingCharacters(in: .whitespaces)
        guard first == "+++" else { return prose(id: id, lines: lines) }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "+++" }) else {
            throw ChallengeError(file: file, "front matter is never closed by a +++ line")
        }
        let front = lines[1..<close].joined(separator: "\n")
        let table: TOMLTable
        if let bad = TOMLPrecheck.problem(front) { throw ChallengeError(file: file, "front matter line \(bad.line + 1): \(bad.message)") }
        do { table = try TOMLTable(string: front) } catch let error as TOMLParseError {
            throw ChallengeError(file: file, "front matter line \(error.source.begin.line + 1): \(error.description)")
        } catch {
            throw ChallengeError(file: file, "front matter: \(error)")
        }
        // Title and stage are optional as the rest of the front matter is: a missing title is the body's heading, a
        // missing stage is that of the first piece of advice (none for a document that advises nothing).
        var stage: Stage?
        if let value = table["stage"] {
            guard let name = value.string, let given = Stage(rawValue: name) else {
                throw ChallengeError(file: file, field: "stage", "must be cleaning, features or modelling")
            }
            stage = given
        }
        var advice: [RecipeStep] = []
        if let entries = table["advice"] {
            guard let array = entries.array else { throw ChallengeError(file: file, field: "advice", "must be [[advice]] tables") }
            for (i, entry) in array.enumerated() {
                guard let t = entry.table else { throw ChallengeError(file: file, field: "advice", "entry \(i + 1) is not a table") }
                do {
                    var step = try RecipeStep(toml: t)
                    step.documents = [id]
                    step.author = .agent
                    advice.append(step)
                } catch {
                    throw ChallengeError(file: file, field: "advice", "entry \(i + 1): \(error.description)")
                }
            }
        }
        let rest = Array(lines[(close + 1)...])
        let body = rest.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let title = table["title"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? prose(id: id, lines: rest).title
        return ChallengeDocument(id: id, title: title, stage: stage ?? advice.first?.step.op.stage, advice: advice, body: body)
    }

    /// A document without front matter: its title is its first Markdown heading (else its first line, else its id).
    static func prose(id: String, lines: [String]) -> ChallengeDocument {
        let body = lines.joined(separator: "\n").replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        let nonEmpty = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let heading = nonEmpty.first { $0.hasPrefix("#") }.map { String($0.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces) }
        var title = heading.flatMap { $0.isEmpty ? nil : $0 } ?? nonEmpty.first ?? id
        if title.count > 80 { title = String(title.prefix(79)) + "…" }
        return ChallengeDocument(id: id, title: title, stage: nil, advice: [], body: body)
    }
}

import Foundation
