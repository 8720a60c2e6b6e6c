/* retain.c -- auditlog archive and prune: retention of closed segments.
 *
 * archive compresses closed segments with zstd in place (NAME.jsonl.zst),
 * where verify, query and report still read them.  prune removes whole
 * segments past retention, oldest first, and first appends a signed
 * log_prune event carrying the removed prefix's Merkle root and compact
 * range (RFC 9162 frontier) and the hash of its last event, which
 * anchor.json repeats: verification then starts from the anchor and
 * still covers every kept event, and the removal is itself audited. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "auditlog/auditlog.h"
#include "common/atomic.h"
#include "common/b64.h"
#include "common/canon.h"
#include "common/jsonl.h"
#include "common/timefmt.h"

enum { OPT_LOG = CK_OPT_TOOL_BASE, OPT_OLDER, OPT_RETAIN, OPT_ACTOR };

static const struct ck_opt archive_options[] = {
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" },
	{ "older-than", OPT_OLDER, required_argument, "AGE",
	  "compress closed segments whose last event is older (e.g. 1y)" },
	CK_OPTS_COMMON
};

static const struct ck_opt prune_options[] = {
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" },
	{ "retain", OPT_RETAIN, required_argument, "AGE",
	  "keep events younger than AGE (e.g. 7y); remove older segments" },
	{ "actor", OPT_ACTOR, required_argument, "ID",
	  "who prunes (default: $USER)" },
	CK_OPTS_COMMON
};

static void
archive_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s archive --log DIR --older-than AGE\n"
		"Compress closed segments whose last event is older than AGE "
		"with zstd; they\nstay verifiable and queryable in place.  "
		"Prints each archived segment.\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, archive_options);
}

static void
prune_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s prune --log DIR --retain AGE\n"
		"Remove whole closed segments whose events are all older than "
		"AGE, after a full\nverify, and record that as a signed "
		"log_prune event (printed).\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, prune_options);
}

/* Time (µs) of the last event of segment s, or -1. */
static int64_t
seg_last_time(const struct ck_audit_seg *s, struct ck_error *err)
{
	char *d;
	size_t n, i;
	int64_t t = -1;
	json_t *ev;

	if (ck_audit_seg_read(s, &d, &n, err) < 0)
		return -2;
	if (n > 0 && d[n - 1] == '\n') {
		for (i = n - 1; i > 0 && d[i - 1] != '\n'; i--)
			;
		ev = json_loadb(d + i, n - 1 - i, 0, NULL);
		t = event_time_us(ev);
		json_decref(ev);
	}
	free(d);
	return t;
}

static const char *
base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int
compress_seg(const struct ck_audit_seg *s, size_t *in, size_t *outn,
	     struct ck_error *err)
{
	char *d = NULL, *z = NULL, *back = NULL, *zpath = NULL;
	size_t n, cap, zn, bn;
	struct ck_audit_seg zs;
	int rc = -1;

