import Foundation
import Testing
import TestSupport

/// The bundled commerce-weekly-demand in AgentDS's shape (issue 31, item 4): the validated agent beats the uncritical
/// heuristic on the hidden test without adopting the future-reading aggregate, and the heuristic finds the side tables
/// by itself on a renamed, shuffled copy of the files.
@Suite struct BundledCommerceTests {
    static let bundled = RepositoryPaths.sampleData + "/commerce-weekly-demand"

    static func hiddenTest(_ stdout: String) -> Double? {
        stdout.split(separator: "\n").first { $0.hasPrefix("hidden test rmse: ") }.flatMap { Double($0.dropFirst(18)) }
    }

    @Test func theValidatedAgentBeatsTheHeuristicAndAdoptsNoStepThatReadsTheFuture() throws {
        let t = TempFolder()
        let heuristic = try BinaryRunner.run(["run", "--ai-only", "commerce-weekly-demand", "--db", t.path("h.sqlite")])
        let validated = try BinaryRunner.run(["run", "--ai-only", "commerce-weekly-demand", "--agent", "validated", "--db", t.path("v.sqlite")])
        #expect(heuristic.status == 0 && validated.status == 0, "\(heuristic.stderr)\n\(validated.stderr)")
        let h = try #require(Self.hiddenTest(heuristic.stdout)), v = try #require(Self.hiddenTest(validated.stdout))
        #expect(v < h * 0.9, "validated \(v) vs heuristic \(h)")
        let session = try #require(validated.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let log = try BinaryRunner.run(["export", session, "--db", t.path("v.sqlite"), "--format", "jsonl"]).stdout
        #expect(log.contains("not adopted: aggregate promotions: reads side rows from after the row's own time"))
        let recipe = try BinaryRunner.run(["export", session, "--db", t.path("v.sqlite"), "--format", "recipe"]).stdout
        #expect(!recipe.contains("promo_intensity") && recipe.contains("\"promotions\""), "\(recipe)")
    }

    /// The bundled files as a Kaggle-style folder: no challenge.toml and no documents, a sample submission, the lookup
    /// renamed with its key column renamed (found by its values), the notes renamed, side rows shuffled.
    @Test func theHeuristicFindsEverySideTableOfARenamedShuffledCopy() throws {
        let t = TempFolder()
        let folder = t.path("shop")
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for f in ["train.csv", "test.csv", "promotions.json"] { try fm.copyItem(atPath: Self.bundled + "/" + f, toPath: folder + "/" + f) }
        var state: UInt64 = 17
        func shuffled(_ lines: [String]) -> [String] {
            var out = lines
            for i in stride(from: out.count - 1, to: 0, by: -1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                out.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
            }
            return out
        }
        func lines(_ f: String) throws -> [String] {
            try String(contentsOfFile: Self.bundled + "/" + f, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        }
        let products = try lines("products.csv")
        try ([products[0].replacingOccurrences(of: "sku_id", with: "item")] + shuffled(Array(products.dropFirst())))
            .joined(separator: "\n").write(toFile: folder + "/catalogue.csv", atomically: true, encoding: .utf8)
        try shuffled(try lines("store_events.jsonl")).joined(separator: "\n").write(toFile: folder + "/notes.jsonl", atomically: true, encoding: .utf8)
        let test = try lines("test.csv")
        try (["sku_id,week,units_sold"] + test.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") + ",0" })
            .joined(separator: "\n").write(toFile: folder + "/sample_submission.csv", atomically: true, encoding: .utf8)
        // By hand: the share of training rows whose (sku_id, week) has a promotion.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/promotions.json"))) as? [[String: Any]])
        var promoted = Set<String>()
        for sku in json {
            for p in sku["promotions"] as? [[String: Any]] ?? [] { promoted.insert("\(sku["sku_id"] ?? ""),\(p["week"] ?? "")") }
        }
        let train = try lines("train.csv").dropFirst()
        let hits = train.filter { promoted.contains($0.split(separator: ",").prefix(2).joined(separator: ",")) }.count
        var rate = String(format: "%.1f", (Double(hits) / Double(train.count) * 1000).rounded() / 10)
        if rate.hasSuffix(".0") { rate.removeLast(2) }

        let run = try BinaryRunner.run(["run", "--ai-only", folder, "--db", t.path("h.sqlite")])
        #expect(run.status == 0, "\(run.stderr)")
        let session = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let md = try BinaryRunner.run(["export", session, "--db", t.path("h.sqlite"), "--format", "md"]).stdout
        for proposal in [
            "join(on=\"sku\\_id\", table=\"catalogue\", table\\_on=\"item\"): catalogue holds one row per sku\\_id: 100% of rows find a row of it",
            "join(on=\"week\", table=\"notes\"): notes holds one row per week: 100% of rows find a row of it",
            "join(on=\\[\"sku\\_id\", \"week\"\\], table=\"promotions\"): promotions holds one row per sku\\_id, week: \(rate)% of rows find a row of it",
            "aggregate(as=\"promotions\\_count\\_before\\_week\", before=\"week\", on=\"sku\\_id\", stat=\"count\", table=\"promotions\")",
        ] {
            #expect(md.contains(proposal), "\(proposal)\n\(md)")
        }
        #expect(!md.contains("reads side rows from after") && (8...20).contains(Double(rate) ?? 0), "rate \(rate)")
    }
}
