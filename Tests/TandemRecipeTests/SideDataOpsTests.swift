import Foundation
import Testing
@testable import TandemData
@testable import TandemModel
@testable import TandemRecipe

/// join and aggregate (DESIGN.md section 4) on small tables whose answers are worked out by hand.
@Suite struct SideDataOpsTests {
    static func table(_ name: String, _ csv: String, key: [String] = [], time: String? = nil) throws -> SideTable {
        SideTable(name: name, file: "tables/\(name).csv", frame: try CSVReader.read(bytes: Array(csv.utf8), name: name + ".csv"), key: key,
                  timeColumn: time)
    }

    static func run(_ steps: [String], main: String, tables: [SideTable], target: String = "y") throws -> Preparation {
        let f = try frame(main)
        let labels = f[target]?.numbers ?? [Double](repeating: .nan, count: f.rows)
        let context = RecipeContext(target: target, task: .regression, idColumns: ["id"], tables: SideTables(tables))
        return try RecipePreparer.prepare(try Recipe.parse(json: "{\"steps\": [" + steps.joined(separator: ",") + "]}"), frame: f,
                                          trainRows: Array(0..<f.rows), labels: labels, context: context)
    }

    static let main = "id,e,t,y\n1,A,10,1\n2,A,12,2\n3,B,10,3\n4,C,5,4\n"
    /// Two side rows of A share t = 10 (a tie): strictly earlier excludes both for row 1 and includes both for row 2,
    /// where "last" is the later of the two in file order (7). The row at t = 15 is after every main row.
    static let events = "e,t,v\nA,8,1\nA,10,5\nA,10,7\nA,3,2\nA,15,100\nB,9,4\nB,11,6\n"

    @Test func pointInTimeAggregateMatchesAHandComputation() throws {
        let events = try Self.table("events", Self.events, time: "t")
        let p = try Self.run([
            #"{"op": "aggregate", "table": "events", "on": "e", "stat": "count", "before": "t", "as": "n"}"#,
            #"{"op": "aggregate", "table": "events", "on": "e", "column": "v", "stat": "mean", "before": "t", "as": "m"}"#,
            #"{"op": "aggregate", "table": "events.csv", "on": "e", "column": "v", "stat": "last", "before": "t", "as": "l"}"#,
            #"{"op": "aggregate", "table": "events", "on": "e", "stat": "count", "before": "t", "window": 5, "as": "n5"}"#,
            #"{"op": "aggregate", "table": "events", "on": "e", "column": "v", "stat": "mean", "before": "t", "window": 5, "as": "m5"}"#,
            #"{"op": "aggregate", "table": "events", "on": "e", "column": "v", "stat": "last", "before": "t:t", "window": 5, "as": "l5"}"#,
        ], main: Self.main, tables: [events])
        // Row 1 (A, 10): t 3 and 8 → values 2, 1. Row 2 (A, 12): t 3, 8, 10, 10 → 2, 1, 5, 7. Row 3 (B, 10): t 9 → 4. Row 4: none.
        #expect(same(numbers(p, "n"), [2, 4, 1, 0]))
        #expect(same(numbers(p, "m"), [1.5, 3.75, 4, .nan]))
        #expect(same(numbers(p, "l"), [1, 7, 4, .nan]))
        // Within 5 before: row 1 keeps t 8 only; row 2 keeps t 8, 10, 10.
        #expect(same(numbers(p, "n5"), [1, 3, 1, 0]))
        #expect(same(numbers(p, "m5"), [1, 13.0 / 3, 4, .nan]))
        #expect(same(numbers(p, "l5"), [1, 7, 4, .nan]))
        #expect(!p.warnings.contains { $0.contains("after the row's own time") })
        #expect(p.warnings.contains { $0 == "aggregate events on e: 75% of rows have side rows (3 of 4)" })
    }

