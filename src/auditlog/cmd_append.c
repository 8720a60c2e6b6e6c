/* cmd_append.c -- auditlog append (JSON Lines or one event from flags)
 * and auditlog run (a command between two durable events). */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auditlog/auditlog.h"
#include "common/canonfast.h"
#include "common/jsonl.h"

enum {
	OPT_LOG = CK_OPT_TOOL_BASE, OPT_SYNC, OPT_ACTOR, OPT_ACTOR_NAME,
	OPT_ACTION, OPT_TARGET, OPT_OUTCOME, OPT_DATA
};

#define EVENT_OPTS \
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" }, \
	{ "actor", OPT_ACTOR, required_argument, "ID", \
	  "who acts (actor.id)" }, \
	{ "actor-name", OPT_ACTOR_NAME, required_argument, "NAME", \
	  "the actor's printed name (actor.name)" }, \
	{ "action", OPT_ACTION, required_argument, "ACTION", \
	  "what was done (e.g. key_rotation)" }, \
	{ "target", OPT_TARGET, required_argument, "JSON|ID", \
	  "target object, or an id for {\"id\":ID}" }, \
	{ "outcome", OPT_OUTCOME, required_argument, "OUTCOME", \
	  "success, failure, denied, ..." }, \
	{ "data", OPT_DATA, required_argument, "JSON", \
	  "extra data (a JSON object)" }

static const struct ck_opt append_options[] = {
	EVENT_OPTS,
	{ "sync", OPT_SYNC, required_argument, "MODE",
	  "always, batch (group commit, default) or none" },
	CK_OPTS_COMMON
};

static const struct ck_opt run_options[] = {
	EVENT_OPTS,
	CK_OPTS_COMMON
};

static void
append_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s append --log DIR [OPTION]... [FILE]...\n"
		"  or:  %s append --log DIR --actor ID --action ACTION "
		"[OPTION]... [FILE]...\n"
		"Store events: JSON Lines from FILEs or standard input, or one "
		"event from flags.\nWith flags and FILEs (- for standard input) "
		"each record becomes the data of an\nevent made from the flags "
		"(phiscan summaries give target and phi).  Each stored\nevent "
		"(with seq, time, prev and hash) is echoed once it is durable."
		"\n\nOptions:\n", ck_progname, ck_progname);
	ck_opts_help(fp, append_options);
}

static void
run_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s run --log DIR --action ACTION [OPTION]... "
		"-- COMMAND [ARG]...\n"
		"Log the start of COMMAND, run it, log its outcome and "
		"duration.  COMMAND is\nnot run when the start cannot be "
		"stored (fail closed).  Exits with COMMAND's\nstatus, or 2 "
		"when the log cannot be written.\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, run_options);
}

struct event_flags {
	const char *log, *actor, *actor_name, *action, *target, *outcome,
		*data;
};

static int
event_flag(struct event_flags *f, int c, const char *arg)
{
	switch (c) {
	case OPT_LOG: f->log = arg; return 1;
	case OPT_ACTOR: f->actor = arg; return 1;
	case OPT_ACTOR_NAME: f->actor_name = arg; return 1;
	case OPT_ACTION: f->action = arg; return 1;
	case OPT_TARGET: f->target = arg; return 1;
	case OPT_OUTCOME: f->outcome = arg; return 1;
	case OPT_DATA: f->data = arg; return 1;
	}
	return 0;
}

static json_t *
json_arg(const char *opt, const char *s)
{
	json_error_t jerr;
	json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, &jerr);

	if (v == NULL || !json_is_object(v)) {
		json_decref(v);
		ck_usage_error("%s is not a JSON object", opt);
	}
	return v;
}

/* The event the flags describe (without the action when none given). */
/* A JSON string of a flag's value, or a usage error (jansson takes only
 * valid UTF-8). */
static json_t *
str_arg(const char *opt, const char *s)
{
	json_t *v = json_string(s);

	if (v == NULL)
		ck_usage_error("%s is not valid UTF-8", opt);
	return v;
}

