import Foundation
import Testing
import TestSupport

/// Issue 17: a store failure that is not the user's (the disk refusing a write) exits 2, not 1 ("bad input"), with
/// one line naming the file; a store path the user got wrong still exits 1. The disk is made to fail for real: a
/// file-size limit (ulimit -f, SIGXFSZ ignored) makes SQLite's writes fail with EFBIG once the file reaches it.
@Suite struct StoreFailureExitTests {
    func run(limitBlocks: Int, db: String) throws -> BinaryRunner.Run {
        let command = "trap '' XFSZ; ulimit -f \(limitBlocks); exec '\(BinaryRunner.executable.path)' run food-shelf-life --ai-only --db '\(db)'"
        return try BinaryRunner.run(["-c", command], program: URL(fileURLWithPath: "/bin/sh"))
    }

    @Test func aDiskThatFailsExitsTwoNamingTheStore() throws {
        let dir = try RepositoryPaths.temporaryFolder("store-failure")
        var failedAtOpen = false, failedMidRun = false
        // From a limit the store cannot even be created under to ones it fills part-way through the run.
        for (i, blocks) in [40, 1500, 2000, 2500, 3000, 3500].enumerated() {
            let db = dir + "/s\(i).sqlite"
            let r = try run(limitBlocks: blocks, db: db)
            guard r.status != 0 else { continue }
            let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
            #expect(r.status == 2, "limit \(blocks): exit \(r.status): \(r.stderr)")
            #expect(last.hasPrefix("tandem: \(db): ") && last.hasSuffix("disk I/O error"), "\(last)")
            if last.contains("cannot open the session store") { failedAtOpen = true }
            if r.stderr.contains("evaluating") { failedMidRun = true }
        }
        #expect(failedAtOpen && failedMidRun, "open \(failedAtOpen), mid-run \(failedMidRun)")
    }

    @Test func aStorePathThatIsAFolderIsTheUsersToFix() throws {
        let dir = try RepositoryPaths.temporaryFolder("store-folder")
        let r = try BinaryRunner.run(["run", "food-shelf-life", "--ai-only", "--db", dir])
        #expect(r.status == 1 && r.stderr.hasPrefix("tandem: \(dir): cannot open the session store"), "\(r.status) \(r.stderr)")
    }
}
