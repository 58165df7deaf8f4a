import Foundation
import Testing
import TestSupport

/// The commands on files as people have them (issue 33, items 1, 2 and 4): a European spreadsheet export, a gzip, a
/// Kaggle competition zip, a Kaggle folder of compressed CSVs; each finding one note, each problem one line.
@Suite struct FilesAsPeopleHaveThemTests {
    static let files = RepositoryPaths.root + "/Tests/Fixtures/files"

    @Test func profileNamesWhatItFoundInASpreadsheetExport() throws {
        let run = try BinaryRunner.run(["profile", "--json", Self.files + "/semicolon.csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let notes = run.stderr.split(separator: "\n").filter { $0.hasPrefix("tandem: note: \(Self.files)/semicolon.csv: ") }
        #expect(notes.count == 4, "\(run.stderr)")
        #expect(run.stdout.contains("\"name\" : \"umsatz\"") && run.stdout.contains("Müller"))
        // Options in any order, and what the user says wins.
        let forced = try BinaryRunner.run(["profile", "--delimiter", ";", Self.files + "/semicolon.csv", "--decimal", "point"])
        #expect(forced.status == 0 && forced.stderr.contains("delimiter ';' (--delimiter)") && !forced.stderr.contains("decimal commas"))
        let bad = try BinaryRunner.run(["profile", Self.files + "/semicolon.csv", "--delimiter", "x"])
        #expect(bad.status != 0 && bad.stderr.contains("--delimiter"))
    }

    @Test func aCompetitionZipOpensAsAFolderAndIsUnpackedOnce() throws {
        let t = TempFolder()
        let env = ["XDG_DATA_HOME": t.path("data")]
        let first = try BinaryRunner.run(["run", "--ai-only", Self.files + "/competition.zip", "--db", t.path("s.sqlite")], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("tandem: note: unpacked \(Self.files)/competition.zip into \(t.path("data"))/tandem/challenges/competition"))
        #expect(first.stdout.contains("on competition (ai-only"), "\(first.stdout)")
        // The __MACOSX entry stays out.
        #expect(!FileManager.default.fileExists(atPath: t.path("data") + "/tandem/challenges/competition/__MACOSX"))
        let second = try BinaryRunner.run(["run", "--ai-only", Self.files + "/competition.zip", "--db", t.path("s.sqlite")], environment: env)
        #expect(second.status == 0 && second.stderr.contains("using \(t.path("data"))/tandem/challenges/competition, unpacked earlier"))
    }

    @Test func aGzipMadeIntoAChallengeAndAKaggleFolderOfCompressedFiles() throws {
        let t = TempFolder()
        let made = try BinaryRunner.run(["new", Self.files + "/sales.csv.gz", "--target", "units", "--out", t.path("sales")])
        #expect(made.status == 0, "\(made.stderr)")
        let train = try String(contentsOfFile: t.path("sales/train.csv"), encoding: .utf8)
        #expect(train.hasPrefix("row_id,region,units,price\n") || train.hasPrefix("row_id,region,price,units\n"), "\(train.prefix(80))")
        // A Kaggle folder whose files came as .csv.xz and .csv.gz, with a plain sample submission.
        let folder = t.path("kaggle")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rows = try String(contentsOfFile: t.path("sales/train.csv"), encoding: .utf8)
        try rows.write(toFile: folder + "/train.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: t.path("sales/test.csv"), toPath: folder + "/test.csv")
        for (file, tool) in [("train.csv", ["xz", "-z"]), ("test.csv", ["gzip"])] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = tool + [folder + "/" + file]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/train.csv.xz") && FileManager.default.fileExists(atPath: folder + "/test.csv.gz"))
        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--target", "units", "--db", t.path("k.sqlite")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("train.csv.xz: decompressed") && run.stderr.contains("test.csv.gz: decompressed"), "\(run.stderr)")
    }

    @Test func aMissingCompressedFileSaysSo() throws {
        for command in [["profile", "nope.csv.gz"], ["run", "--ai-only", "nope.zip"], ["new", "nope.csv.xz", "--target", "y", "--out", "/tmp/x"],
                        ["bench", "evaluate", "gone/train.csv.gz", "--target", "y"]] {
            let run = try BinaryRunner.run(command)
            #expect(run.status == 1, "\(command)")
            let file = command.first { $0.hasPrefix("nope") || $0.hasPrefix("gone") } ?? ""
            #expect(run.stderr == "tandem: cannot read \(file): no such file\n", "\(command): \(run.stderr)")
        }
    }
}
