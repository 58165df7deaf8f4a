import Foundation
import TandemData
import TOMLKit

/// What config.toml says about the workbench: `[keys]` overrides, and `clipboard = false` to keep `y` from writing
/// to the terminal's clipboard. A value of the wrong type is an error naming the file and the field.
public struct WorkbenchSettings: Sendable {
    public var keymap = Keymap.standard
    public var clipboard = true

    /// Top-level settings (a table header before them would swallow them, so [keys] points them out).
    static let topLevel: Set<String> = ["clipboard"]

    public init(keymap: Keymap = .standard, clipboard: Bool = true) {
        self.keymap = keymap
        self.clipboard = clipboard
    }

    /// The settings of a config file; the defaults when the file is absent.
    public static func load(file: String) throws(KeymapError) -> WorkbenchSettings {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return WorkbenchSettings() }
        if let bad = TOMLPrecheck.problem(text) { throw KeymapError("\(file):\(bad.line): \(bad.message)") }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch { throw KeymapError("\(file): \(error)") }
        let clipboard = try flag(root["clipboard"], "clipboard", file: file) ?? true
        return WorkbenchSettings(keymap: try Keymap.load(root: root, file: file), clipboard: clipboard)
    }

    /// A yes/no as people write it: true/false, "on"/"off", "yes"/"no", 1/0.
    static func flag(_ value: (any TOMLValueConvertible)?, _ name: String, file: String) throws(KeymapError) -> Bool? {
        guard let value else { return nil }
        if let b = value.bool { return b }
        if let i = value.int, i == 0 || i == 1 { return i == 1 }
        if let s = value.string?.lowercased() {
            if ["true", "on", "yes", "1"].contains(s) { return true }
            if ["false", "off", "no", "0"].contains(s) { return false }
        }
        let shown = sanitizeForDisplay(String(describing: value), limit: 40)
        throw KeymapError("\(file): \(name) must be true or false, not \(shown)")
    }
}
