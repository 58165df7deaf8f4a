/// A CSV problem, always naming the file and, where there is one, the line
/// (1-based, counting physical lines, so it matches what an editor shows).
public struct CSVError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case cannotOpen(String)
        case empty
        case headerOnly
        case emptyHeaderName(column: Int)
        case duplicateHeaderName(String)
        case tooManyColumns(Int, limit: Int)
        case lineTooLong(limit: Int)
        case unterminatedQuote
        case textAfterClosingQuote
        case raggedRow(expected: Int, found: Int)
        case invalidUTF8
        case binaryData
    }

    public let path: String
    public let line: Int?
    public let reason: Reason

    public init(path: String, line: Int?, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(message)"
    }

    public var message: String {
        switch reason {
        case .cannotOpen(let why): "cannot read the file (\(why))"
        case .empty: "the file is empty (a header row is required)"
        case .headerOnly: "the file has a header row but no data rows"
        case .emptyHeaderName(let column): "header column \(column) has an empty name"
        case .duplicateHeaderName(let name): "header name \"\(sanitizeForDisplay(name, limit: 60))\" appears more than once"
        case .tooManyColumns(let n, let limit): "the header has \(n) columns; at most \(limit) are supported"
        case .lineTooLong(let limit): "a line is longer than \(limit / (1 << 20)) MiB (no line break found)"
        case .unterminatedQuote: "a quoted field starts here and is never closed"
        case .textAfterClosingQuote: "text follows a closing quote (a quote inside a field must be doubled: \"\")"
        case .raggedRow(let expected, let found):
            "expected \(expected) fields as in the header, found \(found)"
                + (expected == 1 ? " (the header has no ','; if the file is delimited by ';', tab or '|', give --delimiter)" : "")
        case .invalidUTF8: "the text is not valid UTF-8"
        case .binaryData: "binary data (a NUL byte): this does not look like a CSV file"
        }
    }
}
