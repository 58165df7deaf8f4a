import TandemData
import TandemRecipe

/// Dialogs drawn over the panes.
extension Workbench {
    func drawDialog(_ b: inout ScreenBuffer, _ d: Dialog) {
        switch d {
        case .help(let scroll):
            let w = min(width - 4, 76)
            let lines = keymap.helpLines(scopes: replay != nil ? [.replay, .global, .data] : [.global, .steps, .docs, .data, .live], width: w - 4)
            let shown = Array(lines.dropFirst(min(scroll, max(0, lines.count - 1)))).map { ($0, Role.normal) }
            box(&b, title: compact ? "Keys" : "Keys — any other key closes", lines: shown, width: w, height: height - 4)
        case .confirmQuit:
            box(&b, title: "Quit", lines: [("Quit tandem? y/n", .normal), ("Everything is already saved.", .dim)], width: min(width - 4, 40), height: 4)
        case .input(let purpose, let text):
            let w = min(width - 4, 76)
            let hint = Wrap.lines(purpose.hint, width: w - 4).map { ($0, Role.dim) }
            box(&b, title: purpose.title, lines: [("> " + sanitizeForDisplay(text, limit: 500) + "▏", .normal)] + hint, width: w, height: 3 + hint.count)
        case .palette(let query, let selected):
            let matches = PaletteCommands.matching(query, replay: replay != nil, keymap: keymap)
            var lines: [(String, Role)] = [(": " + sanitizeForDisplay(query, limit: 100) + "▏", .normal)]
            // The rows the box has for matches: the screen less the margin, the borders and the query line.
            let shown = ListView.visible(count: matches.count, selected: selected, height: height - 7)
            for (i, m) in zip(shown, matches[shown]) {
                // A compact palette shows the command and its keys; the help text needs the width it lacks.
                let keys = m.keys.map(\.label).joined(separator: " ")
                let text = ScreenBuffer.fit(m.action.rawValue, 16) + (compact ? keys : ScreenBuffer.fit(keys, 10) + m.help)
                lines.append((text, i == selected ? .selected : .normal))
            }
            if matches.isEmpty { lines.append(("no command matches", .dim)) }
            box(&b, title: compact ? "Commands" : "Command palette — type to filter, Enter runs", lines: lines,
                width: min(width - 4, 76), height: min(height - 4, lines.count + 2))
        case .opPicker(let query, let selected):
            let ops = OpPicker.matching(query)
            var lines: [(String, Role)] = [("op: " + sanitizeForDisplay(query, limit: 60) + "▏", .normal)]
            let shown = ListView.visible(count: ops.count, selected: selected, height: height - 7)
            for (i, op) in zip(shown, ops[shown]) {
                lines.append((ScreenBuffer.fit(op.rawValue, 18) + op.stage.rawValue, i == selected ? .selected : .normal))
            }
            box(&b, title: compact ? "New step" : "New step — pick an op, Enter opens its form", lines: lines,
                width: min(width - 4, 50), height: min(height - 4, lines.count + 2))
        case .form(let form):
            var lines: [(String, Role)] = []
            for (i, name) in form.names.enumerated() {
                let spec = form.op.fields[i]
                let label = ScreenBuffer.fit(name + (spec.required ? "*" : ""), compact ? 12 : 18)
                lines.append((label + sanitizeForDisplay(form.values[i], limit: 200) + (i == form.focus ? "▏" : ""), i == form.focus ? .selected : .normal))
            }
            let options = form.options(form.focus, context.formChoices)
            if !options.isEmpty {
                // As many options as the box holds, then an ellipsis: never a name cut in half.
                let room = min(width - 4, 76) - 4
                var shown = "←/→ "
                for (i, o) in options.enumerated() {
                    let item = (i == 0 ? "" : " · ") + sanitizeForDisplay(o, limit: 30)
                    if shown.count + item.count + (i < options.count - 1 ? 4 : 0) > room { shown += " · …"; break }
                    shown += item
                }
                lines.append((shown, .dim))
            }
            switch form.validated {
            case .success(let step): lines.append(("ok: " + StepText.describe(RecipeStep(step)), .good))
            case .failure(let e): lines += Wrap.lines(sanitizeForDisplay(e.description, limit: 300), width: min(width - 4, 76) - 4).map { ($0, .bad) }
            }
            lines.append((compact ? "Tab · Enter · Esc" : "Tab next field · Enter applies · Esc cancels", .dim))
            let verb = if case .edit = form.target { "Edit" } else { "New" }
            box(&b, title: "\(verb) \(form.op.rawValue)", lines: lines, width: min(width - 4, 76), height: min(height - 4, lines.count + 2))
        }
    }

    /// A bordered box centred on the screen, holding `lines`.
    func box(_ b: inout ScreenBuffer, title: String, lines: [(String, Role)], width w: Int, height h: Int) {
        let w = min(w, width), h = min(h, height)
        let inner = Box(title: title, ascii: ascii).draw(&b, Rect(x: (width - w) / 2, y: max(0, (height - h) / 2), width: w, height: h))
        Paragraph(lines, indent: 1, margin: 1).draw(&b, inner)
    }
}
