/* prove.c -- auditlog prove and verify-proof: an inclusion proof of one
 * event (RFC 9162 §2.1.3) an auditor checks against a signed checkpoint
 * without the log, and a consistency proof (§2.1.4) between two
 * checkpoints. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auditlog/auditlog.h"
#include "common/atomic.h"
#include "common/b64.h"
#include "common/canon.h"
#include "common/jsonl.h"

enum { OPT_LOG = CK_OPT_TOOL_BASE, OPT_SEQ, OPT_CHECKPOINT, OPT_FROM,
       OPT_KEY };

static const struct ck_opt prove_options[] = {
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" },
	{ "seq", OPT_SEQ, required_argument, "N",
	  "prove that event N is in the log" },
	{ "from", OPT_FROM, required_argument, "FILE",
	  "prove that the log grew from this older checkpoint" },
	{ "checkpoint", OPT_CHECKPOINT, required_argument, "FILE",
	  "prove against this checkpoint (default: the latest)" },
	CK_OPTS_COMMON
};

static const struct ck_opt vp_options[] = {
	{ "key", OPT_KEY, required_argument, "FILE",
	  "the log's public key file (required)" },
	{ "checkpoint", OPT_CHECKPOINT, required_argument, "FILE",
	  "check against this checkpoint instead of the proof's own" },
	CK_OPTS_COMMON
};

static void
prove_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s prove --log DIR --seq N [--checkpoint FILE]\n"
		"  or:  %s prove --log DIR --from OLD.note [--checkpoint FILE]\n"
		"Print (JSON) an inclusion proof of event N, or a consistency "
		"proof from an older\ncheckpoint, with the checkpoint it is "
		"relative to.\n\nOptions:\n", ck_progname, ck_progname);
	ck_opts_help(fp, prove_options);
}

static void
vp_usage(FILE *fp)
{
	fprintf(fp, "Usage: %s verify-proof --key PUB [--checkpoint FILE] "
		"[PROOF]\n"
		"Check a proof made by 'auditlog prove' (from PROOF or standard "
		"input) with the\nlog's public key alone.  Exit 0 when it holds, "
		"1 when it does not.\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, vp_options);
}

/* Leaf hashes 1..size: from the leaves cache when it agrees with the
 * signed root, else rebuilt from the log (and the cache rewritten). */
struct leaves_ctx {
	struct ck_buf b;
	uint64_t upto;
};

