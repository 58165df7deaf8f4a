import Foundation
import Testing
import TestSupport
import TandemUI

/// Compares a rendered buffer with Tests/TandemUITests/Snapshots/NAME.txt:
/// the text, then one letter per cell for its role, so a lost highlight or
/// taint fails as surely as lost text. A missing snapshot is written (and the
/// test fails, so it is reviewed); under CI a missing snapshot is only a failure.
/// UPDATE_SNAPSHOTS=1 rewrites them.
enum Snapshot {
    static let folder = RepositoryPaths.root + "/Tests/TandemUITests/Snapshots"

    static let roleLetters: [Role: Character] = [.normal: ".", .header: "H", .footer: "F", .title: "T", .selected: "S", .dim: "d", .accent: "A",
                                                 .good: "G", .bad: "B", .warning: "W", .tainted: "X", .key: "K", .border: "b", .notice: "N"]

    static func text(_ b: ScreenBuffer) -> String {
        var out = "size \(b.width)x\(b.height)\n" + b.lines.map { $0 + "|" }.joined(separator: "\n") + "\n--- roles\n"
        for y in 0..<b.height {
            out += String((0..<b.width).map { roleLetters[b[$0, y].role] ?? "?" }) + "\n"
        }
        return out
    }

    static func check(_ b: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = folder + "/\(name).txt"
        let actual = text(b)
        let env = ProcessInfo.processInfo.environment
        if env["UPDATE_SNAPSHOTS"] == "1" || (!FileManager.default.fileExists(atPath: path) && env["CI"] != "true") {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            if env["UPDATE_SNAPSHOTS"] != "1" { Issue.record("snapshot \(name) was missing and has been written; review it", sourceLocation: sourceLocation) }
            return
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(missing snapshot \(path))"
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false), e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("snapshot \(name) differs at line \(first.map { $0.offset + 1 } ?? min(a.count, e.count)):\n  expected: \(first?.element.1 ?? "")\n  actual:   \(first?.element.0 ?? "")",
                         sourceLocation: sourceLocation)
        }
    }
}
