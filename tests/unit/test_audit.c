/* test_audit.c -- the audit log store: events checked, chained, stored
 * canonically; a failed write leaves nothing; the one-event client;
 * where a tool's --audit DEST sends its events. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/atomic.h"
#include "common/audit.h"
#include "common/hash.h"

static char dir[64];

static int
setup(void **state)
{
	struct ck_audit_settings s = { "test/origin", "key.sec",
				       "00000000000000000000000000000000",
				       1 << 20, 86400 };
	struct ck_error err;

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ck-audit-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	setenv("COMPLYKIT_NOW", "2026-11-22T19:41:07.123456Z", 1);
	return ck_audit_create(dir, &s, &err);
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_check_event(void **state)
{
	static const struct {
		const char *json;
		const char *msg;	/* NULL: valid */
	} cases[] = {
		{ "{\"actor\":{\"id\":\"u1\"},\"action\":\"x\"}", NULL },
		{ "{\"action\":\"x\"}", "missing actor.id" },
		{ "{\"actor\":{},\"action\":\"x\"}", "missing actor.id" },
		{ "{\"actor\":{\"id\":\"\"},\"action\":\"x\"}", "actor.id" },
		{ "{\"actor\":\"u1\",\"action\":\"x\"}", "actor is not" },
		{ "{\"actor\":{\"id\":\"u1\"}}", "missing action" },
		{ "{\"actor\":{\"id\":\"u1\"},\"action\":3}", "action is not" },
		{ "{\"actor\":{\"id\":\"u1\"},\"action\":\"x\",\"seq\":4}",
		  "'seq' is assigned" },
		{ "{\"actor\":{\"id\":\"u1\"},\"action\":\"x\",\"hash\":\"\"}",
		  "'hash' is assigned" },
		{ "{\"actor\":{\"id\":\"u1\"},\"action\":\"x\",\"phi\":"
		  "{\"score\":\"high\"}}", "phi.score" },
		{ "{\"actor\":{\"id\":\"u1\"},\"action\":\"x\",\"target\":1}",
		  "target" },
	};
	struct ck_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *v = json_loads(cases[i].json, 0, NULL);
		int rc;

		assert_non_null(v);
		ck_error_clear(&err);
		rc = ck_audit_check_event(v, &err);
		if (cases[i].msg == NULL) {
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(err.msg, cases[i].msg));
		}
		json_decref(v);
	}
}

static void
test_chain(void **state)
{
	struct ck_error err;
	unsigned char prev[32] = { 0 }, h[32];
	char *line;
	uint64_t seq;
	json_t *ev;

	(void)state;
	for (seq = 1; seq <= 3; seq++) {
		ev = json_pack("{s:{s:s}, s:s, s:{s:i}}", "actor", "id", "u1",
			       "action", "read", "phi", "score", (int)seq * 7);
		assert_int_equal(ck_audit_append_one(dir, ev, &line, &err), 0);
		json_decref(ev);
		/* the stored line checks out as event seq after prev */
		assert_int_equal(ck_audit_check_line(line, strlen(line), seq,
						     prev, h, NULL, &err), 0);
		if (seq == 1)
			assert_non_null(strstr(line, "\"prev\":\"0000000000"));
		/* canonical: keys sorted, no spaces */
		assert_non_null(strstr(line, "{\"action\":\"read\",\"actor\""));
		/* a wrong prev or seq does not */
		assert_int_equal(ck_audit_check_line(line, strlen(line),
						     seq + 1, prev, h, NULL,
						     &err), -1);
		memcpy(prev, h, 32);
		free(line);
	}
	/* hash = SHA-256(prev || canonical JSON without hash), by hand */
	{
		const char *l = "{\"action\":\"a\",\"actor\":{\"id\":\"u\"},"
				"\"prev\":\"00000000000000000000000000000000000"
				"00000000000000000000000000000\",\"seq\":1,"
				"\"time\":\"2026-11-22T19:41:07.123456Z\"}";
		unsigned char z[32] = { 0 }, d[32];
		char hex[65], full[512], *buf = malloc(32 + strlen(l));

		memcpy(buf, z, 32);
		memcpy(buf + 32, l, strlen(l));
		ck_sha256(buf, 32 + strlen(l), d);
		free(buf);
		ck_hex_encode(d, 32, hex);
		snprintf(full, sizeof full, "{\"action\":\"a\",\"actor\":"
			 "{\"id\":\"u\"},\"hash\":\"%s\",%s", hex,
			 strstr(l, "\"prev\""));
		assert_int_equal(ck_audit_check_line(full, strlen(full), 1, z,
						     h, NULL, &err), 0);
		/* one more space: not canonical any more */
		full[1] = ' ';
		assert_int_equal(ck_audit_check_line(full, strlen(full), 1, z,
						     h, NULL, &err), -1);
	}
}

/* A write that fails part-way (the file size limit, as on a full disk)
 * leaves the segment as it was: the event is wholly stored or absent. */
