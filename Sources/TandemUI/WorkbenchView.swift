import TandemData
import TandemRecipe
import TandemSession

/// Rendering: a pure function from the workbench to a screen buffer.
extension Workbench {
    public func render() -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: height)
        if tooSmall {
            drawNotice(&b)
            return b
        }
        drawHeader(&b)
        drawTabs(&b)
        let body = Rect(x: 0, y: 2, width: width, height: bodyHeight)
        switch pane {
        case .data: drawData(&b, body)
        case .profile: drawProfile(&b, body)
        case .clean, .features, .model: drawStage(&b, body)
        case .docs: drawDocs(&b, body)
        case .log: drawLog(&b, body)
        }
        drawStatus(&b)
        drawFooter(&b)
        if let dialog { drawDialog(&b, dialog) }
        return b
    }

    func drawNotice(_ b: inout ScreenBuffer) {
        let lines = ["tandem needs at least \(Self.minimumWidth)×\(Self.minimumHeight);", "this terminal is \(width)×\(height).",
                     "Enlarge the window to continue.", dialog == .confirmQuit ? "Quit? y/n" : "q quits."]
        Paragraph(lines.enumerated().map { ($0.element, $0.offset == 0 ? Role.warning : .normal) }).draw(&b, Rect(x: 0, y: 0, width: width, height: height))
    }

    func drawHeader(_ b: inout ScreenBuffer) {
        b.fill(x: 0, y: 0, width: width, height: 1, role: .header)
        let cv = session.evaluations.last?.score, test = session.submissions.last?.score
        // A compact header drops the metric's name and shortens the labels; the numbers stay.
        var parts = [session.stage.rawValue, (compact ? "CV " : "\(context.metric) CV ") + EventText.format(cv), "test \(EventText.format(test))"]
        // The Data pane on a side table says which: the header names the table shown.
        if pane == .data || pane == .profile, let table = dataTableName { parts.insert("table " + sanitizeForDisplay(table, limit: 30), at: 0) }
        let aiOnly = (compact ? "AI " : "AI-only ") + EventText.format(context.aiOnlyTest ?? context.aiOnlyCV)
        if !compact { parts.append(aiOnly) }
        if let r = replay {
            parts.append("replay \(r.position)/\(events.count)" + (r.playing ? " ▶ \(r.speed)×" : " ⏸"))
        } else {
            parts.append(compact ? "agent \(agentStatus)" : "\(context.agentName): \(agentStatus)")
            if let waiting = previewsWaiting, waiting > 0 { parts.append((compact ? "" : "previews ") + "\(waiting)…") }
            // Events not yet on the study server matter more than anything after them: right after the stage.
            if let storeStatus { parts.insert((ascii ? "! " : "⚠ ") + storeStatus, at: 1) }
        }
        // On a compact screen the AI-only score comes last: it is clipped first.
        if compact { parts.append(aiOnly) }
        // The challenge id gives way first when the line is too long for the screen (on a compact one, all of it).
        let rest = (compact ? " " : "  ") + parts.joined(separator: compact ? " " : "  ")
        var id = sanitizeForDisplay(context.challengeId, limit: 60)
        let room = width - 2 - ScreenBuffer.columns(rest)
        if compact && room < 8 {
            id = ""
        } else if ScreenBuffer.columns(id) > max(8, room) {
            id = String(id.prefix(max(8, room) - 1)) + "…"
        }
        b.put(id.isEmpty ? String(rest.dropFirst()) : id + rest, x: 1, y: 0, role: .header, limit: width - 2)
    }

    func drawTabs(_ b: inout ScreenBuffer) {
        let labels = Pane.allCases.map { p in
            (p, p.stage.map { s in
                let n = session.pending.filter { $0.step.step.op.stage == s }.count
                return n > 0 ? " (\(n))" : ""
            } ?? "")
        }
        let full = labels.map { " \($0.0.rawValue) \($0.0.title)\($0.1) " }
        // Too narrow for every title: the current pane keeps its title, the others show their key and open proposals.
        let fits = full.reduce(1) { $0 + ScreenBuffer.columns($1) + 1 } <= width
        var x = 1
        for (i, (p, count)) in labels.enumerated() {
            let label = fits || p == pane ? full[i] : " \(p.rawValue)\(count.isEmpty ? "" : "·" + count.dropFirst(2).dropLast()) "
            x += b.put(label, x: x, y: 1, role: p == pane ? .selected : .title, limit: max(0, width - x))
            x += fits ? 1 : 0
        }
    }

    func drawStatus(_ b: inout ScreenBuffer) {
        let y = height - 2
        if let job {
            let suffix = (job.progress.map { " \(Int($0 * 100))%" } ?? "") + (compact ? " ^C cancels" : "  Ctrl-C cancels")
            // The bar takes what the label and the suffix leave, at least 6 cells; a long label gives way to it.
            let label = sanitizeForDisplay(job.label, limit: max(8, min(40, width - 10 - suffix.count))) + " "
            let used = b.put(label, x: 1, y: y, role: .accent)
            let barWidth = max(6, min(width - used - 30, width - 2 - used - suffix.count))
            let done = Int((job.progress ?? 0) * Double(barWidth))
            let bar = String(repeating: ascii ? "#" : "█", count: done) + String(repeating: ascii ? "." : "░", count: barWidth - done)
            b.put(bar + suffix, x: 1 + used, y: y, role: .accent, limit: width - 2 - used)
        } else if let message {
            b.put(sanitizeForDisplay(message, limit: 300), x: 1, y: y, role: .notice, limit: width - 2)
        }
    }

    /// The keys that apply now, most specific first; "? help" and "q quit" always show at the right.
    func drawFooter(_ b: inout ScreenBuffer) {
        let y = height - 1
        b.fill(x: 0, y: y, width: width, height: 1, role: .footer)
        let always: [Action] = [.help, .quit]
        var right = width - 1
        for action in always.reversed() {
            guard let key = keymap.bindings(for: action).first?.keys.first else { continue }
            right -= ScreenBuffer.columns(key.label) + 1 + action.rawValue.count + 2
            b.put(key.label, x: right, y: y, role: .key)
            b.put(" " + action.rawValue, x: right + ScreenBuffer.columns(key.label), y: y, role: .footer)
        }
        var x = 1
        for scope in scopes.reversed() {
            for binding in keymap.table where binding.footer && binding.scope == scope && !always.contains(binding.action) {
                guard let key = binding.keys.first else { continue }
                let entry = "\(key.label) \(binding.action.rawValue)"
                guard x + ScreenBuffer.columns(entry) + 2 < right else { return }
                b.put(key.label, x: x, y: y, role: .key)
                b.put(" " + binding.action.rawValue, x: x + ScreenBuffer.columns(key.label), y: y, role: .footer)
                x += ScreenBuffer.columns(entry) + 2
            }
        }
    }
}

/// A rectangle of the screen.
struct Rect: Equatable {
    var x: Int, y: Int, width: Int, height: Int
}
