import Synchronization

/// A text column's codes and levels, kept for the columns last encoded. The model's automatic encoding of a text column
/// no step encoded (`FeaturePlan`) reads every row; the column is the same in every fold and, read from the file, in
/// every evaluation of a challenge, so it is encoded once. An entry holds its column, so its storage (what identifies
/// it) cannot be freed and reused by another column while the entry lives.
final class TextCodes: Sendable {
    private struct Entry: Sendable {
        let identity: [UInt]
        let column: TextValues
        let codes: [Int32]
        let levels: [String]
    }

    private let entries = Mutex<[Entry]>([])
    static let capacity = 8

    func codes(_ column: WorkingColumn) -> (codes: [Int32], levels: [String]) {
        guard case .text(let text) = column else { return Encoding.codes(column) }
        let identity = text.identity
        if let found = entries.withLock({ $0.first { $0.identity == identity } }) { return (found.codes, found.levels) }
        let (codes, levels) = Encoding.codes(column)
        entries.withLock { list in
            list.append(Entry(identity: identity, column: text, codes: codes, levels: levels))
            if list.count > Self.capacity { list.removeFirst() }
        }
        return (codes, levels)
    }
}
