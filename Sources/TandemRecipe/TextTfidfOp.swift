import Dispatch
import Foundation

/// `text_tfidf{column, max_features, min_df?, ngram?}` (DESIGN.md section 4): the vocabulary (the `max_features` terms most
/// frequent in the training rows, each in at least `min_df` of them) and its idf weights are learned on the training
/// fold only, then every row gets L2-normalised tf-idf columns `<column>_tfidf_<term>`, as scikit-learn's
/// TfidfVectorizer computes them (tokens: runs of two or more letters or digits, lower-cased; smooth idf
/// ln((1 + n) / (1 + df)) + 1). A missing text is an empty document.
public enum TextTfidfOp {
    static func apply(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        guard col.isTextual else { throw RecipeError(step: s.op, field: "column", "text_tfidf reads text; \"\(s.column)\" is \(col.kindName)") }
        let maxFeatures = s.int("max_features") ?? 100, minDF = s.int("min_df") ?? 1, ngram = s.int("ngram") ?? 1
        let docs = TokenizedDocs(col)
        let learned = vocabulary(docs, trainRows: p.trainRows, maxFeatures: maxFeatures, minDF: minDF, ngram: ngram)
        guard !learned.terms.isEmpty else {
            p.warnings.append("text_tfidf \(s.column): no term occurs in \(minDF) or more training rows; no columns added")
            return
        }
        let columns = weights(docs, learned, rows: p.frame.rows)
        var used = Set(p.frame.names)
        for (k, term) in learned.terms.enumerated() {
            var name = "\(s.column)_tfidf_\(columnName(term))"
            while used.contains(name) { name += "_" }
            used.insert(name)
            p.frame.set(name, .number(columns[k]))
        }
    }

    /// The terms kept, in column order, with their idf; per unigram id and per bigram (two ids) the column, if kept.
    struct Vocabulary {
        var terms: [String] = []
        var idf: [Double] = []
        var unigram: [Int32] = []
        var bigram: [UInt64: Int32] = [:]
    }

    static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// The `maxFeatures` terms most frequent in the training rows among those in at least `minDF` of them (ties by
    /// the term's text), with smooth idf ln((1 + n) / (1 + df)) + 1 over the training rows.
    static func vocabulary(_ docs: TokenizedDocs, trainRows: [Int], maxFeatures: Int, minDF: Int, ngram: Int) -> Vocabulary {
        let v = docs.terms.count
        var df = [Int](repeating: 0, count: v), tf = [Int](repeating: 0, count: v), seen = [Int](repeating: -1, count: v)
        var pairs: [UInt64: (df: Int, tf: Int, seen: Int)] = [:]
        for (i, r) in trainRows.enumerated() {
            let d = docs.document(r)
            guard d >= 0 else { continue }
            let range = docs.offsets[d]..<docs.offsets[d + 1]
            for k in range {
                let t = Int(docs.ids[k])
                tf[t] += 1
                if seen[t] != i { seen[t] = i; df[t] += 1 }
            }
            guard ngram >= 2, range.count >= 2 else { continue }
            for k in range.dropFirst() {
                let key = pair(docs.ids[k - 1], docs.ids[k])
                var e = pairs[key] ?? (0, 0, -1)
                e.tf += 1
                if e.seen != i { e.seen = i; e.df += 1 }
                pairs[key] = e
            }
        }
        // Candidates: unigram ids, then bigrams after them; the cut by frequency first, the text only for ties.
        let bigramKeys = pairs.filter { $0.value.df >= minDF }.map(\.key)
        var candidates = (0..<v).filter { df[$0] >= minDF }.map { (tf: tf[$0], id: $0) }
        candidates += bigramKeys.enumerated().map { (tf: pairs[$1]?.tf ?? 0, id: v + $0) }
        func text(_ id: Int) -> String {
            if id < v { return docs.terms[id] }
            let key = bigramKeys[id - v]
            return docs.terms[Int(key >> 32)] + " " + docs.terms[Int(key & 0xFFFF_FFFF)]
        }
        candidates.sort { $0.tf > $1.tf }
        var out = Vocabulary(unigram: [Int32](repeating: -1, count: v))
        guard maxFeatures > 0, !candidates.isEmpty else { return out }
        let cut = candidates[min(maxFeatures, candidates.count) - 1].tf
        let kept = candidates.prefix { $0.tf >= cut }.map { (tf: $0.tf, text: text($0.id), id: $0.id) }
            .sorted { ($0.tf, $1.text) > ($1.tf, $0.text) }.prefix(maxFeatures)
        let n = Double(trainRows.count)
        for (k, c) in kept.enumerated() {
            out.terms.append(c.text)
            let docFrequency = c.id < v ? df[c.id] : pairs[bigramKeys[c.id - v]]?.df ?? 0
            out.idf.append(log((1 + n) / (1 + Double(docFrequency))) + 1)
            if c.id < v { out.unigram[c.id] = Int32(k) } else { out.bigram[bigramKeys[c.id - v]] = Int32(k) }
        }
        return out
    }

