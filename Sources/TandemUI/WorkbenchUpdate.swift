import TandemData
import TandemRecipe
import TandemSession

/// Key handling: a pure update of the workbench that returns the effects
/// the session driver must perform (state → update → view).
extension Workbench {
    var scopes: [BindingScope] {
        if replay != nil { return [.replay, .global] + (pane == .data ? [.data] : []) }
        var s: [BindingScope] = [.global, .live]
        if pane.stage != nil { s.append(.steps) }
        if pane == .docs { s.append(.docs) }
        if pane == .data { s.append(.data) }
        return s
    }

    var bodyHeight: Int { max(1, height - 4) }

    public mutating func handle(_ key: Key) -> [UIEffect] {
        if key == .resize { return [] }
        if dialog != nil { return handleDialog(key) }
        if tooSmall {
            // Below the minimum only quitting works; the notice says so.
            if key == .char("q") { dialog = .confirmQuit }
            return []
        }
        guard let action = keymap.action(for: key, scopes: scopes) else { return [] }
        return perform(action)
    }

    /// Actions that change the recipe wait for a running evaluation: its score must belong to the recipe it logs.
    static let recipeChanging: Set<Action> = [.approve, .reject, .edit, .newStep, .remove, .flag, .undo, .redo, .nextStage, .previousStage, .propose]

    public mutating func perform(_ action: Action) -> [UIEffect] {
        message = nil
        if let job, Self.recipeChanging.contains(action) { return hint("\(job.label) is running: wait for it or press Ctrl-C to cancel it") }
        if agentThinking, Self.recipeChanging.contains(action) {
            return hint("the agent is thinking: wait for its proposals or press Ctrl-C to cancel the call")
        }
        switch action {
        case .up: move(-1)
        case .down: move(1)
        case .pageUp: move(-bodyHeight)
        case .pageDown: move(bodyHeight)
        case .top: move(-Int.max / 2)
        case .bottom: move(Int.max / 2)
        case .left: if pane == .data { moveDataColumn(-1) }
        case .right: if pane == .data { moveDataColumn(1) }
        case .nextPane: pane = Pane(rawValue: pane.rawValue % 7 + 1) ?? .data
        case .previousPane: pane = Pane(rawValue: (pane.rawValue + 5) % 7 + 1) ?? .data
        case .paneData: pane = .data
        case .paneProfile: pane = .profile
        case .paneClean: pane = .clean
        case .paneFeatures: pane = .features
        case .paneModel: pane = .model
        case .paneDocs: pane = .docs
        case .paneLog: pane = .log
        case .approve:
            guard case .proposal(let p)? = selectedItem else { return hint("select a proposal to approve (applied steps can be removed with x)") }
            return [.intent(.approve(proposal: p.id))]
        case .reject:
            guard case .proposal(let p)? = selectedItem else { return hint("select a proposal to reject") }
            dialog = .input(.rejectReason(proposal: p.id), text: "")
        case .edit:
            guard case .proposal(let p)? = selectedItem else { return hint("select a proposal to edit (applied steps: remove with x, then add with n)") }
            dialog = .form(StepForm(op: p.step.step.op, target: .edit(proposal: p.id, original: p.step), from: p.step.step))
        case .newStep: dialog = .opPicker(query: "", selected: 0)
        case .remove:
            guard case .applied(let index, _)? = selectedItem else { return hint("select an applied step to remove") }
            return [.intent(.remove(index: index))]
        case .flag:
            guard pane == .docs, context.documents.indices.contains(cursor(.docs)) else { return hint("flag documents in the Docs pane (6)") }
            let id = context.documents[cursor(.docs)].id
            // The agent revises without the flagged document (or with the unflagged one back).
            return [.intent(session.flagged.contains(id) ? .unflag(document: id) : .flag(document: id)), .intent(.propose)]
        case .undo: return session.canUndo ? [.intent(.undo)] : hint("nothing to undo")
        case .redo: return session.canRedo ? [.intent(.redo)] : hint("nothing to redo")
        case .evaluate: return job == nil ? [.intent(.evaluate)] : hint("\(job?.label ?? "a job") is running; Ctrl-C cancels it")
        case .submit: return job == nil ? [.intent(.submit)] : hint("\(job?.label ?? "a job") is running; Ctrl-C cancels it")
        case .cancel: return job == nil && !agentThinking ? hint("nothing to cancel") : [.intent(.cancel)]
        case .nextStage, .previousStage:
            let all = Stage.allCases
            guard let i = all.firstIndex(of: session.stage) else { return [] }
            let j = action == .nextStage ? i + 1 : i - 1
            guard all.indices.contains(j) else { return hint(action == .nextStage ? "modelling is the last stage" : "cleaning is the first stage") }
            // The agent proposes for a stage that has nothing open yet.
            let asks = !session.pending.contains { $0.step.step.op.stage == all[j] }
            return [.intent(.changeStage(all[j]))] + (asks ? [.intent(.propose)] : [])
        case .propose: return [.intent(.propose)]
        case .marker: dialog = .input(.marker, text: "")
        case .note: dialog = .input(.note, text: "")
        case .copy: return copySelection()
        case .sort: sortDataView()
        case .nextTable: showNextTable()
        case .palette: dialog = .palette(query: "", selected: 0)
        case .search: dialog = .input(.search, text: lastSearch ?? "")
        case .searchNext:
            guard let q = lastSearch else { return hint("no search yet: press /") }
            find(q, from: cursor(pane) + 1)
        case .help: dialog = .help(scroll: 0)
        case .quit: dialog = .confirmQuit
        case .stepBack, .stepForward, .previousMarker, .nextMarker, .play, .faster, .slower, .seekStart, .seekEnd, .seek:
            return performReplay(action)
        }
        return []
    }

