/* status.c -- status (versions and the objects using each), destroy and
 * history. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/cli.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "common/walk.h"
#include "keyrot/keyrot.h"

int kr_is_temp(const char *path);

static int
walk_err(const struct ck_error *err, void *arg)
{
	(*(int *)arg)++;
	ck_warn_error(err);
	return 0;
}

/* Counts the objects under c->argv per key version (counts[i] for
 * c->kr.v[i]); objects of versions not in the keyring go to *unknown. */
static int
count_objects(struct kr_ctx *c, char **paths, int n, int64_t *counts,
	      int64_t *unknown)
{
	struct ck_walk_opts wo;
	struct ck_walk_list l = { NULL, 0 };
	int errors = 0;

	ck_walk_opts_default(&wo);
	wo.archives = 0;
	wo.decompress = 0;
	ck_walk_expand((const char *const *)paths, (size_t)n, &wo, &l,
		       walk_err, &errors);
	for (size_t i = 0; i < l.n; i++) {
		unsigned char raw[KR_HDR_LEN];
		struct kr_header h;
		struct ck_error err;
		struct kr_version *v;
		ssize_t got;
		int fd;

		if (strcmp(l.paths[i], "-") == 0 || kr_is_temp(l.paths[i]))
			continue;
		fd = open(l.paths[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ck_warn_errno(errno, "cannot open %s", l.paths[i]);
			errors++;
			continue;
		}
		got = read(fd, raw, sizeof(raw));
		close(fd);
		if (got < 6 || !kr_is_envelope(raw, (size_t)got))
			continue;
		if (kr_header_parse(raw, (size_t)got, &h, &err) < 0) {
			ck_warn("%s: %s", l.paths[i], err.msg);
			errors++;
			continue;
		}
		v = kr_keyring_find(&c->kr, h.version);
		if (v == NULL)
			(*unknown)++;
		else
			counts[v - c->kr.v]++;
	}
	ck_walk_list_free(&l);
	return errors;
}

static void
fmt_time(const struct ck_time *t, char out[CK_TIME_LEN])
{
	if (t->sec == 0)
		strcpy(out, "-");
	else
		ck_time_format(t, out);
}

int
kr_cmd_status(struct kr_ctx *c)
{
	int64_t *counts, unknown = 0;
	int errors = 0;
	struct ck_error err;

	if (kr_open(c, 0) < 0)
		return CK_EXIT_TROUBLE;
	counts = calloc(c->kr.n, sizeof(*counts));
	if (counts == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	if (c->argc > 0)
		errors = count_objects(c, c->argv, c->argc, counts, &unknown);
	if (c->format == KR_TEXT)
		fprintf(c->out, "%-7s  %-9s  %-27s  %-27s  %s%s\n", "VERSION",
			"STATE", "CREATED", "DEACTIVATED", c->argc > 0 ?
			"RETIRED/DESTROYED          " : "RETIRED/DESTROYED",
			c->argc > 0 ? "  OBJECTS" : "");
	for (size_t i = c->kr.n; i-- > 0;) {
		const struct kr_version *v = &c->kr.v[i];
		char cr[CK_TIME_LEN], de[CK_TIME_LEN], end[CK_TIME_LEN];
		struct ck_time retire_after = v->deactivated;

		fmt_time(&v->created, cr);
		fmt_time(&v->deactivated, de);
		fmt_time(v->state == KR_DESTROYED ? &v->destroyed :
			 &v->retired, end);
		if (c->format == KR_TEXT) {
			fprintf(c->out, "%-7u  %-9s  %-27s  %-27s  %-*s", v->id,
				kr_state_name(v->state), cr, de,
				c->argc > 0 ? 27 : 0, end);
			if (c->argc > 0)
				fprintf(c->out, "  %lld", (long long)counts[i]);
			fputc('\n', c->out);
		} else {
			json_t *o = json_pack("{s:I, s:s, s:s}", "version",
					      (json_int_t)v->id, "state",
					      kr_state_name(v->state),
					      "created", cr);

			if (v->deactivated.sec != 0) {
				char ra[CK_TIME_LEN];

				json_object_set_new(o, "deactivated",
						    json_string(de));
				retire_after.sec += (int64_t)
					c->kr.retention_days * 86400;
				ck_time_format(&retire_after, ra);
				json_object_set_new(o, "retire_after",
						    json_string(ra));
			}
			if (v->retired.sec != 0) {
				fmt_time(&v->retired, end);
				json_object_set_new(o, "retired",
						    json_string(end));
			}
			if (v->destroyed.sec != 0) {
				fmt_time(&v->destroyed, end);
				json_object_set_new(o, "destroyed",
						    json_string(end));
			}
			if (c->argc > 0)
				json_object_set_new(o, "objects",
						    json_integer(counts[i]));
			if (ck_jsonl_write(c->out, o, &err) < 0) {
				ck_warn_error(&err);
				errors++;
			}
			json_decref(o);
		}
	}
	if (unknown > 0) {
		ck_warn("%lld objects use key versions not in this keyring",
			(long long)unknown);
		errors++;
	}
	free(counts);
	return errors > 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
}

int
kr_cmd_destroy(struct kr_ctx *c)
{
	struct kr_version *v;
	int64_t *counts, unknown = 0;
	char *end;
	unsigned long id;
	size_t idx;
	int errors;

	errno = 0;
	id = strtoul(c->argv[0], &end, 10);
	if (errno != 0 || *c->argv[0] == '\0' || *end != '\0' || id == 0 ||
	    id > UINT32_MAX)
		ck_usage_error("destroy: invalid version '%s'", c->argv[0]);
	if (kr_open(c, 1) < 0)
		return CK_EXIT_TROUBLE;
	v = kr_keyring_find(&c->kr, (uint32_t)id);
	if (v == NULL) {
		ck_warn("key version %lu is not in the keyring", id);
		return CK_EXIT_TROUBLE;
	}
	if (v->state == KR_PRIMARY) {
		ck_warn("key version %lu is the primary; rotate first", id);
		return CK_EXIT_TROUBLE;
	}
	if (v->state == KR_DESTROYED) {
		ck_warn("key version %lu is already destroyed", id);
		return CK_EXIT_TROUBLE;
	}
	idx = (size_t)(v - c->kr.v);
	counts = calloc(c->kr.n, sizeof(*counts));
	if (counts == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	errors = count_objects(c, c->argv + 1, c->argc - 1, counts, &unknown);
	if (errors > 0) {
		free(counts);
		ck_warn("not destroying key version %lu: the paths could not "
			"all be read", id);
		return CK_EXIT_TROUBLE;
	}
	if (counts[idx] > 0) {
		ck_warn("not destroying key version %lu: %lld objects under "
			"the given paths still use it (keyrot rewrap first)",
			id, (long long)counts[idx]);
		kr_record(c, "destroy", "failure", (uint32_t)id, counts[idx],
			  json_pack("{s:s}", "reason", "in use"));
		free(counts);
		return CK_EXIT_TRIP;
	}
	free(counts);
	ck_wipe(v->key, sizeof(v->key));
	v->has_key = 0;
	v->state = KR_DESTROYED;
	v->destroyed = c->now;
	if (v->retired.sec == 0)
		v->retired = c->now;
	if (kr_save(c) < 0)
		return CK_EXIT_TROUBLE;
	return kr_record(c, "destroy", "success", (uint32_t)id, 0, NULL) < 0 ?
	       CK_EXIT_TROUBLE : CK_EXIT_OK;
}

/* RFC 4180: quote a field holding a comma, quote or line break. */
static void
csv_field(FILE *fp, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else {
		fputs(s, fp);
	}
	fputs(last ? "\r\n" : ",", fp);
}

int
kr_cmd_history(struct kr_ctx *c)
{
	static const char *const cols[] = { "time", "action", "actor", "status",
					    "version", "objects" };
	struct ck_jsonl_reader *r;
	struct ck_error err;
	char *path;
	FILE *fp;
	json_t *o;
	int got, rc = CK_EXIT_OK;

	/* history needs no key: only the keyring's modes are checked */
	if (c->keyring_dir == NULL) {
		ck_warn("no keyring: give --keyring DIR or set KEYROT_KEYRING");
		return CK_EXIT_TROUBLE;
	}
	if (kr_keyring_check_modes(c->keyring_dir, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	path = kr_path_in(c->keyring_dir, "history.jsonl");
	fp = fopen(path, "r");
	if (fp == NULL) {
		ck_warn_errno(errno, "cannot open %s", path);
		free(path);
		return CK_EXIT_TROUBLE;
	}
	r = ck_jsonl_reader_new(fp, path, 0);
	if (c->format == KR_CSV)
		fputs("time,action,actor,status,version,objects\r\n", c->out);
	else if (c->format == KR_TEXT)
		fprintf(c->out, "%-27s  %-9s  %-12s  %-7s  %-7s  %s\n", "TIME",
			"ACTION", "ACTOR", "STATUS", "VERSION", "OBJECTS");
	while ((got = ck_jsonl_read(r, &o, &err)) != 0) {
		char v[6][256];

		if (got < 0) {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
			continue;
		}
		for (size_t i = 0; i < 6; i++) {
			json_t *f = json_object_get(o, cols[i]);

			if (json_is_string(f))
				snprintf(v[i], sizeof(v[i]), "%s",
					 json_string_value(f));
			else if (json_is_integer(f))
				snprintf(v[i], sizeof(v[i]), "%lld",
					 (long long)json_integer_value(f));
			else
				strcpy(v[i], c->format == KR_CSV ? "" : "-");
		}
		if (c->format == KR_JSONL) {
			if (ck_jsonl_write(c->out, o, &err) < 0) {
				ck_warn_error(&err);
				rc = CK_EXIT_TROUBLE;
			}
		} else if (c->format == KR_CSV) {
			for (size_t i = 0; i < 6; i++)
				csv_field(c->out, v[i], i == 5);
		} else {
			fprintf(c->out, "%-27s  %-9s  %-12s  %-7s  %-7s  %s\n",
				v[0], v[1], v[2], v[3], v[4], v[5]);
		}
		json_decref(o);
	}
	ck_jsonl_reader_free(r);
	fclose(fp);
	free(path);
	return rc;
}
