import TandemData
import TandemRecipe
import TandemSession

/// Keys while a dialog is open.
extension Workbench {
    mutating func handleDialog(_ key: Key) -> [UIEffect] {
        guard let d = dialog else { return [] }
        switch d {
        case .help(let scroll):
            switch key {
            case .down, .char("j"): dialog = .help(scroll: scroll + 1)
            case .up, .char("k"): dialog = .help(scroll: max(0, scroll - 1))
            case .pageDown: dialog = .help(scroll: scroll + bodyHeight)
            case .pageUp: dialog = .help(scroll: max(0, scroll - bodyHeight))
            default: dialog = nil
            }
        case .confirmQuit:
            if key == .char("y") || key == .char("Y") { dialog = nil; return [.quit] }
            dialog = nil
        case .input(let purpose, let text):
            switch key {
            case .escape: dialog = nil
            case .enter:
                dialog = nil
                return submitInput(purpose, text)
            default:
                if let edited = Self.edit(text, key) { dialog = .input(purpose, text: edited) }
            }
        case .palette(let query, let selected):
            let matches = PaletteCommands.matching(query, replay: replay != nil, keymap: keymap)
            switch key {
            case .escape: dialog = nil
            case .down: dialog = .palette(query: query, selected: min(selected + 1, max(0, matches.count - 1)))
            case .up: dialog = .palette(query: query, selected: max(0, selected - 1))
            case .enter:
                dialog = nil
                guard matches.indices.contains(selected) else { return [] }
                return perform(matches[selected].action)
            default:
                if let edited = Self.edit(query, key) { dialog = .palette(query: edited, selected: 0) }
            }
        case .opPicker(let query, let selected):
            let ops = OpPicker.matching(query)
            switch key {
            case .escape: dialog = nil
            case .down: dialog = .opPicker(query: query, selected: min(selected + 1, max(0, ops.count - 1)))
            case .up: dialog = .opPicker(query: query, selected: max(0, selected - 1))
            case .enter:
                dialog = ops.indices.contains(selected) ? .form(StepForm(op: ops[selected], target: .add)) : nil
            default:
                if let edited = Self.edit(query, key) { dialog = .opPicker(query: edited, selected: 0) }
            }
        case .form(var form):
            switch key {
            case .escape: dialog = nil
            case .tab, .down: form.focus = (form.focus + 1) % max(1, form.names.count)
            case .backTab, .up: form.focus = (form.focus + max(1, form.names.count) - 1) % max(1, form.names.count)
            case .right: form.pick(1, context.formChoices)
            case .left: form.pick(-1, context.formChoices)
            case .enter:
                switch form.validated {
                case .failure: return []   // the form shows the error; Enter does nothing until it is fixed
                case .success(let step):
                    dialog = nil
                    switch form.target {
                    case .edit(let id, let original):
                        let edited = RecipeStep(step, author: .human, documents: original.documents, rationale: original.rationale)
                        return [.intent(.edit(proposal: id, step: edited))]
                    case .add:
                        return [.intent(.add(step: RecipeStep(step, author: .human)))]
                    }
                }
            default:
                if form.values.indices.contains(form.focus), let edited = Self.edit(form.values[form.focus], key) { form.values[form.focus] = edited }
            }
            if case .form = dialog { dialog = .form(form) }
        }
        return []
    }

    /// Line editing shared by every text field: printable characters append, Backspace deletes.
    static func edit(_ text: String, _ key: Key) -> String? {
        switch key {
        case .char(let c) where !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }): return text.count < 500 ? text + String(c) : text
        case .backspace, .delete: return String(text.dropLast())
        case .ctrl("u"): return ""
        default: return nil
        }
    }

    mutating func submitInput(_ purpose: InputPurpose, _ text: String) -> [UIEffect] {
        let clean = sanitizeForDisplay(text, limit: 500)
        switch purpose {
        case .rejectReason(let id): return [.intent(.reject(proposal: id, reason: clean.isEmpty ? nil : clean))]
        case .note: return clean.isEmpty ? [] : [.intent(.note(clean))]
        case .marker: return [.intent(.marker(clean.isEmpty ? "marker" : clean))]
        case .search:
            lastSearch = text
            find(text, from: cursor(pane))
            return []
        case .seek: return seek(text)
        }
    }
}

