/*
 * actions.c - writing a session's report or its responses to a file the
 * user names (see actions.h), from the home screen or the debrief. The
 * file is written atomically (export.h); the footer says where it went,
 * as an absolute path, whatever folder the workbench was started in.
 */
#include "actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "dilemma/export.h"
#include "dilemma/paths.h"
#include "dilemma/report.h"

/* Ask where to write, offering @def; NULL when the user cancels. */
static char *ask_path(struct app *app, const char *title, const char *def)
{
	char *path = dialog_input(app, title, "Write to this file (Enter writes, Esc cancels):", def);

	if (path && str_blank(path)) {
		free(path);
		path = NULL;
	}
	return path;
}

void action_report(struct app *app, const char *id)
{
	/* a copy: the caller's id may live in a list the dialog's redraws
	 * rebuild */
	char id_copy[SESSION_ID_LEN];
	snprintf(id_copy, sizeof(id_copy), "%s", id);
	id = id_copy;
	struct store_error err;
	struct export_out out;
	char *def = xasprintf("dilemma-report-%.8s.md", id);
	char *path = ask_path(app, "Write the report", def);

	free(def);
	if (!path)
		return;
	struct session *s = store_session_load(app->store, id, &err);
	if (!s) {
		app_message(app, true, "No report written: %s", err.message);
		free(path);
		return;
	}
	char *md = report_markdown(s);
	if (!export_out_open(&out, path, &err)) {
		app_message(app, true, "No report written: %s", err.message);
	} else if (fputs(md, out.fp) == EOF) {
		export_out_abort(&out);
		app_message(app, true, "No report written: cannot write to %s", path);
	} else if (!export_out_commit(&out, &err)) {
		app_message(app, true, "No report written: %s", err.message);
	} else {
		char *abs = paths_absolute(path);
		app_message(app, false, "Report written to %s", abs);
		free(abs);
	}
	free(md);
	session_destroy(s);
	free(path);
}

void action_export(struct app *app, const char *id)
{
	/* a copy: the caller's id may live in a list the dialog's redraws
	 * rebuild */
	char id_copy[SESSION_ID_LEN];
	snprintf(id_copy, sizeof(id_copy), "%s", id);
	id = id_copy;
	struct store_error err;
	struct export_out out;
	char *def = xasprintf("dilemma-%.8s.csv", id);
	char *path = ask_path(app, "Export the responses as CSV", def);
	struct export_options opt;

	free(def);
	if (!path)
		return;
	memset(&opt, 0, sizeof(opt));
	opt.table = EXPORT_RESPONSES;
	opt.filter.session = id;
	if (!export_out_open(&out, path, &err)) {
		app_message(app, true, "Not exported: %s", err.message);
	} else if (!export_csv(app->store, &opt, out.fp, &err)) {
		export_out_abort(&out);
		app_message(app, true, "Not exported: %s", err.message);
	} else if (!export_out_commit(&out, &err)) {
		app_message(app, true, "Not exported: %s", err.message);
	} else {
		char *abs = paths_absolute(path);
		app_message(app, false, "Responses exported to %s", abs);
		free(abs);
	}
	free(path);
}
