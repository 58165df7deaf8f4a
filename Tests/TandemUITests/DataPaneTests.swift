import Foundation
import Testing
import TestSupport
import TandemData
@testable import TandemUI

/// Issue 21: the Data pane freezes the id column, sizes columns from their content, says how many columns are off
/// screen, and S sorts the view (never the recipe). The CSV is written the way people write them: the id column in
/// the middle, a missing number, a cell carrying terminal escapes and a bidi override.
@Suite struct DataPaneTests {
    static let csv = """
        region,score,customer_id,note,extra_a,extra_b,extra_c
        north,3.5,C-003,plain,1,2,3
        south,,C-001,\u{1B}]0;pwned\u{07}evil\u{202E}txt,4,5,6
        east,10,C-002,a note far longer than any column is allowed to be on screen,7,8,9
        west,-2,C-004,x,10,11,12

        """

    static func workbench(width: Int = 40, height: Int = 12, ascii: Bool = false) throws -> Workbench {
        let path = try RepositoryPaths.temporaryFolder("data-pane") + "/train.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let frame = try CSVReader.read(path: path)
        let context = WorkbenchContext(challengeId: "theirs", metric: "rmse", higherIsBetter: false, documents: [], frame: frame,
                                       profile: Profiler.profile(frame, source: path), agentName: "heuristic", idColumn: "customer_id")
        var wb = Workbench(context: context)
        wb.width = width
        wb.height = height
        wb.ascii = ascii
        wb.pane = .data
        return wb
    }

    @Test func columnWidthsComeFromNamesAndValuesWithinBounds() throws {
        let grid = try Self.workbench().context.grid
        // customer_id (frame column 2) first and frozen, the others in file order.
        #expect(grid.order == [2, 0, 1, 3, 4, 5, 6] && grid.frozen == 1)
        // customer_id: its name (11) beats "C-003"; region: the name (6); score: the name (5) beats "3.5"/"10"/"-2";
        // note: the long value, cut at the maximum of 28; extra_a: its name (7).
        #expect(grid.widths == [11, 6, 5, 28, 7, 7, 7])
        // No id column named (a plain CSV): nothing frozen.
        let plain = DataGrid(frame: try Self.workbench().context.frame, idColumn: "no_such")
        #expect(plain.frozen == 0 && plain.order == Array(0..<7))
    }

    @Test func theLayoutFreezesColumnsAndCountsWhatIsHidden() {
        let table = Table(columns: [5, 10, 10, 10].map { Table.Column(title: "c", width: $0) }, frozen: 1, offset: 1)
        // 30 cells: c0 at 0, the separator at 6, c1 at 8, c2 at 19 (ends at 29); c3 does not fit.
        let placed: [Table.Placed] = [.init(column: 0, x: 0, width: 5), .init(column: 1, x: 8, width: 10),
                                      .init(column: 2, x: 19, width: 10)]
        #expect(table.layout(width: 30) == Table.Layout(placed: placed, hiddenLeft: 0, hiddenRight: 1, separator: 6))
        // Showing c3 scrolls by one: c1 goes off the left, the frozen c0 stays.
        #expect(table.offset(showing: 3, width: 30) == 2)
        var scrolled = table
        scrolled.offset = 2
        #expect(scrolled.layout(width: 30).placed.map(\.column) == [0, 2, 3] && scrolled.layout(width: 30).hiddenLeft == 1)
        // The indicator's room counts: c2 fits 30 cells only without "3▶" beside it, so showing c2 scrolls too.
        let five = Table(columns: [5, 10, 10, 10, 10].map { Table.Column(title: "c", width: $0) }, frozen: 1, offset: 1)
        #expect(five.fitted(width: 30).placed.map(\.column) == [0, 1] && five.offset(showing: 2, width: 30) == 2)
        // A first scrolling column too wide for the room is cut rather than dropped.
        #expect(table.layout(width: 12).placed == [.init(column: 0, x: 0, width: 5), .init(column: 1, x: 8, width: 4)])
    }

