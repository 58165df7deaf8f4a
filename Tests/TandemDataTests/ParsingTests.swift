import CSHA256
import Testing
@testable import TandemData

@Suite struct NumberAndDateParsingTests {
    func parse(_ s: String) -> Double? {
        var bytes = Array(s.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { b in
            let p = b.baseAddress!
            return NumberParsing.parseDouble(p, p + b.count - 1)
        }
    }

    @Test func doublesAreCorrectlyRoundedAgainstSwiftParser() {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<20_000 {
            let mantissa = rng.next() >> UInt64(rng.int(below: 64))
            let exponent = rng.int(below: 60) - 30
            let text = "\(rng.chance(0.5) ? "-" : "")\(mantissa)e\(exponent)"
            #expect(parse(text) == Double(text), "\(text)")
            let decimal = "\(rng.int(below: 100_000)).\(rng.int(below: 100_000_000))"
            #expect(parse(decimal) == Double(decimal), "\(decimal)")
        }
    }

    @Test func edgeCasesOfTheNumberGrammar() {
        #expect(parse(".5") == 0.5)
        #expect(parse("3.") == 3)
        #expect(parse("+2") == 2)
        #expect(parse("1E3") == 1000)
        #expect(parse("inf") == .infinity)
        #expect(parse("-Infinity") == -.infinity)
        #expect(parse("1e") == nil)
        #expect(parse("-") == nil)
        #expect(parse("1.2.3") == nil)
        #expect(parse("12abc") == nil)
        #expect(parse("") == nil)
        #expect(parse("123456789012345678901234567890") == 1.2345678901234568e29)
    }

    @Test func isoDatesBecomeEpochSecondsAndBack() throws {
        let frame = try readCSV("d\n1970-01-01\n2000-02-29\n1969-12-31T23:59:59\n2024-03-15T08:30:00.250Z\n")
        guard case .date(let b) = try #require(frame["d"]).storage else { Issue.record("not a date column"); return }
        #expect(b[0] == 0)
        #expect(b[1] == 951_782_400)
        #expect(b[2] == -1)
        #expect(b[3] == 1_710_491_400)
        let parts = DateParts(seconds: b[3])
        #expect(parts.year == 2024 && parts.month == 3 && parts.day == 15 && parts.hour == 8 && parts.weekday == 4) // a Friday
        #expect(DateParts(seconds: -1).weekday == 2) // 1969-12-31 was a Wednesday
    }
}

@Suite struct SanitizerTests {
    @Test func escapeSequencesAndControlsAreRemoved() {
        #expect(sanitizeForDisplay("ok\u{1B}[2Jcleared") == "okcleared")
        #expect(sanitizeForDisplay("a\u{1B}]0;pwned title\u{07}b") == "ab")
        #expect(sanitizeForDisplay("a\u{1B}]2;t\u{1B}\\b") == "ab")
        #expect(sanitizeForDisplay("bell\u{07}nul\u{0}del\u{7F}c1\u{9B}31m.") == "bellnuldelc1.")
        #expect(sanitizeForDisplay("tab\tline\nend") == "tab line end")
        #expect(sanitizeForDisplay("tab\tline\nend", keepNewlines: true) == "tab line\nend")
        #expect(sanitizeForDisplay("bidi\u{202E}txet") == "biditxet")
        #expect(sanitizeForDisplay("Åsa — 北京") == "Åsa — 北京")
        #expect(sanitizeForDisplay("abcdef", limit: 3) == "abc…")
    }
}

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST example vectors.
    @Test func knownDigests() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Pseudo-random bytes from a fixed LCG: the same data every run.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var x = seed
        return (0..<count).map { _ in
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: x >> 56)
        }
    }

    /// The SHA-NI path (where the CPU has it) and the portable path compress every block alike.
    @Test func bothCompressionPathsAgree() {
        for blocks in [1, 2, 3, 7, 16, 33] {
            let data = Self.bytes(64 * blocks, seed: UInt64(blocks))
            var fast: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
            var portable = fast
            data.withUnsafeBufferPointer { d in
                fast.withUnsafeMutableBufferPointer { tandem_sha256_blocks($0.baseAddress!, d.baseAddress!, blocks) }
                portable.withUnsafeMutableBufferPointer { tandem_sha256_blocks_portable($0.baseAddress!, d.baseAddress!, blocks) }
            }
            #expect(fast == portable, "\(blocks) blocks")
        }
    }

    /// Feeding a message in pieces, across block boundaries, gives the one-shot digest.
    @Test func piecewiseUpdatesMatchOneShot() {
        let data = Self.bytes(1000, seed: 7)
        let whole = SHA256.hex(data)
        for cuts in [[1, 63, 64, 65], [0, 127, 128, 999], [10, 20, 30, 500], [64, 128, 192, 256]] {
            var hasher = SHA256(), start = 0
            for cut in cuts + [data.count] {
                hasher.update(Array(data[start..<cut]))
                start = cut
            }
            #expect(hasher.finalizeHex() == whole, "cuts \(cuts)")
        }
    }
}
