import Foundation
import Testing
import TestSupport

@Suite struct EvaluateCommandTests {
    static let recipe = #"{"steps": [{"op": "replace_value", "column": "spend", "from": -999, "to": ""}, {"op": "one_hot", "column": "plan"}, {"op": "model", "kind": "gbm", "params": {"n_estimators": 40, "max_depth": 3}}, {"op": "cv", "folds": 4, "scheme": "stratified"}]}"#

    @Test func evaluateIsDeterministicAndScoresTheHiddenTest() throws {
        let fx = try ChallengeFixture()
        let recipeFile = fx.parent + "/recipe.json"
        try Self.recipe.write(toFile: recipeFile, atomically: true, encoding: .utf8)
        let first = try BinaryRunner.run(["evaluate", "churn-demo", "--data-dir", fx.parent, "--recipe", recipeFile, "--submit", "--json"])
        let second = try BinaryRunner.run(["evaluate", fx.folder, "--recipe", recipeFile, "--submit", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(object["metric"] as? String == "auc")
        #expect((object["cv_folds"] as? [Double])?.count == 4)
        let cv = try #require(object["cv_mean"] as? Double), test = try #require(object["test_score"] as? Double)
        #expect(cv > 0.6 && test > 0.6)
        #expect(object["warnings"] is [String])
    }

    @Test func badRecipeNamesTheFileStepAndField() throws {
        let fx = try ChallengeFixture()
        let recipeFile = fx.parent + "/bad.json"
        try #"{"steps": [{"op": "impute", "column": "spend", "strategy": "avg"}]}"#.write(toFile: recipeFile, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run(["evaluate", fx.folder, "--recipe", recipeFile])
        #expect(run.status == 1)
        #expect(run.stderr == "tandem: \(recipeFile): step 1 (impute): field \"strategy\": \"avg\" is not one of mean, median, mode, constant\n")
        try #"{"steps": [{"op": "log1p", "column": "plan"}]}"#.write(toFile: recipeFile, atomically: true, encoding: .utf8)
        let typed = try BinaryRunner.run(["evaluate", fx.folder, "--recipe", recipeFile])
        #expect(typed.status == 1)
        #expect(typed.stderr.contains("step 1 (log1p): field \"column\": log1p needs a number column; \"plan\" is category"))
    }

    @Test func unknownChallengeListsWhatThereIs() throws {
        let fx = try ChallengeFixture()
        let run = try BinaryRunner.run(["evaluate", "nope", "--data-dir", fx.parent, "--recipe", "x.json"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("(there: churn-demo)"))
    }

    /// Issue 17: `evaluate` goes through the session's scoring path with the seed it is given: a session's final
    /// recipe, evaluated with the session's seed, gives the session's last CV and hidden-test score to the bit; another
    /// seed shuffles other folds.
    @Test func evaluateReproducesASessionsScoresWithItsSeed() throws {
        let dir = try RepositoryPaths.temporaryFolder("evaluate-session")
        let db = dir + "/s.sqlite"
        let run = try BinaryRunner.run(["run", "food-shelf-life", "--ai-only", "--seed", "7", "--json", "--db", db])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let session = try #require(summary["session"] as? String)
        let recipe = try BinaryRunner.run(["export", session, "--format", "recipe", "--db", db]).stdout
        try recipe.write(toFile: dir + "/recipe.json", atomically: true, encoding: .utf8)
        func evaluate(seed: String) throws -> [String: Any] {
            let r = try BinaryRunner.run(["evaluate", "food-shelf-life", "--recipe", dir + "/recipe.json", "--seed", seed, "--submit", "--json"])
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        }
        let same = try evaluate(seed: "7")
        #expect(same["cv_mean"] as? Double == (summary["cv"] as? [Double])?.last)
        #expect(same["test_score"] as? Double == summary["test"] as? Double)
        #expect(try evaluate(seed: "8")["cv_mean"] as? Double != same["cv_mean"] as? Double)
    }
}
