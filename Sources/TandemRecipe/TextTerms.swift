import Dispatch

/// Terms interned as dense ids: open addressing over byte strings kept in one arena, so tokenising a million texts
/// allocates no String per token.
struct TermTable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots: [Int32]

    init() { slots = [Int32](repeating: -1, count: 1024) }

    var count: Int { hashes.count }

    /// The id of the term `bytes`, added when new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s < 0 { break }
            if hashes[Int(s)] == h, matches(Int(s), bytes) { return s }
            i = (i + 1) & mask
        }
        let id = Int32(hashes.count)
        slots[i] = id
        hashes.append(h)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        return id
    }

    private func matches(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id]
        guard starts[id + 1] - start == bytes.count else { return false }
        for k in 0..<bytes.count where arena[start + k] != bytes[k] { return false }
        return true
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (id, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while bigger[i] >= 0 { i = (i + 1) & mask }
            bigger[i] = Int32(id)
        }
        slots = bigger
    }

    func term(_ id: Int32) -> String { String(decoding: arena[starts[Int(id)]..<starts[Int(id) + 1]], as: UTF8.self) }

    func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { a in
            body(UnsafeBufferPointer(rebasing: a[starts[Int(id)]..<starts[Int(id) + 1]]))
        }
    }
}

/// Every document of a text column as a sequence of term ids (CSR: document `d` is `ids[offsets[d]..<offsets[d+1]]`).
/// A category column's documents are its levels, tokenised once each; a text column's are its rows.
struct TokenizedDocs: Sendable {
    let terms: [String]
    let offsets: [Int]
    let ids: [Int32]
    /// Per row, its document; -1 for a missing value (an empty document).
    let document: @Sendable (Int) -> Int

    /// Tokens as scikit-learn's default `(?u)\b\w\w+\b` on lower-cased text finds them: runs of two or more letters,
    /// digits or underscores. ASCII text is read byte by byte; a text with other bytes goes through Character.
    init(_ col: WorkingColumn) {
        let docCount: Int, bytesOf: @Sendable (Int, (UnsafeBufferPointer<UInt8>?) -> Void) -> Void
        switch col {
        case .category(let codes, let levels):
            docCount = levels.count
            bytesOf = { d, body in var s = levels[d]; s.withUTF8 { body($0) } }
            document = { Int(codes[$0]) }
        case .text(let values):
            docCount = values.count
            bytesOf = { d, body in values.withUTF8(d, body) }
            document = { values.isMissing($0) ? -1 : $0 }
        default:
            docCount = col.count
            bytesOf = { d, body in var s = col.string(d) ?? ""; s.withUTF8 { body($0) } }
            document = { $0 }
        }
        // Chunks tokenise in parallel, each into its own table; the tables are merged into one after.
        let chunks = ParallelRows.chunkCount(docCount)
        var parts = [(TermTable, [Int], [Int32])?](repeating: nil, count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = RowWriter(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var table = TermTable(), offsets = [0], ids: [Int32] = [], scratch: [UInt8] = []
                scratch.reserveCapacity(64)
                for d in ParallelRows.chunk(c, of: chunks, count: docCount) {
                    bytesOf(d) { bytes in if let bytes { Self.tokenize(bytes, &table, &ids, &scratch) } }
                    offsets.append(ids.count)
                }
                out[c] = (table, offsets, ids)
            }
        }
        var global = TermTable(), offsets = [0], ids: [Int32] = []
        offsets.reserveCapacity(docCount + 1)
        for case let (table, localOffsets, localIds)? in parts {
            let remap = (0..<Int32(table.count)).map { id in table.withBytes(id) { global.intern($0) } }
            let base = ids.count
            ids += localIds.lazy.map { remap[Int($0)] }
            offsets += localOffsets.dropFirst().lazy.map { $0 + base }
        }
        terms = (0..<Int32(global.count)).map { global.term($0) }
        self.offsets = offsets
        self.ids = ids
    }

    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, _ table: inout TermTable, _ ids: inout [Int32], _ scratch: inout [UInt8]) {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return tokenizeUnicode(bytes, &table, &ids) }
        scratch.removeAll(keepingCapacity: true)
        func flush() {
            if scratch.count >= 2 { ids.append(scratch.withUnsafeBufferPointer { table.intern($0) }) }
            scratch.removeAll(keepingCapacity: true)
        }
        for b in bytes {
            switch b {
            case 0x41...0x5A: scratch.append(b | 0x20)
            case 0x61...0x7A, 0x30...0x39, 0x5F: scratch.append(b)
            default: flush()
            }
        }
        flush()
    }

    private static func tokenizeUnicode(_ bytes: UnsafeBufferPointer<UInt8>, _ table: inout TermTable, _ ids: inout [Int32]) {
        var current = ""
        func flush() {
            if current.unicodeScalars.count >= 2 { ids.append(current.withUTF8 { table.intern($0) }) }
            current = ""
        }
        for ch in String(decoding: bytes, as: UTF8.self).lowercased() {
            if ch.isLetter || ch.isNumber || ch == "_" { current.append(ch) } else { flush() }
        }
        flush()
    }
}
