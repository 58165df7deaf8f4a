import Foundation
import Testing
import TestSupport

/// A path that is not there is said to be not there (issue 33, item 4), not "neither a challenge folder nor an id".
@Suite struct MissingPathTests {
    @Test func aMissingFileOrFolderIsNamedAsSuch() throws {
        let t = TempFolder()
        for (args, line) in [
            (["run", "--ai-only", t.path("gone.csv"), "--target", "y", "--db", t.path("s.sqlite")], "tandem: cannot read \(t.path("gone.csv")): no such file"),
            (["bench", "evaluate", t.path("gone.csv.gz"), "--target", "y"], "tandem: cannot read \(t.path("gone.csv.gz")): no such file"),
            (["evaluate", t.path("no/folder"), "--recipe", t.path("r.json")], "tandem: cannot read \(t.path("no/folder")): no such file or folder"),
            (["predict", t.path("train.zip"), "--recipe", t.path("r.json"), "--data", t.path("d.csv"), "--out", t.path("o.csv")],
             "tandem: cannot read \(t.path("train.zip")): no such file"),
        ] {
            let run = try BinaryRunner.run(args)
            #expect(run.status == 1 && run.stderr == line + "\n", "\(args): \(run.stderr)")
        }
        // A bare name is still looked up as a challenge id, listing those there are.
        let id = try BinaryRunner.run(["run", "--ai-only", "no-such-id", "--db", t.path("s.sqlite")])
        #expect(id.status == 1 && id.stderr.contains("is neither a challenge folder nor a challenge id"))
    }
}
