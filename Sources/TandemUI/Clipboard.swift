import Foundation
import TandemData
import TandemSession

/// `y`: the selection as text for the system clipboard. The text is sanitised like everything shown (a CSV cell or a
/// document may carry escape sequences that would run when pasted into a terminal); the terminal gets it as OSC 52.
extension Workbench {
    /// More than any terminal's OSC 52 buffer needs (xterm takes 100 000 bytes of base64).
    static let clipboardLimit = 60_000

    mutating func copySelection() -> [UIEffect] {
        guard clipboard else { return hint("copying is off (clipboard = false in config.toml)") }
        guard let raw = selectionText else { return hint("nothing selected to copy in \(pane.title)") }
        let text = sanitizeForDisplay(raw, keepNewlines: true, limit: Self.clipboardLimit)
        guard !text.isEmpty else {
            return hint("the selected \(pane == .data ? "cell is missing" : "item is empty"): nothing to copy")
        }
        let preview = sanitizeForDisplay(text, limit: 40)
        message = "copied \(text.count) character\(text.count == 1 ? "" : "s"): \(preview)"
        return [.copy(text)]
    }

    /// The selected cell, column summary, step or proposal, document or event of the current pane, unsanitised.
    var selectionText: String? {
        switch pane {
        case .data:
            let frame = dataFrame, order = dataGrid.order
            guard frame.rowCount > 0, order.indices.contains(dataColumn) else { return nil }
            return frame.columns[order[dataColumn]].string(at: dataRow(cursor(.data))) ?? ""
        case .profile:
            let columns = shownProfile.columns
            guard columns.indices.contains(cursor(.profile)) else { return nil }
            let c = columns[cursor(.profile)]
            var parts = [c.name, c.kind.rawValue, "missing \(c.missing)", "distinct \(c.distinct)"]
            if let n = c.numeric { parts += ["mean \(EventText.format(n.mean))", "std \(EventText.format(n.std))"] }
            return parts.joined(separator: " ")
        case .clean, .features, .model:
            switch selectedItem {
            case .proposal(let p)?: return StepText.describe(p.step) + (p.step.rationale.map { " — " + $0 } ?? "")
            case .applied(_, let step)?: return StepText.describe(step)
            case nil: return nil
            }
        case .docs:
            guard context.documents.indices.contains(cursor(.docs)) else { return nil }
            let d = context.documents[cursor(.docs)]
            return d.title + "\n\n" + d.body
        case .log:
            return events.indices.contains(cursor(.log)) ? EventText.line(events[cursor(.log)]) : nil
        }
    }
}

/// The OSC 52 "set clipboard" sequence: ESC ] 52 ; c ; base64 BEL. The payload is base64, so no byte of the text can
/// reach the terminal as a control; only the terminal (or tmux with set-clipboard) decodes it.
public enum OSC52 {
    public static func sequence(for text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }
}
