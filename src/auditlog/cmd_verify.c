/* cmd_verify.c -- auditlog verify, recover and checkpoint: the chain, the
 * Merkle tree, the checkpoints, and the repair of a torn tail. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auditlog/auditlog.h"
#include "common/atomic.h"
#include "common/b64.h"
#include "common/canon.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "common/timefmt.h"

enum { OPT_LOG = CK_OPT_TOOL_BASE, OPT_CHECKPOINT, OPT_KEY };

static const struct ck_opt verify_options[] = {
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" },
	{ "checkpoint", OPT_CHECKPOINT, required_argument, "FILE",
	  "also check the log against a checkpoint kept elsewhere" },
	{ "key", OPT_KEY, required_argument, "FILE",
	  "the log's public key as you hold it (default: DIR/key.pub)" },
	{ "jobs", 'j', required_argument, "N",
	  "check lines in N threads (default: one per processor)" },
	CK_OPTS_COMMON
};

static const struct ck_opt log_options[] = {
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" },
	CK_OPTS_COMMON
};

static void
verify_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s verify --log DIR [--checkpoint FILE] [--key PUB] "
		"[-j N]\n"
		"Check every event's hash chain link, the canonical form, seq "
		"without gaps, the\nMerkle root at every checkpoint and each "
		"checkpoint's signature.  Names the first\nbad event (segment, "
		"seq, byte offset) and exits 1.\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, verify_options);
}

static void
recover_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s recover --log DIR\n"
		"After a crash: cut a torn last line back to the last complete "
		"event and record\nthat as an event (printed on standard "
		"output).\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, log_options);
}

static void
checkpoint_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s checkpoint --log DIR\n"
		"Verify the log, then sign its current size and Merkle root "
		"(a C2SP signed note),\nstore it under DIR/checkpoints and "
		"print it.\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, log_options);
}

static const char *const formats[] = { "text", "jsonl", NULL };

struct vctx {
	struct checkpoint *cps;
	size_t ncp, next;	/* next checkpoint to meet */
	struct checkpoint *ext;
	size_t next_ext;
	size_t next_ext_n;
	size_t checked;
	uint64_t last;		/* stop after this seq (0: the end) */
	const struct anchor *an;
	const unsigned char *pub;
	struct scan_fail *fail;
	uint64_t seen;
	ck_mhash root;
};

/* The signed data of a prune event must match the anchor we started
 * from (RFC 9162 compact range of the removed prefix). */
static int
check_prune(struct vctx *v, const struct scan_event *e, char *msg, size_t n)
{
	json_t *data = json_object_get(e->ev, "data"), *copy, *tree, *x;
	const char *sig64 = json_string_value(json_object_get(data, "sig"));
	unsigned char sig[CK_KEY_SIG_LEN];
	struct ck_merkle_frontier f;
	struct ck_error err;
	char *canon;
	size_t len, i;
	ck_mhash r, r2;
	const char *r64;

	if (sig64 == NULL ||
	    ck_b64_decode(sig64, strlen(sig64), sig, sizeof sig) !=
		    (long)sizeof sig) {
		snprintf(msg, n, "prune event without a signature");
		return -1;
	}
	copy = json_deep_copy(data);
	json_object_del(copy, "sig");
	ck_error_clear(&err);
	canon = ck_canon_string(copy, &len, &err);
	json_decref(copy);
	if (canon == NULL || ck_key_verify(v->pub, canon, len, sig) < 0) {
		free(canon);
		snprintf(msg, n, "prune event: bad signature");
		return -1;
	}
	free(canon);
	tree = json_object_get(data, "tree");
	ck_merkle_frontier_init(&f);
	f.size = (uint64_t)json_integer_value(json_object_get(data,
							      "last_seq"));
	f.count = (unsigned)json_array_size(tree);
	if (f.count > 64) {
		snprintf(msg, n, "prune event: bad tree");
		return -1;
	}
	json_array_foreach(tree, i, x) {
		const char *s = json_string_value(x);

		if (s == NULL || ck_b64_decode(s, strlen(s), f.node[i], 32) != 32) {
			snprintf(msg, n, "prune event: bad tree");
			return -1;
		}
	}
	ck_merkle_frontier_root(&f, r);
	r64 = json_string_value(json_object_get(data, "root"));
	if (r64 == NULL || ck_b64_decode(r64, strlen(r64), r2, 32) != 32 ||
	    !ck_ct_equal(r, r2, 32)) {
		snprintf(msg, n, "prune event: root does not match its tree");
		return -1;
	}
	if (v->an->present && v->an->seq == f.size) {
		const char *h = json_string_value(json_object_get(data,
								  "last_hash"));
		char hex[65];

		ck_hex_encode(v->an->hash, 32, hex);
		if (h == NULL || strcmp(h, hex) != 0 ||
		    v->an->tree.count != f.count ||
		    memcmp(v->an->tree.node, f.node, 32 * f.count) != 0) {
			snprintf(msg, n, "anchor.json does not match the signed "
				 "prune event");
			return -1;
		}
	}
	return 0;
}