/// The replay timeline: the state shown is the fold of the first `position` events.
extension Workbench {
    /// Opens a read-only timeline over a whole session, positioned at its end.
    public static func replaying(context: WorkbenchContext, events: [SessionEvent]) -> Workbench {
        var wb = Workbench(context: context)
        wb.events = events
        wb.replayIndex = ReplayIndex(events)
        wb.replay = ReplayClock(position: events.count)
        wb.refold()
        wb.pane = .log
        wb.cursor[.log] = max(0, events.count - 1)
        return wb
    }

    mutating func refold() {
        guard let r = replay else { return }
        session = replayIndex?.state(at: r.position, of: events).state ?? SessionState.fold(events.prefix(r.position))
        clampCursor()
    }

    mutating func setPosition(_ p: Int) {
        guard var r = replay else { return }
        r.position = min(max(0, p), events.count)
        replay = r
        refold()
        if r.position > 0 { cursor[.log] = r.position - 1; move(0) }
    }

    mutating func performReplay(_ action: Action) -> [UIEffect] {
        guard var r = replay else { return [] }
        switch action {
        case .stepBack: setPosition(r.position - 1)
        case .stepForward: setPosition(r.position + 1)
        case .seekStart: setPosition(0)
        case .seekEnd: setPosition(events.count)
        case .previousMarker:
            if let m = events.prefix(max(0, r.position - 1)).last(where: { $0.kind == .markerAdded }) {
                setPosition(m.seq)
            } else {
                message = "no marker before this point"
            }
        case .nextMarker:
            if let m = events.dropFirst(r.position).first(where: { $0.kind == .markerAdded }) {
                setPosition(m.seq)
            } else {
                message = "no marker after this point"
            }
        case .play:
            r.playing.toggle()
            if r.playing, r.position >= events.count { r.position = 0 }
            r.accumulated = 0
            replay = r
            refold()
        case .faster:
            r.speed = min(16, r.speed * 2)
            replay = r
        case .slower:
            r.speed = max(1, r.speed / 2)
            replay = r
        case .seek: dialog = .input(.seek, text: "")
        default: break
        }
        return []
    }

    /// Seeks to an event number, a time since the session started (HH:MM:SS or MM:SS), or the first marker whose label contains the text.
    mutating func seek(_ text: String) -> [UIEffect] {
        let t = text.trimmedSpaces
        if let n = Int(t) {
            setPosition(n)
            return []
        }
        let parts = t.split(separator: ":").compactMap { Int($0) }
        if parts.count >= 2, parts.count == t.split(separator: ":").count, let start = events.first?.at {
            let seconds = parts.reduce(0) { $0 * 60 + $1 }
            let at = start + Int64(seconds) * 1000
            setPosition(events.lastIndex { $0.at <= at }.map { $0 + 1 } ?? 0)
            return []
        }
        if let m = events.first(where: { e in
            if case .markerAdded(let marker) = e.payload { marker.text.lowercased().contains(t.lowercased()) } else { false }
        }) {
            setPosition(m.seq)
            return []
        }
        message = "no event, time or marker matches \"\(sanitizeForDisplay(t, limit: 40))\""
        return []
    }

    /// Advances playback by `elapsedMs` of wall time: session time runs `speed` times faster, a long pause counts as at most 2 s.
    public mutating func tick(elapsedMs: Int64) {
        guard var r = replay, r.playing else { return }
        guard r.position < events.count else {
            r.playing = false
            replay = r
            return
        }
        r.accumulated += elapsedMs * Int64(r.speed)
        var moved = false
        while r.position < events.count {
            let gap = r.position == 0 ? 0 : min(2000, max(0, events[r.position].at - events[r.position - 1].at))
            guard r.accumulated >= gap else { break }
            r.accumulated -= gap
            r.position += 1
            moved = true
        }
        replay = r
        if moved { setPosition(r.position) }
    }
}
