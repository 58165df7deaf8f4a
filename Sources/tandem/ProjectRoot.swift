import Foundation

/// The tandem checkout: the folder holding `bench/peers` (and SampleData),
/// found from TANDEM_ROOT, the working directory or the executable's location.
enum ProjectRoot {
    /// The running executable, symlinks resolved (not argv[0], which is a bare name when found on PATH).
    static var executable: URL {
        let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return FileManager.default.fileExists(atPath: proc.path) && proc.path != "/proc/self/exe"
            ? proc : URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    static func find() throws -> URL {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["TANDEM_ROOT"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        candidates.append(executable.deletingLastPathComponent())
        for start in candidates {
            var dir = start.standardizedFileURL
            for _ in 0..<6 {
                if fm.fileExists(atPath: dir.appendingPathComponent("bench/peers").path) { return dir }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw CommandFailure.userError("cannot find the tandem checkout (a folder with bench/peers): run from it or set TANDEM_ROOT")
    }

    /// Where Themes/ and SampleData/ are: TANDEM_SHARE, the checkout, or `<prefix>/share/tandem` beside an
    /// installed `<prefix>/bin/tandem` (issue 21: the installed binary runs without the checkout).
    static func share() -> URL? {
        let env = ProcessInfo.processInfo.environment
        if let share = env["TANDEM_SHARE"], !share.isEmpty { return URL(fileURLWithPath: share) }
        if let root = try? find() { return root }
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/tandem")
        return FileManager.default.fileExists(atPath: installed.appendingPathComponent("SampleData").path) ? installed : nil
    }

    /// The git commit this binary was built from: `share/tandem/commit` written by make install, else the checkout's
    /// HEAD read from .git (no git process), else nil.
    static func commit() -> String? {
        let fm = FileManager.default
        if let share = share(), let text = try? String(contentsOf: share.appendingPathComponent("commit"), encoding: .utf8) {
            let c = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !c.isEmpty { return c }
        }
        guard let root = try? find() else { return nil }
        let git = root.appendingPathComponent(".git")
        guard let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst(5))
        if let sha = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
            return sha.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
        let line = packed.split(separator: "\n").first { $0.hasSuffix(" " + ref) }
        return line.map { String($0.prefix { $0 != " " }) }.flatMap { fm.fileExists(atPath: git.path) && !$0.isEmpty ? $0 : nil }
    }
}
