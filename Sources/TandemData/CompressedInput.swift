import CLZMA
import CZlib

/// Compressed inputs as Kaggle and MLE-bench ship them: `.csv.gz`, `.csv.xz` and `.zip` (one CSV, or a competition's
/// train/test/sample_submission). Decompressed in memory, chunk by chunk, by Debian's zlib (gzip and the zip's deflate)
/// and liblzma; only the zip's directory is read by our own code. The output is reserved at the size the container
/// states, so memory stays bounded by the decompressed table.
public enum CompressedInput {
    public static let extensions = [".gz", ".xz", ".zip"]

    public static func isCompressed(_ path: String) -> Bool { extensions.contains { path.lowercased().hasSuffix($0) } }

    /// A zip's file, as its directory lists it.
    public struct ZipEntry: Sendable, Equatable {
        public let name: String
        let method: UInt16
        let flags: UInt16
        let compressedSize: Int
        public let size: Int
        let localHeader: Int
    }

    /// The decompressed bytes of `path` when its name says it is compressed; nil for a plain file. A zip must hold
    /// exactly one CSV (a competition zip is opened as a folder instead).
    public static func decompress(path: String) throws(CSVError) -> [UInt8]? {
        let lower = path.lowercased()
        guard isCompressed(lower) else { return nil }
        let file = try MappedFile(path: path)
        defer { file.close() }
        guard let base = file.base, file.size > 0 else { throw CSVError(path: path, line: nil, reason: .empty) }
        let data = UnsafeBufferPointer(start: UnsafePointer(base), count: file.size)
        if lower.hasSuffix(".gz") { return try inflate(data, path: path, windowBits: 15 + 32, sizeHint: gzipSize(data)) }
        if lower.hasSuffix(".xz") { return try unxz(data, path: path) }
        let entries = try zipEntries(data, path: path)
        let csvs = entries.filter { $0.name.lowercased().hasSuffix(".csv") && !$0.name.hasPrefix("__MACOSX/") }
        guard csvs.count == 1, let only = csvs.first else {
            let names = csvs.map(\.name).prefix(5).joined(separator: ", ")
            throw CSVError(path: path, line: nil, reason: .cannotOpen(csvs.isEmpty ? "the zip holds no .csv file"
                : "the zip holds \(csvs.count) CSV files (\(names)): open it as a challenge, or unzip the one you mean"))
        }
        return try extract(only, from: data, path: path)
    }

    /// The files a zip lists in its central directory (zip64 included).
    public static func zipEntries(path: String) throws(CSVError) -> [ZipEntry] {
        let file = try MappedFile(path: path)
        defer { file.close() }
        guard let base = file.base, file.size > 0 else { throw CSVError(path: path, line: nil, reason: .empty) }
        return try zipEntries(UnsafeBufferPointer(start: UnsafePointer(base), count: file.size), path: path)
    }

    /// One file of a zip, decompressed.
    public static func extract(_ entry: ZipEntry, zip path: String) throws(CSVError) -> [UInt8] {
        let file = try MappedFile(path: path)
        defer { file.close() }
        guard let base = file.base else { throw CSVError(path: path, line: nil, reason: .empty) }
        return try extract(entry, from: UnsafeBufferPointer(start: UnsafePointer(base), count: file.size), path: path)
    }

    static func bad(_ path: String, _ why: String) -> CSVError { CSVError(path: path, line: nil, reason: .cannotOpen(why)) }

    static func le(_ d: UnsafeBufferPointer<UInt8>, _ at: Int, _ bytes: Int) -> Int {
        guard at >= 0, at + bytes <= d.count else { return -1 }
        var v = 0
        for k in (0..<bytes).reversed() { v = v << 8 | Int(d[at + k]) }
        return v
    }

