import Testing
@testable import TandemData

/// Freed column blocks are reused by the next block of the same size and
/// role, never by another role, and a reused block carries nothing stale
/// into the next frame.
@Suite struct LargeBlockPoolTests {
    @Test func aBlockGoesBackOnlyToItsOwnSizeAndRole() {
        let pool = LargeBlockPool(limitBytes: 1 << 30)
        let bytes = 4 << 20
        let block = LargeBlock(byteCount: bytes, role: 0)
        #expect(pool.keep(block.base, byteCount: bytes, role: 7))
        #expect(pool.heldBytes == bytes)
        #expect(pool.take(byteCount: bytes, role: 8) == nil)
        #expect(pool.take(byteCount: bytes + 4096, role: 7) == nil)
        #expect(pool.take(byteCount: bytes, role: 7) == block.base)
        #expect(pool.take(byteCount: bytes, role: 7) == nil)
        #expect(pool.heldBytes == 0)
        block.free()
    }

    @Test func aFullPoolRefusesAndHoldsNoMoreThanItsLimit() {
        let bytes = 4 << 20
        let pool = LargeBlockPool(limitBytes: bytes + bytes / 2)
        let a = LargeBlock(byteCount: bytes, role: 1), b = LargeBlock(byteCount: bytes, role: 1)
        #expect(pool.keep(a.base, byteCount: bytes, role: 1))
        #expect(!pool.keep(b.base, byteCount: bytes, role: 1))
        #expect(pool.heldBytes == bytes)
        _ = pool.take(byteCount: bytes, role: 1)
        a.free()
        b.free()
    }

    @Test func aFreedBlockIsReusedAndStillWritable() {
        // A role no reader uses, so parallel tests cannot take this block first.
        let role = 900_001, bytes = 3 << 20
        let first = LargeBlock(byteCount: bytes, role: role)
        first.base.initializeMemory(as: UInt8.self, repeating: 0xAB, count: bytes)
        let address = first.base
        first.free()
        let second = LargeBlock(byteCount: bytes, role: role)
        #expect(second.base == address)
        second.base.initializeMemory(as: UInt8.self, repeating: 0x11, count: bytes)
        #expect(second.base.load(fromByteOffset: bytes - 1, as: UInt8.self) == 0x11)
        second.free()
    }

    /// Two files of the same shape (so every column block is reused) with
    /// different kinds in each column: the second frame must hold only its own values.
    @Test func aSecondReadOfTheSameShapeHoldsOnlyItsOwnValues() throws {
        let rows = 600_000 // codes blocks of 2.4 MB: above the map threshold
        var first: [UInt8] = Array("x,y,z\n".utf8)
        var second: [UInt8] = Array("x,y,z\n".utf8)
        for i in 0..<rows {
            first += Array("1.5,q,7\n".utf8)
            second += Array((i % 5 == 0 ? "" : String(i)).utf8) + Array(",\(2 * i),t\(i)\n".utf8)
        }
        let dir = TempDir()
        let a = try CSVReader.read(path: dir.write("a.csv", bytes: first))
        #expect(a.rowCount == rows)
        _ = consume a
        let b = try CSVReader.read(path: dir.write("b.csv", bytes: second))
        #expect(b.rowCount == rows)
        let x = try #require(b["x"]), y = try #require(b["y"]), z = try #require(b["z"])
        #expect(x.kind == .int && y.kind == .int && z.kind == .text)
        var wrong = 0
        for i in 0..<rows {
            let expectedX: Double? = i % 5 == 0 ? nil : Double(i)
            if x.double(at: i) != expectedX || y.double(at: i) != Double(2 * i) || z.string(at: i) != "t\(i)" { wrong += 1 }
        }
        #expect(wrong == 0)
    }
}
