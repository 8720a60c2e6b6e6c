/* main.c -- phiscan: find protected health information in files,
 * archives, standard input, JSON Lines records and the git index.
 *
 * Options, the choice of mode and the exit status live here; the modes
 * are in jobs.c (files), record.c (JSON Lines) and staged.c (git index).
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#ifdef HAVE_HYPERSCAN
#include <hs.h>
#endif

#include "common/cli.h"
#include "common/err.h"
#include "common/jsonl.h"
#include "common/walk.h"
#include "phiscan/cli.h"
#include "common/phi/phi.h"

enum {
	OPT_FAIL_ON = CK_OPT_TOOL_BASE, OPT_JSONL, OPT_FIELD, OPT_STAGED,
	OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_NO_CONFIG, OPT_LIST_RULES,
	OPT_BASELINE, OPT_BASELINE_WRITE, OPT_FP_KEY, OPT_SHOW_MATCH,
	OPT_BINARY, OPT_COLOR, OPT_MAX_MEMBER, OPT_MAX_TOTAL, OPT_MAX_RATIO,
	OPT_MAX_DEPTH, OPT_MAX_ENTRIES, OPT_AUDIT, OPT_ACTOR, OPT_OVERRIDE
};

static struct ck_opt options[] = {
	{ "fail-on", OPT_FAIL_ON, required_argument, "LEVEL",
	  "gate: high, medium, low, any (default) or never" },
	{ "jobs", 'j', required_argument, "N",
	  "scan N files at a time (default: all cores)" },
	{ "staged", OPT_STAGED, no_argument, NULL,
	  "scan what git commit would record (the index)" },
	{ "jsonl", OPT_JSONL, no_argument, NULL,
	  "record mode: add \"phi\" to JSON Lines records" },
	{ "field", OPT_FIELD, required_argument, "NAME",
	  "record mode: field to scan (default: text)" },
	{ "rules", OPT_RULES, required_argument, "FILE",
	  "add a YAML rule pack (repeatable)" },
	{ "no-default-rules", OPT_NO_DEFAULT_RULES, no_argument, NULL,
	  "do not load the bundled rule packs" },
	{ "no-config", OPT_NO_CONFIG, no_argument, NULL,
	  "ignore .complykit.yaml files" },
	{ "list-rules", OPT_LIST_RULES, no_argument, NULL,
	  "list the rules in force and exit" },
	{ "baseline", OPT_BASELINE, required_argument, "FILE",
	  "suppress findings whose fingerprints FILE lists" },
	{ "baseline-write", OPT_BASELINE_WRITE, required_argument, "FILE",
	  "accept all findings: write them to FILE" },
	{ "fingerprint-key", OPT_FP_KEY, required_argument, "FILE",
	  "key file of the HMAC fingerprints" },
	{ "show-match", OPT_SHOW_MATCH, no_argument, NULL,
	  "show matched values (PHI), not masked ones" },
	{ "binary", OPT_BINARY, no_argument, NULL,
	  "scan binary files too (default: skip them)" },
	{ "follow", 'L', no_argument, NULL,
	  "follow symbolic links inside directories" },
	{ "color", OPT_COLOR, required_argument, "WHEN",
	  "colour text: auto (default), always, never" },
	{ "audit", OPT_AUDIT, required_argument, "DIR",
	  "append one event per document to the auditlog log DIR" },
	{ "actor", OPT_ACTOR, required_argument, "ID",
	  "actor.id of audit events (default: $COMPLYKIT_ACTOR or user)" },
	{ "override", OPT_OVERRIDE, required_argument, "REASON",
	  "let a tripped gate pass, recorded as a high-risk event" },
	{ "max-member", OPT_MAX_MEMBER, required_argument, "SIZE",
	  "largest decompressed archive member (default: 1G)" },
	{ "max-total", OPT_MAX_TOTAL, required_argument, "SIZE",
	  "most one archive may expand to (default: 8G)" },
	{ "max-ratio", OPT_MAX_RATIO, required_argument, "N",
	  "expansion ratio of a zip bomb (default: 1000)" },
	{ "max-depth", OPT_MAX_DEPTH, required_argument, "N",
	  "archives within archives to open (default: 2)" },
	{ "max-entries", OPT_MAX_ENTRIES, required_argument, "N",
	  "members one archive may hold (default: 1000000)" },
	CK_OPTS_COMMON
};

static void
usage(FILE *fp)
{
	fprintf(fp,
		"Usage: %s [OPTION]... [PATH]...\n"
		"  or:  %s --staged [OPTION]... [PATHSPEC]...\n"
		"  or:  %s --jsonl [--field NAME] [OPTION]... [FILE]...\n"
		"Find protected health information (PHI) in files, "
		"directories, archives\n"
		"(zip, tar, tar.gz, tar.zst, .gz, .zst), standard input "
		"and JSON Lines records.\n"
		"With no PATH, or when PATH is -, read standard input.\n\n"
		"Options:\n", ck_progname, ck_progname, ck_progname);
	ck_opts_help(fp, options);
	fprintf(fp,
		"\nExit status: 0 if no document trips --fail-on, 1 if one "
		"does, 2 on any error.\n"
		"Findings show masked excerpts; see phiscan(1).\n");
}

static void
version_extra(FILE *fp)
{
	char pcre[64] = "?";
	uint32_t jit = 0;

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	fprintf(fp, "matching: PCRE2 %s%s", pcre, jit ? " (JIT)" : "");
#ifdef HAVE_HYPERSCAN
	fprintf(fp, ", Hyperscan %s", hs_version());
#endif
	fputc('\n', fp);
}

static int
parse_fail_on(const char *s)
{
	int c;

	if (strcmp(s, "any") == 0)
		return PHI_FAIL_ANY;
	if (strcmp(s, "never") == 0)
		return PHI_FAIL_NEVER;
	c = phi_conf_parse(s);
	if (c < 0)
		ck_usage_error("invalid --fail-on '%s' (choose from high, "
			       "medium, low, any, never)", s);
	return c;
}

static int
list_rules(struct phi_run *r)
{
	const struct phi_rule_info *ri;
	struct ck_error err;
	char *cfg = NULL;
	size_t i, n;
	int e;

	ck_error_clear(&err);
	if (!r->no_config)
		cfg = phi_config_find(".");
	e = phi_engines_get(r->engines, cfg, &err);
	free(cfg);
	if (e < 0) {
		ck_warn_error(&err);
		return -1;
	}
	n = phi_engine_rules(phi_engines_at(r->engines, e), &ri);
	for (i = 0; i < n; i++) {
		if (r->format == PHI_FMT_TEXT) {
			fprintf(r->out, "%-28s %-12s %3d %-6s %s\n", ri[i].id,
				phi_type_name(ri[i].type), ri[i].weight,
				phi_conf_name(ri[i].conf),
				ri[i].description ? ri[i].description : "");
			continue;
		}
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "id",
				      ri[i].id, "type",
				      phi_type_name(ri[i].type), "weight",
				      ri[i].weight, "confidence",
				      phi_conf_name(ri[i].conf), "description",
				      ri[i].description ? ri[i].description
							: "");
		char *txt = o ? ck_json_compact(o) : NULL;

		json_decref(o);
		if (txt == NULL)
			return -1;
		fprintf(r->out, "%s\n", txt);
		free(txt);
	}
	return fflush(r->out) == 0 ? 0 : -1;
}

/* Reads the start of standard input: up to the end of its first line
 * (bounded), to tell JSON Lines from a document. */
