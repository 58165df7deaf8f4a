import TandemData
import TOMLKit

/// How a role looks: colours from the 16-colour set (or the terminal's default) and attributes.
public struct RoleStyle: Equatable, Sendable {
    public var foreground: Int?   // 0–15; nil is the terminal's default
    public var background: Int?
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false
}

/// A colour theme: TOML in Themes/ (DESIGN.md section 8). Monochrome themes use attributes only.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: RoleStyle]

    public func style(_ role: Role) -> RoleStyle { styles[role] ?? RoleStyle() }

    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func color(_ name: String) -> Int?? {
        if name == "default" { return .some(nil) }
        if let i = colorNames.firstIndex(of: name) { return .some(i) }
        if name.hasPrefix("bright_"), let i = colorNames.firstIndex(of: String(name.dropFirst(7))) { return .some(i + 8) }
        return nil
    }

    /// Parses a theme file; errors name the file and the field.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        if let bad = TOMLPrecheck.problem(text) { throw ThemeError("\(file):\(bad.line): \(bad.message)") }
        do { table = try TOMLTable(string: text) } catch { throw ThemeError("\(file): \(error)") }
        var theme = Theme(name: table["name"]?.string ?? file, styles: [:])
        guard let roles = table["roles"]?.table else { throw ThemeError("\(file): needs a [roles] table") }
        for key in roles.keys {
            guard let role = Role(rawValue: key) else { throw ThemeError("\(file): roles.\(key): unknown role (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))") }
            guard let t = roles[key]?.table else { throw ThemeError("\(file): roles.\(key) must be a table") }
            var s = RoleStyle()
            for (field, target) in [("fg", \RoleStyle.foreground), ("bg", \RoleStyle.background)] {
                guard let v = t[field] else { continue }
                guard let name = v.string, let c = color(name) else { throw ThemeError("\(file): roles.\(key).\(field): a colour name (black, red, …, bright_white or default)") }
                s[keyPath: target] = c
            }
            for (field, target) in [("bold", \RoleStyle.bold), ("reverse", \RoleStyle.reverse), ("underline", \RoleStyle.underline), ("dim", \RoleStyle.dim)] {
                guard let v = t[field] else { continue }
                guard let flag = v.bool else { throw ThemeError("\(file): roles.\(key).\(field): true or false") }
                s[keyPath: target] = flag
            }
            theme.styles[role] = s
        }
        return theme
    }

    /// The monochrome fallback (NO_COLOR, terminals without colour): attributes only.
    public static let monochrome = Theme(name: "monochrome", styles: [
        .header: RoleStyle(reverse: true), .footer: RoleStyle(reverse: true), .selected: RoleStyle(bold: true, reverse: true),
        .title: RoleStyle(bold: true), .dim: RoleStyle(dim: true), .accent: RoleStyle(bold: true), .bad: RoleStyle(bold: true),
        .warning: RoleStyle(underline: true), .tainted: RoleStyle(bold: true, underline: true), .key: RoleStyle(bold: true, reverse: true),
        .notice: RoleStyle(bold: true),
    ])

    /// The name without colour: "monochrome" themes have no colours at all.
    public var usesColor: Bool { styles.values.contains { $0.foreground != nil || $0.background != nil } }
}

public struct ThemeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