static int
check_cp(struct vctx *v, struct checkpoint *cp, const struct scan_event *e)
{
	ck_mhash r;

	ck_merkle_frontier_root(e->tree, r);
	if (!ck_ct_equal(r, cp->root, 32)) {
		char m[512];

		snprintf(m, sizeof m, "Merkle root at size %" PRIu64 " differs "
			 "from checkpoint %s", cp->size,
			 cp->path ? cp->path : "given");
		v->fail->failed = 1;
		snprintf(v->fail->seg, sizeof v->fail->seg, "%s", e->seg);
		v->fail->seq = e->seq;
		v->fail->off = e->off;
		snprintf(v->fail->msg, sizeof v->fail->msg, "%s", m);
		return 1;
	}
	v->checked++;
	return 0;
}

static int
verify_event(void *ctx, const struct scan_event *e, struct ck_error *err)
{
	struct vctx *v = ctx;
	static const char tag[] = "\"action\":\"log_prune\"";
	static const char prune[] = "\"log_prune\"";

	v->seen = e->seq;
	/* Canonical lines hold "action" at the top level once; a match
	 * inside data is told apart after parsing.  When the scan read the
	 * top-level action already, that is the answer. */
	if (e->action != NULL
	    ? e->action_len == sizeof prune - 1 &&
	      memcmp(e->action, prune, sizeof prune - 1) == 0
	    : memmem(e->line, e->len, tag, sizeof tag - 1) != NULL) {
		char m[256];
		struct scan_event pe = *e;
		int bad;

		pe.ev = json_loadb(e->line, e->len, 0, NULL);
		bad = pe.ev != NULL &&
		      strcmp(json_string_value(json_object_get(pe.ev, "action"))
			     ? json_string_value(json_object_get(pe.ev,
								 "action"))
			     : "", "log_prune") == 0 &&
		      check_prune(v, &pe, m, sizeof m) < 0;
		json_decref(pe.ev);
		if (bad) {
			v->fail->failed = 1;
			snprintf(v->fail->seg, sizeof v->fail->seg, "%s", e->seg);
			v->fail->seq = e->seq;
			v->fail->off = e->off;
			snprintf(v->fail->msg, sizeof v->fail->msg, "%s", m);
			return 1;
		}
	}
	while (v->next < v->ncp && v->cps[v->next].size <= e->seq) {
		if (v->cps[v->next].size == e->seq &&
		    check_cp(v, &v->cps[v->next], e))
			return 1;
		v->next++;
	}
	if (v->ext && v->ext->size == e->seq && check_cp(v, v->ext, e))
		return 1;
	/* The root is folded once, at the end (scan_log_tree): folding it
	 * at every event cost as many hashes as the events themselves. */
	return v->last && e->seq >= v->last ? 1 : 0;
}

