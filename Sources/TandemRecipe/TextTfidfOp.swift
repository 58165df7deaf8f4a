import Foundation

/// `text_tfidf{column, max_features, min_df?, ngram?}` (DESIGN.md section 4): the vocabulary (the `max_features` terms most
/// frequent in the training rows, each in at least `min_df` of them) and its idf weights are learned on the training
/// fold only, then every row gets L2-normalised tf-idf columns `<column>_tfidf_<term>`, as scikit-learn's
/// TfidfVectorizer computes them (tokens: runs of two or more letters or digits, lower-cased; smooth idf
/// ln((1 + n) / (1 + df)) + 1). A missing text is an empty document.
enum TextTfidfOp {
    static func apply(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        guard col.isTextual else { throw RecipeError(step: s.op, field: "column", "text_tfidf reads text; \"\(s.column)\" is \(col.kindName)") }
        let maxFeatures = s.int("max_features") ?? 100, minDF = s.int("min_df") ?? 1, ngram = s.int("ngram") ?? 1
        let docs = (0..<p.frame.rows).map { r in col.string(r).map { terms(tokens($0), ngram: ngram) } ?? [] }
        var df: [String: Int] = [:], tf: [String: Int] = [:]
        for r in p.trainRows {
            for t in docs[r] { tf[t, default: 0] += 1 }
            for t in Set(docs[r]) { df[t, default: 0] += 1 }
        }
        let vocabulary = df.filter { $0.value >= minDF }.keys.sorted { (tf[$0] ?? 0, $1) > (tf[$1] ?? 0, $0) }.prefix(maxFeatures)
        guard !vocabulary.isEmpty else {
            p.warnings.append("text_tfidf \(s.column): no term occurs in \(minDF) or more training rows; no columns added")
            return
        }
        let n = Double(p.trainRows.count)
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        let idf = vocabulary.map { log((1 + n) / (1 + Double(df[$0] ?? 0))) + 1 }
        var columns = [[Double]](repeating: [Double](repeating: 0, count: p.frame.rows), count: vocabulary.count)
        for (r, doc) in docs.enumerated() {
            var counts: [Int: Double] = [:]
            for t in doc { if let k = index[t] { counts[k, default: 0] += 1 } }
            let norm = counts.reduce(0.0) { $0 + pow($1.value * idf[$1.key], 2) }.squareRoot()
            guard norm > 0 else { continue }
            for (k, c) in counts { columns[k][r] = c * idf[k] / norm }
        }
        var used = Set(p.frame.names)
        for (k, term) in vocabulary.enumerated() {
            var name = "\(s.column)_tfidf_\(columnName(term))"
            while used.contains(name) { name += "_" }
            used.insert(name)
            p.frame.set(name, .number(columns[k]))
        }
    }

    /// Lower-cased runs of two or more letters or digits (scikit-learn's default token pattern).
    static func tokens(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else {
                if current.count >= 2 { out.append(current) }
                current = ""
            }
        }
        if current.count >= 2 { out.append(current) }
        return out
    }

    /// Unigrams, and with `ngram` 2 the bigrams too (scikit-learn's ngram_range (1, 2)).
    static func terms(_ tokens: [String], ngram: Int) -> [String] {
        guard ngram >= 2, tokens.count >= 2 else { return tokens }
        return tokens + (1..<tokens.count).map { tokens[$0 - 1] + " " + tokens[$0] }
    }

    /// A term as part of a column name: letters and digits kept, anything else an underscore.
    static func columnName(_ term: String) -> String {
        String(term.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
