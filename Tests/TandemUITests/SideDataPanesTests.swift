import Foundation
import Testing
import TestSupport
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession
@testable import TandemUI

/// The panes over side data (issue 31, item 3): a join's match rate beside it, an aggregate that reads the future
/// marked like a tainted step with its reason, the tables each document names, and the Profile pane per side table.
@Suite struct SideDataPanesTests {
    /// DataPaneTests' train.csv (customer_id C-001…C-004) with two side tables: orders (several rows per customer,
    /// C-009 unknown to train.csv; `placed` is its time column) and segments (one row per customer, three of four).
    static func workbench() throws -> Workbench {
        var wb = try DataPaneTests.workbench(width: 80, height: 24)
        let orders = try CSVReader.read(bytes: Array("""
            order_id,customer_id,placed,amount
            1,C-001,2024-01-03,12.5
            2,C-001,2024-02-01,3
            3,C-002,2024-01-09,40
            4,C-009,2024-01-10,7

            """.utf8), name: "orders.csv")
        let segments = try CSVReader.read(bytes: Array("customer_id,segment\nC-001,gold\nC-002,silver\nC-003,gold\n".utf8),
                                          name: "segments.csv")
        let tables = SideTables([SideTable(name: "orders", file: "tables/orders.csv", frame: orders, key: ["customer_id"], timeColumn: "placed"),
                                 SideTable(name: "segments", file: "tables/segments.csv", frame: segments, key: ["customer_id"], timeColumn: nil)])
        wb.context.sideTables = tables.tables.map { SideTableSchema(name: $0.name, columns: $0.frame.columnNames) }
        wb.context.sideFrames = tables.tables.map { DataTableView(name: $0.name, frame: $0.frame, key: $0.key) }
        wb.context.sideFacts = SideStepFacts(train: wb.context.frame, tables: tables)
        return wb
    }

    static func step(_ op: OpName, _ params: [String: StepValue], docs: [String] = []) throws -> RecipeStep {
        RecipeStep(try Step(op: op, params: params), author: .agent, documents: docs, rationale: "side data")
    }

    @Test func aJoinShowsItsMatchRateAndAnUnboundedAggregateIsMarkedAsReadingTheFuture() throws {
        var wb = try Self.workbench()
        let join = try Self.step(.join, ["table": .string("segments"), "on": .string("customer_id")])
        let unbounded = try Self.step(.aggregate, ["table": .string("orders"), "on": .string("customer_id"), "stat": .string("count")])
        wb.session.current.pending = [Proposal(id: "p1", step: join), Proposal(id: "p2", step: unbounded)]
        wb.pane = .features
        let screen = Snapshot.text(wb.render())
        // By hand: segments holds C-001, C-002 and C-003 of train.csv's four customers (75%); orders C-001 and C-002 (50%).
        #expect(screen.contains("75% matched") && screen.contains("50% matched"), "\(screen)")
        #expect(screen.contains("⚠ reads the future"))
        #expect(!screen.split(separator: "\n").contains { $0.contains("segments") && $0.contains("reads the future") })
        Snapshot.check(wb.render(), "side-steps-80x24")
        // The aggregate selected: the detail says why.
        _ = wb.handle(.char("j"))
        #expect(Snapshot.text(wb.render()).contains("⚠ aggregate orders: reads side rows from after the row's own time"))
        wb.width = 40
        wb.height = 12
        Snapshot.check(wb.render(), "side-steps-40x12")
        // Bounded by before, the same aggregate carries no mark.
        let bounded = try Self.step(.aggregate, ["table": .string("orders"), "on": .string("customer_id"), "stat": .string("count"),
                                                 "before": .string("placed")])
        wb.session.current.pending = [Proposal(id: "p3", step: bounded)]
        wb.width = 80
        wb.height = 24
        #expect(!Snapshot.text(wb.render()).contains("reads the future"))
    }

    @Test func theDocsPaneListsTheTablesADocumentNames() throws {
        var wb = try Self.workbench()
        wb.context.documents = [
            ChallengeDocument.parse(id: "01-join", text: "+++\ntitle = \"Join\"\nstage = \"features\"\n[[advice]]\nop = \"join\"\ntable = \"segments\"\n"
                                    + "on = \"customer_id\"\n+++\nThe segment explains spend; the orders history helps too.\n", file: "docs/01-join.md"),
            ChallengeDocument.parse(id: "02-none", text: "Nothing here prevents a good model.\n", file: "docs/02-none.md"),
        ]
        wb.pane = .docs
        #expect(Snapshot.text(wb.render()).contains("tables: orders, segments"))
        _ = wb.handle(.char("j"))
        // "prevents" holds "events" but names no table; neither orders nor segments is named.
        #expect(Snapshot.text(wb.render()).contains("tables: none named"))
    }

    @Test func tShowsEachSideTablesProfile() throws {
        var wb = try Self.workbench()
        wb.pane = .profile
        #expect(!Snapshot.text(wb.render()).contains("placed"))
        _ = wb.handle(.char("t"))
        let screen = Snapshot.text(wb.render())
        #expect(screen.contains("table orders") && screen.contains("placed") && screen.contains("amount") && !screen.contains("region"))
        #expect(wb.message == "Profile: orders, 4 rows (t: the next table)")
        Snapshot.check(wb.render(), "profile-side-table-80x24")
        wb.width = 40
        wb.height = 12
        Snapshot.check(wb.render(), "profile-side-table-40x12")
        // The Data pane shows the same table.
        wb.pane = .data
        #expect(Snapshot.text(wb.render()).contains("table orders"))
    }
}