int
verify_log(struct ck_audit *a, const char *keypath, struct checkpoint *ext,
	   uint64_t last,
	   struct scan_fail *fail, uint64_t *size, size_t *ncheck,
	   ck_mhash root, struct ck_error *err)
{
	const char *dir = ck_audit_dir(a);
	struct checkpoint *cps = NULL;
	struct ck_merkle_frontier tree;
	struct anchor an;
	struct ck_key pub;
	struct vctx v;
	size_t ncp = 0, i;
	int rc;

	memset(&v, 0, sizeof v);
	memset(fail, 0, sizeof *fail);
	/* An auditor's own copy of the public key beats the one in DIR,
	 * which whoever can rewrite the log can also replace. */
	if (keypath ? ck_key_load(&pub, keypath, 0, err) < 0
		    : log_key(a, &pub, 0, err) < 0)
		return -1;
	if (anchor_load(dir, &an, err) < 0)
		return -1;
	if (checkpoints_load(dir, pub.pub, &cps, &ncp, err) < 0) {
		/* A checkpoint that does not parse or verify is a failed
		 * verification, not trouble. */
		fail->failed = 1;
		snprintf(fail->msg, sizeof fail->msg, "%s", err->msg);
		anchor_release(&an);
		return 1;
	}
	v.cps = cps;
	v.ncp = ncp;
	v.ext = ext;
	v.an = &an;
	v.pub = pub.pub;
	v.fail = fail;
	v.last = last;
	if (an.present)
		v.seen = an.seq;
	/* Checkpoints of the pruned prefix: their signatures were checked
	 * on load; a root at the prune point is checked against the anchor. */
	while (v.next < ncp && an.present && cps[v.next].size <= an.seq) {
		ck_mhash r;

		ck_merkle_frontier_root(&an.tree, r);
		if (cps[v.next].size == an.seq && !ck_ct_equal(r, cps[v.next].root,
							       32)) {
			fail->failed = 1;
			snprintf(fail->msg, sizeof fail->msg, "checkpoint %s "
				 "differs from the pruned prefix's root",
				 cps[v.next].path);
			rc = 1;
			goto out;
		}
		v.next++;
		v.checked++;
	}
	rc = scan_log_tree(dir, &an, verify_event, &v, fail, &tree, err);
	if (rc < 0)
		goto out;
	/* the tree after the last event read: the anchor's, or the empty
	 * tree, when there was none */
	ck_merkle_frontier_root(&tree, v.root);
	if (fail->failed) {
		rc = 1;
		goto out;
	}
	rc = 0;
	/* A checkpoint beyond the end: events were cut off (truncation or a
	 * rollback to an older copy). */
	for (i = v.next; i < ncp && !last; i++) {
		if (cps[i].size > v.seen) {
			fail->failed = 1;
			snprintf(fail->msg, sizeof fail->msg, "checkpoint %s "
				 "covers %" PRIu64 " events but the log has "
				 "%" PRIu64 " (truncated or rolled back)",
				 cps[i].path, cps[i].size, v.seen);
			rc = 1;
			goto out;
		}
	}
	if (ext && ext->size > v.seen) {
		fail->failed = 1;
		snprintf(fail->msg, sizeof fail->msg, "the checkpoint covers "
			 "%" PRIu64 " events but the log has %" PRIu64
			 " (truncated or rolled back)", ext->size, v.seen);
		rc = 1;
		goto out;
	}
	if (ext && ext->size == 0 && v.seen > 0)
		v.checked++;
	*size = v.seen;
	*ncheck = v.checked;
	memcpy(root, v.root, 32);
out:
	checkpoints_free(cps, ncp);
	anchor_release(&an);
	ck_key_clear(&pub);
	return rc;
}

void
verify_record(const char *dir, int ok, uint64_t size, const char *what)
{
	char *path = ck_audit_path(dir, "verified.json"), tb[CK_TIME_LEN];
	struct ck_time t;
	json_t *o;
	char *s;
	struct ck_error err;

	ck_time_now(&t);
	ck_time_format(&t, tb);
	o = json_pack("{s:s, s:b, s:I, s:s}", "time", tb, "ok", ok, "size",
		      (json_int_t)size, "result", what);
	s = o ? ck_json_compact(o) : NULL;
	if (path && s && access(dir, W_OK) == 0) {
		ck_error_clear(&err);
		size_t n = strlen(s);
		s[n] = '\n';
		(void)ck_atomic_write(path, s, n + 1, 0644, &err);
	}
	free(s);
	json_decref(o);
	free(path);
}