static int
collect(void *ctx, const struct scan_event *e, struct ck_error *err)
{
	struct leaves_ctx *c = ctx;

	if (ck_buf_append(&c->b, e->leaf, 32) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return e->seq >= c->upto ? 1 : 0;
}

static ck_mhash *
load_leaves(const char *dir, const struct checkpoint *cp, struct ck_error *err)
{
	char *path = ck_audit_path(dir, "leaves"), *data = NULL;
	size_t len = 0;
	ck_mhash root;
	struct leaves_ctx c = { CK_BUF_INIT, cp->size };
	struct scan_fail fail;
	struct anchor an;

	if (path == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (ck_read_file(path, SIZE_MAX / 2, &data, &len, err) == 0 &&
	    len >= cp->size * 32) {
		ck_merkle_root((const ck_mhash *)data, cp->size, root);
		if (ck_ct_equal(root, cp->root, 32)) {
			free(path);
			return (ck_mhash *)data;
		}
	}
	free(data);
	ck_error_clear(err);
	/* Rebuild: only possible when nothing was pruned. */
	if (anchor_load(dir, &an, err) < 0) {
		free(path);
		return NULL;
	}
	if (an.present) {
		anchor_release(&an);
		free(path);
		ck_error_set(err, 0, "the leaves cache is missing or stale and "
			     "events were pruned: cannot rebuild it");
		return NULL;
	}
	if (scan_log(dir, NULL, collect, &c, &fail, err) < 0 || fail.failed ||
	    c.b.len != cp->size * 32) {
		if (fail.failed)
			ck_error_set(err, 0, "%s: seq %" PRIu64 ": %s", fail.seg,
				     fail.seq, fail.msg);
		else if (err->msg[0] == '\0')
			ck_error_set(err, 0, "the log is shorter than the "
				     "checkpoint");
		ck_buf_release(&c.b);
		free(path);
		return NULL;
	}
	ck_merkle_root((const ck_mhash *)c.b.data, cp->size, root);
	if (!ck_ct_equal(root, cp->root, 32)) {
		ck_error_set(err, 0, "the log does not match the checkpoint; "
			     "run 'auditlog verify'");
		ck_buf_release(&c.b);
		free(path);
		return NULL;
	}
	{
		struct ck_error e2;

		ck_error_clear(&e2);
		(void)ck_atomic_write(path, c.b.data, c.b.len, 0644, &e2);
	}
	free(path);
	return (ck_mhash *)ck_buf_detach(&c.b, NULL);
}

static int
read_cp(const char *path, const unsigned char *pub, struct checkpoint *cp,
	struct ck_error *err)
{
	char *t;
	size_t n;
	int rc;

	if (ck_read_file(path, 65536, &t, &n, err) < 0)
		return -1;
	rc = checkpoint_parse(cp, t, n, path, pub, err);
	free(t);
	return rc;
}

/* The event of seq N as stored. */
struct find_ctx {
	uint64_t seq;
	json_t *ev;
};

static int
find_event(void *ctx, const struct scan_event *e, struct ck_error *err)
{
	struct find_ctx *f = ctx;

	if (e->seq != f->seq)
		return 0;
	f->ev = json_loadb(e->line, e->len, 0, NULL);
	return f->ev ? 1 : ck_error_set(err, ENOMEM, "out of memory");
}

static json_t *
b64_array(const ck_mhash *h, size_t n)
{
	json_t *a = json_array();
	char s[CK_B64_LEN(32) + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		ck_b64_encode(h[i], 32, s);
		json_array_append_new(a, json_string(s));
	}
	return a;
}

int
cmd_prove(int argc, char **argv)
{
	const char *log = NULL, *cpath = NULL, *from = NULL;
	struct checkpoint cp, old, *cps = NULL;
	ck_mhash *leaves = NULL, proof[CK_MERKLE_MAX_PROOF];
	struct sub_opts so;
	struct ck_error err;
	struct ck_audit *a;
	struct ck_key pub;
	size_t ncp = 0, plen;
	uint64_t seq = 0;
	json_t *out = NULL;
	int c, rc = CK_EXIT_TROUBLE;

	ck_error_clear(&err);
	memset(&cp, 0, sizeof cp);
	memset(&old, 0, sizeof old);
	memset(&pub, 0, sizeof pub);
	sub_opts_init(&so, prove_options, prove_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		switch (c) {
		case OPT_LOG: log = optarg; break;
		case OPT_CHECKPOINT: cpath = optarg; break;
		case OPT_FROM: from = optarg; break;
		case OPT_SEQ:
			seq = ck_parse_count("--seq", optarg);
			if (seq == 0)
				ck_usage_error("invalid --seq '%s'", optarg);
			break;
		default: ck_usage_error("unexpected option");
		}
	}
	if (log == NULL)
		ck_usage_error("--log DIR is required");
	if ((seq == 0) == (from == NULL))
		ck_usage_error("give one of --seq N and --from FILE");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	a = open_log_or_die(log);
	if (log_key(a, &pub, 0, &err) < 0)
		goto fail;
	if (cpath != NULL) {
		if (read_cp(cpath, pub.pub, &cp, &err) < 0)
			goto fail;
	} else {
		if (checkpoints_load(log, pub.pub, &cps, &ncp, &err) < 0)
			goto fail;
		if (ncp == 0) {
			ck_error_set(&err, 0, "%s: no checkpoint yet; run "
				     "'auditlog checkpoint --log %s'", log, log);
			goto fail;
		}
		cp = cps[ncp - 1];
		cps[ncp - 1].text = NULL;
		cps[ncp - 1].path = NULL;
	}
	if (seq > cp.size) {
		ck_error_set(&err, 0, "seq %" PRIu64 " is not covered by the "
			     "checkpoint (size %" PRIu64 "); run 'auditlog "
			     "checkpoint' first", seq, cp.size);
		goto fail;
	}
	if (from != NULL) {
		if (read_cp(from, pub.pub, &old, &err) < 0)
			goto fail;
		if (old.size > cp.size) {
			ck_error_set(&err, 0, "%s is newer than the checkpoint",
				     from);
			goto fail;
		}
	}
	leaves = load_leaves(log, &cp, &err);
	if (leaves == NULL)
		goto fail;
	if (seq != 0) {
		struct find_ctx f = { seq, NULL };
		struct scan_fail fail;
		struct anchor an;

		if (anchor_load(log, &an, &err) < 0)
			goto fail;
		if (an.present && seq <= an.seq) {
			anchor_release(&an);
			ck_error_set(&err, 0, "event %" PRIu64 " was pruned",
				     seq);
			goto fail;
		}
		c = scan_log(log, &an, find_event, &f, &fail, &err);
		anchor_release(&an);
		if (c < 0)
			goto fail;
		if (f.ev == NULL) {
			ck_error_set(&err, 0, "%s", fail.failed ? fail.msg
					  : "event not found");
			goto fail;
		}
		ck_merkle_inclusion_proof(leaves, cp.size, seq - 1, proof,
					  &plen);
		out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:o, s:s}", "kind",
				"inclusion", "seq", (json_int_t)seq,
				"leaf_index", (json_int_t)(seq - 1),
				"tree_size", (json_int_t)cp.size, "event", f.ev,
				"proof", b64_array(proof, plen), "checkpoint",
				cp.text);
	} else {
		ck_merkle_consistency_proof(leaves, old.size, cp.size, proof,
					    &plen);
		out = json_pack("{s:s, s:I, s:I, s:o, s:s, s:s}", "kind",
				"consistency", "size1", (json_int_t)old.size,
				"size2", (json_int_t)cp.size, "proof",
				b64_array(proof, plen), "checkpoint1", old.text,
				"checkpoint2", cp.text);
	}
	if (out == NULL || ck_jsonl_write(stdout, out, &err) < 0)
		goto fail;
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	json_decref(out);
	free(leaves);
	checkpoint_release(&cp);
	checkpoint_release(&old);
	checkpoints_free(cps, ncp);
	ck_key_clear(&pub);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}

