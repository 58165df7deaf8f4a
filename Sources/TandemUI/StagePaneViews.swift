import TandemData
import TandemRecipe
import TandemSession

/// The Clean, Features and Model panes, and the Docs pane.
extension Workbench {
    /// The provenance area under a stage's list: three lines on a compact screen leave room for the list.
    var detailHeight: Int { compact ? 3 : 6 }

    func drawStage(_ b: inout ScreenBuffer, _ r: Rect) {
        let items = StageItems(self, pane).items
        let listHeight = self.listHeight(pane)
        let top = scroll[pane] ?? 0
        let flagged = session.flagged
        if items.isEmpty {
            let hint = replay != nil ? "nothing in this stage at this point of the session"
                : "no proposals or steps for \(pane.stage?.rawValue ?? "") yet — p asks the agent, n adds your own step"
            b.put(hint, x: r.x + 1, y: r.y, role: .dim, limit: r.width - 2)
        }
        for line in 0..<min(listHeight, max(0, items.count - top)) {
            let i = top + line, item = items[i]
            let y = r.y + line
            let selected = i == cursor(pane)
            let tainted = !Set(item.step.documents).isDisjoint(with: flagged)
            // Compact rows: a short tag, the taint mark first (it would be clipped at the end), no citations (the detail has them).
            let (label, role): (String, Role) = switch item {
            case .proposal: (compact ? "+" : "proposed ", .accent)
            case .applied(let index, _): (compact ? "\(index + 1)." : "step \(index + 1)".padding(9), tainted ? .tainted : .good)
            }
            let tag = compact && tainted ? (ascii ? "!" : "⚠") + label : label
            if selected { b.fill(x: r.x, y: y, width: r.width, height: 1, role: .selected) }
            var x = r.x + 1
            x += b.put(tag, x: x, y: y, role: selected ? .selected : role)
            x += b.put(" " + StepText.describe(item.step), x: x, y: y, role: selected ? .selected : (tainted ? .tainted : .normal), limit: r.width - x - 1)
            guard !compact else { continue }
            let cited = item.step.documents.map { sanitizeForDisplay($0, limit: 40) }.joined(separator: ", ")
            let cites = item.step.documents.isEmpty ? (item.step.author == .human ? "  by you" : "") : "  cites " + cited
            x += b.put(cites, x: x, y: y, role: selected ? .selected : .dim, limit: max(0, r.x + r.width - x - 1))
            if tainted { b.put(ascii ? "  ! TAINTED" : "  ⚠ tainted", x: x, y: y, role: .tainted, limit: max(0, r.x + r.width - x - 1)) }
        }
        // The selected item's provenance, and in the Model pane the last evaluation's folds.
        let detailTop = r.y + r.height - detailHeight
        b.fill(x: r.x, y: detailTop - 1, width: r.width, height: 1, role: .border)
        b.put(String(repeating: ascii ? "-" : "─", count: r.width), x: r.x, y: detailTop - 1, role: .border)
        var lines: [(String, Role)] = []
        if items.indices.contains(cursor(pane)) {
            let step = items[cursor(pane)].step
            let who = step.author == .human ? "you" : "the agent"
            lines.append(("by \(who)" + (step.documents.isEmpty ? "" : "; relies on " + step.documents.map { d in
                sanitizeForDisplay(d, limit: 40) + (flagged.contains(d) ? " (flagged)" : "") }.joined(separator: ", ")), .title))
            let rationale = sanitizeForDisplay(step.rationale ?? "no rationale given", limit: 600)
            for l in Wrap.lines(rationale, width: r.width - 4).prefix(2) { lines.append((l, .normal)) }
        }
        if pane == .model, let e = events.lazy.compactMap(Self.scoredEvaluation).last {
            let folds = (e.cvFolds ?? []).map { EventText.format($0) }.joined(separator: "  ")
            lines.append(("last CV \(EventText.format(e.cvMean)) (\(e.metric ?? context.metric)); folds \(folds)", .accent))
        }
        let refused = session.refused.filter { $0.step.step.op.stage == pane.stage }
        if let last = refused.last {
            lines.append(("refused \(refused.count): \(StepText.describe(last.step)) — \(sanitizeForDisplay(last.reason, limit: 200))", .warning))
        }
        for (k, l) in lines.prefix(detailHeight).enumerated() { b.put(l.0, x: r.x + 2, y: detailTop + k, role: l.1, limit: r.width - 4) }
    }

    func drawDocs(_ b: inout ScreenBuffer, _ r: Rect) {
        let docs = context.documents
        let listWidth = min(34, r.width / 3)
        let list = ListView(items: docs.map { d in
            let flagged = session.flagged.contains(d.id)
            return ListView.Item(text: (flagged ? (ascii ? "[F] " : "⚑ ") : "  ") + sanitizeForDisplay(d.id, limit: 60),
                                 role: flagged ? .tainted : .normal)
        }, selected: cursor(.docs), top: scroll[.docs] ?? 0)
        list.draw(&b, Rect(x: r.x, y: r.y, width: listWidth, height: r.height))
        if docs.isEmpty { b.put("this challenge has no documents", x: r.x + 1, y: r.y, role: .dim) }
        guard docs.indices.contains(cursor(.docs)) else { return }
        let d = docs[cursor(.docs)]
        let x = r.x + listWidth + 2, w = r.width - listWidth - 3
        var lines: [(String, Role)] = [(d.displayTitle, .title)]
        let flagged = session.flagged.contains(d.id)
        lines.append((flagged ? "FLAGGED as adversarial — f unflags" : "not flagged — f flags it as adversarial", flagged ? .tainted : .dim))
        let citing = session.current.recipe.enumerated().filter { $0.element.documents.contains(d.id) }
        let proposed = session.pending.filter { $0.step.documents.contains(d.id) }
        lines.append(("cited by \(citing.count) applied step(s), \(proposed.count) open proposal(s):", .accent))
        let taint = session.flagged.contains(d.id) ? (ascii ? "  ! TAINTED" : "  ⚠ tainted") : ""
        for (i, s) in citing { lines.append(("  step \(i + 1): " + StepText.describe(s) + taint, taint.isEmpty ? .normal : .tainted)) }
        for p in proposed { lines.append(("  proposed: " + StepText.describe(p.step), .normal)) }
        lines.append(("advice: " + (d.advice.isEmpty ? "none" : d.advice.map(StepText.describe).joined(separator: "; ")), .dim))
        lines.append(("", .normal))
        for l in Wrap.lines(d.displayBody, width: w) { lines.append((l, .normal)) }
        for (k, l) in lines.prefix(r.height).enumerated() { b.put(l.0, x: x, y: r.y + k, role: l.1, limit: w) }
    }

    /// An evaluation that scored (a failed one has no CV to show).
    static func scoredEvaluation(_ e: SessionEvent) -> EventPayload.Evaluated? {
        if case .evaluated(let p) = e.payload, p.cvMean != nil { p } else { nil }
    }
}

extension String {
    func padding(_ width: Int) -> String { ScreenBuffer.fit(self, width) }
}
