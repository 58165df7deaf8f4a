import Testing
import TestSupport
import TandemChallenge
import TandemSession
@testable import TandemUI

/// Issue 17's list bugs: the op picker and the palette drew the first rows only, so a selection below them was off
/// screen; the Docs list ignored its scroll; the Docs pane's taint mark ignored --ascii. Every list now draws
/// through ListView, which keeps the selection visible.
@Suite struct ListViewTests {
    @Test func theWindowMovesJustEnoughToShowTheSelection() {
        #expect(ListView.visible(count: 30, selected: 0, height: 10) == 0..<10)
        #expect(ListView.visible(count: 30, selected: 12, height: 10) == 3..<13)
        // A selection already on screen keeps the caller's scroll; one above it scrolls up to it.
        #expect(ListView.visible(count: 30, selected: 12, top: 8, height: 10) == 8..<18)
        #expect(ListView.visible(count: 30, selected: 2, top: 8, height: 10) == 2..<12)
        // A stale scroll past the end is pulled back; a short list never scrolls.
        #expect(ListView.visible(count: 30, selected: nil, top: 40, height: 10) == 20..<30)
        #expect(ListView.visible(count: 4, selected: 3, top: 2, height: 10) == 0..<4)
    }

    func selectedRowText(_ wb: Workbench) -> String? {
        let b = wb.render()
        // A dialog's selected row is filled inside its borders; the text is what lies between them.
        func inBox(_ y: Int) -> Bool {
            let borders = (0..<b.width).filter { b[$0, y].role == .border }
            guard let left = borders.first, let right = borders.last, right > left + 1 else { return false }
            return ((left + 1)..<right).filter { b[$0, y].role == .selected }.count > 10
        }
        guard let y = (0..<b.height).first(where: inBox) else { return nil }
        return b.lines[y]
    }

    @Test func theOpPickerAndThePaletteScrollToTheSelection() async throws {
        for (w, h) in [(80, 24), (40, 12)] {
            var (wb, _) = try await WorkbenchFixture.session()
            wb.width = w
            wb.height = h
            wb.pane = .features
            _ = wb.handle(.char("n"))
            for _ in 0..<20 { _ = wb.handle(.down) }
            guard case .opPicker(_, let selected)? = wb.dialog else { Issue.record("no op picker"); continue }
            let op = OpPicker.matching("")[selected]
            let row = try #require(selectedRowText(wb), "the selected op is not on screen at \(w)x\(h)")
            #expect(row.contains(op.rawValue), "\(w)x\(h): \(row)")
            _ = wb.handle(.escape)
            _ = wb.handle(.char(":"))
            let count = PaletteCommands.matching("", replay: false).count
            for _ in 0..<count { _ = wb.handle(.down) }
            guard case .palette(_, let chosen)? = wb.dialog else { Issue.record("no palette"); continue }
            let command = PaletteCommands.matching("", replay: false)[chosen].action.rawValue
            let line = try #require(selectedRowText(wb), "the selected command is not on screen at \(w)x\(h)")
            #expect(chosen == count - 1 && line.contains(command), "\(w)x\(h): \(line)")
        }
    }

    @Test func theDocsListScrollsAndTheTaintMarkFollowsAscii() async throws {
        let (fixture, _) = try await WorkbenchFixture.session()
        var docs = fixture.context.documents
        for i in 0..<14 {
            docs.append(ChallengeDocument.parse(id: "9\(i < 10 ? "0" : "")\(i)-note", text: "Prose only, number \(i).\n", file: "x.md"))
        }
        var context = fixture.context
        context.documents = docs
        var wb = Workbench(context: context)
        _ = wb.load(fixture.events, state: fixture.session)
        wb.width = 40
        wb.height = 12
        _ = wb.handle(.char("6"))
        for _ in 0..<(docs.count - 1) { _ = wb.handle(.char("j")) }
        let screen = wb.render().lines.joined(separator: "\n")
        #expect(screen.contains(String(docs[docs.count - 1].id.prefix(8))), "\(screen)")
        // The flagged 02 is cited by the applied drop_column: its mark in ASCII has no Unicode.
        wb.width = 100
        wb.height = 30
        wb.ascii = true
        _ = wb.handle(.char("g"))
        _ = wb.handle(.char("j"))
        let ascii = wb.render().lines.joined(separator: "\n")
        #expect(ascii.contains("! TAINTED") && !ascii.contains("⚠"), "\(ascii)")
    }
}

/// Issue 17: replay folded from event 0 on every step; it now starts from the nearest snapshot.
@Suite struct ReplayIndexTests {
    @Test func everyPositionMatchesAFullFoldAndFoldsAtMostTheStride() async throws {
        let (wb, _) = try await WorkbenchFixture.session()
        let events = wb.events
        #expect(events.count >= 9)
        let index = ReplayIndex(events, stride: 4)
        #expect(index.snapshots.count == events.count / 4 + 1)
        for p in 0...events.count {
            let (state, folded) = index.state(at: p, of: events)
            #expect(state == SessionState.fold(events.prefix(p)), "position \(p)")
            #expect(folded == p % 4, "position \(p) folded \(folded)")
        }
        // The replaying workbench uses it: a step back shows the state one event earlier.
        var replay = Workbench.replaying(context: wb.context, events: events)
        _ = replay.handle(.left)
        #expect(replay.session == SessionState.fold(events.dropLast()))
    }
}
