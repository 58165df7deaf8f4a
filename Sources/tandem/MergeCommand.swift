import ArgumentParser
import Foundation
import TandemSession
import TandemStore

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Gather many analysts' session stores into one; sessions deduplicated by id, every chain verified."
    )

    @Argument(help: "SQLite session stores to read.") var stores: [String]
    @Option(name: .shortAndLong, help: "The merged store (created or added to).") var output: String
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        try reportingErrors {
            guard !stores.isEmpty else { throw CommandFailure.userError("name at least one store to merge") }
            let out = try wrap { () throws(StoreError) in try SQLiteEventStore(path: output) }
            var total = MergeReport()
            for path in stores {
                guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure.userError("\(path): no such store") }
                let source = try wrap { () throws(StoreError) in try SQLiteEventStore(path: path) }
                let r = try wrap { () throws(StoreError) in try out.merge(from: source, sourceName: path) }
                total.copied += r.copied
                total.alreadyPresent += r.alreadyPresent
                total.skipped += r.skipped
            }
            if json {
                print(try JSONOutput.string(total))
            } else {
                print("\(output): \(total.copied.count) sessions copied, \(total.alreadyPresent.count) already present, \(total.skipped.count) skipped")
                for s in total.skipped { print("  skipped: " + s) }
            }
            if !total.skipped.isEmpty { throw ExitCode(1) }
        }
    }
}
