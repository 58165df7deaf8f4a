import CNCursesw
import Glibc
import TandemUI

/// The only curses user: opens the terminal, draws the cells of a buffer
/// that changed since the last frame, reads keys, and always restores the
/// terminal (on close, on error paths through `defer`, and on fatal signals).
public final class CursesTerminal {
    private var previous: ScreenBuffer?
    private var pairs: [Role: Int16] = [:]
    private let theme: Theme
    private var open = false

    /// Opens the terminal; `theme` falls back to monochrome when the terminal has no colours.
    public init(theme: Theme) {
        // Wide characters need a UTF-8 locale; a bare C locale falls back to C.UTF-8 (PLATFORM.md).
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" { setlocale(LC_ALL, "C.UTF-8") }
        tandem_install_signal_handlers()
        initscr()
        raw()          // Ctrl-C arrives as a key: it cancels a job, it does not kill the app
        noecho()
        keypad(tandem_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        open = true
        var theme = theme
        if theme.usesColor, has_colors() {
            start_color()
            use_default_colors()
        } else {
            theme = .monochrome
        }
        self.theme = theme
        if theme.usesColor {
            for (i, role) in Role.allCases.enumerated() {
                let s = theme.style(role)
                let pair = Int16(i + 1)
                init_pair(pair, Int16(Self.clamp(s.foreground)), Int16(Self.clamp(s.background)))
                pairs[role] = pair
            }
        }
    }

    /// 16-colour themes on an 8-colour terminal use the base colour.
    private static func clamp(_ c: Int?) -> Int {
        guard let c else { return -1 }
        return c < Int(tandem_colors()) ? c : c % 8
    }

    deinit { close() }

    public func close() {
        guard open else { return }
        open = false
        endwin()
    }

    public var size: (width: Int, height: Int) { (Int(tandem_cols()), Int(tandem_lines())) }

    /// Draws the buffer: only cells that differ from the last frame are written.
    public func draw(_ buffer: ScreenBuffer) {
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { erase() }
        for y in 0..<buffer.height {
            var x = 0
            while x < buffer.width {
                if !full, let p = previous, p[x, y] == buffer[x, y] { x += 1; continue }
                // A run of changed cells with one role is written in one call.
                let role = buffer[x, y].role
                var text: [wchar_t] = []
                let start = x
                while x < buffer.width, buffer[x, y].role == role, full || previous?[x, y] != buffer[x, y] {
                    let cell = buffer[x, y]
                    if !cell.continuation { for s in cell.text.unicodeScalars { text.append(wchar_t(bitPattern: s.value)) } }
                    x += 1
                }
                setStyle(role)
                text.append(0)
                _ = tandem_put(Int32(y), Int32(start), text)
            }
        }
        refresh()
        previous = buffer
    }

    /// Hands text to the terminal's clipboard as OSC 52, after the frame is out. Curses never sees the sequence, so
    /// it draws nothing and moves no cursor; a terminal without OSC 52 ignores it.
    public func copyToClipboard(_ text: String) {
        refresh()
        let bytes = Array(OSC52.sequence(for: text).utf8)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                let n = write(STDOUT_FILENO, base + done, raw.count - done)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                done += n
            }
        }
    }

    private func setStyle(_ role: Role) {
        let s = theme.style(role)
        _ = tandem_set_style(pairs[role] ?? 0, s.bold ? 1 : 0, s.reverse ? 1 : 0, s.underline ? 1 : 0, s.dim ? 1 : 0)
    }

    /// Waits up to `timeoutMs` for a key; nil on timeout.
    public func readKey(timeoutMs: Int32) -> Key? {
        timeout(timeoutMs)
        var ch: wint_t = 0
        let r = tandem_get_wch(&ch)
        if r == ERR { return nil }
        if r == tandem_key_code_yes() {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_RESIZE:
                previous = nil   // redraw everything at the new size
                return .resize
            default: return nil
            }
        }
        switch ch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .char(Character(scalar))
        }
    }
}