    /// Every row's L2-normalised tf-idf over the vocabulary, one column per term: rows in parallel chunks write
    /// (row, weight) entries per column, which are then scattered into zero columns, one column per task.
    static func weights(_ docs: TokenizedDocs, _ vocab: Vocabulary, rows: Int) -> [[Double]] {
        let chunks = ParallelRows.chunkCount(rows), features = vocab.terms.count
        var parts = [(rows: [[Int32]], values: [[Double]])?](repeating: nil, count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = RowWriter(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var rowIds = [[Int32]](repeating: [], count: features), values = [[Double]](repeating: [], count: features)
                var counts = [Double](repeating: 0, count: features), touched: [Int32] = []
                for r in ParallelRows.chunk(c, of: chunks, count: rows) {
                    let d = docs.document(r)
                    guard d >= 0 else { continue }
                    let range = docs.offsets[d]..<docs.offsets[d + 1]
                    func count(_ k: Int32) {
                        guard k >= 0 else { return }
                        if counts[Int(k)] == 0 { touched.append(k) }
                        counts[Int(k)] += 1
                    }
                    for k in range { count(vocab.unigram[Int(docs.ids[k])]) }
                    if !vocab.bigram.isEmpty {
                        for k in range.dropFirst() { count(vocab.bigram[pair(docs.ids[k - 1], docs.ids[k])] ?? -1) }
                    }
                    guard !touched.isEmpty else { continue }
                    let norm = touched.reduce(0.0) { $0 + pow(counts[Int($1)] * vocab.idf[Int($1)], 2) }.squareRoot()
                    for k in touched {
                        rowIds[Int(k)].append(Int32(r))
                        values[Int(k)].append(counts[Int(k)] * vocab.idf[Int(k)] / norm)
                        counts[Int(k)] = 0
                    }
                    touched.removeAll(keepingCapacity: true)
                }
                out[c] = (rowIds, values)
            }
        }
        let entries = parts.compactMap { $0 }
        var result = [[Double]?](repeating: nil, count: features)
        result.withUnsafeMutableBufferPointer { buffer in
            let out = RowWriter(buffer)
            DispatchQueue.concurrentPerform(iterations: features) { k in
                var column = [Double](repeating: 0, count: rows)
                for part in entries {
                    for (r, value) in zip(part.rows[k], part.values[k]) { column[Int(r)] = value }
                }
                out[k] = column
            }
        }
        return result.map { $0 ?? [] }
    }

    /// A term as part of a column name: letters and digits kept, anything else an underscore.
    static func columnName(_ term: String) -> String {
        String(term.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

extension TextTfidfOp {
    /// text_tfidf fitted on `trainRows` and applied to every row of `frame`, outside a recipe (`tandem bench text`):
    /// the frame with its new columns and the step's warnings.
    public static func apply(_ s: Step, to frame: WorkingFrame, trainRows: [Int], context: RecipeContext) throws(RecipeError)
        -> (WorkingFrame, [String]) {
        guard s.op == .textTfidf else { throw RecipeError(step: s.op, field: nil, "is not text_tfidf") }
        var p = Preparation(frame: frame, trainRows: trainRows, labels: [Double](repeating: .nan, count: frame.rows), context: context)
        try StepRules.check(s, context, frame: frame)
        try apply(s, &p)
        return (p.frame, p.warnings)
    }
}
