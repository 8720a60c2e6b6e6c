/* auditemit.c -- where a tool's --audit DEST sends its events: standard
 * output, an auditlog log, or a JSON Lines file (see audit.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/jsonl.h"

static int
to_stdout(const char *dest)
{
	return dest == NULL || strcmp(dest, "-") == 0;
}

int
ck_audit_dest_is_log(const char *path)
{
	struct stat st;
	char *p;
	int yes;

	if (path == NULL || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	p = ck_audit_path(path, "log.json");
	yes = p != NULL && access(p, F_OK) == 0;
	free(p);
	return yes;
}

static int
open_append(const char *path, struct ck_error *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		ck_error_set(err, errno, "cannot append");
	return fd;
}

int
ck_audit_dest_check(const char *dest, struct ck_error *err)
{
	struct stat st;
	struct ck_audit *a;
	int fd;

	if (to_stdout(dest))
		return 0;
	if (stat(dest, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* a directory must be a log: never guess a file inside it */
		a = ck_audit_open(dest, err);
		if (a == NULL)
			return -1;
		if (ck_audit_lock(a, 0, NULL, err) < 0) {
			ck_audit_free(a);
			return -1;
		}
		ck_audit_unlock(a);
		ck_audit_free(a);
		return 0;
	}
	fd = open_append(dest, err);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int
append_file(const char *path, const json_t *ev, struct ck_error *err)
{
	char *line = ck_json_compact(ev);
	size_t n;
	int fd, rc = 0;

	if (line == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	n = strlen(line);
	line[n] = '\n';	/* written as bytes, not used as a string */
	fd = open_append(path, err);
	/* one write(2) per line: concurrent appenders do not interleave */
	if (fd >= 0 && (write(fd, line, n + 1) != (ssize_t)(n + 1) ||
			fsync(fd) < 0))
		rc = ck_error_set(err, errno, "cannot append");
	if (fd < 0)
		rc = -1;
	else
		close(fd);
	free(line);
	return rc;
}

int
ck_audit_emit(const char *dest, json_t *ev, FILE *out, struct ck_error *err)
{
	if (to_stdout(dest))
		return ck_jsonl_write(out, ev, err);
	if (ck_audit_dest_is_log(dest)) {
		/* the log assigns time, seq, prev and hash and stores the
		 * event durably */
		json_object_del(ev, "time");
		return ck_audit_append_one(dest, ev, NULL, err);
	}
	return append_file(dest, ev, err);
}
