import TandemData
import TandemRecipe
import TOMLKit

/// A domain document: docs/NN-slug.md with TOML front matter between +++ lines.
/// Untrusted: its text may hold prompt injections and escape sequences, so
/// `body` is kept raw and `displayBody` sanitised.
public struct ChallengeDocument: Sendable, Equatable {
    public let id: String
    public let title: String
    public let stage: Stage
    public let advice: [RecipeStep]
    public let body: String

    public var displayTitle: String { sanitizeForDisplay(title) }
    public var displayBody: String { sanitizeForDisplay(body, keepNewlines: true) }

    /// Parses a document; the error names the file and what is wrong.
    public static func parse(id: String, text: String, file: String) throws(ChallengeError) -> ChallengeDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "+++" else { throw ChallengeError(file: file, "front matter must start with a +++ line") }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "+++" }) else {
            throw ChallengeError(file: file, "front matter is never closed by a +++ line")
        }
        let front = lines[1..<close].joined(separator: "\n")
        let table: TOMLTable
        do { table = try TOMLTable(string: front) } catch let error as TOMLParseError {
            throw ChallengeError(file: file, "front matter line \(error.source.begin.line + 1): \(error.description)")
        } catch {
            throw ChallengeError(file: file, "front matter: \(error)")
        }
        guard let title = table["title"]?.string, !title.isEmpty else { throw ChallengeError(file: file, field: "title", "is missing") }
        guard let stageName = table["stage"]?.string, let stage = Stage(rawValue: stageName) else {
            throw ChallengeError(file: file, field: "stage", "must be cleaning, features or modelling")
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
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return ChallengeDocument(id: id, title: title, stage: stage, advice: advice, body: body)
    }
}

import Foundation
