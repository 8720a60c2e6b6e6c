/* main.c -- phiredact: de-identify text, code and records, and reveal
 * encrypted values again for whoever holds the key.
 *
 * Options, the choice of mode and the exit status live here; the modes
 * are in files.c, record.c and reveal.c (see redact.h).
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/walk.h"
#include "phiredact/redact.h"

enum {
	OPT_POLICY = CK_OPT_TOOL_BASE, OPT_MODE, OPT_KEY, OPT_FP_KEY,
	OPT_FINDINGS, OPT_REPORT, OPT_VERIFY, OPT_FAIL_ON, OPT_JSONL,
	OPT_FIELD, OPT_SUBJECT, OPT_SUBJECT_FIELD, OPT_IN_PLACE, OPT_REVEAL,
	OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_NO_CONFIG, OPT_AUDIT, OPT_ACTOR
};

static const struct ck_opt options[] = {
	{ "policy", OPT_POLICY, required_argument, "NAME",
	  "safe-harbor (default), limited-dataset, pseudonymize or a FILE" },
	{ "mode", OPT_MODE, required_argument, "OP",
	  "one operator for every type (tag, mask, drop, pseudonym, ...)" },
	{ "key", OPT_KEY, required_argument, "FILE",
	  "secret for pseudonym, surrogate, shift, encrypt, --reveal" },
	{ "fingerprint-key", OPT_FP_KEY, required_argument, "FILE",
	  "key file of the report's HMAC fingerprints" },
	{ "findings", OPT_FINDINGS, required_argument, "FILE",
	  "redact exactly these reviewed phiscan findings" },
	{ "report", OPT_REPORT, required_argument, "FILE",
	  "write every change (never the value) to FILE" },
	{ "verify", OPT_VERIFY, no_argument, NULL,
	  "re-scan the output; exit 1 if PHI survives" },
	{ "fail-on", OPT_FAIL_ON, required_argument, "LEVEL",
	  "--verify counts findings of LEVEL and up (default: low)" },
	{ "in-place", OPT_IN_PLACE, no_argument, NULL,
	  "replace each file with its redacted copy, crash-safely" },
	{ "jsonl", OPT_JSONL, no_argument, NULL,
	  "record mode: JSON Lines in and out" },
	{ "field", OPT_FIELD, required_argument, "NAME",
	  "record mode: field to redact (repeatable; default: text)" },
	{ "subject", OPT_SUBJECT, required_argument, "ID",
	  "shift: whose dates these are (default: the file name)" },
	{ "subject-field", OPT_SUBJECT_FIELD, required_argument, "NAME",
	  "record mode: field holding the subject ID" },
	{ "reveal", OPT_REVEAL, no_argument, NULL,
	  "decrypt encrypt tokens with --key" },
	{ "audit", OPT_AUDIT, required_argument, "DIR",
	  "record each document (and --reveal) in the auditlog log DIR" },
	{ "actor", OPT_ACTOR, required_argument, "ID",
	  "actor.id of audit events (default: $COMPLYKIT_ACTOR or user)" },
	{ "rules", OPT_RULES, required_argument, "FILE",
	  "add a YAML rule pack (repeatable)" },
	{ "no-default-rules", OPT_NO_DEFAULT_RULES, no_argument, NULL,
	  "do not load the bundled rule packs" },
	{ "no-config", OPT_NO_CONFIG, no_argument, NULL,
	  "ignore .complykit.yaml files" },
	{ "follow", 'L', no_argument, NULL,
	  "follow symbolic links inside directories" },
	{ "output", 'o', required_argument, "PATH",
	  "write to FILE, or a tree to DIR (default: standard output)" },
	{ "quiet", 'q', no_argument, NULL, "print no diagnostics but errors" },
	{ "verbose", 'v', no_argument, NULL, "say more on standard error" },
	{ "help", 'h', no_argument, NULL, "show this help and exit" },
	{ "version", 'V', no_argument, NULL, "show version and libraries" },
	{ NULL, 0, 0, NULL, NULL }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
		"Usage: %s [OPTION]... [FILE]\n"
		"  or:  %s -o DIR [OPTION]... PATH...\n"
		"  or:  %s --in-place [OPTION]... PATH...\n"
		"  or:  %s --jsonl [--field NAME]... [OPTION]... [FILE]...\n"
		"  or:  %s --reveal --key FILE [--jsonl] [FILE]\n"
		"Replace protected health information (PHI) with what a "
		"policy says: a tag,\na mask, a keyed pseudonym or "
		"surrogate, a shifted or generalised date, or\nan "
		"encrypted token that --reveal opens again with the key.\n"
		"With no FILE, or when FILE is -, read standard input.\n\n"
		"Options:\n", ck_progname, ck_progname, ck_progname,
		ck_progname, ck_progname);
	ck_opts_help(fp, options);
	fprintf(fp,
		"\nOperators: keep, mask, tag, drop, pseudonym, surrogate, "
		"shift, generalize,\nencrypt.\n"
		"Exit status: 0 done, 1 --verify found PHI left in the "
		"output, 2 on any error.\nSee phiredact(1).\n");
}

volatile sig_atomic_t rd_interrupted;

static void
on_signal(int sig)
{
	rd_interrupted = sig;
}

/* A signal lets the file being written finish, then stops the run with
 * exit 2: every file is then old or new and no temporary is left. */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

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
	o = json_loadb(p, nl ? (size_t)(nl - p) : n, 0, NULL);
	yes = json_is_object(o);
	json_decref(o);
	return yes;
}