    @Test func anAggregateWithoutBeforeOverATimedTableCarriesTheFutureWarning() throws {
        let events = try Self.table("events", Self.events, time: "t")
        let step = try step(#"{"op": "aggregate", "table": "events", "on": "e", "column": "v", "stat": "mean", "as": "m"}"#).step
        #expect(SideDataOps.futureWarning(step, tables: SideTables([events]))?.contains("reads side rows from after the row's own time") == true)
        let p = try Self.run([#"{"op": "aggregate", "table": "events", "on": "e", "column": "v", "stat": "mean", "as": "m"}"#],
                             main: Self.main, tables: [events])
        #expect(same(numbers(p, "m"), [23, 23, 5, .nan]))
        #expect(p.warnings.contains { $0.contains("aggregate events: reads side rows from after the row's own time") })
        // A table without a time column has no "after": no warning.
        let untimed = try Self.table("events", Self.events)
        #expect(SideDataOps.futureWarning(step, tables: SideTables([untimed])) == nil)
    }

    @Test func nineteenDigitKeysJoinExactly() throws {
        // 2^60 + 1 and 2^60 + 2 are one double: through a double these two customers would be one.
        let a: Int64 = 1_152_921_504_606_846_977, b: Int64 = 1_152_921_504_606_846_978
        #expect(Double(a) == Double(b))
        let lookup = try Self.table("customers", "customer_id,segment,spend\n\(b),gold,20\n\(a),basic,10\n", key: ["customer_id"])
        let p = try Self.run([#"{"op": "join", "table": "customers", "on": "customer_id"}"#],
                             main: "id,customer_id,y\n1,\(a),1\n2,\(b),2\n3,\(a),3\n", tables: [lookup])
        #expect(same(numbers(p, "spend"), [10, 20, 10]))
        #expect(p.frame["segment"].map { col in (0..<3).map { col.string($0) ?? "" } } == ["basic", "gold", "basic"])
        #expect(p.warnings.contains("join customers on customer_id: 100% of rows matched (3 of 3), 2 columns added"))
    }

    @Test func aCompositeKeyJoinsOnBothColumnsAndANumberMatchesItsText() throws {
        let prices = try Self.table("prices", "sku,wk,price\nS1,1,2.5\nS1,2,3.5\nS2,1,9\n")
        let p = try Self.run([#"{"op": "join", "table": "prices", "on": ["sku", "week"], "table_on": ["sku", "wk"], "prefix": "p_"}"#],
                             main: "id,sku,week,y\n1,S1,1,0\n2,S1,2,0\n3,S2,2,0\n4,S2,1,0\n", tables: [prices])
        #expect(same(numbers(p, "p_price"), [2.5, 3.5, .nan, 9]))
        #expect(p.warnings.contains { $0.hasPrefix("join prices on sku, week: 75% of rows matched (3 of 4)") })
        let textWeeks = try Self.table("weeks", "label,wk\nlow,1\nhigh,2\n")
        let q = try Self.run([#"{"op": "join", "table": "weeks", "on": "code", "table_on": "wk"}"#],
                             main: "id,code,y\n1,2,0\n2,x,0\n3,1,0\n", tables: [textWeeks])
        #expect(q.frame["label"].map { col in (0..<3).map { col.string($0) } } == ["high", nil, "low"])
        #expect(q.warnings.contains { $0.contains("compared as text") })
    }

    @Test func refusalsNameTheTableTheColumnAndWhatToDo() throws {
        let events = try Self.table("events", Self.events, time: "t")
        let history = try Self.table("history", "e,y,t\nA,5,1\nB,6,2\n")
        func error(_ step: String, main: String = Self.main) -> String {
            do { _ = try Self.run([step], main: main, tables: [events, history]); return "" } catch { return "\(error)" }
        }
        #expect(error(#"{"op": "join", "table": "events", "on": "e"}"#).contains("(A) appears more than once; a one-to-many table is read with aggregate"))
        #expect(error(#"{"op": "join", "table": "weather", "on": "e"}"#).contains("no side table \"weather\" (tables: events, history)"))
        #expect(error(#"{"op": "join", "table": "history", "on": "e", "columns": ["t"]}"#)
            .contains("column \"t\" exists already in the main table (give a prefix)"))
        #expect(error(#"{"op": "join", "table": "history", "on": "e", "columns": ["y"], "prefix": "h_"}"#).contains("would copy the row's own label"))
        #expect(error(#"{"op": "join", "table": "history", "on": "zone"}"#).contains("column \"zone\" does not exist in the main table"))
        #expect(error(#"{"op": "aggregate", "table": "events", "on": "e", "column": "w", "stat": "mean"}"#).contains("has no column \"w\""))
        #expect(error(#"{"op": "aggregate", "table": "events", "on": "e", "stat": "count", "before": ":"}"#).contains("names no column"))
        #expect(error(#"{"op": "aggregate", "table": "events", "on": "e", "stat": "count", "before": "e"}"#)
            .contains("\"e\" is category: before needs a date or a number column"))
        // A history carrying the target's name: join leaves it out (saying so); aggregate may read it.
        let p = try Self.run([#"{"op": "join", "table": "history", "on": "e", "prefix": "h_"}"#,
                              #"{"op": "aggregate", "table": "history", "on": "e", "column": "y", "stat": "mean", "before": "t", "as": "past_y"}"#],
                             main: Self.main, tables: [events, history])
        #expect(p.frame["h_y"] == nil && p.frame["h_t"] != nil)
        #expect(p.warnings.contains { $0.contains("left out \"y\", the target's name") })
        #expect(same(numbers(p, "past_y"), [5, 5, 6, .nan]))
    }

    @Test func sideStepsRunOnceForEveryFold() throws {
        let r = try recipe(#"{"op": "impute", "column": "t", "strategy": "median"}"#,
                           #"{"op": "join", "table": "prices", "on": "e"}"#,
                           #"{"op": "aggregate", "table": "events", "on": "e", "stat": "count"}"#)
        let (once, perFold) = FoldInvariance.split(r, target: "y")
        #expect(once.recipe.steps.map(\.step.op) == [.join, .aggregate])
        #expect(perFold.recipe.steps.map(\.step.op) == [.impute])
        // An aggregate bounded by a column a fitted step rewrote must run after it, in every fold.
        let bounded = try recipe(#"{"op": "impute", "column": "t", "strategy": "median"}"#,
                                 #"{"op": "aggregate", "table": "events", "on": "e", "stat": "count", "before": "t"}"#)
        #expect(FoldInvariance.split(bounded, target: "y").perFold.recipe.steps.map(\.step.op) == [.impute, .aggregate])
    }

    /// A join that runs in every fold (its key is read by a fitted step first) brings columns the step did not list;
    /// a text_flag on one of them must run after it, not once before it ("note does not exist" in session 17).
    @Test func aStepOnAColumnOfAPerFoldJoinRunsAfterTheJoin() throws {
        let notes = try Self.table("notes", "e,note\nA,heat alert\nB,quiet\nC,HEAT again\n", key: ["e"])
        let steps = [#"{"op": "target_encode", "column": "e", "as": "e_level"}"#, #"{"op": "join", "table": "notes", "on": "e"}"#,
                     #"{"op": "text_flag", "column": "note", "pattern": "heat", "as": "hot"}"#]
        let split = FoldInvariance.split(try recipe(steps[0], steps[1], steps[2]), target: "y", tables: SideTables([notes]))
        #expect(split.perFold.recipe.steps.map(\.step.op) == [.targetEncode, .join, .textFlag])
        let p = try Self.run(steps, main: Self.main, tables: [notes])
        #expect(same(numbers(p, "hot"), [1, 1, 0, 1]))
        // text_stats and text_tfidf read a joined column as they read train.csv's own: by hand, "heat alert" has 2
        // words and 10 characters; "heat" is in 3 of the 4 rows' notes, so its tf-idf is 1 where it is the only term kept.
        let more = try Self.run(Array(steps.prefix(2)) + [#"{"op": "text_stats", "column": "note"}"#,
                                                          #"{"op": "text_tfidf", "column": "note", "max_features": 1}"#],
                                main: Self.main, tables: [notes])
        #expect(same(numbers(more, "note_words"), [2, 2, 1, 2]) && same(numbers(more, "note_length"), [10, 10, 5, 10]))
        #expect(same(numbers(more, "note_tfidf_heat"), [1, 1, 0, 1]))
    }
}
