/*
 * bare_ncurses.c - the yardstick of the startup benchmark: the least a
 * curses program does (set the locale, initialise the screen, draw one
 * line, refresh, end). bench_startup times it and the workbench in the
 * same run; see tests/bench/bench_tui.sh.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>

int main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	mvaddstr(0, 0, "bare-ncurses-ready");
	refresh();
	endwin();
	return 0;
}