    mutating func hint(_ text: String) -> [UIEffect] {
        message = text
        return []
    }

    var selectedItem: StageItems.Item? {
        let items = StageItems(self, pane).items
        return items.indices.contains(cursor(pane)) ? items[cursor(pane)] : nil
    }

    mutating func move(_ delta: Int) {
        let n = itemCount(pane)
        let c = cursor(pane).addingReportingOverflow(delta).overflow ? (delta > 0 ? n - 1 : 0) : cursor(pane) + delta
        cursor[pane] = min(max(0, c), max(0, n - 1))
        // Keep the cursor on screen: the list scrolls, only visible rows are drawn.
        let visible = listHeight(pane)
        var top = scroll[pane] ?? 0
        if cursor(pane) < top { top = cursor(pane) }
        if cursor(pane) >= top + visible { top = cursor(pane) - visible + 1 }
        scroll[pane] = max(0, top)
    }

    func listHeight(_ p: Pane) -> Int {
        switch p {
        case .data, .profile: max(1, bodyHeight - 1)   // one header row
        case .log: max(1, bodyHeight - 3)              // the score chart above the timeline
        case .clean, .features, .model: max(1, bodyHeight - detailHeight - 1)
        case .docs: max(1, bodyHeight)
        }
    }

    /// Moves the cursor to the next item (wrapping) whose text contains the query.
    mutating func find(_ query: String, from start: Int) {
        let n = itemCount(pane)
        guard n > 0, !query.isEmpty else { return }
        let q = query.lowercased()
        for k in 0..<min(n, 200_000) {
            let i = (start + k) % n
            if itemText(pane, i).lowercased().contains(q) {
                move(i - cursor(pane))
                message = "found \"\(sanitizeForDisplay(query, limit: 40))\" at \(i + 1)"
                return
            }
        }
        message = "\"\(sanitizeForDisplay(query, limit: 40))\" not found in \(pane.title)"
    }

    func itemText(_ p: Pane, _ i: Int) -> String {
        switch p {
        case .data: return dataFrame.columns.map { $0.string(at: dataRow(i)) ?? "" }.joined(separator: " ")
        case .profile: return shownProfile.columns.indices.contains(i) ? shownProfile.columns[i].name : ""
        case .clean, .features, .model:
            let items = StageItems(self, p).items
            return items.indices.contains(i) ? StepText.describe(items[i].step) + " " + (items[i].step.rationale ?? "") : ""
        case .docs: return context.documents.indices.contains(i) ? context.documents[i].title + " " + context.documents[i].body : ""
        case .log: return events.indices.contains(i) ? EventText.line(events[i]) : ""
        }
    }
}
