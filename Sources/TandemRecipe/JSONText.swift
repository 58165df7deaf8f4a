/// A small JSON reader and canonical writer (event payloads, agent replies). Foundation's
/// Codable JSON costs tens of microseconds an event; the log appends and
/// replays hundreds of thousands, so payloads take this direct path (the
/// output is canonical: sorted keys, no spaces, slashes unescaped).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order: a few keys each, so a list beats hashing them.
    case object([(key: String, value: JSONValue)])

    public var asDouble: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .unsigned(let u): Double(u)
        case .double(let d): d
        default: nil
        }
    }

    /// The last member named `key` (JSON's usual reading of a repeated key).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let o) = self else { return nil }
        return o.last { $0.key == key }?.value
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as a step parameter (null has no step form).
    public var stepValue: StepValue? {
        switch self {
        case .null: nil
        case .bool(let b): .bool(b)
        case .integer, .unsigned, .double: asDouble.map { .number($0) }
        case .string(let s): .string(s)
        case .array(let a): .array(a.compactMap(\.stepValue))
        case .object(let o):
            .table(Dictionary(o.compactMap { m in m.value.stepValue.map { (m.key, $0) } }, uniquingKeysWith: { _, last in last }))
        }
    }
}

public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public let offset: Int
    public let message: String
    public var description: String { "JSON: \(message) at byte \(offset)" }
}

/// Parses one JSON document from UTF-8 bytes.
public struct JSONReader {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONSyntaxError> = copy.withUTF8 { buffer in
            var reader = JSONReader(b: buffer)
            do throws(JSONSyntaxError) {
                let v = try reader.value(depth: 0)
                reader.skipSpace()
                guard reader.i == buffer.count else { throw reader.fail("trailing characters") }
                return .success(v)
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private func fail(_ m: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, message: m) }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < 64 else { throw fail("nested too deeply") }
        skipSpace()
        guard i < b.count else { throw fail("unexpected end") }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var o: [(key: String, value: JSONValue)] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try string()
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                o.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < b.count else { throw fail("unexpected end") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            i += 1
            var a: [JSONValue] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                a.append(try value(depth: depth + 1))
                skipSpace()
                guard i < b.count else { throw fail("unexpected end") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for c in word.utf8 {
            guard i < b.count, b[i] == c else { throw fail("unexpected character") }
            i += 1
        }
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        var integral = true
        while i < b.count {
            let c = b[i]
            if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { i += 1 } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                integral = false
                i += 1
            } else { break }
        }
        guard i > start else { throw fail("unexpected character") }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        if integral {
            if let v = Int64(text) { return .integer(v) }
            if let v = UInt64(text) { return .unsigned(v) }
        }
        guard let d = Double(text), d.isFinite else { throw fail("bad number \(text)") }
        return .double(d)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1   // the opening quote
        let start = i
        // Fast path: no escapes.
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\"), b[i] >= 0x20 { i += 1 }
        guard i < b.count else { throw fail("unterminated string") }
        if b[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        }
        var bytes = Array(UnsafeBufferPointer(rebasing: b[start..<i]))
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: bytes, as: UTF8.self) }
            guard c >= 0x20 else { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { break }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                bytes.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default: throw fail("bad escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }
}

/// Canonical JSON straight into bytes: the writer of the log's hot path.
/// Callers emit object keys in sorted order; step tables are sorted here.
public struct JSONBytes {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init() { bytes.reserveCapacity(512) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func open(_ c: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(c.value))
        needsComma = false
    }

    public mutating func close(_ c: Unicode.Scalar) {
        bytes.append(UInt8(c.value))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func raw(_ s: String) {
        separate()
        bytes.append(contentsOf: s.utf8)
        needsComma = true
    }

    public mutating func field(_ k: String, _ v: String?) {
        guard let v else { return }
        key(k)
        string(v)
    }

    public mutating func field(_ k: String, _ v: Int?) {
        guard let v else { return }
        key(k)
        raw(String(v))
    }

    /// Whole numbers as integers; non-finite numbers have no JSON form and are written as null.
    public mutating func number(_ d: Double) {
        if !d.isFinite { raw("null") } else if d == d.rounded(), abs(d) < 1e15 { raw(String(Int64(d))) } else { raw(d.description) }
    }

    public mutating func string(_ s: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    public mutating func list<T>(_ items: [T], _ each: (inout JSONBytes, T) -> Void) {
        open("[")
        for item in items { each(&self, item) }
        close("]")
    }

    public mutating func step(_ s: RecipeStep) { value(.table(s.table)) }

    public mutating func value(_ v: StepValue) {
        switch v {
        case .string(let s): string(s)
        case .number(let d): number(d)
        case .bool(let b): raw(b ? "true" : "false")
        case .array(let a): list(a) { w, e in w.value(e) }
        case .table(let t):
            open("{")
            for k in t.keys.sorted() {
                key(k)
                if let e = t[k] { value(e) }
            }
            close("}")
        }
    }
}
