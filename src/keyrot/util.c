/* util.c -- the master credential, opening the keyring, the retention
 * window, history and audit events. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "keyrot/keyrot.h"

int64_t
kr_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *
kr_path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *
kr_file_context(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;
	char *s;

	b = b != NULL ? b + 1 : path;
	n = strlen(b);
	if (n > 4 && strcmp(b + n - 4, ".krt") == 0)
		n -= 4;
	s = strndup(b, n);
	if (s == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	return s;
}

int
kr_get_cred(struct kr_ctx *c, int confirm)
{
	struct ck_error err;
	int rc;

	if (c->keyfile != NULL)
		rc = ck_cred_key_file(&c->cred, c->keyfile, &err);
	else if (c->passfile != NULL)
		rc = ck_cred_passphrase_file(&c->cred, c->passfile, &err);
	else if ((rc = ck_cred_key_env(&c->cred, "KEYROT_MASTER_KEY",
				       &err)) != 0)
		rc = rc < 0 ? -1 : 0;
	else if ((rc = ck_cred_prompt(&c->cred, "Master passphrase: ",
				      confirm, &err)) < 0) {
		char why[sizeof(err.msg)];

		snprintf(why, sizeof(why), "%s", err.msg);
		ck_error_set(&err, 0, "no master credential: give "
			     "--passphrase-file, --master-key-file or set "
			     "KEYROT_MASTER_KEY (%s)", why);
	}
	if (rc < 0) {
		ck_warn_error(&err);
		return -1;
	}
	return 0;
}

static int64_t
retire_at(const struct kr_ctx *c, const struct kr_version *v)
{
	return v->deactivated.sec + (int64_t)c->kr.retention_days * 86400;
}

int
kr_open(struct kr_ctx *c, int lock)
{
	struct ck_error err;
	size_t nretired = 0;

	if (ck_time_now(&c->now) < 0) {
		ck_warn("invalid COMPLYKIT_NOW");
		return -1;
	}
	if (c->keyring_dir == NULL) {
		ck_warn("no keyring: give --keyring DIR or set KEYROT_KEYRING");
		return -1;
	}
	if (kr_keyring_check_modes(c->keyring_dir, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	if (lock) {
		char *lp = kr_path_in(c->keyring_dir, ".lock");
		int rc = ck_lock_acquire(&c->lock, lp, 1, &err);

		free(lp);
		if (rc < 0) {
			ck_warn_error(&err);
			return -1;
		}
		c->locked = 1;
	}
	if (kr_get_cred(c, 0) < 0)
		return -1;
	if (kr_keyring_load(c->keyring_dir, &c->cred, &c->kr, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	/* the retention window: an active version older than it retires */
	for (size_t i = 0; i < c->kr.n; i++) {
		struct kr_version *v = &c->kr.v[i];

		if (v->state == KR_ACTIVE && c->now.sec >= retire_at(c, v)) {
			v->state = KR_RETIRED;
			v->retired = c->now;
			nretired++;
		}
	}
	if (nretired > 0 && c->locked && !c->dry_run) {
		if (kr_save(c) < 0)
			return -1;
		for (size_t i = 0; i < c->kr.n; i++)
			if (c->kr.v[i].state == KR_RETIRED &&
			    c->kr.v[i].retired.sec == c->now.sec &&
			    kr_record(c, "retire", "success", c->kr.v[i].id,
				      -1, NULL) < 0)
				return -1;
	}
	return 0;
}

void
kr_close(struct kr_ctx *c)
{
	kr_keyring_release(&c->kr);
	ck_cred_release(&c->cred);
	if (c->locked)
		ck_lock_release(&c->lock);
	c->locked = 0;
}

int
kr_save(struct kr_ctx *c)
{
	struct ck_error err;

	if (kr_keyring_save(c->keyring_dir, &c->cred, &c->kr, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	return 0;
}

const unsigned char *
kr_key_for(struct kr_ctx *c, uint32_t id, int allow_retired,
	   struct ck_error *err)
{
	struct kr_version *v = kr_keyring_find(&c->kr, id);
	char t[CK_TIME_LEN];

	if (v == NULL) {
		ck_error_set(err, 0, "key version %u is not in the keyring",
			     id);
		return NULL;
	}
	if (v->state == KR_DESTROYED || !v->has_key) {
		ck_time_format(&v->destroyed, t);
		ck_error_set(err, 0, "key version %u was destroyed (%s); the "
			     "object cannot be decrypted", id, t);
		return NULL;
	}
	if (v->state == KR_RETIRED && !allow_retired) {
		ck_time_format(&v->retired, t);
		ck_error_set(err, 0, "key version %u is retired (since %s); "
			     "'keyrot rewrap' moves the object to the primary",
			     id, t);
		return NULL;
	}
	return v->key;
}

static const char *
actor_id(void)
{
	const char *a = getenv("COMPLYKIT_ACTOR");
	struct passwd *pw;

	if (a != NULL && *a != '\0')
		return a;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "unknown";
}

static int
append_line(const char *path, json_t *o)
{
	char *line = ck_json_compact(o);
	size_t n;
	int fd, rc = 0;

	if (line == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	n = strlen(line);
	line[n] = '\n';
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	/* one write(2) per line: concurrent appenders do not interleave */
	if (fd < 0 || write(fd, line, n + 1) != (ssize_t)(n + 1) ||
	    fsync(fd) < 0) {
		ck_warn_errno(errno, "cannot append to %s", path);
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	free(line);
	return rc;
}

int
kr_record(struct kr_ctx *c, const char *action, const char *status,
	  uint32_t version, int64_t objects, json_t *data)
{
	char now[CK_TIME_LEN], act[64];
	struct ck_error err;
	json_t *h, *ev;
	char *hist;
	int rc = 0;

	ck_time_format(&c->now, now);
	h = json_pack("{s:s, s:s, s:s, s:s, s:I}", "time", now, "action",
		      action, "actor", actor_id(), "status", status, "version",
		      (json_int_t)version);
	if (h == NULL) {
		json_decref(data);
		ck_warn("out of memory");
		return -1;
	}
	if (objects >= 0)
		json_object_set_new(h, "objects", json_integer(objects));
	hist = kr_path_in(c->keyring_dir, "history.jsonl");
	if (append_line(hist, h) < 0)
		rc = -1;
	free(hist);
	json_decref(h);

	/* CONTRACT's audit event; auditlog assigns seq, prev and hash */
	snprintf(act, sizeof(act), "keyrot.%s", action);
	if (data == NULL)
		data = json_object();
	if (objects >= 0)
		json_object_set_new(data, "objects", json_integer(objects));
	ev = json_pack("{s:s, s:{s:s}, s:s, s:{s:s, s:s, s:I}, s:s, s:s, "
		       "s:I, s:o}",
		       "time", now, "actor", "id", actor_id(), "action", act,
		       "target", "type", "key_version", "keyring",
		       c->keyring_dir, "version", (json_int_t)version,
		       "outcome", status, "agent",
		       "keyrot (complykit) " PACKAGE_VERSION, "duration_ms",
		       (json_int_t)(kr_now_ms() - c->started_ms), "data",
		       data);
	if (ev == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	ck_error_clear(&err);
	if (ck_audit_emit(c->audit, ev, c->out, &err) < 0) {
		if (c->audit == NULL || strcmp(c->audit, "-") == 0)
			ck_warn_error(&err);
		else
			ck_warn("audit log %s: %s", c->audit, err.msg);
		rc = -1;
	}
	json_decref(ev);
	return rc;
}
