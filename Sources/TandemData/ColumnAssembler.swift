import Dispatch

/// Finishes the final columns in place once every segment has parsed:
/// converts segments that stayed int in a float column, fills all-missing
/// segments of another kind, remaps category codes to one dictionary and
/// joins text. Runs in parallel over columns.
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

    static func assemble(names: [String], hints: [ColumnHint], results: [SegmentResult], regions: ColumnRegions) -> [Column] {
        let slots = ParallelSlots<Column>(count: names.count)
        let parts = PartsView(results: results)
        DispatchQueue.concurrentPerform(iterations: names.count) { c in
            slots.set(c, finishColumn(name: names[c], hint: hints[c], c: c, parts: parts, regions: regions))
            for r in parts.results { r.columns[c].free() }
        }
        for r in results { r.releaseColumnArray() }
        return slots.all()
    }

    private static func finishColumn(name: String, hint: ColumnHint, c: Int, parts: PartsView, regions: ColumnRegions) -> Column {
        let total = regions.rows
        let missing = missingMask(c: c, parts: parts, total: total)
        let slots = regions.slots[c].base
        var keepSlots = false, keepCodes = false, keepTextEnds = false
        let storage: ColumnStorage
        switch hint.kind {
        case .int, .date:
            for r in parts.results where r.columns[c].kind != hint.kind {
                (slots + r.rowOffset * 8).initializeMemory(as: Int64.self, repeating: 0, count: r.rows)
            }
            keepSlots = true
            let buffer = ColumnBuffer<Int64>(adopting: regions.slots[c], count: total)
            storage = hint.kind == .int ? .int(buffer) : .date(buffer)
        case .float:
            for r in parts.results {
                switch r.columns[c].kind {
                case .float: break
                case .int: r.columns[c].convertIntsToFloats()
                default: (slots + r.rowOffset * 8).initializeMemory(as: Double.self, repeating: .nan, count: r.rows)
                }
            }
            keepSlots = true
            storage = .float(ColumnBuffer<Double>(adopting: regions.slots[c], count: total))
        case .string where hint.textMode:
            keepTextEnds = true
            storage = .text(joinText(c: c, parts: parts, regions: regions))
        case .string:
            let (codes, levels, nonMissing) = remapCategories(c: c, parts: parts, regions: regions)
            // Mostly-unique strings are free text, not categories.
            if levels.count > 50, levels.count * 2 > nonMissing {
                storage = .text(textFromCodes(codes: codes, rows: total, levels: levels))
            } else {
                keepCodes = true
                storage = .category(codes: ColumnBuffer<Int32>(adopting: regions.codes[c], count: total), levels: levels)
            }
        }
        if !keepSlots { regions.slots[c].free() }
        if !keepCodes { regions.codes[c].free() }
        if !keepTextEnds { regions.textEnds[c].free() }
        return Column(name: name, storage: storage, missing: missing)
    }

    private static func missingMask(c: Int, parts: PartsView, total: Int) -> ColumnBuffer<Bool>? {
        guard parts.results.contains(where: { $0.columns[c].missingRows.count > 0 }) else { return nil }
        let mask = ColumnBuffer<Bool>(repeating: false, count: total)
        for r in parts.results {
            let rows = r.columns[c].missingRows
            for j in 0..<rows.count { mask.base[r.rowOffset + Int(rows[j])] = true }
        }
        return mask
    }

    /// Rewrites each segment's local codes to codes of one dictionary, in first-seen order.
    private static func remapCategories(c: Int, parts: PartsView, regions: ColumnRegions) -> (UnsafeMutablePointer<Int32>, [String], Int) {
        var global = ByteDictionary()
        defer { global.free() }
        let codes = regions.codes[c].base.assumingMemoryBound(to: Int32.self)
        var nonMissing = 0
        for r in parts.results {
            let col = r.columns[c], out = codes + r.rowOffset
            guard col.kind == .string, col.nonMissing > 0 else { out.initialize(repeating: -1, count: r.rows); continue }
            nonMissing += col.nonMissing
            var remap = [Int32](repeating: -1, count: col.dictionary.count)
            for local in 0..<col.dictionary.count {
                let bytes = col.dictionary.entry(local)
                remap[local] = withUnsafePointer(to: UInt8(0)) { zero in global.intern(bytes.baseAddress ?? zero, bytes.count) }
            }
            remap.withUnsafeBufferPointer { map in
                for i in 0..<r.rows where out[i] >= 0 { out[i] = map[Int(out[i])] }
            }
        }
        return (codes, (0..<global.count).map { global.string($0) }, nonMissing)
    }

    private static func textFromCodes(codes: UnsafeMutablePointer<Int32>, rows: Int, levels: [String]) -> TextBuffer {
        let levelBytes = levels.map { Array($0.utf8) }
        var total = 0
        for i in 0..<rows where codes[i] >= 0 { total += levelBytes[Int(codes[i])].count }
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: total)
        let offsets = ColumnBuffer<Int>(uninitializedCount: rows + 1)
        offsets.base[0] = 0
        var at = 0
        for i in 0..<rows {
            if codes[i] >= 0 {
                for byte in levelBytes[Int(codes[i])] { bytes.base[at] = byte; at += 1 }
            }
            offsets.base[i + 1] = at
        }
        return TextBuffer(bytes: bytes, offsets: offsets)
    }

    /// Concatenates each segment's text bytes and turns its local end offsets into global ones.
    private static func joinText(c: Int, parts: PartsView, regions: ColumnRegions) -> TextBuffer {
        let ends = regions.textEnds[c].base.assumingMemoryBound(to: Int.self)
        var totalBytes = 0
        for r in parts.results {
            if r.columns[c].kind == .string, !r.columns[c].textMode { r.columns[c].switchToText() }
            if r.columns[c].kind == .string { totalBytes += r.columns[c].textBytes.count }
        }
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: totalBytes)
        ends[0] = 0
        var at = 0
        for r in parts.results {
            let col = r.columns[c], slice = ends + r.rowOffset + 1
            if col.kind == .string {
                if let src = col.textBytes.base, col.textBytes.count > 0 { (bytes.base + at).update(from: src, count: col.textBytes.count) }
                for i in 0..<r.rows { slice[i] += at }
                at += col.textBytes.count
            } else {
                slice.initialize(repeating: at, count: r.rows)
            }
        }
        return TextBuffer(bytes: bytes, offsets: ColumnBuffer<Int>(adopting: regions.textEnds[c], count: regions.rows + 1))
    }
}

/// Read-only view of the segment results for the column builders; each
/// builder touches only its own column of every segment.
private struct PartsView: @unchecked Sendable {
    let results: [SegmentResult]
}