    static func zipEntries(_ d: UnsafeBufferPointer<UInt8>, path: String) throws(CSVError) -> [ZipEntry] {
        // The end-of-central-directory record: the last signature within its 22 bytes plus a comment of up to 64 KiB.
        var end = -1
        for i in stride(from: d.count - 22, through: max(0, d.count - 22 - 65_535), by: -1) where le(d, i, 4) == 0x0605_4B50 {
            end = i
            break
        }
        guard end >= 0 else { throw bad(path, "not a zip file (no central directory)") }
        var count = le(d, end + 10, 2), offset = le(d, end + 16, 4)
        if count == 0xFFFF || offset == 0xFFFF_FFFF, le(d, end - 20, 4) == 0x0706_4B50 {
            let record = le(d, end - 12, 8)
            guard le(d, record, 4) == 0x0606_4B50 else { throw bad(path, "a damaged zip64 directory") }
            count = le(d, record + 32, 8)
            offset = le(d, record + 48, 8)
        }
        var entries: [ZipEntry] = [], at = offset
        for _ in 0..<max(0, count) {
            guard le(d, at, 4) == 0x0201_4B50 else { throw bad(path, "a damaged zip directory (entry \(entries.count + 1))") }
            let nameLength = le(d, at + 28, 2), extraLength = le(d, at + 30, 2), commentLength = le(d, at + 32, 2)
            guard at + 46 + nameLength <= d.count else { throw bad(path, "a damaged zip directory") }
            let name = String(decoding: UnsafeBufferPointer(rebasing: d[(at + 46)..<(at + 46 + nameLength)]), as: UTF8.self)
            var compressed = le(d, at + 20, 4), size = le(d, at + 24, 4), local = le(d, at + 42, 4)
            // Zip64 sizes and offset, in that order, for those that overflowed 32 bits.
            var extra = at + 46 + nameLength
            while extra + 4 <= at + 46 + nameLength + extraLength {
                let id = le(d, extra, 2), length = le(d, extra + 2, 2)
                if id == 1 {
                    var field = extra + 4
                    for value in [0, 1, 2] {
                        let current = [size, compressed, local][value]
                        guard current == 0xFFFF_FFFF else { continue }
                        let wide = le(d, field, 8)
                        if value == 0 { size = wide } else if value == 1 { compressed = wide } else { local = wide }
                        field += 8
                    }
                }
                extra += 4 + length
            }
            if !name.hasSuffix("/") {
                entries.append(ZipEntry(name: name, method: UInt16(le(d, at + 10, 2)), flags: UInt16(le(d, at + 8, 2)),
                                        compressedSize: compressed, size: size, localHeader: local))
            }
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    static func extract(_ e: ZipEntry, from d: UnsafeBufferPointer<UInt8>, path: String) throws(CSVError) -> [UInt8] {
        let place = "\(path) (\(e.name))"
        guard e.flags & 1 == 0 else { throw bad(place, "the file is encrypted") }
        guard le(d, e.localHeader, 4) == 0x0403_4B50 else { throw bad(place, "a damaged zip (no local header)") }
        let start = e.localHeader + 30 + le(d, e.localHeader + 26, 2) + le(d, e.localHeader + 28, 2)
        guard start >= 0, start + e.compressedSize <= d.count else { throw bad(place, "the zip is truncated") }
        let data = UnsafeBufferPointer(rebasing: d[start..<(start + e.compressedSize)])
        switch e.method {
        case 0: return Array(data)
        case 8: return try inflate(data, path: place, windowBits: -15, sizeHint: e.size)
        default: throw bad(place, "compression method \(e.method) is not supported (deflate and stored are)")
        }
    }

    /// gzip's trailer states the size modulo 2^32: a hint for the output's reservation.
    static func gzipSize(_ d: UnsafeBufferPointer<UInt8>) -> Int { d.count >= 18 ? le(d, d.count - 4, 4) : 0 }

    /// zlib's inflate over the whole input: gzip (every member of a concatenated file), zlib or raw deflate.
    static func inflate(_ input: UnsafeBufferPointer<UInt8>, path: String, windowBits: Int32, sizeHint: Int) throws(CSVError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw bad(path, "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        out.reserveCapacity(max(sizeHint, input.count * 3))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = 0
        var remaining = input.count
        while true {
            if stream.avail_in == 0 && remaining > 0 {
                let take = min(remaining, Int(UInt32.max >> 1))
                stream.avail_in = UInt32(take)
                remaining -= take
            }
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            if status == Z_STREAM_END {
                // A concatenated gzip file goes on with its next member.
                guard windowBits > 15, stream.avail_in > 0 || remaining > 0 else { return out }
                guard inflateReset(&stream) == Z_OK else { throw bad(path, "zlib could not restart") }
                continue
            }
            guard status == Z_OK || (status == Z_BUF_ERROR && stream.avail_in > 0) else {
                let message = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                throw bad(path, stream.avail_in == 0 && remaining == 0 ? "the compressed data ends early (truncated?)" : "corrupt compressed data: \(message)")
            }
        }
    }

    /// liblzma's stream decoder over every concatenated .xz stream.
    static func unxz(_ input: UnsafeBufferPointer<UInt8>, path: String) throws(CSVError) -> [UInt8] {
        var stream = lzma_stream()
        guard lzma_stream_decoder(&stream, UInt64.max, 0x08 /* LZMA_CONCATENATED */) == LZMA_OK else {
            throw bad(path, "liblzma could not start")
        }
        defer { lzma_end(&stream) }
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        stream.next_in = input.baseAddress
        stream.avail_in = input.count
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> lzma_ret in
                stream.next_out = buffer.baseAddress
                stream.avail_out = buffer.count
                return lzma_code(&stream, LZMA_FINISH)
            }
            out.append(contentsOf: chunk[0..<(chunk.count - stream.avail_out)])
            if status == LZMA_STREAM_END { return out }
            guard status == LZMA_OK else {
                throw bad(path, status == LZMA_BUF_ERROR || status == LZMA_DATA_ERROR && stream.avail_in == 0
                          ? "the compressed data ends early (truncated?)" : "corrupt .xz data (liblzma code \(status.rawValue))")
            }
        }
    }
}
