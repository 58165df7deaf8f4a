/// A check run on TOML text before it reaches TOMLKit. toml++ (inside TOMLKit) trips an assertion, and so aborts
/// the whole process, on a table header whose name starts with a character that cannot start one (`[é]`, a lone `[`),
/// which is not TOML anyway. Found by `make fuzz` (issue 19); such text is refused here with the line instead.
/// Lines inside multi-line strings and inside arrays that span lines are not headers and are left alone.
public enum TOMLPrecheck {
    /// The first line toml++ cannot be trusted with, and why; nil when the text may be parsed.
    public static func problem(_ text: String) -> (line: Int, message: String)? {
        var multiline: String?   // the delimiter of an open multi-line string
        var depth = 0            // brackets of an array value still open
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Substring(raw)
            if let delimiter = multiline {
                if line.components(separatedBy: delimiter).count % 2 == 0 { multiline = nil }
                continue
            }
            if depth == 0, let bad = header(line) { return (i + 1, bad) }
            (multiline, depth) = scan(line, depth: depth)
        }
        return nil
    }

    static func header(_ line: Substring) -> String? {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.first == "[" else { return nil }
        rest = rest.dropFirst()
        if rest.first == "[" { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard let c = rest.unicodeScalars.first else { return "a table header needs a name after its [" }
        if c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "_-\"'".unicodeScalars.contains(c)) { return nil }
        return "a table name must start with a letter, digit, _ or -, or be quoted (\"…\")"
    }

    /// After one line: an opened multi-line string, and the depth of array brackets (outside strings and comments).
    /// A header line's own brackets are not counted.
    static func scan(_ line: Substring, depth start: Int) -> (String?, Int) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if start == 0 && trimmed.first == "[" { return (nil, 0) }
        var depth = start
        var quote: Character?
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" && q == "\"" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "#" {
                break
            } else if c == "\"" || c == "'" {
                let triple = String(repeating: String(c), count: 3)
                if i + 2 < chars.count, chars[i + 1] == c, chars[i + 2] == c {
                    let after = String(chars[(i + 3)...])
                    if !after.contains(triple) { return (triple, depth) }
                    chars = Array(after.components(separatedBy: triple).dropFirst().joined(separator: triple))
                    i = 0
                    continue
                }
                quote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth = max(0, depth - 1)
            }
            i += 1
        }
        return (nil, depth)
    }
}