static json_t *
flags_event(const struct event_flags *f, const char *default_actor)
{
	json_t *ev = json_object(), *actor = json_object();
	const char *id = f->actor ? f->actor : default_actor;

	if (ev == NULL || actor == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	if (id == NULL)
		ck_usage_error("--actor is required");
	json_object_set_new(actor, "id", str_arg("--actor", id));
	if (f->actor_name)
		json_object_set_new(actor, "name",
				    str_arg("--actor-name", f->actor_name));
	json_object_set_new(ev, "actor", actor);
	if (f->action)
		json_object_set_new(ev, "action", str_arg("--action", f->action));
	if (f->target) {
		if (f->target[0] == '{')
			json_object_set_new(ev, "target",
					    json_arg("--target", f->target));
		else
			json_object_set_new(ev, "target",
					    json_pack("{s:o}", "id",
						      str_arg("--target",
							      f->target)));
	}
	if (f->outcome)
		json_object_set_new(ev, "outcome",
				    str_arg("--outcome", f->outcome));
	if (f->data)
		json_object_set_new(ev, "data", json_arg("--data", f->data));
	return ev;
}

/* Is more input ready without waiting?  Then the batch goes on and one
 * fdatasync covers more events (group commit); otherwise commit now so a
 * producer that waits for the echo is not kept waiting. */
static int
input_pending(FILE *fp)
{
	struct pollfd p;

#ifdef __GLIBC__
	/* Lines already in stdio's buffer (what gnulib's freadahead reads). */
	if (fp->_IO_read_ptr < fp->_IO_read_end)
		return 1;
#endif
	p.fd = fileno(fp);
	p.events = POLLIN;
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

struct echo {
	FILE *out;
	int text;
	struct ck_buf lines;	/* stored lines of the batch, '\n' after each */
};

static int
echo_flush(struct echo *e, struct ck_error *err)
{
	if (e->lines.len == 0)
		return 0;
	if (e->text) {
		/* text: "seq hash-prefix action" per event */
		char *p = e->lines.data, *end = p + e->lines.len;

		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			json_t *ev = json_loadb(p, (size_t)(nl - p), 0, NULL);

			fprintf(e->out, "stored %lld %.16s %s\n",
				(long long)json_integer_value(
					json_object_get(ev, "seq")),
				json_string_value(json_object_get(ev, "hash")),
				json_string_value(json_object_get(ev,
								  "action")));
			json_decref(ev);
			p = nl + 1;
		}
	} else {
		fwrite(e->lines.data, 1, e->lines.len, e->out);
	}
	ck_buf_reset(&e->lines);
	if (fflush(e->out) != 0 || ferror(e->out))
		return ck_error_set(err, errno, "cannot write the echo of "
				    "stored events");
	return 0;
}

/* Commits what is staged and echoes it. */
static int
commit_batch(struct ck_audit *a, struct echo *e, struct ck_error *err)
{
	if (ck_audit_commit(a, err) < 0) {
		ck_buf_reset(&e->lines);
		ck_audit_unlock(a);
		return -1;
	}
	ck_audit_unlock(a);
	return echo_flush(e, err);
}

/* 0, 1 (segment full: commit now) or -1. */
static int
add_event(struct ck_audit *a, json_t *ev, struct echo *e,
	  struct ck_error *err)
{
	int r = ck_audit_add(a, ev, &e->lines, err);

	if (r < 0)
		return -1;
	if (ck_buf_append_char(&e->lines, '\n') < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return r;
}

/* The same for an event in canonical text (the fast path). */
static int
add_canon_event(struct ck_audit *a, const struct ck_canon_fast *cf,
		struct echo *e, struct ck_error *err)
{
	int r = ck_audit_add_canon(a, cf->out.data, cf->out.len, &cf->top,
				   &e->lines, err);

	if (r < 0)
		return -1;
	if (ck_buf_append_char(&e->lines, '\n') < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return r;
}

#define BATCH_EVENTS 8192
#define BATCH_BYTES (8u << 20)

/* Record mode (FILEs with --action): each record becomes the data of an
 * event made from the flags.  A phiscan summary gives the event its
 * target path and phi (score, confidence, counts); phiscan findings are
 * skipped, since their summary counts them. */
static json_t *
wrap(const json_t *tmpl, json_t *rec)
{
	json_t *ev = json_deep_copy(tmpl), *sc = json_object_get(rec, "score");
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	const char *path = json_string_value(json_object_get(rec, "path"));

	if (kind && strcmp(kind, "finding") == 0) {
		json_decref(ev);
		json_decref(rec);
		return json_null();
	}
	if (kind && strcmp(kind, "summary") == 0 && json_is_number(sc)) {
		json_t *phi = json_pack("{s:O}", "score", sc);
		json_t *v;

		if ((v = json_object_get(rec, "confidence")) != NULL)
			json_object_set(phi, "confidence", v);
		if ((v = json_object_get(rec, "counts")) != NULL)
			json_object_set(phi, "counts", v);
		json_object_set_new(ev, "phi", phi);
		if (path && json_object_get(ev, "target") == NULL)
			json_object_set_new(ev, "target",
					    json_pack("{s:s}", "path", path));
	}
	json_object_set_new(ev, "data", rec);
	return ev;
}

/* The next event of the stream: canonical text in cf when the fast path
 * takes it (*ev NULL), else parsed (and wrapped with tmpl) in *ev.
 * 1, 0 at the end, 2 for a record wrap skips, -1 with err. */
static int
next_event(struct ck_jsonl_reader *r, struct ck_canon_fast *cf,
	   const json_t *tmpl, json_t **ev, struct ck_error *err)
{
	const char *line;
	size_t len;
	int n;

	*ev = NULL;
	n = ck_jsonl_read_line(r, &line, &len, err);
	if (n <= 0)
		return n;
	if (tmpl == NULL) {
		/* Most events: canonical straight from the text, no tree. */
		n = ck_canon_fast(cf, line, len);
		if (n < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (n == 1 && ck_audit_check_canon(cf->out.data, cf->out.len,
						   &cf->top))
			return 1;
	}
	if (ck_jsonl_parse_line(r, ev, err) < 0)
		return -1;
	if (tmpl != NULL) {
		*ev = wrap(tmpl, *ev);
		if (json_is_null(*ev)) {
			*ev = NULL;
			return 2;
		}
	}
	return 1;
}

static int
append_stream(struct ck_audit *a, FILE *fp, const char *name, int always,
	      const json_t *tmpl, struct echo *e, struct ck_error *err)
{
	struct ck_jsonl_reader *r = ck_jsonl_reader_new(fp, name, 0);
	struct ck_canon_fast cf;
	size_t staged = 0;
	json_t *ev;
	int rc = 0, n, full;

	if (r == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	ck_canon_fast_init(&cf);
	for (;;) {
		n = next_event(r, &cf, tmpl, &ev, err);
		if (n <= 0) {
			rc = n;
			break;
		}
		if (n == 2)
			continue;
		if (ev != NULL && ck_audit_check_event(ev, err) < 0) {
			ck_error_prefix(err, "%s:%lu",
					strcmp(name, "-") ? name : "<stdin>",
					ck_jsonl_lineno(r));
			json_decref(ev);
			rc = -1;
			break;
		}
		if (staged == 0 && ck_audit_lock(a, 0, NULL, err) < 0) {
			json_decref(ev);
			rc = -1;
			break;
		}
		if (ev != NULL)
			full = add_event(a, ev, e, err);
		else
			full = add_canon_event(a, &cf, e, err);
		json_decref(ev);
		if (full < 0) {
			ck_error_prefix(err, "%s:%lu",
					strcmp(name, "-") ? name : "<stdin>",
					ck_jsonl_lineno(r));
			rc = -1;
			break;
		}
		staged++;
		if (always || full || staged >= BATCH_EVENTS ||
		    e->lines.len >= BATCH_BYTES || !input_pending(fp)) {
			staged = 0;
			if (commit_batch(a, e, err) < 0)
				goto out;
		}
	}
	/* Events before a bad line are stored; the bad line and what
	 * follows are not. */
	if (staged > 0) {
		struct ck_error e2;

		ck_error_clear(&e2);
		if (commit_batch(a, e, &e2) < 0 && rc == 0) {
			*err = e2;
			rc = -1;
		}
	}
out:
	ck_canon_fast_release(&cf);
	ck_jsonl_reader_free(r);
	return rc < 0 ? -1 : 0;
}

static enum ck_audit_sync
parse_sync(const char *s)
{
	if (strcmp(s, "always") == 0)
		return CK_AUDIT_SYNC_ALWAYS;
	if (strcmp(s, "batch") == 0)
		return CK_AUDIT_SYNC_BATCH;
	if (strcmp(s, "none") == 0)
		return CK_AUDIT_SYNC_NONE;
	ck_usage_error("invalid --sync '%s' (choose from always, batch, "
		       "none)", s);
}

static const char *const formats[] = { "text", "jsonl", NULL };

int
cmd_append(int argc, char **argv)
{
	struct event_flags f = { 0 };
	enum ck_audit_sync sync = CK_AUDIT_SYNC_BATCH;
	struct echo e = { NULL, 0, CK_BUF_INIT };
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	json_t *tmpl = NULL;
	int c, i, rc = CK_EXIT_OK;

	ck_error_clear(&err);
	sub_opts_init(&so, append_options, append_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (event_flag(&f, c, optarg))
			continue;
		if (c == OPT_SYNC)
			sync = parse_sync(optarg);
		else
			ck_usage_error("unexpected option");
	}
	if (f.log == NULL)
		ck_usage_error("--log DIR is required");
	if (f.action == NULL && (f.actor || f.actor_name || f.target ||
				 f.outcome || f.data))
		ck_usage_error("an event from flags needs --action");
	if (f.action != NULL && optind < argc && f.data != NULL)
		ck_usage_error("--data and FILEs: the records are the data");
	e.out = ck_open_output(so.common.output);
	e.text = ck_format_resolve(so.common.format, formats, e.out) == 0;
	a = open_log_or_die(f.log);
	ck_audit_set_sync(a, sync);
	if (f.action != NULL && optind < argc)
		tmpl = flags_event(&f, NULL);
	if (f.action != NULL && tmpl == NULL) {
		json_t *ev = flags_event(&f, NULL);

		if (ck_audit_check_event(ev, &err) < 0 ||
		    ck_audit_lock(a, 0, NULL, &err) < 0 ||
		    add_event(a, ev, &e, &err) < 0 ||
		    commit_batch(a, &e, &err) < 0) {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
		}
		json_decref(ev);
	} else if (optind == argc) {
		if (append_stream(a, stdin, "-", sync == CK_AUDIT_SYNC_ALWAYS,
				  NULL, &e, &err) < 0) {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
		}
	} else {
		for (i = optind; i < argc && rc == CK_EXIT_OK; i++) {
			FILE *fp = strcmp(argv[i], "-") == 0 ? stdin
				   : fopen(argv[i], "r");

			if (fp == NULL) {
				ck_warn_errno(errno, "cannot open %s", argv[i]);
				rc = CK_EXIT_TROUBLE;
				break;
			}
			if (append_stream(a, fp, argv[i],
					  sync == CK_AUDIT_SYNC_ALWAYS, tmpl, &e,
					  &err) < 0) {
				ck_warn_error(&err);
				rc = CK_EXIT_TROUBLE;
			}
			if (fp != stdin)
				fclose(fp);
		}
	}
	ck_audit_free(a);
	json_decref(tmpl);
	ck_buf_release(&e.lines);
	if (e.out != stdout && fclose(e.out) != 0)
		rc = CK_EXIT_TROUBLE;
	sub_opts_release(&so);
	return rc;
}

static int64_t
mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int
log_one(const char *dir, json_t *ev, FILE *out, struct ck_error *err)
{
	char *line = NULL;

	if (ck_audit_append_one(dir, ev, &line, err) < 0)
		return -1;
	if (out != NULL) {
		fprintf(out, "%s\n", line);
		fflush(out);
	}
	free(line);
	return 0;
}

int
cmd_run(int argc, char **argv)
{
	struct event_flags f = { 0 };
	struct sub_opts so;
	struct ck_error err;
	json_t *start, *end, *data;
	const char *user = ck_audit_actor();
	const char *cmd;
	int64_t t0;
	pid_t pid;
	int c, status, rc;
	FILE *out;

	ck_error_clear(&err);
	sub_opts_init(&so, run_options, run_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (!event_flag(&f, c, optarg))
			ck_usage_error("unexpected option");
	}
	if (f.log == NULL)
		ck_usage_error("--log DIR is required");
	if (f.action == NULL)
		ck_usage_error("--action is required");
	if (f.outcome != NULL)
		ck_usage_error("run records the outcome itself; no --outcome");
	if (optind >= argc)
		ck_usage_error("no COMMAND given (after --)");
	/* Events go to -o FILE only: the command owns standard output. */
	out = so.common.output ? ck_open_output(so.common.output) : NULL;
	cmd = argv[optind];
	start = flags_event(&f, user);
	data = json_object_get(start, "data");
	if (data == NULL) {
		data = json_object();
		json_object_set_new(start, "data", data);
	}
	/* The program, not its arguments: they may carry PHI. */
	json_object_set_new(data, "command", json_string(cmd));
	end = json_deep_copy(start);
	json_object_set_new(start, "outcome", json_string("started"));
	if (log_one(f.log, start, out, &err) < 0) {
		ck_warn_error(&err);
		ck_warn("not running %s: the audit log cannot be written", cmd);
		json_decref(start);
		json_decref(end);
		if (out != NULL)
			fclose(out);
		sub_opts_release(&so);
		return CK_EXIT_TROUBLE;
	}
	t0 = mono_ms();
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
		execvp(cmd, argv + optind);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid < 0) {
		status = -1;
		json_object_set_new(json_object_get(end, "data"), "error",
				    json_string("cannot fork"));
	} else {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	json_object_set_new(end, "duration_ms",
			    json_integer((json_int_t)(mono_ms() - t0)));
	data = json_object_get(end, "data");
	if (pid > 0 && WIFEXITED(status)) {
		rc = WEXITSTATUS(status);
		json_object_set_new(data, "exit_status", json_integer(rc));
	} else if (pid > 0 && WIFSIGNALED(status)) {
		rc = 128 + WTERMSIG(status);
		json_object_set_new(data, "signal",
				    json_integer(WTERMSIG(status)));
	} else {
		rc = CK_EXIT_TROUBLE;
	}
	json_object_set_new(end, "outcome",
			    json_string(rc == 0 ? "success" : "failure"));
	if (log_one(f.log, end, out, &err) < 0) {
		ck_warn_error(&err);
		ck_warn("%s ran, but its outcome could not be logged", cmd);
		rc = CK_EXIT_TROUBLE;
	}
	json_decref(start);
	json_decref(end);
	if (out != NULL && fclose(out) != 0)
		rc = CK_EXIT_TROUBLE;
	sub_opts_release(&so);
	return rc;
}
