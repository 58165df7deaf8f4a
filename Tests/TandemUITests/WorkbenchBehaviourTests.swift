import Testing
import TandemRecipe
import TandemSession
@testable import TandemUI

/// Keys → effects: the workbench decides what the runtime must do; nothing here touches a terminal.
@Suite struct WorkbenchBehaviourTests {
    func type(_ text: String, into wb: inout Workbench) -> [UIEffect] { text.flatMap { wb.handle(.char($0)) } }

    @Test func approveRejectWithReasonAndQuitConfirmation() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        wb.pane = .features
        let first = try #require(wb.session.pending.first { $0.step.step.op.stage == .features })
        #expect(wb.handle(.char("a")) == [.intent(.approve(proposal: first.id))])
        #expect(wb.handle(.char("r")).isEmpty)
        #expect(type("binning loses signal", into: &wb).isEmpty)
        #expect(wb.handle(.enter) == [.intent(.reject(proposal: first.id, reason: "binning loses signal"))])
        // Esc abandons a reject; an empty reason is no reason.
        _ = wb.handle(.char("r"))
        #expect(wb.handle(.escape).isEmpty && wb.dialog == nil)
        _ = wb.handle(.char("r"))
        #expect(wb.handle(.enter) == [.intent(.reject(proposal: first.id, reason: nil))])
        // An applied step cannot be approved: the Clean pane lists the applied drop first.
        wb.pane = .clean
        #expect(wb.handle(.char("a")).isEmpty && wb.message?.contains("select a proposal") == true)
        #expect(wb.handle(.char("x")) == [.intent(.remove(index: 0))])
        #expect(wb.handle(.char("q")).isEmpty && wb.dialog == .confirmQuit)
        #expect(wb.handle(.char("n")).isEmpty && wb.dialog == nil)
        _ = wb.handle(.char("q"))
        #expect(wb.handle(.char("y")) == [.quit])
    }

    @Test func flaggingTaintsTheStepsThatCiteTheDocument() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        // The fixture flagged 02: the applied drop_column cites it and is tainted, on screen and in its role.
        #expect(wb.session.taintedSteps == [0])
        wb.pane = .clean
        let screen = wb.render()
        let row = try #require(screen.lines.firstIndex { $0.contains("drop_column(preservative_ppm)") })
        #expect(screen.lines[row].contains("tainted"))
        #expect((0..<screen.width).contains { screen[$0, row].role == .tainted })
        // In the Docs pane f toggles: 02 is flagged, so f unflags it; 01 is not, so f flags it.
        _ = wb.handle(.char("6"))
        _ = wb.handle(.char("j"))
        #expect(wb.handle(.char("f")) == [.intent(.unflag(document: "02-sensor-practice")), .intent(.propose)])
        _ = wb.handle(.char("k"))
        #expect(wb.handle(.char("f")) == [.intent(.flag(document: "01-cold-chain-notes")), .intent(.propose)])
        // Outside the Docs pane f does nothing but explain.
        _ = wb.handle(.char("4"))
        #expect(wb.handle(.char("f")).isEmpty)
    }

    @Test func aRunningJobBlocksRecipeChangesAndCtrlCCancelsIt() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        wb.pane = .features
        #expect(wb.handle(.char("v")) == [.intent(.evaluate)])
        wb.job = Job(label: "evaluating 2 steps", progress: 0.2)
        #expect(wb.handle(.char("a")).isEmpty && wb.message?.contains("Ctrl-C") == true)
        #expect(wb.handle(.char("v")).isEmpty)
        #expect(wb.handle(.ctrl("c")) == [.intent(.cancel)])
        // Moving around stays possible while it runs.
        #expect(wb.handle(.char("1")).isEmpty && wb.pane == .data)
        wb.job = nil
        #expect(wb.handle(.ctrl("c")).isEmpty && wb.message == "nothing to cancel")
    }

    @Test func whileTheAgentThinksPanesMoveButTheRecipeWaits() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        wb.pane = .features
        wb.agentThinking = true
        #expect(wb.handle(.char("a")).isEmpty && wb.message?.contains("agent is thinking") == true)
        #expect(wb.handle(.char("]")).isEmpty)
        #expect(wb.handle(.char("1")).isEmpty && wb.pane == .data)
        // Evaluating the current recipe does not change it, so it may be asked for meanwhile.
        #expect(wb.handle(.char("v")) == [.intent(.evaluate)])
        wb.agentThinking = false
        wb.pane = .features
        #expect(wb.handle(.char("a")) != [])
    }

    @Test func theHeaderSaysWhenEventsWaitForTheStudyServer() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        #expect(!wb.render().lines[0].contains("queued"))
        wb.storeStatus = "offline, 3 events queued"
        // At 80 columns it comes right after the stage and the agent's status gives way; wider, both show.
        let header = wb.render().lines[0]
        #expect(header.contains("features  ⚠ offline, 3 events queued  mae CV"), "\(header)")
        wb.width = 120
        let wide = wb.render().lines[0]
        #expect(wide.contains("⚠ offline, 3 events queued") && wide.contains("heuristic: idle"), "\(wide)")
    }

    @Test func helpIsGeneratedFromTheBindingTableAndThePaletteRunsCommandsByName() async throws {
        let help = KeyBindings.helpLines(scopes: [.global, .steps, .docs, .data, .live, .replay]).joined(separator: "\n")
        for b in KeyBindings.table { #expect(help.contains(b.help), "\(b.action) is missing from help") }
        var (wb, _) = try await WorkbenchFixture.session()
        _ = wb.handle(.char(":"))
        _ = type("subm", into: &wb)
        #expect(wb.handle(.enter) == [.intent(.submit)])
        #expect(fuzzyScore("ev", in: "evaluate") != nil && fuzzyScore("zz", in: "evaluate") == nil)
        #expect((fuzzyScore("eval", in: "evaluate") ?? 0) > (fuzzyScore("eval", in: "previous-level") ?? 0))
    }

    @Test func newStepFormValidatesAsYouTypeAndAddsAHumanStep() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        wb.pane = .clean
        _ = wb.handle(.char("n"))
        _ = type("clip", into: &wb)
        _ = wb.handle(.enter)
        guard case .form(let empty)? = wb.dialog else { Issue.record("no form"); return }
        if case .failure(let e) = empty.validated { #expect(e.description.contains("column")) } else { Issue.record("an empty clip validated") }
        #expect(wb.handle(.enter).isEmpty)   // Enter does nothing while the form is invalid
        _ = type("storage_temp_c", into: &wb)
        _ = wb.handle(.tab)
        _ = wb.handle(.tab)
        _ = type("x", into: &wb)
        guard case .form(let bad)? = wb.dialog, case .failure(let e) = bad.validated else { Issue.record("upper=x validated"); return }
        #expect(e.description.contains("upper"))
        _ = wb.handle(.backspace)
        _ = type("30", into: &wb)
        let effects = wb.handle(.enter)
        let step = try RecipeStep(Step(op: .clip, params: ["column": .string("storage_temp_c"), "upper": .number(30)]), author: .human)
        #expect(effects == [.intent(.add(step: step))])
    }

    @Test func replayStepsSeeksAndPlaysThroughTheSession() async throws {
        let (live, _) = try await WorkbenchFixture.session()
        var wb = Workbench.replaying(context: live.context, events: live.events)
        let total = live.events.count
        #expect(wb.replay?.position == total && wb.session == live.session)
        _ = wb.handle(.left)
        #expect(wb.replay?.position == total - 1 && wb.session == SessionState.fold(live.events.prefix(total - 1)))
        #expect(wb.handle(.char("a")).isEmpty && wb.session == SessionState.fold(live.events.prefix(total - 1)))   // read-only
        _ = wb.handle(.char("<"))
        #expect(wb.replay?.position == 0 && wb.session.current.recipe.isEmpty)
        _ = wb.handle(.char(" "))
        _ = wb.handle(.char("+"))
        #expect(wb.replay?.playing == true && wb.replay?.speed == 2)
        wb.tick(elapsedMs: 400)   // events are 1 s apart: 400 ms at 2× is not yet a gap after the first
        let early = wb.replay?.position ?? 0
        wb.tick(elapsedMs: 60_000)
        #expect(early >= 1 && early < total && wb.replay?.position == total && wb.replay?.playing == true)
        wb.tick(elapsedMs: 10)
        #expect(wb.replay?.playing == false)
        // Seek by time (the second event is 1 s after the first) and by marker text that does not exist.
        _ = wb.handle(.char("t"))
        _ = type("00:01", into: &wb)
        _ = wb.handle(.enter)
        #expect(wb.replay?.position == 2)
        _ = wb.handle(.char("t"))
        _ = type("nope", into: &wb)
        _ = wb.handle(.enter)
        #expect(wb.message?.contains("no event, time or marker") == true)
    }

    @Test func belowMinimumOnlyQuitWorksAndTheNoticeSaysWhy() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        wb.width = 39
        wb.height = 12
        #expect(wb.render().lines[0].contains("needs at least 40×12"))
        #expect(wb.handle(.char("a")).isEmpty && wb.handle(.char("6")).isEmpty && wb.pane != .docs)
        _ = wb.handle(.char("q"))
        #expect(wb.render().lines.contains { $0.contains("Quit? y/n") })
        #expect(wb.handle(.char("y")) == [.quit])
    }

    @Test func theDataGridScrollsToTheLastRowAndSanitisesCells() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        _ = wb.handle(.char("1"))
        _ = wb.handle(.char("G"))
        let rows = wb.context.frame.rowCount
        #expect(wb.cursor(.data) == rows - 1)
        #expect(wb.render().lines.contains { $0.hasPrefix(String(rows)) })
        var b = ScreenBuffer(width: 10, height: 1)
        b.put("a\u{1B}[2Jb", x: 0, y: 0)
        #expect(!b.lines[0].unicodeScalars.contains { $0.value == 0x1B })
    }
}
