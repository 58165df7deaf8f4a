import Testing
@testable import TandemUI

/// Issue 17: the widgets every pane and dialog draws through, each on a small buffer whose cells are checked.
@Suite struct WidgetTests {
    @Test func aParagraphWrapsToItsRegionAndCutsWhatDoesNotFit() {
        var b = ScreenBuffer(width: 12, height: 3)
        let lines = Paragraph.wrapping("one two three four five six seven", width: 10)
        #expect(lines.map(\.text) == ["one two", "three four", "five six", "seven"])
        Paragraph(lines, indent: 1, margin: 1).draw(&b, Rect(x: 0, y: 0, width: 12, height: 3))
        #expect(b.lines == [" one two    ", " three four ", " five six   "])
        // The margin is kept: a line longer than the region less indent and margin is cut there.
        var c = ScreenBuffer(width: 8, height: 1)
        Paragraph([("abcdefghij", Role.normal)], indent: 1, margin: 2).draw(&c, Rect(x: 0, y: 0, width: 8, height: 1))
        #expect(c.lines == [" abcde  "])
    }

    @Test func aBoxDrawsItsBorderAndTitleAndGivesItsInside() {
        var b = ScreenBuffer(width: 10, height: 4)
        let inner = Box(title: "Hi", ascii: true).draw(&b, Rect(x: 0, y: 0, width: 10, height: 4))
        #expect(b.lines == ["+- Hi ---+", "|        |", "|        |", "+--------+"])
        #expect(inner == Rect(x: 1, y: 1, width: 8, height: 2))
        #expect(b[0, 1].role == .border && b[3, 0].role == .title)
    }

    @Test func aSplitDividesItsRegionWithoutOverlap() {
        let r = Rect(x: 2, y: 3, width: 40, height: 20)
        let (left, right) = Split.columns(r, left: 13, gap: 2)
        #expect(left == Rect(x: 2, y: 3, width: 13, height: 20) && right == Rect(x: 17, y: 3, width: 25, height: 20))
        let (top, divider, bottom) = Split.rows(r, bottom: 6, divider: 1)
        #expect(top == Rect(x: 2, y: 3, width: 40, height: 13) && divider == 16 && bottom == Rect(x: 2, y: 17, width: 40, height: 6))
        let (head, rest) = Split.rows(r, top: 1)
        #expect(head.height == 1 && rest == Rect(x: 2, y: 4, width: 40, height: 19))
        // Asked for more than there is, a split gives what there is.
        #expect(Split.columns(r, left: 99).left.width == 40 && Split.rows(r, bottom: 99, divider: 1).top.height == 0)
    }

    /// On the selected row every span takes the selection's role except one that keeps its own (the taint mark).
    @Test func aSelectedRowKeepsTheRoleOfAWarningSpan() {
        var b = ScreenBuffer(width: 20, height: 2)
        let row = ListView.Item(spans: [.init(text: "step", role: .good), .init(text: " !T", role: .tainted, keepsRole: true)])
        ListView(items: [row, row], selected: 1).draw(&b, Rect(x: 0, y: 0, width: 20, height: 2))
        #expect(b.lines[1].hasPrefix(" step !T"))
        #expect(b[1, 0].role == .good && b[1, 1].role == .selected && b[6, 1].role == .tainted && b[15, 1].role == .selected)
    }
}
