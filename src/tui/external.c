/*
 * external.c - the user's own editor for one text (see external.h): the
 * text goes to a private temporary file, the editor runs with the terminal
 * handed over, and the file is read back and removed.
 */
#include "external.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "term.h"

bool external_edit(struct app *app, struct editor *ed)
{
	const char *editor = getenv("VISUAL");
	const char *dir = getenv("TMPDIR");
	char *path, *cmd, *text;
	int fd, rc;
	FILE *fp;
	bool ok = false;

	if (!editor || !editor[0])
		editor = getenv("EDITOR");
	if (!editor || !editor[0])
		editor = "vi";
	if (!dir || !dir[0])
		dir = "/tmp";
	path = xasprintf("%s/dilemma-XXXXXX.txt", dir);
	fd = mkstemps(path, 4);
	if (fd < 0) {
		app_message(app, true, "cannot make a file for the editor in %s: %s", dir,
			    strerror(errno));
		free(path);
		return false;
	}
	text = editor_text(ed);
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (len && text[len - 1] != '\n' && off == len)
		(void)!write(fd, "\n", 1);
	close(fd);
	free(text);
	if (off != len) {
		app_message(app, true, "cannot write %s for the editor; the text is unchanged", path);
		goto out;
	}
	cmd = xasprintf("exec %s \"$1\"", editor);
	char *argv[] = {"/bin/sh", "-c", cmd, "sh", path, NULL};
	rc = term_run_program(argv);
	free(cmd);
	if (rc != 0) {
		app_message(app, true, "the editor '%s' failed (status %d); the text is unchanged",
			    editor, rc);
		goto out;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		app_message(app, true, "cannot read the edited text back: %s", strerror(errno));
		goto out;
	}
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	bool err = ferror(fp);
	fclose(fp);
	if (err) {
		buf_finish(&b);
		app_message(app, true, "cannot read the edited text back; the text is unchanged");
		goto out;
	}
	/* editors end the file with a newline the user did not type */
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	editor_set_text(ed, b.data ? b.data : "");
	buf_finish(&b);
	ok = true;
out:
	unlink(path);
	free(path);
	return ok;
}
