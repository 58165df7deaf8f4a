import TandemData
import TandemRecipe
import TandemSession

/// The Clean, Features and Model panes, and the Docs pane.
extension Workbench {
    /// The provenance area under a stage's list: three lines on a compact screen leave room for the list.
    var detailHeight: Int { compact ? 3 : 6 }

    func drawStage(_ b: inout ScreenBuffer, _ r: Rect) {
        let items = StageItems(self, pane).items
        let (listArea, dividerY, detailArea) = Split.rows(r, bottom: detailHeight, divider: 1)
        let flagged = session.flagged
        // The recipe is hashed once for every row's preview, not once a row.
        let fingerprint = session.pending.isEmpty ? "" : session.recipe.fingerprint
        if items.isEmpty {
            let hint = replay != nil ? "nothing in this stage at this point of the session"
                : "no proposals or steps for \(pane.stage?.rawValue ?? "") yet — p asks the agent, n adds your own step"
            Paragraph([(hint, .dim)], indent: 1, margin: 1).draw(&b, listArea)
        }
        let rows = items.map { item -> ListView.Item in
            // A step that reads the future is marked as a flagged document's step is.
            let future = context.sideFacts?.futureWarning(item.step.step) != nil
            let tainted = !Set(item.step.documents).isDisjoint(with: flagged) || future
            // Compact rows: a short tag, the taint mark first (it would be clipped at the end), no citations (the detail has them).
            let (label, role): (String, Role) = switch item {
            case .proposal: (compact ? "+" : "proposed ", .accent)
            case .applied(let index, _): (compact ? "\(index + 1)." : "step \(index + 1)".padding(9), tainted ? .tainted : .good)
            }
            let tag = compact && tainted ? (ascii ? "!" : "⚠") + label : label
            // The evidence (ΔCV, match rate, the taint mark) follows the step and is never clipped: a long step is
            // shortened to leave room for it; citations come last.
            var evidence: [ListView.Span] = []
            if case .proposal(let proposal) = item, let shown = previewText(proposal.id, against: fingerprint) {
                evidence.append(.init(text: "  " + shown, role: .accent))
            }
            if let rate = context.sideFacts?.matchRate(item.step.step) {
                evidence.append(.init(text: "  " + Self.matchedText(rate), role: rate < 0.5 ? .warning : .dim))
            }
            // The taint mark keeps its colour on the selected row: it is the warning.
            if tainted && !compact {
                let mark = future ? "reads the future" : "tainted"
                evidence.append(.init(text: ascii ? "  ! " + mark.uppercased() : "  ⚠ " + mark, role: .tainted, keepsRole: true))
            }
            var step = " " + StepText.describe(item.step)
            let room = listArea.width - 2 - ScreenBuffer.columns(tag) - evidence.reduce(0) { $0 + ScreenBuffer.columns($1.text) }
            if ScreenBuffer.columns(step) > room, room >= 12 { step = ScreenBuffer.fit(step, room - 1) + (ascii ? "~" : "…") }
            var spans = [ListView.Span(text: tag, role: role), ListView.Span(text: step, role: tainted ? .tainted : .normal)] + evidence
            guard !compact else { return ListView.Item(spans: spans) }
            let cited = item.step.documents.map { sanitizeForDisplay($0, limit: 40) }.joined(separator: ", ")
            spans.append(.init(text: item.step.documents.isEmpty ? (item.step.author == .human ? "  by you" : "") : "  cites " + cited, role: .dim))
            return ListView.Item(spans: spans)
        }
        ListView(items: rows, selected: items.isEmpty ? nil : cursor(pane), top: scroll[pane] ?? 0).draw(&b, listArea, indent: 1, margin: 1)
        // The selected item's provenance, and in the Model pane the last evaluation's folds.
        b.fill(x: r.x, y: dividerY, width: r.width, height: 1, role: .border)
        b.put(String(repeating: ascii ? "-" : "─", count: r.width), x: r.x, y: dividerY, role: .border)
        var lines: [(String, Role)] = []
        if items.indices.contains(cursor(pane)) {
            let step = items[cursor(pane)].step
            let who = step.author == .human ? "you" : "the agent"
            lines.append(("by \(who)" + (step.documents.isEmpty ? "" : "; relies on " + step.documents.map { d in
                sanitizeForDisplay(d, limit: 40) + (flagged.contains(d) ? " (flagged)" : "") }.joined(separator: ", ")), .title))
            if let warning = context.sideFacts?.futureWarning(step.step) {
                for l in Wrap.lines((ascii ? "! " : "⚠ ") + warning, width: r.width - 4).prefix(2) { lines.append((l, .tainted)) }
            }
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
        Paragraph(lines, indent: 2, margin: 2).draw(&b, detailArea)
    }

    func drawDocs(_ b: inout ScreenBuffer, _ r: Rect) {
        let docs = context.documents
        let (listArea, textArea) = Split.columns(r, left: min(34, r.width / 3), gap: 2)
        let list = ListView(items: docs.map { d in
            let flagged = session.flagged.contains(d.id)
            return ListView.Item(text: (flagged ? (ascii ? "[F] " : "⚑ ") : "  ") + sanitizeForDisplay(d.id, limit: 60),
                                 role: flagged ? .tainted : .normal)
        }, selected: cursor(.docs), top: scroll[.docs] ?? 0)
        list.draw(&b, listArea)
        if docs.isEmpty { b.put("this challenge has no documents", x: r.x + 1, y: r.y, role: .dim) }
        guard docs.indices.contains(cursor(.docs)) else { return }
        let d = docs[cursor(.docs)]
        let w = textArea.width - 1
        var lines: [(String, Role)] = [(d.displayTitle, .title)]
        let flagged = session.flagged.contains(d.id)
        lines.append((flagged ? "FLAGGED as adversarial — f unflags" : "not flagged — f flags it as adversarial", flagged ? .tainted : .dim))
        let citing = session.current.recipe.enumerated().filter { $0.element.documents.contains(d.id) }
        let proposed = session.pending.filter { $0.step.documents.contains(d.id) }
        lines.append(("cited by \(citing.count) applied step(s), \(proposed.count) open proposal(s):", .accent))
        let taint = session.flagged.contains(d.id) ? (ascii ? "  ! TAINTED" : "  ⚠ tainted") : ""
        for (i, s) in citing { lines.append(("  step \(i + 1): " + StepText.describe(s) + taint, taint.isEmpty ? .normal : .tainted)) }
        for p in proposed { lines.append(("  proposed: " + StepText.describe(p.step), .normal)) }
        if let facts = context.sideFacts, !facts.isEmpty {
            let named = facts.tablesNamed(advice: d.advice.map(\.step), text: d.body)
            lines.append(("tables: " + (named.isEmpty ? "none named" : named.map { sanitizeForDisplay($0, limit: 30) }.joined(separator: ", ")),
                          named.isEmpty ? .dim : .accent))
        }
        lines.append(("advice: " + (d.advice.isEmpty ? "none" : d.advice.map(StepText.describe).joined(separator: "; ")), .dim))
        if let problem = d.adviceProblem {
            // Nothing is skipped in silence: the advice that did not parse is named, the prose below is kept.
            let text = (ascii ? "! " : "⚠ ") + "advice not used: " + sanitizeForDisplay(problem, limit: 300)
            lines += Wrap.lines(text, width: w).map { ($0, .warning) }
        }
        lines.append(("", .normal))
        let body = Paragraph.wrapping(d.displayBody, width: w).map { ($0.text, $0.role) }
        Paragraph(lines + body, margin: 1).draw(&b, textArea)
    }

    /// A proposal's what-if against the recipe as it is (`ΔCV +0.0123 ± 0.0040`), "…" while it is being computed,
    /// nothing when no preview is coming.
    func previewText(_ id: String, against fingerprint: String) -> String? {
        if let gain = session.preview(of: id, against: fingerprint)?.gain { return gain.text(ascii: ascii) }
        return (previewsWaiting ?? 0) > 0 ? "…" : nil
    }

    /// A join's or aggregate's share of train.csv's rows that find side rows (`98.5% matched`).
    static func matchedText(_ rate: Double) -> String { formatNumber((rate * 1000).rounded() / 10) + "% matched" }

    /// An evaluation that scored (a failed one has no CV to show).
    static func scoredEvaluation(_ e: SessionEvent) -> EventPayload.Evaluated? {
        if case .evaluated(let p) = e.payload, p.cvMean != nil { p } else { nil }
    }
}

extension String {
    func padding(_ width: Int) -> String { ScreenBuffer.fit(self, width) }
}