	if (ck_audit_seg_read(s, &d, &n, err) < 0)
		return -1;
	cap = ZSTD_compressBound(n);
	z = malloc(cap ? cap : 1);
	zpath = malloc(strlen(s->path) + 5);
	if (z == NULL || zpath == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	zn = ZSTD_compress(z, cap, d, n, 9);
	if (ZSTD_isError(zn)) {
		ck_error_set(err, 0, "%s: %s", s->path, ZSTD_getErrorName(zn));
		goto out;
	}
	sprintf(zpath, "%s.zst", s->path);
	if (ck_atomic_write(zpath, z, zn, 0644, err) < 0)
		goto out;
	/* Read it back before the original goes: an archive that does not
	 * give back the same bytes must never replace the segment. */
	zs.path = zpath;
	zs.first = s->first;
	zs.zst = 1;
	if (ck_audit_seg_read(&zs, &back, &bn, err) < 0 || bn != n ||
	    memcmp(back, d, n) != 0) {
		unlink(zpath);
		if (err->msg[0] == '\0')
			ck_error_set(err, 0, "%s: archive does not read back",
				     zpath);
		goto out;
	}
	if (unlink(s->path) < 0) {
		ck_error_set(err, errno, "cannot remove %s", s->path);
		goto out;
	}
	if (ck_fsync_parent(s->path, err) < 0)
		goto out;
	*in = n;
	*outn = zn;
	rc = 0;
out:
	free(d);
	free(z);
	free(back);
	free(zpath);
	return rc;
}

static int
parse_age(const char *opt, const char *s)
{
	int64_t v = parse_duration(s);

	if (v < 0)
		ck_usage_error("invalid %s '%s' (such as 90d or 1y)", opt, s);
	return 0;
}

int
cmd_archive(int argc, char **argv)
{
	const char *log = NULL, *older = NULL;
	struct ck_audit_seg *segs = NULL;
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	size_t nseg = 0, k, done = 0;
	json_t *names = json_array(), *ev = NULL;
	int64_t cutoff;
	int c, rc = CK_EXIT_TROUBLE;

	ck_error_clear(&err);
	sub_opts_init(&so, archive_options, archive_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (c == OPT_LOG)
			log = optarg;
		else if (c == OPT_OLDER)
			older = optarg;
		else
			ck_usage_error("unexpected option");
	}
	if (log == NULL || older == NULL)
		ck_usage_error("--log DIR and --older-than AGE are required");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	parse_age("--older-than", older);
	cutoff = now_us() - parse_duration(older) * 1000000;
	a = open_log_or_die(log);
	ck_audit_set_sync(a, CK_AUDIT_SYNC_ALWAYS);
	if (ck_audit_lock(a, 0, NULL, &err) < 0 ||
	    ck_audit_segs(log, &segs, &nseg, &err) < 0)
		goto fail;
	for (k = 0; k + 1 < nseg; k++) {	/* never the active one */
		size_t in, outn;
		int64_t t;

		if (segs[k].zst)
			continue;
		t = seg_last_time(&segs[k], &err);
		if (t == -2)
			goto fail;
		if (t < 0 || t >= cutoff)
			continue;
		if (compress_seg(&segs[k], &in, &outn, &err) < 0)
			goto fail;
		printf("archived %s (%zu -> %zu bytes)\n", base(segs[k].path),
		       in, outn);
		json_array_append_new(names, json_string(base(segs[k].path)));
		done++;
	}
	if (done > 0) {
		/* The archive itself is an audited action. */
		ev = json_pack("{s:{s:s}, s:s, s:s, s:{s:O, s:s}}", "actor", "id",
			       ck_audit_actor(), "action",
			       "log_archive", "outcome", "success", "data",
			       "segments", names, "older_than", older);
		if (ev == NULL || ck_audit_add(a, ev, NULL, &err) < 0 ||
		    ck_audit_commit(a, &err) < 0)
			goto fail;
	} else {
		ck_info("%s: no closed segment older than %s", log, older);
	}
	rc = fflush(stdout) == 0 ? CK_EXIT_OK : CK_EXIT_TROUBLE;
	goto out;
fail:
	ck_warn_error(&err);
out:
	json_decref(ev);
	json_decref(names);
	ck_audit_segs_free(segs, nseg);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}

/* Captures the state of the log just after event `at`. */
struct cut {
	uint64_t at;
	unsigned char hash[32];
	struct ck_merkle_frontier tree;
	int found;
};

static int
at_cut(void *ctx, const struct scan_event *e, struct ck_error *err)
{
	struct cut *c = ctx;

	(void)err;
	if (e->seq == c->at) {
		memcpy(c->hash, e->hash, 32);
		c->tree = *e->tree;
		c->found = 1;
		return 1;
	}
	return 0;
}

static json_t *
tree_json(const struct ck_merkle_frontier *f)
{
	json_t *a = json_array();
	char s[CK_B64_LEN(32) + 1];
	unsigned i;

	for (i = 0; i < f->count; i++) {
		ck_b64_encode(f->node[i], 32, s);
		json_array_append_new(a, json_string(s));
	}
	return a;
}

int
cmd_prune(int argc, char **argv)
{
	const char *log = NULL, *retain = NULL, *actor = ck_audit_actor();
	struct ck_audit_seg *segs = NULL;
	struct ck_buf line = CK_BUF_INIT;
	struct scan_fail fail;
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	struct anchor an;
	struct ck_key k;
	struct cut cut;
	size_t nseg = 0, i, n = 0, nchk;
	uint64_t size;
	int64_t cutoff;
	ck_mhash root;
	json_t *data = NULL, *ev = NULL, *names = json_array(), *anc = NULL;
	char hex[65], r64[CK_B64_LEN(32) + 1];
	int c, rc = CK_EXIT_TROUBLE;

	ck_error_clear(&err);
	memset(&k, 0, sizeof k);
	memset(&an, 0, sizeof an);
	sub_opts_init(&so, prune_options, prune_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (c == OPT_LOG)
			log = optarg;
		else if (c == OPT_RETAIN)
			retain = optarg;
		else if (c == OPT_ACTOR)
			actor = optarg;
		else
			ck_usage_error("unexpected option");
	}
	if (log == NULL || retain == NULL)
		ck_usage_error("--log DIR and --retain AGE are required");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	parse_age("--retain", retain);
	cutoff = now_us() - parse_duration(retain) * 1000000;
	a = open_log_or_die(log);
	ck_audit_set_sync(a, CK_AUDIT_SYNC_ALWAYS);
	if (log_key(a, &k, 1, &err) < 0 ||
	    ck_audit_lock(a, 0, NULL, &err) < 0 ||
	    ck_audit_segs(log, &segs, &nseg, &err) < 0 ||
	    anchor_load(log, &an, &err) < 0)
		goto fail;
	/* Whole closed segments, oldest first, all of whose events are
	 * past retention. */
	for (i = 0; i + 1 < nseg; i++) {
		int64_t t = seg_last_time(&segs[i], &err);

		if (t == -2)
			goto fail;
		if (t < 0 || t >= cutoff)
			break;
		n = i + 1;
	}
	/* segments already behind the anchor (an earlier prune cut short)
	 * are removed again below; nothing new otherwise */
	if (n == 0 || segs[n].first - 1 <= (an.present ? an.seq : 0)) {
		ck_info("%s: nothing older than %s to prune", log, retain);
		rc = CK_EXIT_OK;
		goto out;
	}
	/* Never remove evidence of tampering: the whole log must verify. */
	if (verify_log(a, NULL, NULL, ck_audit_last_seq(a), &fail, &size,
		       &nchk, root, &err) != 0) {
		if (fail.failed) {
			ck_warn("%s: seq %" PRIu64 ": %s", fail.seg[0] ? fail.seg
				: log, fail.seq, fail.msg);
			ck_warn("not pruning a log that does not verify");
			rc = CK_EXIT_TRIP;
			goto out;
		}
		goto fail;
	}
	memset(&cut, 0, sizeof cut);
	cut.at = segs[n].first - 1;
	if (scan_log(log, &an, at_cut, &cut, &fail, &err) < 0)
		goto fail;
	if (!cut.found) {
		ck_error_set(&err, 0, "event %" PRIu64 " not found", cut.at);
		goto fail;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(names, json_string(base(segs[i].path)));
	ck_hex_encode(cut.hash, 32, hex);
	ck_merkle_frontier_root(&cut.tree, root);
	ck_b64_encode(root, 32, r64);
	data = json_pack("{s:I, s:I, s:s, s:s, s:o, s:O, s:s, s:s}",
			 "first_seq", (json_int_t)(an.present ? an.seq + 1 : 1),
			 "last_seq", (json_int_t)cut.at, "last_hash", hex,
			 "root", r64, "tree", tree_json(&cut.tree), "segments",
			 names, "retain", retain, "key_id", k.id);
	{
		unsigned char sig[CK_KEY_SIG_LEN];
		char s64[CK_B64_LEN(CK_KEY_SIG_LEN) + 1], *canon;
		size_t len;

		canon = data ? ck_canon_string(data, &len, &err) : NULL;
		if (canon == NULL || ck_key_sign(&k, canon, len, sig, &err) < 0) {
			free(canon);
			goto fail;
		}
		free(canon);
		ck_b64_encode(sig, sizeof sig, s64);
		json_object_set_new(data, "sig", json_string(s64));
	}
	ev = json_pack("{s:{s:s}, s:s, s:s, s:O}", "actor", "id",
		       actor && *actor ? actor : "auditlog", "action",
		       "log_prune", "outcome", "success", "data", data);
	/* 1. the signed event, 2. the anchor, 3. the removal: a crash at
	 * any point leaves a log that verifies (the anchor is only used
	 * once it exists, and segments behind it are skipped). */
	if (ev == NULL || ck_audit_add(a, ev, &line, &err) < 0 ||
	    ck_audit_commit(a, &err) < 0)
		goto fail;
	anc = json_pack("{s:I, s:s, s:o}", "seq", (json_int_t)cut.at, "hash",
			hex, "tree", tree_json(&cut.tree));
	{
		char *txt = anc ? ck_json_compact(anc) : NULL;
		char *path = ck_audit_path(log, "anchor.json");
		int w;

		if (txt == NULL || path == NULL) {
			free(txt);
			free(path);
			ck_error_set(&err, ENOMEM, "out of memory");
			goto fail;
		}
		w = ck_atomic_write(path, txt, strlen(txt), 0644, &err);
		free(txt);
		free(path);
		if (w < 0)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		if (unlink(segs[i].path) < 0) {
			ck_error_set(&err, errno, "cannot remove %s",
				     segs[i].path);
			goto fail;
		}
	}
	if (ck_fsync_parent(segs[0].path, &err) < 0)
		goto fail;
	printf("%s\n", line.data);
	rc = fflush(stdout) == 0 ? CK_EXIT_OK : CK_EXIT_TROUBLE;
	goto out;
fail:
	ck_warn_error(&err);
out:
	json_decref(anc);
	json_decref(ev);
	json_decref(data);
	json_decref(names);
	ck_buf_release(&line);
	anchor_release(&an);
	ck_audit_segs_free(segs, nseg);
	ck_key_clear(&k);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}
