/* cmd_init.c -- auditlog init: a new log directory and its key. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auditlog/auditlog.h"
#include "common/hash.h"

enum { OPT_KEY = CK_OPT_TOOL_BASE, OPT_ORIGIN, OPT_SEG_SIZE, OPT_SEG_AGE };

static const struct ck_opt options[] = {
	{ "key", OPT_KEY, required_argument, "FILE",
	  "sign checkpoints with this secret key file (default: a new one)" },
	{ "origin", OPT_ORIGIN, required_argument, "NAME",
	  "checkpoint origin (default: complykit/audit/RANDOM)" },
	{ "segment-size", OPT_SEG_SIZE, required_argument, "SIZE",
	  "roll over to a new segment past SIZE (default: 64M)" },
	{ "segment-age", OPT_SEG_AGE, required_argument, "AGE",
	  "roll over when a segment's first event is older (default: 30d)" },
	CK_OPTS_COMMON
};

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: %s init [OPTION]... DIR\n"
		"Create an audit log in DIR with an Ed25519 checkpoint key.\n\n"
		"Options:\n", ck_progname);
	ck_opts_help(fp, options);
}

/* C2SP signed-note key names: no spaces, no '+', printable. */
static int
origin_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 200)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '+')
			return 0;
	return 1;
}

int
cmd_init(int argc, char **argv)
{
	struct sub_opts so;
	struct ck_audit_settings set = { 0 };
	struct ck_error err;
	struct ck_key k;
	char origin[64], *keypath = NULL, *pubpath = NULL, *abskey = NULL;
	const char *key = NULL, *dir;
	unsigned char rnd[8];
	char rhex[17];
	json_t *ev = NULL;
	int c, rc = CK_EXIT_TROUBLE;

	ck_error_clear(&err);
	memset(&k, 0, sizeof k);
	set.segment_bytes = 64u << 20;
	set.segment_age = 30 * 86400;
	set.origin = NULL;
	sub_opts_init(&so, options, usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		switch (c) {
		case OPT_KEY: key = optarg; break;
		case OPT_ORIGIN:
			if (!origin_ok(optarg))
				ck_usage_error("invalid --origin (printable "
					       "ASCII without spaces or '+')");
			set.origin = optarg;
			break;
		case OPT_SEG_SIZE:
			set.segment_bytes = parse_size("--segment-size", optarg);
			break;
		case OPT_SEG_AGE:
			set.segment_age = parse_duration(optarg);
			if (set.segment_age <= 0)
				ck_usage_error("invalid --segment-age '%s'",
					       optarg);
			break;
		default: ck_usage_error("unexpected option");
		}
	}
	if (argc - optind != 1)
		ck_usage_error("init takes one DIR");
	dir = argv[optind];
	if (set.origin == NULL) {
		if (ck_random_bytes(rnd, sizeof rnd, &err) < 0)
			goto fail;
		ck_hex_encode(rnd, sizeof rnd, rhex);
		snprintf(origin, sizeof origin, "complykit/audit/%s", rhex);
		set.origin = origin;
	}
	if (key != NULL) {
		if (ck_key_load(&k, key, 1, &err) < 0)
			goto fail;
		abskey = realpath(key, NULL);
		if (abskey == NULL) {
			ck_error_set(&err, errno, "%s", key);
			goto fail;
		}
		set.key = abskey;
	} else {
		if (ck_key_generate(&k, &err) < 0)
			goto fail;
		set.key = "key.sec";
	}
	set.key_id = k.id;
	if (ck_audit_create(dir, &set, &err) < 0)
		goto fail;
	pubpath = ck_audit_path(dir, "key.pub");
	if (pubpath == NULL || ck_key_save_public(&k, pubpath, &err) < 0)
		goto fail;
	if (key == NULL) {
		keypath = ck_audit_path(dir, "key.sec");
		if (keypath == NULL || ck_key_save_secret(&k, keypath, &err) < 0)
			goto fail;
	}
	/* The log's first event says who made it and with which key. */
	ev = json_pack("{s:{s:s}, s:s, s:s, s:{s:s, s:s}}", "actor", "id",
		       ck_audit_actor(),
		       "action", "log_init", "outcome", "success", "data",
		       "origin", set.origin, "key_id", k.id);
	if (ev == NULL || ck_audit_append_one(dir, ev, NULL, &err) < 0)
		goto fail;
	ck_info("%s: new log, checkpoint key %s", dir, k.id);
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	json_decref(ev);
	ck_key_clear(&k);
	free(keypath);
	free(pubpath);
	free(abskey);
	sub_opts_release(&so);
	return rc;
}