    @Test func theIdColumnStaysWhileTheOthersScrollAndTheHeaderCountsThem() throws {
        var wb = try Self.workbench()
        var lines = wb.render().lines
        #expect(lines[2].hasPrefix("    customer_id │ region score"), "\(lines[2])")
        #expect(lines[2].hasSuffix("4▶"), "\(lines[2])")
        #expect(lines[3].hasPrefix("1   C-003       │ north    3.5"), "\(lines[3])")
        // → three times selects note: two columns scroll off the left, the id stays.
        for _ in 0..<3 { _ = wb.handle(.right) }
        lines = wb.render().lines
        #expect(lines[2].hasPrefix("◀2  customer_id │ note"), "\(lines[2])")
        #expect(lines[2].hasSuffix("3▶") && lines[3].hasPrefix("1   C-003       │ plain"), "\(lines)")
        // The long note is cut with an ellipsis, never past the indicator's column.
        #expect(lines[5].contains("a note far longer …"), "\(lines[5])")
        // The escapes and the bidi override of row 2 never reach the screen.
        #expect(lines[4].contains("eviltxt") && !lines.joined().contains("pwned"))
        // ASCII: the same indicators without Unicode.
        var plain = try Self.workbench(ascii: true)
        for _ in 0..<3 { _ = plain.handle(.right) }
        let header = plain.render().lines[2]
        #expect(header.hasPrefix("<2  customer_id | note") && header.hasSuffix("3>"), "\(header)")
    }

    @Test func sortOrdersTheViewOnlyAndKeepsTheCursorOnItsRow() throws {
        var wb = try Self.workbench()
        let events = wb.events.count, recipe = wb.session.current.recipe
        func labels() -> [String] {
            wb.render().lines[3...6].map { String($0.prefix(2)).trimmingCharacters(in: .whitespaces) }
        }
        _ = wb.handle(.right)
        _ = wb.handle(.right)   // score
        // Ascending: -2 (row 4), 3.5 (row 1), 10 (row 3), then the missing score (row 2) last.
        #expect(wb.handle(.char("S")).isEmpty)
        #expect(labels() == ["4", "1", "3", "2"] && wb.render().lines[2].contains("score ▲"))
        #expect(wb.cursor(.data) == 1)   // the cursor was on row 1 (C-003) and stays on it
        // Descending: 10, 3.5, -2; missing still last.
        #expect(wb.handle(.char("S")).isEmpty)
        #expect(labels() == ["3", "1", "4", "2"] && wb.render().lines[2].contains("score ▼"))
        // A third S: file order.
        #expect(wb.handle(.char("S")).isEmpty)
        #expect(labels() == ["1", "2", "3", "4"] && wb.message == "view in file order")
        // The session is untouched: no event, the same recipe.
        #expect(wb.events.count == events && wb.session.current.recipe == recipe)
        // Outside the Data pane S is not bound.
        wb.pane = .clean
        #expect(wb.handle(.char("S")).isEmpty && wb.dataSort == nil)
    }

    @Test func searchAndCopyFollowTheSortedView() throws {
        var wb = try Self.workbench()
        _ = wb.handle(.right)
        _ = wb.handle(.right)
        _ = wb.handle(.char("S"))   // rows 4, 1, 3, 2
        _ = wb.handle(.char("g"))
        _ = wb.handle(.left)
        _ = wb.handle(.left)        // customer_id of the first view row: row 4
        #expect(wb.handle(.char("y")) == [.copy("C-004")])
        // The missing score of the last view row (row 2) is nothing to copy.
        _ = wb.handle(.char("G"))
        _ = wb.handle(.right)
        _ = wb.handle(.right)
        #expect(wb.handle(.char("y")).isEmpty && wb.message?.contains("missing") == true)
        // The note of that row is copied sanitised: the OSC title sequence and the bidi override are gone.
        _ = wb.handle(.right)
        #expect(wb.handle(.char("y")) == [.copy("eviltxt")] && wb.message == "copied 7 characters: eviltxt")
    }
}
