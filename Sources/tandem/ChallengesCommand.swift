import ArgumentParser
import Foundation
import TandemChallenge
import TandemData

struct ChallengesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenges",
        abstract: "List and validate the challenge folders under the data directory (exit 1 when one is broken)."
    )

    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var data: DataOptions

    struct Entry: Encodable {
        var id: String
        var folder: String
        var valid: Bool
        var error: String?
        var title: String?
        var industry: String?
        var task: String?
        var metric: String?
        var trainRows: Int?
        var testRows: Int?
        var documents: Int?
        var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case id, folder, valid, error, title, industry, task, metric, documents, warnings
            case trainRows = "train_rows", testRows = "test_rows"
        }
    }

    func run() throws {
        try reportingErrors {
            let dir = data.resolvedDataDir
            let folders = ChallengeResolver.folders(in: dir)
            guard !folders.isEmpty else {
                throw CommandFailure.userError("\(dir): no challenge folders (a folder with a challenge.toml, or with train.csv and test.csv)")
            }
            var entries: [Entry] = []
            for folder in folders {
                let name = (folder as NSString).lastPathComponent
                do {
                    let c = try ChallengeLoader.load(folder: folder)
                    entries.append(Entry(id: c.spec.id, folder: folder, valid: true, error: nil, title: c.spec.title, industry: c.spec.industry,
                                         task: c.spec.task.rawValue, metric: c.spec.metric.rawValue, trainRows: c.train.rowCount,
                                         testRows: c.test.rowCount, documents: c.documents.count, warnings: c.warnings))
                } catch {
                    entries.append(Entry(id: name, folder: folder, valid: false, error: "\(error)", warnings: []))
                }
            }
            if json {
                print(try JSONOutput.string(entries))
            } else {
                print(Self.table(entries), terminator: "")
            }
            if entries.contains(where: { !$0.valid }) { throw ExitCode(1) }
        }
    }

    static func table(_ entries: [Entry]) -> String {
        var rows = [["id", "industry", "task", "metric", "train", "test", "docs", "status"]]
        for e in entries {
            rows.append([sanitizeForDisplay(e.id, limit: 30), e.industry ?? "", e.task ?? "", e.metric ?? "",
                         e.trainRows.map(String.init) ?? "", e.testRows.map(String.init) ?? "", e.documents.map(String.init) ?? "",
                         e.valid ? (e.warnings.isEmpty ? "ok" : "ok, \(e.warnings.count) warning(s)") : "broken"])
        }
        var out = alignedTable(rows)
        for e in entries {
            if let error = e.error { out += "\n" + sanitizeForDisplay(error) }
            for w in e.warnings { out += "\n" + sanitizeForDisplay(w) }
        }
        return out.hasSuffix("\n") ? out : out + "\n"
    }
}
