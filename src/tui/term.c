/*
 * term.c - curses setup and teardown, signals, colours and key input.
 *
 * Signal handlers only set flags or, for fatal signals, write the reset
 * sequence and restore the saved termios with async-signal-safe calls
 * before re-raising: never curses, never malloc in a handler.
 */
#define NCURSES_WIDECHAR 1
#include "term.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "keys.h"

/* Codes we teach curses for sequences terminfo does not describe. */
enum {
	CODE_PASTE_BEGIN = KEY_MAX + 1,
	CODE_PASTE_END,
	CODE_CTRL_LEFT,
	CODE_CTRL_RIGHT,
	CODE_SHIFT_UP,
	CODE_SHIFT_DOWN,
	CODE_IGNORE,  /* a modified key with no binding: not Esc and letters */
	CODE_UP,
	CODE_DOWN,
	CODE_HOME,
	CODE_END,
};

/* xterm's sequences for keys with modifiers (Shift 2, Alt 3, Ctrl 5, ...)
 * that terminfo does not list: unknown, curses would hand them over as Esc
 * and letters, which leave an editor and then act as keys. */
static const struct {
	const char *seq;
	int code;
} extra_keys[] = {
	{"\033[200~", CODE_PASTE_BEGIN}, {"\033[201~", CODE_PASTE_END},
	{"\033[1;5D", CODE_CTRL_LEFT}, {"\033[1;5C", CODE_CTRL_RIGHT},
	{"\033[1;2A", CODE_SHIFT_UP}, {"\033[1;2B", CODE_SHIFT_DOWN},
	{"\033[1;5A", CODE_UP}, {"\033[1;5B", CODE_DOWN},
	{"\033[1;5H", CODE_HOME}, {"\033[1;5F", CODE_END},
	{"\033[1;3A", CODE_IGNORE}, {"\033[1;3B", CODE_IGNORE},
	{"\033[1;3C", CODE_IGNORE}, {"\033[1;3D", CODE_IGNORE},
	{"\033[1;3H", CODE_IGNORE}, {"\033[1;3F", CODE_IGNORE},
	{"\033[1;6A", CODE_IGNORE}, {"\033[1;6B", CODE_IGNORE},
	{"\033[1;6C", CODE_IGNORE}, {"\033[1;6D", CODE_IGNORE},
	{"\033[1;2H", CODE_IGNORE}, {"\033[1;2F", CODE_IGNORE},
	{"\033[3;2~", CODE_IGNORE}, {"\033[3;5~", CODE_IGNORE},
	{"\033[5;5~", CODE_IGNORE}, {"\033[6;5~", CODE_IGNORE},
};

static bool started;
static bool colour;
static struct termios saved_tio;
static bool have_tio;
static volatile sig_atomic_t stop_flag;
static int attrs[ROLE_COUNT];
static struct buf paste_buf;

/* Written by a fatal-signal handler, where curses cannot be called: leave
 * bracketed paste, cursor-key application mode (rmkx) and the alternate
 * screen, show the cursor, reset attributes. */
static const char reset_seq[] = "\033[?2004l\033[?1l\033>\033[?1049l\033[?25h\033[0m\r\n";

