import Foundation
import Testing
import TestSupport
import TandemChallenge
import TandemData
import TandemRecipe

/// Side tables as other tools write them (issue 30): JSON arrays, JSON Lines, nested records, `[[table]]`.
@Suite struct SideTableLoaderTests {
    static func cells(_ t: SideTable, _ column: String) -> [String?] {
        guard let c = t.frame[column] else { return [] }
        return (0..<t.frame.rowCount).map { c.string(at: $0) }
    }

    @Test func nestedJSONFlattensAndSeveralListsBecomeChildTables() throws {
        let fx = try ChallengeFixture()
        // Pretty-printed, as json.dump(indent=2) writes: a nested object, a list of scalars, two lists of objects.
        try fx.write("tables/stays.json", """
        [
          {"stay_id": 7, "id": 1, "ward": {"name": "B", "floor": 2}, "codes": ["I10", "E11"],
           "days": [{"day": 1, "temp": 37.5}, {"day": 2, "temp": 38.1}], "drugs": [{"drug": "x"}]},
          {"stay_id": 8, "id": 2, "ward": {"name": "C", "floor": null}, "codes": [],
           "days": [{"day": 1, "temp": 36.9}], "drugs": []}
        ]
        """)
        let c = try ChallengeLoader.load(folder: fx.folder)
        #expect(c.tables.names == ["stays", "stays.days", "stays.drugs"])
        let stays = try #require(c.tables.named("stays.json"))
        #expect(stays.frame.columnNames == ["stay_id", "id", "ward.name", "ward.floor", "codes"])
        #expect(Self.cells(stays, "codes") == ["I10|E11", nil] && Self.cells(stays, "ward.floor") == ["2", nil])
        #expect(stays.key == ["id"] && c.notes.contains("table stays: key \"id\": unique, and a column of train.csv"))
        let days = try #require(c.tables.named("stays.days"))
        #expect(days.frame.columnNames == ["stay_id", "id", "ward.name", "ward.floor", "codes", "day", "temp"])
        #expect(Self.cells(days, "temp") == ["37.5", "38.1", "36.9"] && Self.cells(days, "stay_id") == ["7", "7", "8"])
        #expect(c.tables.named("stays.drugs")?.frame.rowCount == 1)
    }

    @Test func oneListOfObjectsGivesARowPerElementAsJSONNormalizeDoes() throws {
        let fx = try ChallengeFixture()
        // JSON Lines; the element's "id" clashes with the record's and is kept as days.id.
        try fx.write("visits.jsonl", "{\"id\": 1, \"days\": [{\"id\": 10, \"x\": 1}, {\"id\": 11, \"x\": 2}]}\n\n"
                     + "{\"id\": 2, \"days\": [{\"id\": 12, \"x\": 3}]}\n{\"id\": 3}\n")
        try fx.write("challenge.toml", try String(contentsOfFile: fx.folder + "/challenge.toml", encoding: .utf8)
                     + "\n[[table]]\nfile = \"visits.jsonl\"\ntime_column = \"x\"\n")
        let c = try ChallengeLoader.load(folder: fx.folder)
        let visits = try #require(c.tables.named("visits"))
        #expect(visits.frame.columnNames == ["id", "days.id", "x"] && Self.cells(visits, "id") == ["1", "1", "2"])
        #expect(visits.timeColumn == "x" && visits.key == ["days.id"])
        #expect(c.notes.contains("table visits: 1 records without \"days\" give no rows"))
    }

    @Test func declarationsAndFilesAreCheckedNamingTheFileAndField() throws {
        let fx = try ChallengeFixture()
        let spec = try String(contentsOfFile: fx.folder + "/challenge.toml", encoding: .utf8)
        try fx.write("tables/plans.csv", "plan,fee\nbasic,1\npro,2\nbasic,3\n")
        func failure() -> String { do { _ = try ChallengeLoader.load(folder: fx.folder); return "" } catch { return error.description } }
        try fx.write("challenge.toml", spec + "\n[[table]]\nfile = \"tables/plans.csv\"\nkey = \"plan\"\n")
        #expect(failure().hasSuffix("plans.csv: field \"key\": (plan) is not unique: (basic) appears more than once"))
        try fx.write("challenge.toml", spec + "\n[[table]]\nfile = \"tables/plans.csv\"\nkey = [\"plan\", \"tier\"]\n")
        #expect(failure().contains("plans.csv: field \"key\": column \"tier\" does not exist"))
        try fx.write("challenge.toml", spec + "\n[[table]]\nfile = \"tables/gone.csv\"\n")
        #expect(failure().contains("challenge.toml: field \"table.file\": \"tables/gone.csv\" does not exist"))
        try fx.write("challenge.toml", spec)
        try fx.write("tables/plans.json", "{\"plan\": \"team\", \"fee\": 4}")
        #expect(failure().contains("two side tables are named \"plans\""))
        try fx.write("tables/plans.json", "[{\"plan\": \"team\"}, 7]")
        #expect(failure().contains("plans.json: field \"$[1]\": is a JSON number, not an object"))
    }

    /// A changed side file is a different challenge; a folder without side files hashes as it always did.
    @Test func theChallengeHashCoversSideTables() throws {
        let fx = try ChallengeFixture()
        let before = try ChallengeLoader.load(folder: fx.folder).sha256
        try fx.write("tables/plans.csv", "plan,fee\nbasic,1\npro,2\nteam,3\n")
        let with = try ChallengeLoader.load(folder: fx.folder).sha256
        try fx.write("tables/plans.csv", "plan,fee\nbasic,1\npro,2\nteam,4\n")
        let changed = try ChallengeLoader.load(folder: fx.folder).sha256
        #expect(before != with && with != changed)
    }
}