static int
proof_hashes(const json_t *arr, ck_mhash *out, size_t *n)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || json_array_size(arr) > CK_MERKLE_MAX_PROOF)
		return -1;
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || ck_b64_decode(s, strlen(s), out[i], 32) != 32)
			return -1;
	}
	*n = json_array_size(arr);
	return 0;
}

/* 0 holds, 1 does not (msg says why), -1 trouble. */
static int
check_proof(const json_t *p, const unsigned char *pub, const char *extcp,
	    const char *name, char *msg, size_t mn, struct ck_error *err)
{
	const char *kind = json_string_value(json_object_get(p, "kind"));
	ck_mhash proof[CK_MERKLE_MAX_PROOF];
	struct checkpoint cp, cp1;
	size_t plen;
	int rc = 1;

	memset(&cp, 0, sizeof cp);
	memset(&cp1, 0, sizeof cp1);
	if (kind == NULL) {
		snprintf(msg, mn, "%s: not a proof (no kind)", name);
		return 1;
	}
	if (extcp != NULL) {
		if (read_cp(extcp, pub, &cp, err) < 0) {
			snprintf(msg, mn, "%s", err->msg);
			return 1;
		}
	} else {
		const char *t = json_string_value(json_object_get(
			p, strcmp(kind, "consistency") == 0 ? "checkpoint2"
							    : "checkpoint"));

		if (t == NULL) {
			snprintf(msg, mn, "%s: no checkpoint in the proof", name);
			return 1;
		}
		if (checkpoint_parse(&cp, t, strlen(t), name, pub, err) < 0) {
			snprintf(msg, mn, "%s", err->msg);
			return 1;
		}
	}
	if (proof_hashes(json_object_get(p, "proof"), proof, &plen) < 0) {
		snprintf(msg, mn, "%s: malformed proof hashes", name);
		goto out;
	}
	if (strcmp(kind, "inclusion") == 0) {
		json_t *ev = json_object_get(p, "event");
		json_t *s = json_object_get(p, "seq");
		json_t *ts = json_object_get(p, "tree_size");
		ck_mhash leaf;
		char *canon;
		size_t len;

		if (!json_is_object(ev) || !json_is_integer(s) ||
		    json_integer_value(s) < 1 ||
		    !json_equal(json_object_get(ev, "seq"), s) ||
		    !json_is_integer(ts) ||
		    (uint64_t)json_integer_value(ts) != cp.size) {
			snprintf(msg, mn, "%s: the proof's event, seq or tree "
				 "size do not match the checkpoint", name);
			goto out;
		}
		canon = ck_canon_string(ev, &len, err);
		if (canon == NULL) {
			snprintf(msg, mn, "%s: %s", name, err->msg);
			goto out;
		}
		ck_merkle_leaf_hash(canon, len, leaf);
		free(canon);
		if (ck_merkle_verify_inclusion(
			    (uint64_t)json_integer_value(s) - 1, cp.size, leaf,
			    proof, plen, cp.root) < 0) {
			snprintf(msg, mn, "%s: event %lld is not in the tree of "
				 "the checkpoint (size %" PRIu64 ")", name,
				 (long long)json_integer_value(s), cp.size);
			goto out;
		}
		snprintf(msg, mn, "ok: event %lld is in %s at size %" PRIu64,
			 (long long)json_integer_value(s), cp.origin, cp.size);
		rc = 0;
	} else if (strcmp(kind, "consistency") == 0) {
		const char *t = json_string_value(json_object_get(p,
								  "checkpoint1"));

		if (t == NULL ||
		    checkpoint_parse(&cp1, t, strlen(t), name, pub, err) < 0) {
			snprintf(msg, mn, "%s: older checkpoint: %s", name,
				 t ? err->msg : "missing");
			goto out;
		}
		if (strcmp(cp1.origin, cp.origin) != 0 ||
		    ck_merkle_verify_consistency(cp1.size, cp.size, cp1.root,
						 cp.root, proof, plen) < 0) {
			snprintf(msg, mn, "%s: the log at size %" PRIu64 " is "
				 "not an extension of the log at size %" PRIu64,
				 name, cp.size, cp1.size);
			goto out;
		}
		snprintf(msg, mn, "ok: %s at size %" PRIu64 " extends size %"
			 PRIu64, cp.origin, cp.size, cp1.size);
		rc = 0;
	} else {
		snprintf(msg, mn, "%s: unknown proof kind", name);
	}
out:
	checkpoint_release(&cp);
	checkpoint_release(&cp1);
	return rc;
}