static void fatal_handler(int sig)
{
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	ssize_t unused = write(STDOUT_FILENO, reset_seq, sizeof(reset_seq) - 1);
	(void)unused;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void stop_handler(int sig)
{
	stop_flag = 1;
}

bool term_stop_requested(void)
{
	return stop_flag != 0;
}

static void install_handlers(void)
{
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	static const int stop[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fatal_handler;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < ALEN(fatal); i++)
		sigaction(fatal[i], &sa, NULL);
	sa.sa_handler = stop_handler;
	sa.sa_flags = 0;
	for (size_t i = 0; i < ALEN(stop); i++)
		sigaction(stop[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void paste_mode(bool on)
{
	fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
	fflush(stdout);
}

/* Colour pair, or the monochrome attribute, of each role. */
static const struct {
	short fg, bg;
	int colour_extra; /* added to the pair */
	int mono;
} role_table[ROLE_COUNT] = {
	[ROLE_NORMAL] = {-1, -1, 0, A_NORMAL},
	[ROLE_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
	[ROLE_FOOTER] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	[ROLE_TITLE] = {COLOR_CYAN, -1, 0, A_UNDERLINE},
	[ROLE_TITLE_FOCUS] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[ROLE_SELECTED] = {COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE},
	[ROLE_SELECTED_DIM] = {-1, -1, A_REVERSE, A_UNDERLINE},
	/* prompts and hints are read on projectors: never dimmed */
	[ROLE_DIM] = {COLOR_CYAN, -1, 0, A_NORMAL},
	[ROLE_EMPH] = {-1, -1, A_BOLD, A_BOLD},
	[ROLE_NEW] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_REVERSE},
	[ROLE_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE | A_BLINK},
	[ROLE_OK] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[ROLE_UPHOLDS] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[ROLE_TENSION] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[ROLE_NEUTRAL] = {COLOR_YELLOW, -1, 0, A_NORMAL},
};

static void setup_roles(void)
{
	const char *nc = getenv("NO_COLOR");

	colour = !(nc && nc[0]) && has_colors();
	if (colour && start_color() == ERR)
		colour = false;
	if (colour)
		use_default_colors();
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!colour) {
			attrs[r] = role_table[r].mono;
			continue;
		}
		if (role_table[r].fg == -1 && role_table[r].bg == -1) {
			attrs[r] = role_table[r].colour_extra;
			continue;
		}
		init_pair((short)r, role_table[r].fg, role_table[r].bg);
		attrs[r] = COLOR_PAIR(r) | role_table[r].colour_extra;
	}
}

int term_attr(enum role role)
{
	return attrs[role];
}

bool term_colour(void)
{
	return colour;
}

bool term_available(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("dilemma: the workbench needs a terminal; for scripts, see "
		      "'dilemma --help' for the other commands\n", stderr);
		return false;
	}
	return true;
}

bool term_start(void)
{
	if (!term_available())
		return false;
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!newterm(NULL, stdout, stdin)) {
		const char *t = getenv("TERM");
		fprintf(stderr, "dilemma: cannot use the terminal type '%s'; set TERM to one "
			"your terminal supports (such as xterm-256color)\n", t ? t : "");
		return false;
	}
	char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		const char *t = getenv("TERM");
		endwin();
		fprintf(stderr, "dilemma: the terminal type '%s' cannot move the cursor; the "
			"workbench needs one that can (such as xterm-256color)\n", t ? t : "");
		return false;
	}
	started = true;
	die_set_callback(term_stop);
	atexit(term_stop);
	install_handlers();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	for (size_t i = 0; i < ALEN(extra_keys); i++)
		define_key(extra_keys[i].seq, extra_keys[i].code);
	setup_roles();
	paste_mode(true);
	return true;
}

void term_stop(void)
{
	if (!started)
		return;
	started = false;
	paste_mode(false);
	curs_set(1);
	endwin();
	buf_finish(&paste_buf);
}

