/// Everything a key can do. Commands are logged by name (the effects), never as keystrokes.
public enum Action: String, CaseIterable, Sendable {
    case up, down, left, right, pageUp = "page-up", pageDown = "page-down", top, bottom
    case nextPane = "next-pane", previousPane = "previous-pane"
    case paneData = "pane-data", paneProfile = "pane-profile", paneClean = "pane-clean", paneFeatures = "pane-features"
    case paneModel = "pane-model", paneDocs = "pane-docs", paneLog = "pane-log"
    case approve, reject, edit, newStep = "new-step", remove, flag, undo, redo, marker, note
    case evaluate, submit, nextStage = "next-stage", previousStage = "previous-stage", propose
    case copy, sort, nextTable = "next-table"
    case palette, search, searchNext = "search-next", help, quit, cancel
    // Replay timeline
    case stepBack = "step-back", stepForward = "step-forward", previousMarker = "previous-marker", nextMarker = "next-marker"
    case play, faster, slower, seekStart = "seek-start", seekEnd = "seek-end", seek
}

/// Where a binding applies: everywhere in the workbench, in panes that list steps, in the docs or data pane, or on the
/// replay timeline.
public enum BindingScope: String, Sendable {
    case global, steps, docs, data, live, replay
}

public struct Binding: Sendable {
    public let keys: [Key]
    public let action: Action
    public let help: String
    public let scope: BindingScope
    /// Shown in the footer when its scope applies.
    public let footer: Bool
}

