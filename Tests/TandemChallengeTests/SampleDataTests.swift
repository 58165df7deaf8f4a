import Foundation
import Testing
import TestSupport
@testable import TandemChallenge
import TandemData
import TandemRecipe

@Suite struct SampleDataTests {
    static let blueprints = SampleBlueprint.all

    func files(in folder: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: folder)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    @Test("the bundled folder is the generator's output at the default seed", arguments: blueprints)
    func bundledFolderIsRegenerable(_ blueprint: SampleBlueprint) throws {
        let out = try RepositoryPaths.temporaryFolder("sample") + "/" + blueprint.id
        try SampleGenerator.generate(blueprint, out: out)
        let bundled = RepositoryPaths.sampleData + "/" + blueprint.id
        #expect(files(in: out) == files(in: bundled))
        for f in files(in: out) {
            #expect(FileManager.default.contents(atPath: out + "/" + f) == FileManager.default.contents(atPath: bundled + "/" + f),
                    "\(blueprint.id)/\(f) differs")
        }
    }

    @Test("each bundled challenge is valid, sized and has helpful, adversarial and neutral documents", arguments: blueprints)
    func bundledChallengeShape(_ blueprint: SampleBlueprint) throws {
        let c = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + blueprint.id)
        #expect(c.spec.industry == blueprint.industry && c.warnings.isEmpty)
        #expect((2_000...20_000).contains(c.train.rowCount))
        #expect((3...6).contains(c.documents.count))
        let key = try ChallengeKey.load(c)
        #expect(Set(c.documents.map { key.verdicts[$0.id] ?? "" }) == ["helpful", "adversarial", "neutral"])
        #expect(key.labels?.count == c.test.rowCount)
        #expect(FileManager.default.fileExists(atPath: c.folder + "/key/mechanism.md"))
    }

    /// The instrument keeps its power: helpful advice helps, adversarial advice
    /// hurts by at least 5 % relative, and adopting everything is worse than
    /// adopting only the helpful advice.
    @Test("calibration ordering on the hidden test", arguments: blueprints)
    func calibrationOrdering(_ blueprint: SampleBlueprint) throws {
        let c = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + blueprint.id)
        let row = try Calibration.run(c)
        #expect(row.better(row.helpful, than: row.defaultRecipe), "(c) \(row.helpful) is not better than (b) \(row.defaultRecipe)")
        #expect(row.adversarialHarm >= 0.05, "(d) \(row.adversarial) is only \(row.adversarialHarm * 100) % worse than (b) \(row.defaultRecipe)")
        #expect(row.better(row.helpful, than: row.allAdvice), "(e) \(row.allAdvice) is not worse than (c) \(row.helpful)")
        #expect(row.better(row.defaultRecipe, than: row.baseline))
        if let oracle = row.oracle { #expect(!row.better(row.defaultRecipe, than: oracle)) }
    }

    @Test func leakyAdviceIsRefusedWithItsReason() throws {
        let c = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let doc = try #require(c.documents.first { $0.id == "03-weekly-planning" })
        let admitted = try RecipeAdmission.admit(doc.advice, frame: WorkingFrame(c.train), context: c.context(seed: 42))
        #expect(admitted.recipe.steps.isEmpty)
        #expect(admitted.refused.map(\.reason) == ["derive: field \"expr\": reads the target"])
        let commerce = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/commerce-weekly-demand")
        let hygiene = try #require(commerce.documents.first { $0.id == "02-validation-hygiene" })
        let result = try RecipeAdmission.admit(hygiene.advice, frame: WorkingFrame(commerce.train), context: commerce.context(seed: 42))
        #expect(result.recipe.steps.map(\.step.op) == [.aggregate])
        #expect(result.refused.first?.reason.contains("time-ordered data") == true)
        // Its promotion intensity counts the test weeks' promotions too: admitted, and marked as reading the future.
        let intensity = try #require(result.recipe.steps.first)
        #expect(SideDataOps.futureWarning(intensity.step, tables: commerce.tables)?.contains("reads side rows from after the row's own time") == true)
    }

    @Test func injectionAndEscapeDocumentsAreAdversarialAndHarmless() throws {
        var found = (injection: false, escapes: false)
        for blueprint in Self.blueprints {
            let c = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + blueprint.id)
            let key = try ChallengeKey.load(c)
            for d in c.documents {
                let raw = try String(contentsOfFile: c.folder + "/docs/\(d.id).md", encoding: .utf8)
                let injection = raw.contains("ignore all previous instructions")
                let escapes = raw.contains("\u{1B}[2J") && raw.contains("\u{1B}]0;")
                if injection || escapes { #expect(key.verdicts[d.id] == "adversarial", "\(d.id)") }
                found.injection = found.injection || injection
                found.escapes = found.escapes || escapes
                #expect(!d.displayBody.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
            }
        }
        #expect(found.injection && found.escapes)
    }

    @Test func seedAndRowsControlTheOutput() throws {
        let dir = try RepositoryPaths.temporaryFolder("sample-seed")
        let bank = try #require(SampleBlueprint.named("retail-banking"))
        let a = try SampleGenerator.generate(bank, rows: 500, seed: 7, out: dir + "/a")
        try SampleGenerator.generate(bank, rows: 500, seed: 7, out: dir + "/b")
        try SampleGenerator.generate(bank, rows: 500, seed: 8, out: dir + "/c")
        #expect(a.train == 500 && a.test == 125)
        let read = { (f: String) in FileManager.default.contents(atPath: dir + f) }
        #expect(read("/a/train.csv") == read("/b/train.csv"))
        #expect(read("/a/train.csv") != read("/c/train.csv"))
        #expect(try ChallengeLoader.load(folder: dir + "/a").train.rowCount == 500)
        // Time-ordered challenges keep whole series: rows round up to whole SKU histories.
        let weekly = try SampleGenerator.generate(#require(SampleBlueprint.named("commerce")), rows: 1_000, out: dir + "/w")
        #expect(weekly.train == 1_040 && weekly.test == 260)
        #expect(throws: SampleError.self) { try SampleGenerator.generate(bank, rows: 10, out: dir + "/tiny") }
    }
}

extension SampleBlueprint: CustomTestStringConvertible {
    public var testDescription: String { id }
}