static void
test_failed_write(void **state)
{
	struct ck_error err;
	char *seg, *big;
	struct stat st0, st1;
	json_t *ev;
	pid_t pid;
	int status;

	(void)state;
	ev = json_pack("{s:{s:s}, s:s}", "actor", "id", "u1", "action", "a");
	assert_int_equal(ck_audit_append_one(dir, ev, NULL, &err), 0);
	json_decref(ev);
	seg = ck_audit_path(dir, "seg/00000000000000000001.jsonl");
	assert_int_equal(stat(seg, &st0), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		big = malloc(100000);
		memset(big, 'x', 99999);
		big[99999] = '\0';
		ev = json_pack("{s:{s:s}, s:s, s:{s:s}}", "actor", "id", "u1",
			       "action", "a", "data", "pad", big);
		_exit(ck_audit_append_one(dir, ev, NULL, &err) == -1 &&
		      err.errnum == EFBIG ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(stat(seg, &st1), 0);
	assert_int_equal(st1.st_size, st0.st_size);
	/* and the log goes on from where it was */
	ev = json_pack("{s:{s:s}, s:s}", "actor", "id", "u1", "action", "b");
	assert_int_equal(ck_audit_append_one(dir, ev, NULL, &err), 0);
	json_decref(ev);
	free(seg);
}

static void
test_not_a_log(void **state)
{
	struct ck_error err;
	json_t *ev = json_pack("{s:{s:s}, s:s}", "actor", "id", "u1", "action",
			       "a");

	(void)state;
	ck_error_clear(&err);
	assert_int_equal(ck_audit_append_one("/nonexistent/log", ev, NULL,
					     &err), -1);
	assert_non_null(strstr(err.msg, "not an audit log"));
	json_decref(ev);
}

/* --audit DEST: a log directory takes the event into the chain (time
 * assigned by the log), a file gets one line (0600), "-" goes to the
 * stream; a directory that is not a log is refused before acting. */
static void
test_emit(void **state)
{
	struct ck_error err;
	char path[128], notlog[128], buf[512];
	struct stat st;
	FILE *fp;
	json_t *ev;

	(void)state;
	ev = json_pack("{s:s, s:{s:s}, s:s}", "time", "2020-01-01T00:00:00Z",
		       "actor", "id", "u1", "action", "tool.act");
	assert_non_null(ev);
	assert_int_equal(ck_audit_dest_is_log(dir), 1);
	assert_int_equal(ck_audit_dest_check(dir, &err), 0);
	assert_int_equal(ck_audit_emit(dir, ev, stdout, &err), 0);
	/* the log assigned seq 1 and its own time */
	snprintf(path, sizeof path, "%s/seg/00000000000000000001.jsonl", dir);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_non_null(strstr(buf, "\"seq\":1"));
	assert_non_null(strstr(buf, "2026-11-22T19:41:07.123456Z"));
	assert_null(strstr(buf, "2020-01-01"));

	/* the event now carries what the log assigned */
	assert_non_null(json_object_get(ev, "seq"));
	json_decref(ev);
	ev = json_pack("{s:s, s:{s:s}, s:s}", "time", "2020-01-01T00:00:00Z",
		       "actor", "id", "u1", "action", "tool.act");
	assert_non_null(ev);

	/* a file: one line each, created 0600 */
	snprintf(path, sizeof path, "%s/events.jsonl", dir);
	assert_int_equal(ck_audit_dest_is_log(path), 0);
	assert_int_equal(ck_audit_dest_check(path, &err), 0);
	assert_int_equal(ck_audit_emit(path, ev, stdout, &err), 0);
	assert_int_equal(ck_audit_emit(path, ev, stdout, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	assert_string_equal(buf, "{\"time\":\"2020-01-01T00:00:00Z\","
			    "\"actor\":{\"id\":\"u1\"},\"action\":"
			    "\"tool.act\"}\n");
	assert_non_null(fgets(buf, sizeof buf, fp));
	assert_null(fgets(buf, sizeof buf, fp));
	fclose(fp);

	/* "-" or NULL: the stream */
	fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(ck_audit_dest_check("-", &err), 0);
	assert_int_equal(ck_audit_emit("-", ev, fp, &err), 0);
	assert_int_equal(ck_audit_emit(NULL, ev, fp, &err), 0);
	rewind(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	assert_non_null(strstr(buf, "\"tool.act\""));
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);

	/* a directory that is not a log, a path that cannot be made */
	snprintf(notlog, sizeof notlog, "%s/notalog", dir);
	assert_int_equal(mkdir(notlog, 0700), 0);
	ck_error_clear(&err);
	assert_int_equal(ck_audit_dest_check(notlog, &err), -1);
	assert_non_null(strstr(err.msg, "not an audit log"));
	ck_error_clear(&err);
	assert_int_equal(ck_audit_dest_check("/nonexistent/dir/x.jsonl",
					     &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	ck_error_clear(&err);
	assert_int_equal(ck_audit_emit("/nonexistent/dir/x.jsonl", ev, stdout,
				       &err), -1);
	assert_non_null(strstr(err.msg, "cannot append"));
	json_decref(ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_event),
		cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write, setup,
						teardown),
		cmocka_unit_test(test_not_a_log),
		cmocka_unit_test_setup_teardown(test_emit, setup, teardown),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
