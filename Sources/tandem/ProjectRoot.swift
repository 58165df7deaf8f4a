import Foundation

/// The tandem checkout: the folder holding `bench/peers` (and SampleData),
/// found from TANDEM_ROOT, the working directory or the executable's location.
enum ProjectRoot {
    static func find() throws -> URL {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["TANDEM_ROOT"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        for start in candidates {
            var dir = start.standardizedFileURL
            for _ in 0..<6 {
                if fm.fileExists(atPath: dir.appendingPathComponent("bench/peers").path) { return dir }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw CommandFailure.userError("cannot find the tandem checkout (a folder with bench/peers): run from it or set TANDEM_ROOT")
    }
}