int
cmd_verify(int argc, char **argv)
{
	struct checkpoint ext, *extp = NULL;
	const char *log = NULL, *extpath = NULL, *keypath = NULL;
	struct scan_fail fail;
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	uint64_t size = 0;
	size_t nchk = 0;
	ck_mhash root;
	FILE *out;
	int c, rc, text;

	ck_error_clear(&err);
	memset(&ext, 0, sizeof ext);
	sub_opts_init(&so, verify_options, verify_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (c == OPT_LOG)
			log = optarg;
		else if (c == OPT_CHECKPOINT)
			extpath = optarg;
		else if (c == OPT_KEY)
			keypath = optarg;
		else if (c == 'j') {
			unsigned long long j = ck_parse_count("--jobs", optarg);

			if (j == 0 || j > 64)
				ck_usage_error("invalid --jobs '%s' (1 to 64)",
					       optarg);
			scan_set_threads((int)j);
		} else
			ck_usage_error("unexpected option");
	}
	if (log == NULL)
		ck_usage_error("--log DIR is required");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	out = ck_open_output(so.common.output);
	text = ck_format_resolve(so.common.format, formats, out) == 0;
	a = open_log_or_die(log);
	if (extpath != NULL) {
		struct ck_key pub;
		char *t;
		size_t n;

		if ((keypath ? ck_key_load(&pub, keypath, 0, &err)
			     : log_key(a, &pub, 0, &err)) < 0 ||
		    ck_read_file(extpath, 65536, &t, &n, &err) < 0) {
			ck_warn_error(&err);
			ck_audit_free(a);
			sub_opts_release(&so);
			return CK_EXIT_TROUBLE;
		}
		rc = checkpoint_parse(&ext, t, n, extpath, pub.pub, &err);
		free(t);
		ck_key_clear(&pub);
		if (rc < 0) {
			ck_warn_error(&err);
			if (text)
				fprintf(out, "FAILED: %s\n", err.msg);
			ck_audit_free(a);
			sub_opts_release(&so);
			return CK_EXIT_TRIP;
		}
		if (strcmp(ext.origin, ck_audit_settings(a)->origin) != 0) {
			ck_warn("%s: checkpoint of another log (origin %s)",
				extpath, ext.origin);
			checkpoint_release(&ext);
			ck_audit_free(a);
			sub_opts_release(&so);
			return CK_EXIT_TRIP;
		}
		extp = &ext;
	}
	rc = verify_log(a, keypath, extp, 0, &fail, &size, &nchk, root, &err);
	if (rc < 0) {
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
	} else if (rc == 1) {
		if (fail.seg[0])
			ck_warn("%s: seq %" PRIu64 " (byte %lld): %s", fail.seg,
				fail.seq, (long long)fail.off, fail.msg);
		else
			ck_warn("%s", fail.msg);
		if (text) {
			fprintf(out, "FAILED");
			if (fail.seg[0])
				fprintf(out, " at seq %" PRIu64, fail.seq);
			fprintf(out, "\n");
		} else {
			json_t *o = json_pack("{s:b, s:s, s:I, s:I, s:s}", "ok",
					      0, "segment", fail.seg, "seq",
					      (json_int_t)fail.seq, "offset",
					      (json_int_t)fail.off, "error",
					      fail.msg);
			ck_jsonl_write(out, o, &err);
			json_decref(o);
		}
		verify_record(log, 0, fail.seq, fail.msg);
		rc = CK_EXIT_TRIP;
	} else {
		char r64[CK_B64_LEN(32) + 1];

		ck_b64_encode(root, 32, r64);
		if (text) {
			fprintf(out, "ok: %" PRIu64 " events, %zu checkpoint%s "
				"checked, root %s\n", size, nchk,
				nchk == 1 ? "" : "s", r64);
		} else {
			json_t *o = json_pack("{s:b, s:I, s:I, s:s}", "ok", 1,
					      "size", (json_int_t)size,
					      "checkpoints", (json_int_t)nchk,
					      "root", r64);
			ck_jsonl_write(out, o, &err);
			json_decref(o);
		}
		verify_record(log, 1, size, "ok");
		rc = CK_EXIT_OK;
	}
	if (fflush(out) != 0 || ferror(out))
		rc = CK_EXIT_TROUBLE;
	if (out != stdout)
		fclose(out);
	checkpoint_release(&ext);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}

static const char *
parse_log_only(int argc, char **argv, const struct ck_opt *table,
	       void (*usage)(FILE *), struct sub_opts *so)
{
	const char *log = NULL;
	int c;

	sub_opts_init(so, table, usage);
	while ((c = sub_getopt(so, argc, argv)) != -1) {
		if (c == OPT_LOG)
			log = optarg;
		else
			ck_usage_error("unexpected option");
	}
	if (log == NULL)
		ck_usage_error("--log DIR is required");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	return log;
}

