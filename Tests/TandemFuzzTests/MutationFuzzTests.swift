import Foundation
import Testing
import TestSupport
import TandemFuzz

/// The short fuzz pass `make test` runs (issue 19): every committed seed of every target, and a fixed number of
/// seeded mutations of them, through the same targets `make fuzz` gives libFuzzer. A crash fails the run; an unclear
/// refusal is recorded with the input that caused it.
@Suite struct MutationFuzzTests {
    static let corpus = RepositoryPaths.root + "/Fuzz/corpus"
    static let mutationsPerSeed = 150

    /// Bytes that parsers treat specially: quotes, separators, front-matter fences, brackets, escapes, invalid UTF-8.
    static let interesting: [[UInt8]] = ["\"", ",", "\n", "\r\n", "+++", "{", "}", "[", "]", "\\", "\\u0000", "=", "#", "(", ")", "e308", "-",
                                         "\u{FEFF}"].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00], [0x1B, 0x5B, 0x33, 0x31, 0x6D]]

    /// SplitMix64: the mutations are the same on every run and machine.
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(n, 1)))
        }
    }

    static func mutate(_ seed: [UInt8], other: [UInt8], _ r: inout Random) -> [UInt8] {
        var b = seed
        for _ in 0...r.next(3) {
            let at = r.next(b.count + 1)
            switch r.next(6) {
            case 0 where !b.isEmpty: b[min(at, b.count - 1)] ^= UInt8(1 << r.next(8))
            case 1: b.insert(contentsOf: interesting[r.next(interesting.count)], at: at)
            case 2 where !b.isEmpty && at < b.count: b.removeSubrange(at..<min(b.count, at + 1 + r.next(16)))
            case 3 where !b.isEmpty:
                let from = r.next(b.count)
                b.insert(contentsOf: Array(b[from..<min(b.count, from + 1 + r.next(64))]), at: at)
            case 4 where !other.isEmpty:
                let from = r.next(other.count)
                b = Array(b.prefix(at)) + other[from...]
            default: b = Array(b.prefix(at))
            }
        }
        return b
    }

    @Test(arguments: FuzzTargets.names) func seedsAndTheirMutationsAreTakenOrRefusedClearly(_ target: String) throws {
        let dir = Self.corpus + "/" + target
        let seeds = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().compactMap { FileManager.default.contents(atPath: dir + "/" + $0) }
            .map { [UInt8]($0) }
        #expect(seeds.count >= 2, "the \(target) corpus needs seeds")
        let scratch = try RepositoryPaths.temporaryFolder("fuzz-\(target)")
        var r = Random(state: 0x7A4D_E11A)
        var runs = 0
        for (i, seed) in seeds.enumerated() {
            let inputs = [seed] + (0..<Self.mutationsPerSeed).map { _ in Self.mutate(seed, other: seeds[(i + 1) % seeds.count], &r) }
            for input in inputs {
                runs += 1
                if let finding = FuzzTargets.run(target, input, scratch: scratch) {
                    Issue.record("\(target): \(finding) — input (base64): \(Data(input).base64EncodedString())")
                }
            }
        }
        #expect(runs == seeds.count * (Self.mutationsPerSeed + 1))
    }
}
