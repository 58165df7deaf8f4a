import ArgumentParser
import Foundation
import TandemReport

/// `tandem verify FILE.jsonl`: an exported transcript's hash chain and end anchor, checked without the store.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an exported JSONL transcript's hash chain and its session_ended anchor on its own (exit 1 if broken)."
    )

    @Argument(help: "A transcript written by `tandem export SESSION --format jsonl`.") var file: String

    func run() throws {
        try reportingErrors {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CommandFailure.userError("\(file): cannot be read") }
            let report: TranscriptVerifier.Report
            do throws(TranscriptVerifier.Failure) { report = try TranscriptVerifier.verify(text, file: file) } catch {
                throw CommandFailure.userError(error.description)
            }
            print("\(file): session \(report.session), \(report.events) events, chain ok, head hash \(report.headHash)"
                  + (report.anchored ? " (anchored by session_ended)" : " (not ended: nothing anchors its tail)"))
        }
    }
}
