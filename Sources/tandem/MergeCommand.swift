import ArgumentParser
import Foundation
import TandemSession
import TandemStorePostgres

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Gather many analysts' session stores into one; sessions deduplicated by id, every chain verified.",
        discussion: "Stores are SQLite files or postgresql:// addresses, in either direction: analysts' files into a study server, or a study out to one file for archiving."
    )

    @Argument(help: "Session stores to read (SQLite files or postgresql:// addresses).") var stores: [String]
    @Option(name: .shortAndLong, help: "The merged store (created or added to).") var output: String
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        try reportingErrors {
            guard !stores.isEmpty else { throw CommandFailure.userError("name at least one store to merge") }
            let out = try StoreOptions.open(output)
            var total = MergeReport()
            for path in stores {
                let postgres = PostgresLocation.isPostgres(path)
                guard postgres || FileManager.default.fileExists(atPath: path) else { throw CommandFailure.userError("\(path): no such store") }
                let source = try StoreOptions.open(path)
                let r = try wrap { () throws(StoreError) in try out.merge(from: source, sourceName: StoreOptions.shown(path)) }
                total.copied += r.copied
                total.alreadyPresent += r.alreadyPresent
                total.skipped += r.skipped
            }
            if json {
                print(try JSONOutput.string(total))
            } else {
                print("\(StoreOptions.shown(output)): \(total.copied.count) sessions copied, \(total.alreadyPresent.count) already present, \(total.skipped.count) skipped")
                for s in total.skipped { print("  skipped: " + s) }
            }
            if !total.skipped.isEmpty { throw ExitCode(1) }
        }
    }
}