static char *
read_stdin(size_t *len)
{
	struct ck_buf b = CK_BUF_INIT;
	char chunk[65536];
	size_t got;

	while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (b.len + got > ((size_t)1 << 30) ||
		    ck_buf_append(&b, chunk, got) < 0)
			ck_die(CK_EXIT_TROUBLE, 0, "standard input is larger "
			       "than 1 GiB or memory ran out");
	if (ferror(stdin))
		ck_die(CK_EXIT_TROUBLE, errno, "cannot read standard input");
	return ck_buf_detach(&b, len);
}

/* The operator that makes the policy need a key, for the message. */
static const char *
keyed_op(const struct rd_policy *p)
{
	int t;

	size_t i;

	for (t = 0; t < PHI_NTYPES; t++)
		if (rd_op_keyed(p->rules[t].op))
			return rd_op_name(p->rules[t].op);
	for (i = 0; i < p->novr; i++)
		if (rd_op_keyed(p->ovr[i].rule.op))
			return rd_op_name(p->ovr[i].rule.op);
	return "?";
}

static int
needs_names(const struct rd_policy *p)
{
	size_t i;

	for (i = 0; i < p->novr; i++)
		if (p->ovr[i].rule.op == RD_SURROGATE)
			return 1;
	return p->rules[PHI_NAME].op == RD_SURROGATE ||
	       p->rules[PHI_EMAIL].op == RD_SURROGATE ||
	       p->rules[PHI_ADDRESS].op == RD_SURROGATE;
}

