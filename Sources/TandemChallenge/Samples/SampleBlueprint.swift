import Foundation
import TandemData

/// A domain document of a generated challenge, with its verdict for key/documents.toml.
public struct SampleDocument: Sendable {
    public let file: String
    public let verdict: String
    public let why: String
    public let text: String
}

/// Everything that defines one synthetic challenge: its brief, documents,
/// mechanism and a row generator that is deterministic for a seed.
public struct SampleBlueprint: Sendable {
    public let industry: String
    public let id: String
    public let defaultRows: Int
    public let challengeTOML: String
    public let mechanism: String
    public let documents: [SampleDocument]
    /// Feature columns in file order, the id first; the target is appended in train.csv.
    public let header: [String]
    public let target: String
    /// Whether key/oracle.csv (the mechanism's own prediction per row) can be written.
    public var hasOracle = true
    /// How many leading header columns form the id (2: a composite id such as sku_id, week).
    public var idCount = 1
    /// Writes `rows` training rows and about a quarter as many test rows.
    let generate: @Sendable (_ rows: Int, _ rng: inout SeededRandom, _ table: SampleTable) -> Void

    public static let all: [SampleBlueprint] = [
        CommerceSample.blueprint, FoodProductionSample.blueprint, HealthcareSample.blueprint,
        InsuranceSample.blueprint, ManufacturingSample.blueprint, RetailBankingSample.blueprint,
    ]

    public static let defaultSeed: UInt64 = 2026

    /// By industry (`commerce`) or challenge id (`commerce-weekly-demand`).
    public static func named(_ name: String) -> SampleBlueprint? { all.first { $0.industry == name || $0.id == name } }
}

public struct SampleError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

public enum SampleGenerator {
    /// Writes the challenge folder `out` (created; existing challenge files are replaced).
    @discardableResult
    public static func generate(_ blueprint: SampleBlueprint, rows: Int? = nil, seed: UInt64 = SampleBlueprint.defaultSeed,
                                out: String) throws(SampleError) -> (train: Int, test: Int) {
        let rows = rows ?? blueprint.defaultRows
        guard rows >= 100 else { throw SampleError(description: "--rows must be at least 100 (got \(rows))") }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: out + "/docs", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: out + "/key", withIntermediateDirectories: true)
            // Documents from an earlier generation with other names must not linger.
            for name in (try? fm.contentsOfDirectory(atPath: out + "/docs")) ?? [] where name.hasSuffix(".md") {
                try fm.removeItem(atPath: out + "/docs/" + name)
            }
            if !blueprint.hasOracle, fm.fileExists(atPath: out + "/key/oracle.csv") { try fm.removeItem(atPath: out + "/key/oracle.csv") }
            try blueprint.challengeTOML.write(toFile: out + "/challenge.toml", atomically: true, encoding: .utf8)
            try blueprint.mechanism.write(toFile: out + "/key/mechanism.md", atomically: true, encoding: .utf8)
            for doc in blueprint.documents {
                try doc.text.write(toFile: out + "/docs/" + doc.file, atomically: true, encoding: .utf8)
            }
            try documentsTOML(blueprint.documents).write(toFile: out + "/key/documents.toml", atomically: true, encoding: .utf8)
        } catch {
            throw SampleError(description: "\(out): cannot write the challenge folder: \(error.localizedDescription)")
        }
        do {
            let table = try SampleTable(folder: out, header: blueprint.header, target: blueprint.target, idCount: blueprint.idCount,
                                        withOracle: blueprint.hasOracle)
            // Each challenge draws its own stream from the same seed.
            var rng = SeededRandom(seed: seed ^ blueprint.id.utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
            blueprint.generate(rows, &rng, table)
            try table.close()
            for side in table.sides {
                do { try side.contents.write(toFile: out + "/" + side.file, atomically: true, encoding: .utf8) } catch {
                    throw SampleError(description: "\(out)/\(side.file): cannot be written: \(error.localizedDescription)")
                }
            }
            return (table.trainRows, table.testRows)
        } catch let error as SampleError {
            throw error
        } catch {
            throw SampleError(description: "\(error)")
        }
    }

    static func documentsTOML(_ docs: [SampleDocument]) -> String {
        docs.map { d in
            "[[document]]\nfile = \"\(d.file)\"\nverdict = \"\(d.verdict)\"\nwhy = \"\"\"\n\(d.why)\"\"\"\n"
        }.joined(separator: "\n")
    }
}
