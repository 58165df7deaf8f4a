import Testing
import TandemRecipe
import TandemSession
@testable import TandemUI

/// Every pane and dialog, rendered at 80×24 and in the compact layout at 40×12; below 40×12 a notice, never garbage.
@Suite struct WorkbenchSnapshotTests {
    static let sizes = [(80, 24), (40, 12)]

    @Test func everyPaneAtBothSizes() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        for (w, h) in Self.sizes {
            wb.width = w
            wb.height = h
            for pane in Pane.allCases {
                wb.pane = pane
                Snapshot.check(wb.render(), "pane-\(pane.title.lowercased())-\(w)x\(h)")
            }
        }
    }

    @Test func everyDialogAtBothSizes() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        let dialogs: [(String, Dialog)] = [
            ("help", .help(scroll: 0)), ("quit", .confirmQuit), ("reject", .input(.rejectReason(proposal: "p9-1"), text: "binning loses signal")),
            ("palette", .palette(query: "ev", selected: 0)), ("new-step", .opPicker(query: "imp", selected: 0)),
            ("form-invalid", .form(StepForm(op: .impute, target: .add))),
            ("form-valid", .form(StepForm(op: .clip, target: .add, from: try Step(op: .clip, params: ["column": .string("storage_temp_c"), "upper": .number(30)])))),
        ]
        wb.pane = .features
        for (w, h) in Self.sizes {
            wb.width = w
            wb.height = h
            for (name, dialog) in dialogs {
                wb.dialog = dialog
                Snapshot.check(wb.render(), "dialog-\(name)-\(w)x\(h)")
            }
        }
    }

    @Test func replayTimelineAndAsciiAndProgress() async throws {
        let (live, _) = try await WorkbenchFixture.session()
        var wb = Workbench.replaying(context: live.context, events: live.events)
        _ = wb.handle(.char("t"))
        for c in "6" { _ = wb.handle(.char(c)) }
        _ = wb.handle(.enter)
        Snapshot.check(wb.render(), "replay-log-at-6-80x24")
        wb.pane = .clean
        Snapshot.check(wb.render(), "replay-clean-at-6-80x24")
        var ascii = live
        ascii.ascii = true
        ascii.pane = .profile
        Snapshot.check(ascii.render(), "ascii-profile-80x24")
        var busy = live
        busy.job = Job(label: "evaluating 3 steps", progress: 0.4)
        Snapshot.check(busy.render(), "progress-80x24")
        busy.width = 40
        busy.height = 12
        Snapshot.check(busy.render(), "progress-40x12")
        busy.width = 36
        busy.height = 10
        Snapshot.check(busy.render(), "below-minimum-36x10")
    }
}