/// The one table that drives key handling, the footer and the `?` help (DESIGN.md section 8).
public enum KeyBindings {
    public static let table: [Binding] = [
        Binding(keys: [.up, .char("k")], action: .up, help: "move up", scope: .global, footer: false),
        Binding(keys: [.down, .char("j")], action: .down, help: "move down", scope: .global, footer: false),
        Binding(keys: [.left, .char("h")], action: .left, help: "previous column (data) / previous", scope: .global, footer: false),
        Binding(keys: [.right, .char("l")], action: .right, help: "next column (data) / next", scope: .global, footer: false),
        Binding(keys: [.pageUp], action: .pageUp, help: "page up", scope: .global, footer: false),
        Binding(keys: [.pageDown], action: .pageDown, help: "page down", scope: .global, footer: false),
        Binding(keys: [.home, .char("g")], action: .top, help: "first row", scope: .global, footer: false),
        Binding(keys: [.end, .char("G")], action: .bottom, help: "last row", scope: .global, footer: false),
        Binding(keys: [.tab], action: .nextPane, help: "next pane", scope: .global, footer: false),
        Binding(keys: [.backTab], action: .previousPane, help: "previous pane", scope: .global, footer: false),
        Binding(keys: [.char("1")], action: .paneData, help: "Data pane", scope: .global, footer: false),
        Binding(keys: [.char("2")], action: .paneProfile, help: "Profile pane", scope: .global, footer: false),
        Binding(keys: [.char("3")], action: .paneClean, help: "Clean pane", scope: .global, footer: false),
        Binding(keys: [.char("4")], action: .paneFeatures, help: "Features pane", scope: .global, footer: false),
        Binding(keys: [.char("5")], action: .paneModel, help: "Model pane", scope: .global, footer: false),
        Binding(keys: [.char("6")], action: .paneDocs, help: "Docs pane", scope: .global, footer: false),
        Binding(keys: [.char("7")], action: .paneLog, help: "Log pane", scope: .global, footer: false),
        Binding(keys: [.char("a")], action: .approve, help: "approve the proposal", scope: .steps, footer: true),
        Binding(keys: [.char("r")], action: .reject, help: "reject the proposal (with a reason)", scope: .steps, footer: true),
        Binding(keys: [.char("e")], action: .edit, help: "edit the proposal's parameters, then apply it", scope: .steps, footer: true),
        Binding(keys: [.char("n")], action: .newStep, help: "add your own step", scope: .steps, footer: true),
        Binding(keys: [.char("x")], action: .remove, help: "remove the applied step", scope: .steps, footer: true),
        Binding(keys: [.char("f")], action: .flag, help: "flag or unflag the document as adversarial", scope: .docs, footer: true),
        Binding(keys: [.char("u")], action: .undo, help: "undo the last decision", scope: .live, footer: false),
        Binding(keys: [.ctrl("r")], action: .redo, help: "redo", scope: .live, footer: false),
        Binding(keys: [.char("v")], action: .evaluate, help: "evaluate: cross-validate the recipe in the background", scope: .live, footer: true),
        Binding(keys: [.char("s")], action: .submit, help: "submit: score test.csv against the hidden key", scope: .live, footer: true),
        Binding(keys: [.char("]")], action: .nextStage, help: "next stage (cleaning → features → modelling)", scope: .live, footer: false),
        Binding(keys: [.char("[")], action: .previousStage, help: "previous stage", scope: .live, footer: false),
        Binding(keys: [.char("p")], action: .propose, help: "ask the agent for proposals for this stage", scope: .live, footer: false),
        Binding(keys: [.char("m")], action: .marker, help: "add a marker to the timeline", scope: .live, footer: false),
        Binding(keys: [.char("o")], action: .note, help: "add a note", scope: .live, footer: false),
        Binding(keys: [.ctrl("c")], action: .cancel, help: "cancel the running job (the app stays open)", scope: .global, footer: false),
        Binding(keys: [.char("y")], action: .copy, help: "copy the selected cell, step, proposal, document or event (OSC 52)",
                scope: .global, footer: false),
        Binding(keys: [.char("S")], action: .sort, help: "sort the view by the selected column (again: descending, then file order)",
                scope: .data, footer: true),
        Binding(keys: [.char("t")], action: .nextTable, help: "Data and Profile panes: the next table (train.csv, then each side table)",
                scope: .live, footer: false),
        Binding(keys: [.char(":")], action: .palette, help: "command palette", scope: .global, footer: true),
        Binding(keys: [.char("/")], action: .search, help: "search in this pane", scope: .global, footer: false),
        Binding(keys: [.char("N")], action: .searchNext, help: "next search match", scope: .global, footer: false),
        Binding(keys: [.char("?")], action: .help, help: "help: every key", scope: .global, footer: true),
        Binding(keys: [.char("q")], action: .quit, help: "quit (asks first)", scope: .global, footer: true),
        Binding(keys: [.left, .char(",")], action: .stepBack, help: "one event back", scope: .replay, footer: true),
        Binding(keys: [.right, .char(".")], action: .stepForward, help: "one event forward", scope: .replay, footer: true),
        Binding(keys: [.char("{")], action: .previousMarker, help: "previous marker", scope: .replay, footer: false),
        Binding(keys: [.char("}")], action: .nextMarker, help: "next marker", scope: .replay, footer: false),
        Binding(keys: [.char(" ")], action: .play, help: "play or pause", scope: .replay, footer: true),
        Binding(keys: [.char("+")], action: .faster, help: "play faster (up to 16×)", scope: .replay, footer: false),
        Binding(keys: [.char("-")], action: .slower, help: "play slower (down to 1×)", scope: .replay, footer: false),
        Binding(keys: [.char("<")], action: .seekStart, help: "first event", scope: .replay, footer: false),
        Binding(keys: [.char(">")], action: .seekEnd, help: "last event", scope: .replay, footer: false),
        Binding(keys: [.char("t")], action: .seek, help: "seek to an event number or a time (HH:MM:SS)", scope: .replay, footer: true),
    ]

    /// The default table's answers (a workbench reads its own Keymap, which config.toml may override).
    public static func action(for key: Key, scopes: [BindingScope]) -> Action? { Keymap.standard.action(for: key, scopes: scopes) }

    public static func bindings(for action: Action) -> [Binding] { Keymap.standard.bindings(for: action) }

    public static func helpLines(scopes: [BindingScope], width: Int = .max) -> [String] {
        Keymap.standard.helpLines(scopes: scopes, width: width)
    }
}
