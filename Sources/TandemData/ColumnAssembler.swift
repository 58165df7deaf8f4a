import Dispatch

/// Joins per-segment chunk columns into final columns, in parallel over columns.
enum ColumnAssembler {
    /// The kind each column ends up with: the join over every segment that
    /// saw a value (a segment of all-missing rows has no say).
    static func finalHints(_ results: [SegmentResult], columnCount: Int) -> [ColumnHint] {
        (0..<columnCount).map { c in
            var hint: ColumnHint?
            var anyText = false
            for r in results {
                let col = r.columns[c]
                anyText = anyText || (col.kind == .string && col.textMode)
                if col.nonMissing > 0 { hint = hint.map { $0.joined(col.hint) } ?? col.hint }
            }
            guard var h = hint else { return ColumnHint(kind: .float, textMode: false) }
            if h.kind == .string { h.textMode = h.textMode || anyText }
            return h
        }
    }

    static func assemble(names: [String], hints: [ColumnHint], results: inout [SegmentResult]) -> [Column] {
        let total = results.reduce(0) { $0 + $1.rows }
        let offsets = results.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.rows) }
        let slots = ParallelSlots<Column>(count: names.count)
        let parts = PartsView(results)
        DispatchQueue.concurrentPerform(iterations: names.count) { c in
            slots.set(c, buildColumn(name: names[c], hint: hints[c], c: c, parts: parts, offsets: offsets, total: total))
            // Free this column's chunks now, so peak memory is one copy plus one column.
            for r in parts.results { r.columns[c].free() }
        }
        for r in results { r.releaseColumnArray() }
        results = []
        return slots.all()
    }

    private static func buildColumn(name: String, hint: ColumnHint, c: Int, parts: PartsView, offsets: [Int], total: Int) -> Column {
        let missing = missingMask(c: c, parts: parts, offsets: offsets, total: total)
        let storage: ColumnStorage
        switch hint.kind {
        case .int:
            let buf = ColumnBuffer<Int64>(uninitializedCount: total)
            for (k, r) in parts.results.enumerated() { copyOrZero(r.columns[c].ints, into: buf.base + offsets[k], rows: r.rows, valid: r.columns[c].kind == .int) }
            storage = .int(buf)
        case .date:
            let buf = ColumnBuffer<Int64>(uninitializedCount: total)
            for (k, r) in parts.results.enumerated() { copyOrZero(r.columns[c].ints, into: buf.base + offsets[k], rows: r.rows, valid: r.columns[c].kind == .date) }
            storage = .date(buf)
        case .float:
            let buf = ColumnBuffer<Double>(uninitializedCount: total)
            for (k, r) in parts.results.enumerated() {
                let col = r.columns[c], out = buf.base + offsets[k]
                if col.kind == .float, let src = col.floats.base {
                    out.update(from: src, count: r.rows)
                } else if col.kind == .int, col.nonMissing > 0, let src = col.ints.base {
                    for i in 0..<r.rows { out[i] = Double(src[i]) }
                    for j in 0..<col.missingRows.count { out[Int(col.missingRows[j])] = .nan }
                } else {
                    out.initialize(repeating: .nan, count: r.rows)
                }
            }
            storage = .float(buf)
        case .string:
            storage = hint.textMode ? buildText(c: c, parts: parts, total: total) : buildCategory(c: c, parts: parts, offsets: offsets, total: total)
        }
        return Column(name: name, storage: storage, missing: missing)
    }

    private static func copyOrZero(_ src: GrowBuffer<Int64>, into out: UnsafeMutablePointer<Int64>, rows: Int, valid: Bool) {
        if valid, let s = src.base { out.update(from: s, count: rows) } else { out.initialize(repeating: 0, count: rows) }
    }

    private static func missingMask(c: Int, parts: PartsView, offsets: [Int], total: Int) -> ColumnBuffer<Bool>? {
        guard parts.results.contains(where: { $0.columns[c].missingRows.count > 0 }) else { return nil }
        let mask = ColumnBuffer<Bool>(repeating: false, count: total)
        for (k, r) in parts.results.enumerated() {
            let rows = r.columns[c].missingRows
            for j in 0..<rows.count { mask.base[offsets[k] + Int(rows[j])] = true }
        }
        return mask
    }

    private static func buildCategory(c: Int, parts: PartsView, offsets: [Int], total: Int) -> ColumnStorage {
        var global = ByteDictionary()
        defer { global.free() }
        let codes = ColumnBuffer<Int32>(uninitializedCount: total)
        var nonMissing = 0
        for (k, r) in parts.results.enumerated() {
            let col = r.columns[c], out = codes.base + offsets[k]
            guard col.kind == .string, col.nonMissing > 0 else { out.initialize(repeating: -1, count: r.rows); continue }
            nonMissing += col.nonMissing
            var remap = [Int32](repeating: -1, count: col.dictionary.count)
            for local in 0..<col.dictionary.count {
                let bytes = col.dictionary.entry(local)
                remap[local] = bytes.baseAddress.map { global.intern($0, bytes.count) } ?? withUnsafePointer(to: UInt8(0)) { global.intern($0, 0) }
            }
            for i in 0..<r.rows {
                let code = col.codes[i]
                out[i] = code >= 0 ? remap[Int(code)] : -1
            }
        }
        // Mostly-unique strings are free text, not categories.
        if global.count > 50, global.count * 2 > nonMissing {
            return .text(textFromCodes(codes: codes, dictionary: global))
        }
        let levels = (0..<global.count).map { global.string($0) }
        return .category(codes: codes, levels: levels)
    }

    private static func textFromCodes(codes: ColumnBuffer<Int32>, dictionary: ByteDictionary) -> TextBuffer {
        var bytes = GrowBuffer<UInt8>()
        let offsets = ColumnBuffer<Int>(uninitializedCount: codes.count + 1)
        offsets.base[0] = 0
        for i in 0..<codes.count {
            if codes[i] >= 0 {
                let e = dictionary.entry(Int(codes[i]))
                if let b = e.baseAddress { bytes.append(contentsOf: b, count: e.count) }
            }
            offsets.base[i + 1] = bytes.count
        }
        defer { bytes.free() }
        return TextBuffer(bytes: ColumnBuffer(UnsafeBufferPointer(start: bytes.base, count: bytes.count)), offsets: offsets)
    }

    private static func buildText(c: Int, parts: PartsView, total: Int) -> ColumnStorage {
        var totalBytes = 0
        for r in parts.results {
            let col = r.columns[c]
            if col.kind == .string, col.textMode { totalBytes += col.textBytes.count }
            else if col.kind == .string { for i in 0..<col.codes.count where col.codes[i] >= 0 { totalBytes += col.dictionary.entry(Int(col.codes[i])).count } }
        }
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: totalBytes)
        let offsets = ColumnBuffer<Int>(uninitializedCount: total + 1)
        offsets.base[0] = 0
        var row = 0, at = 0
        for r in parts.results {
            let col = r.columns[c]
            for i in 0..<r.rows {
                if col.kind == .string, col.textMode {
                    let s = i == 0 ? 0 : col.textEnds[i - 1], e = col.textEnds[i]
                    if e > s, let src = col.textBytes.base { (bytes.base + at).update(from: src + s, count: e - s); at += e - s }
                } else if col.kind == .string, col.codes[i] >= 0 {
                    let entry = col.dictionary.entry(Int(col.codes[i]))
                    if let src = entry.baseAddress { (bytes.base + at).update(from: src, count: entry.count); at += entry.count }
                }
                row += 1
                offsets.base[row] = at
            }
        }
        return .text(TextBuffer(bytes: bytes, offsets: offsets))
    }
}

/// Read-only view of the segment results for the column builders (each reads, none writes).
private struct PartsView: @unchecked Sendable {
    let results: [SegmentResult]
    init(_ r: [SegmentResult]) { results = r }
}

