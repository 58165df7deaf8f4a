import Foundation
import Testing
import TestSupport

/// A session remembers how its challenge was opened (issue 33, item 3): a Kaggle-style folder that needs --target, --id
/// and --time, in a spreadsheet's dialect forced by --delimiter, is replayed, compared, reported on and predicted from
/// with nothing retyped.
@Suite struct SessionRemembersOpeningTests {
    @Test func replayComparePredictAndReportNeedNothingRetyped() throws {
        let t = TempFolder()
        let folder = t.path("shop")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // No sample submission, no challenge.toml: the target, id and time cannot be inferred. ';'-separated.
        var train = "ref;region;price;units\n", test = "ref;region;price\n", rows = "ref;region;price\n"
        for i in 1...240 {
            let region = ["north", "south", "east"][i % 3], price = Double(i % 17) + 0.5
            let line = "R\(1000 + i);\(region);\(price)"
            if i <= 200 { train += line + ";\(Int(price * 3) + (i % 3) * 5)\n" } else { test += line + "\n"; rows += line + "\n" }
        }
        try train.write(toFile: folder + "/train.csv", atomically: true, encoding: .utf8)
        try test.write(toFile: folder + "/test.csv", atomically: true, encoding: .utf8)
        let newRows = t.write("new.csv", rows)
        let options = ["--target", "units", "--id", "ref", "--time", "none", "--delimiter", ";"]
        let db = t.path("s.sqlite")
        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--db", db] + options)
        #expect(run.status == 0, "\(run.stderr)")
        let session = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let log = try BinaryRunner.run(["export", session, "--format", "jsonl", "--db", db]).stdout
        #expect(log.contains(#""opened_with":["--target","units","--id","ref","--time","none","--delimiter",";"]"#), "\(log.prefix(600))")
        #expect(log.contains(#""opened_from":"\#(URL(fileURLWithPath: folder).standardizedFileURL.path)""#))

        // Nothing retyped: replay --verify, compare, study report and predict --session find and read it as the run did.
        let verify = try BinaryRunner.run(["replay", session, "--verify", "--db", db])
        #expect(verify.status == 0 && verify.stdout.contains("every score matches"), "\(verify.stdout)\(verify.stderr)")
        let compare = try BinaryRunner.run(["compare", "--db", db])
        #expect(compare.status == 0 && compare.stdout.contains("shop"), "\(compare.stdout)\(compare.stderr)")
        let report = try BinaryRunner.run(["study", "report", "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        let predicted = try BinaryRunner.run(["predict", folder, "--session", session, "--data", newRows, "--out", t.path("p.csv"), "--db", db])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let out = try String(contentsOfFile: t.path("p.csv"), encoding: .utf8)
        #expect(out.hasPrefix("ref,units\n") && out.split(separator: "\n").count == 41, "\(out.prefix(80))")
        // Without the stored options the folder does not even load: that is what they spare the user.
        let bare = try BinaryRunner.run(["evaluate", folder, "--recipe", t.write("r.json", #"{"steps": []}"#)])
        #expect(bare.status == 1, "\(bare.stdout)")
    }
}
