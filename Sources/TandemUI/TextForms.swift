import TandemData
import TandemRecipe
import TandemSession

/// Steps as one sanitised line.
public enum StepText {
    public static func describe(_ s: RecipeStep) -> String { sanitizeForDisplay(s.step.summary, limit: 200) }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Word wrapping for panes and dialogs.
enum Wrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        // Single line breaks inside a paragraph are reflowed; blank lines separate paragraphs.
        let paragraphs = text.replacingOccurrences("\n\n", "\u{1}").replacingOccurrences("\n", " ").split(separator: "\u{1}", omittingEmptySubsequences: false)
        for (k, paragraph) in paragraphs.enumerated() {
            if k > 0 { out.append("") }
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let w = String(word)
                if line.isEmpty { line = w } else if ScreenBuffer.columns(line) + 1 + ScreenBuffer.columns(w) <= width { line += " " + w } else {
                    out.append(line)
                    line = w
                }
                while ScreenBuffer.columns(line) > width {
                    let head = String(line.prefix(width))
                    out.append(head)
                    line = String(line.dropFirst(head.count))
                }
            }
            out.append(line)
        }
        return out
    }
}
