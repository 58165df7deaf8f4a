import Foundation
import TandemData
import TOMLKit

/// The binding table in force: the defaults of KeyBindings with config.toml's `[keys]` overrides (issue 21). An
/// override names an action and gives its keys (`approve = "y"` or `undo = ["u", "Ctrl-Z"]`); the footer, the `?`
/// help and the palette read this table, so they follow it. Two actions on one key where both apply is an error
/// naming both.
public struct Keymap: Sendable {
    public let table: [Binding]

    public static let standard = Keymap(table: KeyBindings.table)

    /// The scopes that are active together: a key may mean one thing in each group.
    static let groups: [Set<BindingScope>] = [[.global, .steps, .docs, .data, .live], [.global, .data, .replay]]

    public func action(for key: Key, scopes: [BindingScope]) -> Action? {
        for scope in scopes {
            if let b = table.first(where: { $0.scope == scope && $0.keys.contains(key) }) { return b.action }
        }
        return nil
    }

    public func bindings(for action: Action) -> [Binding] { table.filter { $0.action == action } }

    /// The default table with `overrides` (action name → key names) applied; `source` names the file in errors.
    public static func overriding(_ overrides: [String: [String]], source: String) throws(KeymapError) -> Keymap {
        var table = KeyBindings.table
        var changed = Set<Action>()
        for name in overrides.keys.sorted() {
            guard let action = Action(rawValue: name) else {
                throw KeymapError("\(source): [keys] \(name): no such action (actions: \(Action.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var keys: [Key] = []
            for keyName in overrides[name] ?? [] {
                guard let key = Self.key(named: keyName) else {
                    throw KeymapError("\(source): [keys] \(name): \"\(keyName)\" is not a key (a character, Ctrl-X, Tab, Enter, Esc, Space, Up, …)")
                }
                keys.append(key)
            }
            guard !keys.isEmpty else { throw KeymapError("\(source): [keys] \(name): give at least one key") }
            table = table.map { $0.action == action ? Binding(keys: keys, action: action, help: $0.help, scope: $0.scope, footer: $0.footer) : $0 }
            changed.insert(action)
        }
        for (i, a) in table.enumerated() where changed.contains(a.action) {
            for (j, b) in table.enumerated() where i != j && a.action != b.action {
                guard groups.contains(where: { $0.contains(a.scope) && $0.contains(b.scope) }),
                      let key = a.keys.first(where: b.keys.contains) else { continue }
                throw KeymapError("\(source): [keys]: \(a.action.rawValue) and \(b.action.rawValue) are both bound to \(key.label)")
            }
        }
        return Keymap(table: table)
    }

    /// `[keys]` of a config file; the defaults when the file or the table is absent.
    public static func load(file: String) throws(KeymapError) -> Keymap { try WorkbenchSettings.load(file: file).keymap }

    /// `[keys]` of a parsed config file (`file` names it in errors).
    static func load(root: TOMLTable, file: String) throws(KeymapError) -> Keymap {
        guard let keys = root["keys"] else { return .standard }
        guard let table = keys.table else { throw KeymapError("\(file): [keys] must be a table of action = key") }
        var overrides: [String: [String]] = [:]
        for (name, value) in table {
            if WorkbenchSettings.topLevel.contains(name) {
                throw KeymapError("\(file): [keys] \(name): \(name) is a setting of its own; put it at the top of the file, before any [table]")
            }
            if let s = value.string { overrides[name] = [s] } else if let list = value.array {
                overrides[name] = list.compactMap(\.string)
                if overrides[name]?.count != list.count { throw KeymapError("\(file): [keys] \(name): every key must be a string") }
            } else {
                throw KeymapError("\(file): [keys] \(name): give a key as a string, or a list of them")
            }
        }
        return try overriding(overrides, source: file)
    }

    /// Key names as people write them: "y", "Ctrl-R" or "ctrl-r", "Tab", "Enter", "Esc", "Space", "Up", "PgDn".
    static func key(named raw: String) -> Key? {
        let name = raw.trimmingCharacters(in: .whitespaces)
        if name.count == 1, let c = name.first { return .char(c) }
        let lower = name.lowercased()
        if lower.hasPrefix("ctrl-"), name.count == 6, let c = lower.last, c.isLetter { return .ctrl(c) }
        let named: [String: Key] = ["up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pageup": .pageUp,
                                    "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end, "tab": .tab,
                                    "s-tab": .backTab, "backtab": .backTab, "enter": .enter, "esc": .escape, "escape": .escape,
                                    "backspace": .backspace, "bksp": .backspace, "delete": .delete, "del": .delete, "space": .char(" ")]
        return named[lower]
    }

    /// Lines of the `?` help, grouped by scope; descriptions wrap under themselves when `width` is narrower than a line.
    public func helpLines(scopes: [BindingScope], width: Int = .max) -> [String] {
        var lines: [String] = []
        let titles: [BindingScope: String] = [.global: "Everywhere", .steps: "Clean, Features and Model panes", .docs: "Docs pane", .data: "Data pane",
                                              .live: "Session", .replay: "Replay timeline"]
        let indent = 14
        for scope in scopes {
            let rows = table.filter { $0.scope == scope }
            guard !rows.isEmpty else { continue }
            lines.append(titles[scope] ?? scope.rawValue)
            for b in rows {
                let wrapped = Wrap.lines(b.help, width: max(8, width - indent))
                lines.append("  " + ScreenBuffer.fit(b.keys.map(\.label).joined(separator: " "), indent - 2) + (wrapped.first ?? ""))
                lines += wrapped.dropFirst().map { String(repeating: " ", count: indent) + $0 }
            }
            lines.append("")
        }
        return lines
    }
}

public struct KeymapError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