int
cmd_verify_proof(int argc, char **argv)
{
	const char *key = NULL, *cpath = NULL, *in = "-";
	struct sub_opts so;
	struct ck_error err;
	struct ck_key pub;
	json_error_t jerr;
	json_t *p;
	char msg[1200];
	int c, rc;

	ck_error_clear(&err);
	sub_opts_init(&so, vp_options, vp_usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (c == OPT_KEY)
			key = optarg;
		else if (c == OPT_CHECKPOINT)
			cpath = optarg;
		else
			ck_usage_error("unexpected option");
	}
	if (key == NULL)
		ck_usage_error("--key FILE (the log's public key) is required");
	if (argc - optind > 1)
		ck_usage_error("one PROOF at a time");
	if (optind < argc)
		in = argv[optind];
	if (ck_key_load(&pub, key, 0, &err) < 0) {
		ck_warn_error(&err);
		sub_opts_release(&so);
		return CK_EXIT_TROUBLE;
	}
	p = strcmp(in, "-") == 0
		    ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
		    : json_load_file(in, JSON_REJECT_DUPLICATES, &jerr);
	if (p == NULL || !json_is_object(p)) {
		if (p == NULL)
			ck_warn("%s:%d: %s", strcmp(in, "-") ? in : "<stdin>",
				jerr.line, jerr.text);
		else
			ck_warn("%s: not a proof", in);
		json_decref(p);
		ck_key_clear(&pub);
		sub_opts_release(&so);
		return CK_EXIT_TROUBLE;
	}
	rc = check_proof(p, pub.pub, cpath, strcmp(in, "-") ? in : "<stdin>",
			 msg, sizeof msg, &err);
	if (rc == 0) {
		printf("%s\n", msg);
		rc = fflush(stdout) == 0 ? CK_EXIT_OK : CK_EXIT_TROUBLE;
	} else {
		ck_warn("%s", msg);
		rc = CK_EXIT_TRIP;
	}
	json_decref(p);
	ck_key_clear(&pub);
	sub_opts_release(&so);
	return rc;
}
