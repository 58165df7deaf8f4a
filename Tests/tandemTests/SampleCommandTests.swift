import Foundation
import Testing
import TestSupport

@Suite struct SampleCommandTests {
    @Test func bundledChallengesAllValidate() throws {
        let run = try BinaryRunner.run(["challenges", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(Set(list.compactMap { $0["industry"] as? String }) == ["commerce", "food-production", "healthcare", "insurance", "manufacturing", "retail-banking"])
        #expect(list.allSatisfy { $0["valid"] as? Bool == true && ($0["warnings"] as? [String])?.isEmpty == true })
    }

    @Test func generateWritesALoadableFolderAndRejectsBadArguments() throws {
        let dir = try RepositoryPaths.temporaryFolder("sample-cli")
        let run = try BinaryRunner.run(["sample", "generate", "healthcare", "--rows", "400", "--seed", "3", "--out", dir + "/h"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("hospital-readmission: 400 training rows, 100 test rows, 4 documents"))
        let list = try BinaryRunner.run(["challenges", "--data-dir", dir])
        #expect(list.status == 0 && list.stdout.contains("hospital-readmission"))
        let unknown = try BinaryRunner.run(["sample", "generate", "astrology", "--out", dir + "/x"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown industry \"astrology\""))
        let tiny = try BinaryRunner.run(["sample", "generate", "insurance", "--rows", "5", "--out", dir + "/y"])
        #expect(tiny.status == 1 && tiny.stderr.contains("--rows must be between 100"))
    }
}
