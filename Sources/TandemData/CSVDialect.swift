/// How a CSV file is written when it is not RFC 4180 in UTF-8, as spreadsheets export them: a `;`, tab or `|`
/// delimiter, decimal commas, Windows-1252 text. Detected from a bounded sample (the first 64 KiB), or given by the user
/// (`--delimiter`, `--decimal`). A standard file costs one sample scan; any other is rewritten as standard CSV in
/// memory, line for line (errors keep their line numbers), and read as one.
public struct CSVDialectOptions: Sendable, Equatable {
    /// nil: detect.
    public var delimiter: UInt8?
    /// nil: detect; true: decimal commas wherever a column reads as numbers that way; false: never.
    public var decimalComma: Bool?

    public init(delimiter: UInt8? = nil, decimalComma: Bool? = nil) {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
    }

    /// `,` `;` `|`, and a tab as `tab` or `\t`.
    public static func delimiter(named name: String) -> UInt8? {
        switch name {
        case ",": UInt8(ascii: ",")
        case ";": UInt8(ascii: ";")
        case "|": UInt8(ascii: "|")
        case "tab", "\\t", "\t": 0x09
        default: nil
        }
    }
}

/// What the sample showed: the delimiter, the columns written with decimal commas, whether the text is Windows-1252,
/// and a note with the reason for each finding.
struct CSVDialect {
    static let sampleBytes = 1 << 16
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    var delimiter = UInt8(ascii: ",")
    var decimalColumns: Set<Int> = []
    var windows1252 = false
    var notes: [String] = []

    var isStandard: Bool { delimiter == UInt8(ascii: ",") && decimalColumns.isEmpty && !windows1252 }