int
main(int argc, char **argv)
{
	struct ck_common common = { NULL, NULL };
	struct ck_opts_built built;
	struct rd_run r;
	struct ck_error err;
	const char *policy = "safe-harbor", *fpkey = NULL, *findings = NULL;
	const char *report = NULL, **fields, **keyfiles, **rules;
	const char *audit = NULL;
	size_t nkeyfiles = 0, nrules = 0, nfields = 0, n, i;
	int opt, record = 0, reveal = 0, mode = -1, no_default = 0, rc = 0;
	char *in = NULL;
	size_t inlen = 0;

	ck_set_progname(argv[0]);
	memset(&r, 0, sizeof(r));
	ck_error_clear(&err);
	ck_walk_opts_default(&r.walk);
	fields = calloc((size_t)argc + 1, sizeof(*fields));
	keyfiles = calloc((size_t)argc + 1, sizeof(*keyfiles));
	rules = calloc((size_t)argc + 1, sizeof(*rules));
	if (fields == NULL || keyfiles == NULL || rules == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");

	ck_opts_build(options, &built);
	while ((opt = ck_getopt(argc, argv, &built)) != -1) {
		if (ck_opts_common(opt, optarg, &common, usage))
			continue;
		switch (opt) {
		case OPT_POLICY: policy = optarg; break;
		case OPT_MODE:
			mode = rd_op_parse(optarg);
			if (mode < 0)
				ck_usage_error("invalid --mode '%s' (choose "
					       "from keep, mask, tag, drop, "
					       "pseudonym, surrogate, shift, "
					       "generalize, encrypt)", optarg);
			break;
		case OPT_KEY: keyfiles[nkeyfiles++] = optarg; break;
		case OPT_FP_KEY: fpkey = optarg; break;
		case OPT_FINDINGS: findings = optarg; break;
		case OPT_REPORT: report = optarg; break;
		case OPT_VERIFY: r.verify = 1; break;
		case OPT_FAIL_ON:
			r.verify_level = phi_conf_parse(optarg);
			if (r.verify_level < 0)
				ck_usage_error("invalid --fail-on '%s' (choose "
					       "from low, medium, high)",
					       optarg);
			break;
		case OPT_IN_PLACE: r.in_place = 1; break;
		case OPT_JSONL: record = 1; break;
		case OPT_FIELD:
			if (*optarg == '\0')
				ck_usage_error("--field needs a name");
			fields[nfields++] = optarg;
			break;
		case OPT_SUBJECT: r.subject = optarg; break;
		case OPT_SUBJECT_FIELD: r.subject_field = optarg; break;
		case OPT_REVEAL: reveal = 1; break;
		case OPT_RULES: rules[nrules++] = optarg; break;
		case OPT_NO_DEFAULT_RULES: no_default = 1; break;
		case OPT_NO_CONFIG: r.no_config = 1; break;
		case OPT_AUDIT: audit = optarg; break;
		case OPT_ACTOR:
			if (*optarg == '\0')
				ck_usage_error("--actor needs an id");
			r.actor = optarg;
			break;
		case 'L': r.walk.follow_symlinks = 1; break;
		default:
			ck_usage_error("unhandled option");
		}
	}
	ck_opts_release(&built);
	argv += optind;
	n = (size_t)(argc - optind);
	r.output = common.output;
	if (nfields == 0)
		fields[nfields++] = "text";
	r.fields = fields;
	r.nfields = nfields;

	if (r.in_place && (r.output != NULL || n == 0 ||
			   (n == 1 && strcmp(argv[0], "-") == 0)))
		ck_usage_error("--in-place takes files or directories, and "
			       "no -o");
	if (r.in_place && record)
		ck_usage_error("--in-place works on files, not --jsonl");
	if (findings != NULL && record)
		ck_usage_error("--findings gives offsets into files, not "
			       "records");
	if (reveal && (r.in_place || findings || report || r.verify ||
		       n > 1))
		ck_usage_error("--reveal reads one FILE (or standard input) "
			       "and takes only --key, --jsonl and -o");
	if (reveal && nkeyfiles == 0)
		ck_usage_error("--reveal needs --key FILE");
	if (r.actor != NULL && audit == NULL)
		ck_usage_error("--actor names who acts in audit events: give "
			       "--audit DIR");

	r.nkeys = nkeyfiles;
	r.keys = calloc(nkeyfiles ? nkeyfiles : 1, sizeof(*r.keys));
	if (r.keys == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");
	for (i = 0; i < nkeyfiles; i++)
		if (rd_keys_load(&r.keys[i], keyfiles[i], &err) < 0) {
			r.nkeys = i;
			goto trouble;
		}
	/* Opened before any output: a log that cannot be written stops
	 * the run before it starts (fail closed). */
	if (audit != NULL) {
		if ((r.audit = ck_audit_open(audit, &err)) == NULL)
			goto trouble;
		if (r.actor == NULL)
			r.actor = ck_audit_actor();
	}
	if (reveal) {
		if (!ck_siv_available()) {
			ck_error_set(&err, 0, "this OpenSSL has no AES-256-SIV");
			goto trouble;
		}
		rc = rd_reveal_run(&r, (const char *const *)argv, n, record);
		rc = rc < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
		goto done;
	}

	if (rd_policy_load(&r.policy, policy, ck_datadir(), &err) < 0)
		goto trouble;
	if (mode >= 0)
		rd_policy_force(&r.policy, mode);
	if (rd_policy_keyed(&r.policy) && r.nkeys == 0) {
		ck_error_set(&err, 0, "policy %s uses the %s operator, which "
			     "needs --key FILE (e.g. umask 077; head -c 32 "
			     "/dev/urandom > phiredact.key)", r.policy.name,
			     keyed_op(&r.policy));
		goto trouble;
	}
	if (needs_names(&r.policy) &&
	    (r.names = rd_names_load(ck_datadir(), &err)) == NULL)
		goto trouble;
	if (phi_key_load(&r.fpkey, fpkey, 0, &err) < 0 ||
	    (r.fp = phi_hmac_new(&r.fpkey)) == NULL) {
		if (err.msg[0] == '\0')
			ck_error_set(&err, ENOMEM, "out of memory");
		goto trouble;
	}
	/* The engines, one per .complykit.yaml, are built on first use;
	 * the one for the current directory now, so that a malformed rule
	 * pack stops the run before any output. */
	r.engines = phi_engines_new(ck_datadir(), rules, nrules, no_default);
	if (r.engines == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");
	if (rd_select(&r, NULL, &err) < 0)
		goto trouble;
	if (findings != NULL &&
	    (r.findings = rd_findings_load(findings, &err)) == NULL)
		goto trouble;
	if (report != NULL &&
	    (r.report = rd_report_open(report, &err)) == NULL)
		goto trouble;

	if (n == 0 || (n == 1 && strcmp(argv[0], "-") == 0)) {
		in = read_stdin(&inlen);
		if (in == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot start");
		if (record || (findings == NULL && looks_like_jsonl(in, inlen)))
			rc = rd_record_run(&r, NULL, 0, in, inlen);
		else
			rc = rd_stdin_run(&r, in, inlen);
		ck_wipe(in, inlen);
	} else if (record) {
		rc = rd_record_run(&r, (const char *const *)argv, n, NULL, 0);
	} else {
		catch_signals();
		rc = rd_files_run(&r, (const char *const *)argv, n);
		if (rd_interrupted) {
			ck_warn("interrupted by signal %d after %lu file%s: "
				"those are redacted, the rest untouched",
				(int)rd_interrupted, r.docs,
				r.docs == 1 ? "" : "s");
			r.errors++;
		}
	}
	if (r.report != NULL) {
		/* A report is whole or absent, like every file written. */
		if (rc < 0 || r.errors > 0)
			rd_report_abort(r.report);
		else if (rd_report_close(r.report, &err) < 0) {
			r.report = NULL;
			goto trouble;
		}
		r.report = NULL;
	}
	ck_info("%lu document%s, %lu changed", r.docs, r.docs == 1 ? "" : "s",
		r.changed);
	if (rc < 0 || r.errors > 0)
		rc = CK_EXIT_TROUBLE;
	else
		rc = r.tripped ? CK_EXIT_TRIP : CK_EXIT_OK;
	goto done;
trouble:
	ck_warn_error(&err);
	rc = CK_EXIT_TROUBLE;
done:
	rd_report_abort(r.report);
	ck_audit_free(r.audit);
	free(in);
	rd_findings_free(r.findings);
	rd_names_free(r.names);
	phi_hmac_free(r.fp);
	phi_key_release(&r.fpkey);
	rd_scanners_free(&r);
	phi_engines_free(r.engines);
	rd_policy_release(&r.policy);
	for (i = 0; i < r.nkeys; i++)
		rd_keys_release(&r.keys[i]);
	free(r.keys);
	free(fields);
	free(keyfiles);
	free(rules);
	return rc;
}
