/// The final memory of every column, reserved before the types are known:
/// 8-byte value slots (int, float, date), 4-byte category codes and text
/// end offsets. Segments write their rows straight into their slice; the
/// assembler adopts the regions each column needs and frees the rest.
/// Untouched regions are never faulted in, so reserving all three is free.
final class ColumnRegions: @unchecked Sendable {
    let rows: Int
    let slots: [LargeBlock]
    let codes: [LargeBlock]
    let textEnds: [LargeBlock]

    init(columnCount: Int, rows: Int) {
        self.rows = rows
        // A role per column and use: reading the same file again reuses the very blocks it touched.
        slots = (0..<columnCount).map { LargeBlock(byteCount: rows * 8, role: $0 * 3) }
        codes = (0..<columnCount).map { LargeBlock(byteCount: rows * 4, role: $0 * 3 + 1) }
        textEnds = (0..<columnCount).map { LargeBlock(byteCount: (rows + 1) * 8, role: $0 * 3 + 2) }
    }

    func placement(column c: Int, rowOffset: Int, rows n: Int) -> ColumnPlacement {
        ColumnPlacement(slots: slots[c].base + rowOffset * 8,
                        codes: codes[c].base.assumingMemoryBound(to: Int32.self) + rowOffset,
                        textEnds: textEnds[c].base.assumingMemoryBound(to: Int.self) + rowOffset + 1,
                        rows: n)
    }

    /// Frees every region of the reader's frame (on failure, before anything was adopted).
    func freeAll() {
        for b in slots + codes + textEnds { b.free() }
    }
}

/// Where one segment writes one column.
struct ColumnPlacement {
    let slots: UnsafeMutableRawPointer
    let codes: UnsafeMutablePointer<Int32>
    let textEnds: UnsafeMutablePointer<Int>
    let rows: Int
}

