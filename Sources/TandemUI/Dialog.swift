import TandemRecipe

/// A modal on top of the panes; keys go to it first.
public enum Dialog: Equatable, Sendable {
    case help(scroll: Int)
    case confirmQuit
    case input(InputPurpose, text: String)
    case palette(query: String, selected: Int)
    case opPicker(query: String, selected: Int)
    case form(StepForm)
}

public enum InputPurpose: Equatable, Sendable {
    case rejectReason(proposal: String)
    case note, marker, search, seek

    var title: String {
        switch self {
        case .rejectReason: "Reject"
        case .note: "Note"
        case .marker: "Marker"
        case .search: "Search this pane"
        case .seek: "Seek"
        }
    }

    var hint: String {
        switch self {
        case .rejectReason: "a reason (optional) · Enter rejects · Esc cancels"
        case .note: "Enter adds the note · Esc cancels"
        case .marker: "a label · Enter adds the marker · Esc cancels"
        case .search: "Enter finds · Esc cancels"
        case .seek: "event number, time (HH:MM:SS) or marker label · Enter seeks · Esc cancels"
        }
    }
}

/// Fuzzy matching for the palette and the op picker: the query's characters
/// in order; earlier and contiguous matches rank higher. nil when no match.
public func fuzzyScore(_ query: String, in candidate: String) -> Int? {
    let q = Array(query.lowercased()), c = Array(candidate.lowercased())
    if q.isEmpty { return 0 }
    var score = 0, qi = 0, last = -2
    for (i, ch) in c.enumerated() where qi < q.count && ch == q[qi] {
        score += (i == last + 1 ? 5 : 1) + (i == 0 ? 3 : 0)
        last = i
        qi += 1
    }
    return qi == q.count ? score * 100 - c.count : nil
}

/// The palette's commands: every action a user may run by name.
enum PaletteCommands {
    static let hidden: Set<Action> = [.up, .down, .left, .right, .pageUp, .pageDown, .top, .bottom, .palette]

    static func matching(_ query: String, replay: Bool, keymap: Keymap = .standard) -> [Binding] {
        let scopes: Set<BindingScope> = replay ? [.global, .data, .replay] : [.global, .steps, .docs, .data, .live]
        var seen = Set<Action>()
        let candidates = keymap.table.filter { scopes.contains($0.scope) && !hidden.contains($0.action) && seen.insert($0.action).inserted }
        return candidates.compactMap { b in fuzzyScore(query, in: b.action.rawValue + " " + b.help).map { (b, $0) } }
            .sorted { $0.1 > $1.1 }.map(\.0)
    }
}

enum OpPicker {
    static func matching(_ query: String) -> [OpName] {
        OpName.allCases.compactMap { op in fuzzyScore(query, in: op.rawValue).map { (op, $0) } }.sorted { $0.1 > $1.1 }.map(\.0)
    }
}
