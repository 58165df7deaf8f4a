import TandemData

/// Fold schemes. The whole recipe is refitted inside every fold; these only
/// say which rows train and which are held out.
public enum CVScheme: String, Codable, Sendable {
    case kfold, stratified, time, group
}

public struct Fold: Sendable, Equatable {
    public let train: [Int]
    public let valid: [Int]
}

enum CrossValidation {
    /// Folds over `rows` (rows with a known label).
    static func folds(scheme: CVScheme, count k: Int, rows: [Int], labels: [Double], frame: WorkingFrame,
                      context: RecipeContext, groupColumn: String?) throws(RecipeError) -> [Fold] {
        guard rows.count >= k * 2 else { throw RecipeError(step: .cv, field: "folds", "\(k) folds need at least \(k * 2) labelled rows, there are \(rows.count)") }
        switch scheme {
        case .kfold:
            return byAssignment(rows, FoldAssignment.shuffled(count: rows.count, folds: k, seed: context.seed), k)
        case .stratified:
            var assignment = [Int](repeating: 0, count: rows.count)
            // Classes are few: a linear scan of them beats hashing every row.
            var keys: [Double] = [], byClass: [[Int]] = [], lookup: [Double: Int] = [:]
            for (i, r) in rows.enumerated() {
                let label = labels[r]
                var c = -1
                if keys.count <= 16 {
                    for j in keys.indices where keys[j] == label { c = j; break }
                } else {
                    c = lookup[label] ?? -1
                }
                if c < 0 {
                    c = keys.count
                    keys.append(label)
                    byClass.append([])
                    lookup[label] = c
                }
                byClass[c].append(i)
            }
            var rng = SeededRandom(seed: context.seed)
            var next = 0
            for c in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
                var members = byClass[c]
                members.shuffle(using: &rng)
                for i in members { assignment[i] = next % k; next += 1 }
            }
            return byAssignment(rows, assignment, k)
        case .time:
            guard let t = context.timeColumn, let times = frame[t]?.numbers else {
                throw RecipeError(step: .cv, field: "scheme", "time folds need the challenge's time column")
            }
            // Forward chaining: k + 1 blocks in time order; fold i trains on blocks 0…i and validates on block i + 1.
            let ordered = rows.sorted { (times[$0], $0) < (times[$1], $1) }
            let block = ordered.count / (k + 1)
            return (0..<k).map { i in
                let end = (i + 1) * block
                let validEnd = i == k - 1 ? ordered.count : end + block
                return Fold(train: Array(ordered[0..<end]).sorted(), valid: Array(ordered[end..<validEnd]).sorted())
            }
        case .group:
            guard let g = groupColumn, let col = frame[g] else { throw RecipeError(step: .cv, field: "group_column", "column \"\(groupColumn ?? "")\" does not exist") }
            let keys = Encoding.keys(col, rows: frame.rows)
            var members: [String: [Int]] = [:]
            for (i, r) in rows.enumerated() { members[keys[r] ?? "\u{0}", default: []].append(i) }
            guard members.count >= k else { throw RecipeError(step: .cv, field: "group_column", "\(members.count) groups cannot fill \(k) folds") }
            var names = members.keys.sorted()
            var rng = SeededRandom(seed: context.seed)
            names.shuffle(using: &rng)
            // Largest groups first, each to the fold with the fewest rows: folds stay balanced.
            names.sort { (members[$0]?.count ?? 0) > (members[$1]?.count ?? 0) }
            var sizes = [Int](repeating: 0, count: k)
            var assignment = [Int](repeating: 0, count: rows.count)
            for name in names {
                let f = sizes.indices.min { sizes[$0] < sizes[$1] } ?? 0
                for i in members[name] ?? [] { assignment[i] = f }
                sizes[f] += members[name]?.count ?? 0
            }
            return byAssignment(rows, assignment, k)
        }
    }

    static func byAssignment(_ rows: [Int], _ assignment: [Int], _ k: Int) -> [Fold] {
        var sizes = [Int](repeating: 0, count: k)
        for a in assignment where a >= 0 && a < k { sizes[a] += 1 }
        return (0..<k).map { f in
            var train: [Int] = [], valid: [Int] = []
            train.reserveCapacity(rows.count - sizes[f])
            valid.reserveCapacity(sizes[f])
            for i in rows.indices {
                if assignment[i] == f { valid.append(rows[i]) } else { train.append(rows[i]) }
            }
            return Fold(train: train, valid: valid)
        }
    }
}
