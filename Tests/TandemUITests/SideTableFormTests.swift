import Foundation
import Testing
import TestSupport
import TandemChallenge
import TandemData
import TandemRecipe
@testable import TandemUI

/// The step form offers join and aggregate with the side tables and their columns to pick from (issue 30, item 7).
@Suite struct SideTableFormTests {
    static func workbench() throws -> Workbench {
        var wb = try DataPaneTests.workbench(width: 80, height: 24)
        wb.context.sideTables = [SideTableSchema(name: "orders", columns: ["customer_id", "placed", "amount"]),
                                 SideTableSchema(name: "segments", columns: ["customer_id", "segment"])]
        wb.pane = .features
        return wb
    }

    func type(_ text: String, into wb: inout Workbench) { for c in text { _ = wb.handle(.char(c)) } }

    @Test func anAggregateIsPickedFieldByFieldWithTheArrowKeys() throws {
        var wb = try Self.workbench()
        _ = wb.handle(.char("n"))
        type("aggregate", into: &wb)
        _ = wb.handle(.enter)
        guard case .form? = wb.dialog else { Issue.record("no form"); return }
        #expect(Snapshot.text(wb.render()).contains("←/→ orders · segments"))
        _ = wb.handle(.right)                        // table: orders
        _ = wb.handle(.tab)
        _ = wb.handle(.right); _ = wb.handle(.right)  // on: the main columns, the second is score… pick customer_id by typing
        guard case .form(var form)? = wb.dialog else { Issue.record("no form"); return }
        #expect(form.values[0] == "orders" && form.values[1] == "score")
        form.values[1] = "customer_id"
        wb.dialog = .form(form)
        _ = wb.handle(.tab); _ = wb.handle(.tab)      // table_on (left empty), then column: the orders' columns
        #expect(Snapshot.text(wb.render()).contains("←/→ customer_id · placed · amount"))
        _ = wb.handle(.left)                          // backwards from nothing: the last, amount
        _ = wb.handle(.tab)
        _ = wb.handle(.right); _ = wb.handle(.right); _ = wb.handle(.right)   // stat: count, sum, mean
        let effects = wb.handle(.enter)
        let step = try Step(op: .aggregate, params: ["table": .string("orders"), "on": .string("customer_id"), "column": .string("amount"),
                                                     "stat": .string("mean")])
        #expect(effects == [.intent(.add(step: RecipeStep(step, author: .human)))])
    }

    @Test func aJoinFormAtEightyAndFortyColumns() throws {
        var wb = try Self.workbench()
        _ = wb.handle(.char("n"))
        type("join", into: &wb)
        _ = wb.handle(.enter)
        _ = wb.handle(.right); _ = wb.handle(.right)   // segments
        Snapshot.check(wb.render(), "join-form-80x24")
        wb.width = 40
        wb.height = 12
        Snapshot.check(wb.render(), "join-form-40x12")
    }

    /// A document whose advice did not parse keeps its prose, and the Docs pane says why its advice is not used.
    @Test func theDocsPaneNamesAdviceThatWasNotUsed() throws {
        var wb = try Self.workbench()
        wb.context.documents = [ChallengeDocument.parse(id: "03-bad", text: "+++\n[[advice]]\nop = \"exec\"\n+++\nWatch the fees.\n",
                                                        file: "docs/03-bad.md")]
        wb.pane = .docs
        let screen = Snapshot.text(wb.render())
        let lines = screen.split(separator: "\n").map { $0.dropFirst(28).trimmingCharacters(in: CharacterSet(charactersIn: " |")) }
        #expect(lines.joined(separator: " ").contains("⚠ advice not used: docs/03-bad.md: field \"advice\": entry 1: field \"op\": \"exec\" is not an op"))
        #expect(screen.contains("Watch the fees."))
    }

    /// t in the Data pane shows each side table in turn, the header naming it; the cursor, column and sort start afresh.
    @Test func tCyclesTheDataPaneThroughTheSideTables() throws {
        var wb = try Self.workbench()
        let orders = try CSVReader.read(bytes: Array("order_id,customer_id,amount\n7,C-001,12.5\n8,C-003,3\n".utf8), name: "orders.csv")
        wb.context.sideFrames = [DataTableView(name: "orders", frame: orders, key: ["order_id"])]
        wb.pane = .data
        _ = wb.handle(.char("t"))
        let screen = Snapshot.text(wb.render())
        #expect(screen.contains("table orders") && screen.contains("order_id") && screen.contains("12.5") && !screen.contains("region"))
        #expect(wb.message == "Data: orders, 2 rows (t: the next table)")
        Snapshot.check(wb.render(), "data-side-table-80x24")
        wb.width = 40
        wb.height = 12
        Snapshot.check(wb.render(), "data-side-table-40x12")
        _ = wb.handle(.char("t"))
        #expect(!Snapshot.text(wb.render()).contains("table orders") && wb.message == "Data: train.csv, 4 rows (t: the next table)")
        wb.pane = .docs
        _ = wb.handle(.char("t"))
        #expect(wb.message == "t shows the next table in the Data (1) and Profile panes")
    }
}
