/// The header row: validated, unique, non-empty column names.
struct CSVHeader {
    let names: [String]
    /// Bytes from the start of the header through its line break.
    let length: Int

    static func parse(base: UnsafePointer<UInt8>, start: Int, size: Int, options: CSVReadOptions) throws(CSVProblem) -> CSVHeader {
        let limit = options.maxLineBytes
        // Find the header's end with memchr before tokenizing, so a giant
        // first line is refused without being copied byte by byte.
        let searchEnd = min(size, start + limit)
        if CSVSplit.firstRowStart(base, from: start, to: searchEnd, inQuotes: false) == nil, size - start > limit {
            throw CSVProblem(offset: start, reason: .lineTooLong(limit: limit))
        }
        let row = RowTokenizer.fields(base: base + start, end: base + size, limit: limit)
        if let at = row.unterminatedQuoteAt {
            throw CSVProblem(offset: start + at, reason: row.length >= limit ? .lineTooLong(limit: limit) : .unterminatedQuote)
        }
        if let at = row.textAfterQuoteAt { throw CSVProblem(offset: start + at, reason: .textAfterClosingQuote) }
        let reachedLimit = row.length >= limit && start + row.length < size
        if reachedLimit { throw CSVProblem(offset: start, reason: .lineTooLong(limit: limit)) }
        guard row.fields.count <= options.maxColumns else {
            throw CSVProblem(offset: start, reason: .tooManyColumns(row.fields.count, limit: options.maxColumns))
        }
        var names: [String] = []
        names.reserveCapacity(row.fields.count)
        var seen = Set<String>()
        for (i, raw) in row.fields.enumerated() {
            if raw.contains(0) { throw CSVProblem(offset: start, reason: .binaryData) }
            let valid = raw.withUnsafeBufferPointer(UTF8Validation.isValid)
            guard valid else { throw CSVProblem(offset: start, reason: .invalidUTF8) }
            let name = String(decoding: raw, as: UTF8.self).trimmingSpaces()
            if name.isEmpty {
                // A lone empty header over an empty file is "empty", not a nameless column.
                if row.fields.count == 1 { throw CSVProblem(offset: start, reason: .empty) }
                throw CSVProblem(offset: start, reason: .emptyHeaderName(column: i + 1))
            }
            guard seen.insert(name).inserted else { throw CSVProblem(offset: start, reason: .duplicateHeaderName(name)) }
            names.append(name)
        }
        return CSVHeader(names: names, length: row.length)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