static const struct {
	int code;
	int key;
} curses_keys[] = {
	{KEY_UP, TK_UP}, {KEY_DOWN, TK_DOWN}, {KEY_LEFT, TK_LEFT}, {KEY_RIGHT, TK_RIGHT},
	{KEY_HOME, TK_HOME}, {KEY_END, TK_END}, {KEY_PPAGE, TK_PGUP}, {KEY_NPAGE, TK_PGDN},
	{KEY_BACKSPACE, TK_BACKSPACE}, {KEY_DC, TK_DELETE}, {KEY_ENTER, TK_ENTER},
	{KEY_BTAB, TK_BTAB}, {KEY_SR, TK_SUP}, {KEY_SF, TK_SDOWN},
	{KEY_F(1), TK_F1}, {KEY_F(2), TK_F2}, {KEY_F(3), TK_F3}, {KEY_F(4), TK_F4},
	{KEY_F(5), TK_F5}, {KEY_F(6), TK_F6}, {KEY_F(7), TK_F7}, {KEY_F(8), TK_F8},
	{KEY_F(9), TK_F9}, {KEY_F(10), TK_F10}, {KEY_RESIZE, TK_RESIZE},
	{KEY_A1, TK_HOME}, {KEY_C1, TK_END}, {KEY_A3, TK_PGUP}, {KEY_C3, TK_PGDN},
	{CODE_CTRL_LEFT, TK_CLEFT}, {CODE_CTRL_RIGHT, TK_CRIGHT},
	{CODE_SHIFT_UP, TK_SUP}, {CODE_SHIFT_DOWN, TK_SDOWN},
	{CODE_UP, TK_UP}, {CODE_DOWN, TK_DOWN}, {CODE_HOME, TK_HOME}, {CODE_END, TK_END},
	{KEY_SLEFT, TK_LEFT}, {KEY_SRIGHT, TK_RIGHT}, {KEY_SHOME, TK_HOME}, {KEY_SEND, TK_END},
};

static void put_utf8(struct buf *b, wint_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, (wchar_t)wc, &st);
	if (n == (size_t)-1)
		buf_append(b, "\xEF\xBF\xBD", 3);
	else
		buf_append(b, mb, n);
}

/* Gather a bracketed paste up to its end marker. Curses may still turn
 * pasted bytes into function keys; they are dropped. A paste whose end
 * never comes ends after a second of silence. */
static void read_paste(void)
{
	wint_t wc;
	int r;

	paste_buf.len = 0;
	buf_reserve(&paste_buf, 1);
	paste_buf.data[0] = '\0';
	timeout(1000);
	while ((r = get_wch(&wc)) != ERR) {
		if (r == KEY_CODE_YES) {
			if (wc == CODE_PASTE_END)
				break;
			if (wc == KEY_ENTER)
				buf_putc(&paste_buf, '\n');
			continue;
		}
		put_utf8(&paste_buf, wc);
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int term_key(int timeout_ms, struct buf **paste)
{
	static int fast_errors;
	wint_t wc;
	int r;
	long t0 = now_ms();

	timeout(timeout_ms);
	errno = 0;
	r = get_wch(&wc);
	if (r == ERR) {
		/* A terminal that hung up without a SIGHUP returns at once, for
		 * ever: after many such returns in a row, leave as on SIGHUP
		 * (saving first) rather than spin. */
		if (timeout_ms > 0 && now_ms() - t0 < timeout_ms / 2) {
			if (++fast_errors > 200)
				stop_flag = 1;
		} else {
			fast_errors = 0;
		}
		return TK_TICK;
	}
	fast_errors = 0;
	if (r == KEY_CODE_YES) {
		if (wc == CODE_PASTE_BEGIN) {
			read_paste();
			*paste = &paste_buf;
			return TK_PASTE;
		}
		for (size_t i = 0; i < ALEN(curses_keys); i++)
			if ((int)wc == curses_keys[i].code)
				return curses_keys[i].key;
		return TK_TICK; /* a key we have no use for */
	}
	switch (wc) {
	case '\r':
	case '\n':
		return TK_ENTER;
	case '\t':
		return TK_TAB;
	case 27:
		return TK_ESC;
	case 127:
	case 8:
		return TK_BACKSPACE;
	}
	return (int)wc;
}

int term_run_program(char *const argv[])
{
	pid_t pid;
	int status = -1;
	struct sigaction ign, old_int, old_quit;

	def_prog_mode();
	paste_mode(false);
	endwin();
	/* Like system(): Ctrl-C in the editor is the editor's, not a request
	 * to stop the workbench. */
	memset(&ign, 0, sizeof(ign));
	sigemptyset(&ign.sa_mask);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	paste_mode(true);
	clearok(curscr, TRUE);
	refresh();
	return pid < 0 ? -1 : status;
}
