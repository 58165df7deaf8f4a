import Foundation
import TandemFuzz

#if FUZZING
import CLibFuzzer

// Built by `make fuzz` with -sanitize=fuzzer. Whichever main the link keeps (libFuzzer's, which calls
// LLVMFuzzerTestOneInput, or ours, which runs libFuzzer's driver), every input reaches `fuzzOne`. The target comes
// from TANDEM_FUZZ_TARGET; an unclear error aborts, so libFuzzer keeps the input as a finding.
private let target = ProcessInfo.processInfo.environment["TANDEM_FUZZ_TARGET"] ?? "csv"
private let scratch: String = {
    let dir = NSTemporaryDirectory() + "tandem-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

private func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let finding = FuzzTargets.run(target, bytes, scratch: scratch) { fatalError("\(target): \(finding)") }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzOne(data, size) }

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
    }
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
