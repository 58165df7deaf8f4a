#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file.
final class MappedFile: @unchecked Sendable {
    let path: String
    let size: Int
    let base: UnsafePointer<UInt8>?
    private let mapping: UnsafeMutableRawPointer?
    /// Bytes held in memory instead of a mapping (a JSON table rendered as CSV): freed by close().
    private let owned: UnsafeMutableBufferPointer<UInt8>?

    /// A "file" of bytes already in memory, read by the same parser as a mapped file.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        size = bytes.count
        mapping = nil
        guard !bytes.isEmpty else { base = nil; owned = nil; return }
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        owned = copy
        base = UnsafePointer(copy.baseAddress)
    }

    init(path: String) throws(CSVError) {
        self.path = path
        owned = nil
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CSVError(path: path, line: nil, reason: .cannotOpen(String(cString: strerror(errno)))) }
        defer { _ = Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CSVError(path: path, line: nil, reason: .cannotOpen(String(cString: strerror(errno)))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw CSVError(path: path, line: nil, reason: .cannotOpen("not a regular file")) }
        size = Int(info.st_size)
        guard size > 0 else { base = nil; mapping = nil; return }
        guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
            throw CSVError(path: path, line: nil, reason: .cannotOpen(String(cString: strerror(errno))))
        }
        _ = madvise(m, size, MADV_SEQUENTIAL)
        mapping = m
        base = UnsafePointer(m.assumingMemoryBound(to: UInt8.self))
    }

    /// Drops the pages of a parsed range from this process (they stay in
    /// the page cache), so peak memory is the columns, not the columns plus the file.
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        if end > start { _ = madvise(mapping + start, end - start, MADV_DONTNEED) }
    }

    /// 1-based physical line of a byte offset.
    func lineNumber(atOffset offset: Int) -> Int {
        guard let base else { return 1 }
        var line = 1
        var p = UnsafeRawPointer(base)
        var remaining = min(offset, size)
        while remaining > 0, let hit = memchr(p, 0x0A, remaining) {
            let h = UnsafeRawPointer(hit)
            line += 1
            remaining -= h - p + 1
            p = h + 1
        }
        return line
    }

    func close() {
        if let mapping { munmap(mapping, size) }
        owned?.deallocate()
    }
}