    static func name(_ d: UInt8) -> String { d == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(d)))'" }

    static func detect(_ bytes: UnsafeBufferPointer<UInt8>, options: CSVDialectOptions) -> CSVDialect {
        var d = CSVDialect()
        var sample = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, sampleBytes)])
        // Whole lines only (a line longer than the sample is judged on what there is).
        if sample.count < bytes.count, let lastLF = sample.lastIndex(of: 0x0A) { sample = UnsafeBufferPointer(rebasing: sample[0...lastLF]) }
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { d.notes.append("a UTF-8 byte-order mark, skipped") }
        if let bad = firstInvalidUTF8(sample) {
            d.windows1252 = true
            let line = sample[0..<bad].lazy.filter { $0 == 0x0A }.count + 1
            d.notes.append("not UTF-8 (byte 0x\(String(sample[bad], radix: 16, uppercase: true)) on line \(line)): read as Windows-1252 "
                           + "(Latin-1) and converted to UTF-8")
        }
        if let lf = sample.firstIndex(of: 0x0A), lf > 0, sample[lf - 1] == 0x0D { d.notes.append("Windows line ends (CRLF)") }
        let text: [UInt8] = d.windows1252 ? windows1252ToUTF8(sample) : Array(sample)
        if let given = options.delimiter {
            d.delimiter = given
            if given != UInt8(ascii: ",") { d.notes.append("delimiter \(name(given)) (--delimiter)") }
        } else if let (found, fields, lines) = bestDelimiter(text), found != UInt8(ascii: ",") {
            d.delimiter = found
            d.notes.append("delimiter \(name(found)): each of the first \(lines) lines has \(fields) fields with it, and they do not line up with ','")
        }
        guard d.delimiter != UInt8(ascii: ","), options.decimalComma != false else { return d }
        let rows = records(text, delimiter: d.delimiter)
        guard let header = rows.first else { return d }
        var named: [String] = []
        for c in header.indices {
            let values = rows.dropFirst().compactMap { $0.indices.contains(c) && !$0[c].isEmpty ? $0[c] : nil }
            guard !values.isEmpty, values.allSatisfy(isDecimalCommaNumber), values.contains(where: { $0.contains(UInt8(ascii: ",")) })
            else { continue }
            d.decimalColumns.insert(c)
            named.append(String(decoding: header[c], as: UTF8.self))
        }
        if !named.isEmpty {
            let shown = named.prefix(6).joined(separator: ", ") + (named.count > 6 ? " and \(named.count - 6) more" : "")
            d.notes.append("decimal commas in \(shown): every value reads as a number that way (1.234,5 is 1234.5)"
                           + (options.decimalComma == true ? " (--decimal comma)" : ""))
        }
        return d
    }

    /// The delimiter under which every sampled line has as many fields as the header (at least two), the most fields
    /// winning and ',' winning a tie; with the field and line counts.
    static func bestDelimiter(_ text: [UInt8]) -> (UInt8, Int, Int)? {
        var best: (UInt8, Int, Int)?
        for c in candidates {
            let rows = records(text, delimiter: c)
            guard let width = rows.first?.count, width >= 2, rows.allSatisfy({ $0.count == width }) else { continue }
            if best == nil || width > best?.1 ?? 0 { best = (c, width, rows.count) }
        }
        return best
    }

    /// `-1.234,56`, `0,5`, `12`: digits with an optional sign, `.` thousands groups and one decimal comma.
    static func isDecimalCommaNumber(_ v: [UInt8]) -> Bool {
        var i = 0
        if i < v.count, v[i] == UInt8(ascii: "-") || v[i] == UInt8(ascii: "+") { i += 1 }
        var digits = 0, groupRun = -1, sawDot = false
        while i < v.count, v[i] != UInt8(ascii: ",") {
            if v[i] == UInt8(ascii: ".") {
                // A thousands dot follows one to three digits, then groups of exactly three.
                guard digits > 0, (sawDot ? groupRun == 3 : digits <= 3) else { return false }
                sawDot = true
                groupRun = 0
            } else if (0x30...0x39).contains(v[i]) {
                digits += 1
                if sawDot { groupRun += 1 }
            } else { return false }
            i += 1
        }
        guard digits > 0, !sawDot || groupRun == 3 else { return false }
        guard i < v.count else { return true }
        i += 1
        guard i < v.count else { return false }
        return v[i...].allSatisfy { (0x30...0x39).contains($0) }
    }

    static func decimalPoint(_ v: [UInt8]) -> [UInt8] {
        v.compactMap { $0 == UInt8(ascii: ".") ? nil : $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
    }

    /// The records of `text`: fields split on `delimiter` outside quotes, quotes removed and doubled quotes undone.
    static func records(_ text: [UInt8], delimiter: UInt8) -> [[[UInt8]]] {
        var out: [[[UInt8]]] = []
        forEachRecord(text, delimiter: delimiter) { fields, _ in out.append(fields) }
        return out
    }

    /// Calls `body` with each record's fields and the line end that closed it (empty at the end of the text).
    static func forEachRecord(_ text: [UInt8], delimiter: UInt8, _ body: ([[UInt8]], [UInt8]) -> Void) {
        var fields: [[UInt8]] = [], field: [UInt8] = [], inQuotes = false, i = 0
        let quote = UInt8(ascii: "\"")
        while i < text.count {
            let b = text[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < text.count, text[i + 1] == quote { field.append(quote); i += 1 } else { inQuotes = false }
                } else { field.append(b) }
            } else if b == quote && field.isEmpty {
                inQuotes = true
            } else if b == delimiter {
                fields.append(field)
                field = []
            } else if b == 0x0A || (b == 0x0D && i + 1 < text.count && text[i + 1] == 0x0A) {
                fields.append(field)
                body(fields, b == 0x0D ? [0x0D, 0x0A] : [0x0A])
                if b == 0x0D { i += 1 }
                fields = []
                field = []
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); body(fields, []) }
    }

    /// The whole file as standard CSV: comma-delimited, decimal points, UTF-8; one output line per input line.
    func rewrite(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let text = windows1252 ? Self.windows1252ToUTF8(bytes) : Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8)
        var first = true
        Self.forEachRecord(text, delimiter: delimiter) { fields, end in
            for (c, raw) in fields.enumerated() {
                if c > 0 { out.append(UInt8(ascii: ",")) }
                // The header keeps its names; data fields of a decimal-comma column get decimal points.
                let value = !first && decimalColumns.contains(c) && Self.isDecimalCommaNumber(raw) ? Self.decimalPoint(raw) : raw
                if value.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                    out.append(UInt8(ascii: "\""))
                    for b in value {
                        out.append(b)
                        if b == UInt8(ascii: "\"") { out.append(b) }
                    }
                    out.append(UInt8(ascii: "\""))
                } else {
                    out += value
                }
            }
            out += end.isEmpty ? [] : [0x0A]
            first = false
        }
        return out
    }

    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
            guard length > 0, i + length <= bytes.count else { return length > 0 && i + length > bytes.count ? nil : i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Windows-1252: ASCII as is, 0xA0–0xFF as U+00A0–U+00FF, 0x80–0x9F as the code page's punctuation (€, curly
    /// quotes, dashes); its five unassigned bytes become U+FFFD.
    static func windows1252ToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let scalar = b >= 0xA0 ? UInt32(b) : cp1252High[Int(b - 0x80)]
            out += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
        }
        return out
    }

    static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBufferPointer { windows1252ToUTF8($0) } }

    static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
