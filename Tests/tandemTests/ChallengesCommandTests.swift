import Foundation
import Testing
import TestSupport

@Suite struct ChallengesCommandTests {
    @Test func listsValidFoldersAndNamesTheBrokenOnes() throws {
        let fx = try ChallengeFixture()
        let ok = try BinaryRunner.run(["challenges", "--data-dir", fx.parent, "--json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["id"] as? String == "churn-demo" && list[0]["valid"] as? Bool == true)
        #expect(list[0]["train_rows"] as? Int == 300 && list[0]["documents"] as? Int == 2)

        // A second folder whose test.csv carries the target: listed as broken, exit 1.
        let broken = fx.parent + "/leaky"
        try FileManager.default.copyItem(atPath: fx.folder, toPath: broken)
        try String(contentsOfFile: fx.folder + "/train.csv", encoding: .utf8).write(toFile: broken + "/test.csv", atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["challenges", "--data-dir", fx.parent])
        #expect(run.status == 1)
        #expect(run.stdout.contains("churn-demo") && run.stdout.contains("broken"))
        #expect(run.stdout.contains("leaky/test.csv: holds the target column \"churned\""))
    }
}

extension ChallengesCommandTests {
    /// `--data-dir` naming one challenge folder lists that challenge (issue 16).
    @Test func dataDirMayNameOneChallengeFolder() throws {
        let fx = try ChallengeFixture()
        let run = try BinaryRunner.run(["challenges", "--data-dir", fx.folder])
        #expect(run.status == 0 && run.stdout.contains("churn-demo") && run.stdout.contains("ok"), "\(run.stdout) \(run.stderr)")
    }
}