int
cmd_recover(int argc, char **argv)
{
	struct ck_buf line = CK_BUF_INIT;
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	const char *log, *active;
	off_t torn = -1, size;
	int rc = CK_EXIT_TROUBLE;
	json_t *ev = NULL;

	ck_error_clear(&err);
	log = parse_log_only(argc, argv, log_options, recover_usage, &so);
	a = open_log_or_die(log);
	ck_audit_set_sync(a, CK_AUDIT_SYNC_ALWAYS);
	if (ck_audit_lock(a, 1, &torn, &err) < 0)
		goto fail;
	if (torn < 0) {
		ck_info("%s: nothing to recover", log);
		rc = CK_EXIT_OK;
		goto out;
	}
	active = ck_audit_active(a, &size);
	{
		unsigned char d[32];
		char hex[65], *buf = malloc((size_t)(size - torn) + 1);
		const char *base = strrchr(active, '/');
		FILE *fp = fopen(active, "rb");

		if (buf == NULL || fp == NULL || fseeko(fp, torn, SEEK_SET) < 0 ||
		    fread(buf, 1, (size_t)(size - torn), fp) !=
			    (size_t)(size - torn)) {
			if (fp)
				fclose(fp);
			free(buf);
			ck_error_set(&err, errno, "cannot read %s", active);
			goto fail;
		}
		fclose(fp);
		/* The removed bytes are kept only as their hash: a torn event
		 * may carry data that must not be copied around. */
		ck_sha256(buf, (size_t)(size - torn), d);
		free(buf);
		ck_hex_encode(d, 32, hex);
		ev = json_pack("{s:{s:s}, s:s, s:s, s:{s:s, s:I, s:I, s:s}}",
			       "actor", "id", "auditlog", "action",
			       "log_recover", "outcome", "success", "data",
			       "segment", base ? base + 1 : active, "offset",
			       (json_int_t)torn, "bytes_removed",
			       (json_int_t)(size - torn), "removed_sha256", hex);
	}
	if (ev == NULL || ck_audit_cut_torn(a, torn, &err) < 0 ||
	    ck_audit_add(a, ev, &line, &err) < 0 ||
	    ck_audit_commit(a, &err) < 0)
		goto fail;
	printf("%s\n", line.data);
	if (fflush(stdout) != 0)
		goto out;
	ck_info("%s: cut a torn line of %lld bytes at byte %lld", log,
		(long long)(size - torn), (long long)torn);
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	json_decref(ev);
	ck_buf_release(&line);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}

int
cmd_checkpoint(int argc, char **argv)
{
	struct scan_fail fail;
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	struct ck_key k;
	const char *log;
	uint64_t last, size = 0;
	size_t nchk;
	ck_mhash root;
	char *note = NULL;
	int rc = CK_EXIT_TROUBLE, r;

	ck_error_clear(&err);
	memset(&k, 0, sizeof k);
	log = parse_log_only(argc, argv, log_options, checkpoint_usage, &so);
	a = open_log_or_die(log);
	if (log_key(a, &k, 1, &err) < 0)
		goto fail;
	/* Where the log ends now; appends that race with us come after. */
	if (ck_audit_lock(a, 0, NULL, &err) < 0)
		goto fail;
	last = ck_audit_last_seq(a);
	ck_audit_unlock(a);
	if (last == 0) {
		ck_error_set(&err, 0, "%s: the log is empty", log);
		goto fail;
	}
	r = verify_log(a, NULL, NULL, last, &fail, &size, &nchk, root, &err);
	if (r < 0)
		goto fail;
	if (r == 1 || size != last) {
		ck_warn("%s: seq %" PRIu64 ": %s", fail.seg[0] ? fail.seg : log,
			fail.seq, fail.failed ? fail.msg : "log ended early");
		ck_warn("not signing a log that does not verify");
		rc = CK_EXIT_TRIP;
		goto out;
	}
	if (checkpoint_write(a, &k, size, root, &note, &err) < 0)
		goto fail;
	fputs(note, stdout);
	rc = fflush(stdout) == 0 ? CK_EXIT_OK : CK_EXIT_TROUBLE;
	goto out;
fail:
	ck_warn_error(&err);
out:
	free(note);
	ck_key_clear(&k);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}
