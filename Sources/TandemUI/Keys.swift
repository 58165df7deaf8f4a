/// A key press as the UI sees it; TandemTerminal translates curses codes.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    case resize

    /// How the help screen and footer name it.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-" + String(c).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .resize: "resize"
        }
    }

    /// Keys as tests and tmux name them: "a", "Enter", "Ctrl-R", "Down".
    public static func parse(_ name: String) -> Key? {
        let named: [String: Key] = ["Up": .up, "Down": .down, "Left": .left, "Right": .right, "PgUp": .pageUp, "PgDn": .pageDown,
                                    "Home": .home, "End": .end, "Tab": .tab, "BTab": .backTab, "Enter": .enter, "Escape": .escape,
                                    "BSpace": .backspace, "DC": .delete, "Space": .char(" ")]
        if let k = named[name] { return k }
        if name.hasPrefix("Ctrl-"), let c = name.dropFirst(5).lowercased().first { return .ctrl(c) }
        if name.count == 1, let c = name.first { return .char(c) }
        return nil
    }
}
