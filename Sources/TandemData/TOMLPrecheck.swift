/// A check run on TOML text before it reaches TOMLKit. toml++ (inside TOMLKit) trips an assertion, and so aborts
/// the whole process, on a table header whose name starts with a non-ASCII character (`[é]`), which TOML forbids
/// anyway (bare keys are ASCII). Found by `make fuzz` (issue 19); such text is refused here with the line instead.
public enum TOMLPrecheck {
    /// The first line toml++ cannot be trusted with, and why; nil when the text may be parsed.
    public static func problem(_ text: String) -> (line: Int, message: String)? {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = raw.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            // What may start a table name: a bare-key character or a quote (anything else is not TOML either).
            if let c = rest.unicodeScalars.first, !(c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)
                                                                  || "_-\"'".unicodeScalars.contains(c))) {
                return (i + 1, "a table name must start with a letter, digit, _ or -, or be quoted (\"…\")")
            }
        }
        return nil
    }
}
