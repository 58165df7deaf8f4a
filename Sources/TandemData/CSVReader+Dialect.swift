extension CSVReader {
    /// Reads a CSV as people save them: compressed (.gz, .xz, a zip of one CSV), in a spreadsheet's dialect (`;`, tab
    /// or `|`, decimal commas, Windows-1252), with a BOM or CRLF. Each finding is a note with its reason. A plain UTF-8
    /// comma file is parsed in place as `read(path:)` does, after a scan of its first 64 KiB.
    public static func read(path: String, dialect: CSVDialectOptions, notes: inout [String],
                            options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> DataFrame {
        if let bytes = try CompressedInput.decompress(path: path) {
            notes.append("decompressed \(bytes.count) bytes")
            return try read(bytes: bytes, name: path, dialect: dialect, notes: &notes, options: options)
        }
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try read(file, dialect: dialect, notes: &notes, options: options)
    }

    /// CSV bytes in memory (a decompressed file), read in their dialect; errors and notes name `name`.
    public static func read(bytes: [UInt8], name: String, dialect: CSVDialectOptions, notes: inout [String],
                            options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> DataFrame {
        let file = MappedFile(path: name, bytes: bytes)
        defer { file.close() }
        return try read(file, dialect: dialect, notes: &notes, options: options)
    }

    private static func read(_ file: MappedFile, dialect options: CSVDialectOptions, notes: inout [String],
                             options read: CSVReadOptions) throws(CSVError) -> DataFrame {
        guard let base = file.base, file.size > 0 else { throw CSVError(path: file.path, line: nil, reason: .empty) }
        let all = UnsafeBufferPointer(start: base, count: file.size)
        var dialect = CSVDialect.detect(all, options: options)
        if dialect.isStandard {
            do {
                let frame = try parse(file, options: read)
                notes += dialect.notes
                return frame
            } catch let problem where problem.reason == .invalidUTF8 {
                // Latin-1 text after the sample: the line the parser stopped at says where.
                let line = file.lineNumber(atOffset: problem.offset)
                dialect.windows1252 = true
                dialect.notes.append("not UTF-8 (line \(line)): read as Windows-1252 (Latin-1) and converted to UTF-8")
            } catch {
                throw CSVError(path: file.path, line: file.lineNumber(atOffset: error.offset), reason: error.reason)
            }
        }
        notes += dialect.notes
        let standard = MappedFile(path: file.path, bytes: dialect.rewrite(all))
        defer { standard.close() }
        do {
            return try parse(standard, options: read)
        } catch {
            throw CSVError(path: file.path, line: standard.lineNumber(atOffset: error.offset), reason: error.reason)
        }
    }
}

extension CSVReader {
    /// The file as standard CSV bytes (comma, decimal points, UTF-8): decompressed and rewritten when it needs it, as
    /// read, when it does not. For tools that copy records (`tandem new`) and must see what the reader sees.
    public static func standardBytes(path: String, dialect options: CSVDialectOptions, notes: inout [String]) throws(CSVError) -> [UInt8] {
        let bytes: [UInt8]
        if let unpacked = try CompressedInput.decompress(path: path) {
            notes.append("decompressed \(unpacked.count) bytes")
            bytes = unpacked
        } else {
            let file = try MappedFile(path: path)
            defer { file.close() }
            guard let base = file.base else { return [] }
            bytes = Array(UnsafeBufferPointer(start: base, count: file.size))
        }
        return bytes.withUnsafeBufferPointer { all -> [UInt8] in
            var dialect = CSVDialect.detect(all, options: options)
            if dialect.isStandard, CSVDialect.firstInvalidUTF8(all) != nil {
                dialect.windows1252 = true
                dialect.notes.append("not UTF-8: read as Windows-1252 (Latin-1) and converted to UTF-8")
            }
            notes += dialect.notes
            return dialect.isStandard ? bytes : dialect.rewrite(all)
        }
    }
}