static char *
peek_stdin(size_t *len)
{
	size_t cap = 65536, n = 0, max = 1u << 20;
	char *buf = malloc(cap), *nb;
	ssize_t got;

	if (buf == NULL)
		return NULL;
	while (n < max) {
		if (n == cap) {
			nb = realloc(buf, cap *= 2);
			if (nb == NULL)
				break;
			buf = nb;
		}
		got = read(STDIN_FILENO, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (memchr(buf + n, '\n', (size_t)got) != NULL) {
			n += (size_t)got;
			break;
		}
		n += (size_t)got;
	}
	*len = n;
	return buf;
}

/* JSON Lines if the first non-blank line is a whole JSON object. */
static int
looks_like_jsonl(const char *p, size_t n)
{
	const char *nl;
	json_t *o;
	int yes;

	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	if (n == 0 || *p != '{')
		return 0;
	nl = memchr(p, '\n', n);
	if (nl == NULL)
		return 0;
	o = json_loadb(p, (size_t)(nl - p), 0, NULL);
	yes = json_is_object(o);
	json_decref(o);
	return yes;
}

int
main(int argc, char **argv)
{
	static const char *const formats[] = { "text", "jsonl", "sarif", NULL };
	struct ck_common common = { NULL, NULL };
	struct ck_opts_built built;
	struct phi_run r;
	struct ck_error err;
	const char **rules = NULL, *color = "auto";
	const char *baseline = NULL, *bwrite = NULL, *fpkey = NULL;
	const char *audit = NULL, *override = NULL;
	size_t nrules = 0, i, n;
	int opt, record = 0, staged = 0, listr = 0, no_default = 0, rc = 0;
	long cores;

	ck_set_progname(argv[0]);
	ck_version_extra = version_extra;
	for (i = 0; options[i].name != NULL; i++)
		if (options[i].key == CK_OPT_FORMAT)
			options[i].help = "text, jsonl or sarif (default: text "
					  "on a terminal)";
	memset(&r, 0, sizeof(r));
	ck_error_clear(&err);
	r.fail_on = PHI_FAIL_ANY;
	r.field = "text";
	ck_walk_opts_default(&r.walk);
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	r.jobs = cores > 0 ? cores : 1;
	rules = calloc((size_t)argc + 1, sizeof(*rules));
	if (rules == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");

	ck_opts_build(options, &built);
	while ((opt = ck_getopt(argc, argv, &built)) != -1) {
		if (ck_opts_common(opt, optarg, &common, usage))
			continue;
		switch (opt) {
		case OPT_FAIL_ON: r.fail_on = parse_fail_on(optarg); break;
		case 'j':
			r.jobs = (long)ck_parse_count("--jobs", optarg);
			if (r.jobs < 1 || r.jobs > 1024)
				ck_usage_error("--jobs must be 1 to 1024");
			break;
		case OPT_STAGED: staged = 1; break;
		case OPT_JSONL: record = 1; break;
		case OPT_FIELD: r.field = optarg; break;
		case OPT_RULES: rules[nrules++] = optarg; break;
		case OPT_NO_DEFAULT_RULES: no_default = 1; break;
		case OPT_NO_CONFIG: r.no_config = 1; break;
		case OPT_LIST_RULES: listr = 1; break;
		case OPT_BASELINE: baseline = optarg; break;
		case OPT_BASELINE_WRITE: bwrite = optarg; break;
		case OPT_FP_KEY: fpkey = optarg; break;
		case OPT_SHOW_MATCH: r.show_match = 1; break;
		case OPT_BINARY: r.binary = 1; break;
		case 'L': r.walk.follow_symlinks = 1; break;
		case OPT_COLOR: color = optarg; break;
		case OPT_AUDIT: audit = optarg; break;
		case OPT_ACTOR: r.actor = optarg; break;
		case OPT_OVERRIDE: override = optarg; break;
		case OPT_MAX_MEMBER:
			r.walk.limits.max_member = ck_parse_size(
				"--max-member", optarg);
			break;
		case OPT_MAX_TOTAL:
			r.walk.limits.max_total = ck_parse_size(
				"--max-total", optarg);
			break;
		case OPT_MAX_RATIO:
			r.walk.limits.max_ratio = (uint32_t)ck_parse_count(
				"--max-ratio", optarg);
			break;
		case OPT_MAX_DEPTH:
			r.walk.limits.max_depth = (uint32_t)ck_parse_count(
				"--max-depth", optarg);
			break;
		case OPT_MAX_ENTRIES:
			r.walk.limits.max_entries = (uint32_t)ck_parse_count(
				"--max-entries", optarg);
			break;
		default:
			ck_usage_error("unhandled option");
		}
	}
	ck_opts_release(&built);
	argv += optind;
	n = (size_t)(argc - optind);

	if (staged && record)
		ck_usage_error("--staged and --jsonl do not go together");
	if (override != NULL && audit == NULL)
		ck_usage_error("--override must be on record: give --audit DIR");
	if (override != NULL && *override == '\0')
		ck_usage_error("--override needs a reason");
	if (r.actor != NULL && *r.actor == '\0')
		ck_usage_error("--actor needs an id");
	if (*r.field == '\0')
		ck_usage_error("--field needs a name");
	if (strcmp(color, "auto") && strcmp(color, "always") &&
	    strcmp(color, "never"))
		ck_usage_error("invalid --color '%s' (choose from auto, "
			       "always, never)", color);
	r.out = ck_open_output(common.output);
	r.format = ck_format_resolve(common.format, formats, r.out);
	if (record && r.format != PHI_FMT_JSONL) {
		if (common.format != NULL)
			ck_usage_error("record mode writes JSON Lines: use "
				       "--format jsonl or leave it out");
		r.format = PHI_FMT_JSONL;
	}
	if (strcmp(color, "always") == 0)
		r.color = r.format == PHI_FMT_TEXT;
	else if (strcmp(color, "auto") == 0) {
		const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");

		r.color = r.format == PHI_FMT_TEXT && isatty(fileno(r.out)) &&
			  (nc == NULL || *nc == '\0') &&
			  (term == NULL || strcmp(term, "dumb") != 0);
	}

	r.engines = phi_engines_new(ck_datadir(), rules, nrules, no_default);
	if (r.engines == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");
	if (listr) {
		rc = list_rules(&r) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
		goto done;
	}
	if (phi_key_load(&r.key, fpkey, baseline || bwrite, &err) < 0) {
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
		goto done;
	}
	if (baseline != NULL &&
	    (r.baseline = phi_baseline_load(baseline, &r.key, &err)) == NULL) {
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
		goto done;
	}
	if (bwrite != NULL) {
		r.bwriter = phi_bwriter_new();
		r.baseline_accepts = 1;
		if (r.bwriter == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");
	}

	if (audit != NULL && phi_audit_open(&r, audit, &err) < 0) {
		/* Fail closed: no scan that cannot be put on record. */
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
		goto done;
	}

	if (staged) {
		rc = phi_staged_run(&r, (const char *const *)argv, n);
	} else if (record) {
		rc = phi_record_run(&r, (const char *const *)argv, n, NULL, 0);
	} else if (n == 0 || (n == 1 && strcmp(argv[0], "-") == 0)) {
		size_t plen = 0;
		char *prefix = peek_stdin(&plen);

		if (prefix == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");
		if ((common.format == NULL || r.format == PHI_FMT_JSONL) &&
		    looks_like_jsonl(prefix, plen)) {
			record = 1;
			r.format = PHI_FMT_JSONL;
			rc = phi_record_run(&r, NULL, 0, prefix, plen);
		} else {
			rc = phi_stdin_run(&r, prefix, plen);
		}
		free(prefix);
	} else {
		rc = phi_jobs_run(&r, (const char *const *)argv, n);
	}
	if (!record && rc == 0 && phi_out_end(&r) < 0)
		r.write_failed = 1;
	if (rc == 0 && r.bwriter != NULL &&
	    phi_bwriter_commit(r.bwriter, bwrite, &r.key, &err) < 0) {
		ck_warn_error(&err);
		rc = -1;
	}
	if (r.write_failed)
		ck_warn("write error: %s", strerror(errno ? errno : EIO));
	if (rc < 0 || r.errors > 0 || r.write_failed || r.audit_failed) {
		rc = CK_EXIT_TROUBLE;
	} else if (r.tripped && override != NULL) {
		if (phi_audit_override(&r, override, &err) < 0) {
			ck_warn("audit log %s: %s: the override is refused",
				audit, err.msg);
			rc = CK_EXIT_TROUBLE;
		} else {
			ck_info("gate overridden and recorded in %s", audit);
			rc = CK_EXIT_OK;
		}
	} else {
		rc = r.tripped ? CK_EXIT_TRIP : CK_EXIT_OK;
	}
done:
	if (r.out != NULL && r.out != stdout && fclose(r.out) != 0) {
		ck_warn_errno(errno, "cannot write %s", common.output);
		rc = CK_EXIT_TROUBLE;
	}
	phi_audit_close(&r);
	phi_bwriter_free(r.bwriter);
	phi_baseline_free(r.baseline);
	phi_rulemap_free(r.rules);
	json_decref(r.notes);
	phi_key_release(&r.key);
	phi_engines_free(r.engines);
	free(rules);
	return rc;
}
