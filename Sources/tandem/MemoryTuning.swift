/// glibc hands blocks over 32 MiB back to the kernel when freed, so every
/// cross-validation fold faulted its million-row arrays in afresh (and the
/// kernel zeroed them). Keeping freed memory in the heap for reuse removes
/// that cost; tandem's own huge column regions are mapped directly anyway.
enum MemoryTuning {
    // mallopt is declared in <malloc.h>, which Swift's Glibc module leaves out.
    // Parameter numbers from glibc's malloc.h.
    @_silgen_name("mallopt") private static func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
    private static let trimThreshold: Int32 = -1   // M_TRIM_THRESHOLD
    private static let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD

    static func apply() {
        #if os(Linux)
        _ = mallopt(mmapThreshold, 1 << 30)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
