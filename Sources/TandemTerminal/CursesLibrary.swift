import CNCursesw

/// The ncurses library the workbench draws with, as `tandem --version` reports it ("ncurses 6.4.20221231").
public enum CursesLibrary {
    public static var version: String { curses_version().map { String(cString: $0) } ?? "unknown" }
}
