import Foundation

/// `text_stats{column}` (DESIGN.md section 4): what a free-text column says by its shape, as numbers a model can use.
/// It learns nothing, so it runs once for every fold and for test.
enum TextStatsOp {
    /// The columns it writes, `<column>_<stat>`, in this order.
    static let stats = ["length", "words", "digits", "upper_share", "exclaims", "questions", "links"]

    static func outputs(_ column: String) -> [String] { stats.map { "\(column)_\($0)" } }

    static func apply(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        guard col.isTextual else {
            throw RecipeError(step: s.op, field: "column", "text_stats reads text; \"\(s.column)\" is \(col.kindName)")
        }
        let rows = p.frame.rows
        var out = [[Double]](repeating: [Double](repeating: .nan, count: rows), count: stats.count)
        for r in 0..<rows {
            guard let text = col.string(r) else { continue }
            let v = measure(text)
            for k in stats.indices { out[k][r] = v[k] }
        }
        for (k, name) in outputs(s.column).enumerated() { p.frame.set(name, .number(out[k])) }
    }

    /// length (characters), words, digits, upper-case share of the letters, `!` and `?` counts, links (http, www).
    static func measure(_ text: String) -> [Double] {
        var length = 0, words = 0, digits = 0, letters = 0, upper = 0, exclaims = 0, questions = 0
        var inWord = false
        for ch in text {
            length += 1
            let wordy = ch.isLetter || ch.isNumber
            if wordy && !inWord { words += 1 }
            inWord = wordy
            if ch.isNumber { digits += 1 }
            if ch.isLetter { letters += 1; if ch.isUppercase { upper += 1 } }
            if ch == "!" { exclaims += 1 }
            if ch == "?" { questions += 1 }
        }
        let lower = text.lowercased()
        let links = ["http://", "https://", "www."].reduce(0) { n, marker in
            n + lower.components(separatedBy: marker).count - 1
        } - countOverlaps(lower)
        return [Double(length), Double(words), Double(digits), letters == 0 ? 0 : Double(upper) / Double(letters),
                Double(exclaims), Double(questions), Double(max(0, links))]
    }

    /// "https://www.x" is one link, not two.
    static func countOverlaps(_ lower: String) -> Int {
        lower.components(separatedBy: "://www.").count - 1
    }
}
