import Foundation
import TandemFuzz

#if FUZZING
// Built by `make fuzz` with -sanitize=fuzzer: libFuzzer owns main and calls this for every input.
// The target comes from TANDEM_FUZZ_TARGET; an unclear error aborts, so libFuzzer keeps the input as a finding.
private let target = ProcessInfo.processInfo.environment["TANDEM_FUZZ_TARGET"] ?? "csv"
private let scratch = NSTemporaryDirectory() + "tandem-fuzz-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    if let finding = FuzzTargets.run(target, Array(UnsafeBufferPointer(start: data, count: size)), scratch: scratch) {
        fatalError("\(target): \(finding)")
    }
    return 0
}
#else
/// Without libFuzzer: `tandem-fuzz TARGET FILE|DIR...` runs the inputs once (a corpus replay), exit 1 on a finding.
@main
struct FuzzReplay {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        guard let target = args.first, FuzzTargets.names.contains(target) else {
            FileHandle.standardError.write(Data("usage: tandem-fuzz TARGET FILE|DIR... (targets: \(FuzzTargets.names.joined(separator: ", ")))\n".utf8))
            exit(1)
        }
        let scratch = NSTemporaryDirectory() + "tandem-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var files: [String] = []
        for path in args.dropFirst() {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                files += ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        var findings = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            if let finding = FuzzTargets.run(target, [UInt8](data), scratch: scratch) {
                print("\(file): \(finding)")
                findings += 1
            }
        }
        print("\(target): \(files.count) inputs, \(findings) findings")
        exit(findings == 0 ? 0 : 1)
    }
}
#endif
