// ncursesw with the wide-character API, and inline wrappers for what Swift
// cannot import (mutable globals, function-like macros).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <wchar.h>

static inline WINDOW *tandem_stdscr(void) { return stdscr; }
static inline int tandem_lines(void) { return LINES; }
static inline int tandem_cols(void) { return COLS; }
static inline int tandem_colors(void) { return COLORS; }
static inline int tandem_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tandem_get_wch(wint_t *ch) { return wget_wch(stdscr, ch); }

/// Sets the attributes for the following text: a colour pair and bold/reverse/underline/dim.
static inline int tandem_set_style(short pair, int bold, int reverse, int underline, int dim) {
    attr_t a = A_NORMAL;
    if (bold) a |= A_BOLD;
    if (reverse) a |= A_REVERSE;
    if (underline) a |= A_UNDERLINE;
    if (dim) a |= A_DIM;
    return attr_set(a, pair, NULL);
}

static inline int tandem_put(int y, int x, const wchar_t *s) { return mvaddwstr(y, x, s); }

/// A fatal signal restores the terminal, then dies of the signal as it would have.
static void tandem_on_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void tandem_install_signal_handlers(void) {
    signal(SIGTERM, tandem_on_signal);
    signal(SIGHUP, tandem_on_signal);
    signal(SIGINT, tandem_on_signal);
    signal(SIGQUIT, tandem_on_signal);
    signal(SIGSEGV, tandem_on_signal);
    signal(SIGABRT, tandem_on_signal);
    signal(SIGILL, tandem_on_signal);
    signal(SIGTRAP, tandem_on_signal);
}
