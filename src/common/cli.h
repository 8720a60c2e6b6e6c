/* cli.h -- option handling shared by every tool.
 *
 * One table drives getopt_long and --help (curl's habit): each tool lists
 * its options as struct ck_opt, appends CK_OPTS_COMMON, and gets the
 * long/short arrays from ck_opts_build and the option list from
 * ck_opts_help.  Tests check that man pages and completions name every
 * option in the table. */
#ifndef CK_CLI_H
#define CK_CLI_H

#include <stdio.h>
#include <getopt.h>
#include <stdnoreturn.h>

struct ck_opt {
	const char *name;	/* long name, without "--" */
	int key;		/* short letter, or a value >= 256 */
	int has_arg;		/* no_argument, required_argument, ... */
	const char *argname;	/* "FILE", "N", ... for --help */
	const char *help;	/* one line */
};

enum {
	CK_OPT_FORMAT = 256,	/* keys >= 300 are free for tools */
	CK_OPT_TOOL_BASE = 300
};

#define CK_OPTS_COMMON \
	{ "format", CK_OPT_FORMAT, required_argument, "FMT", \
	  "output format: text or jsonl (default: text on a terminal)" }, \
	{ "output", 'o', required_argument, "FILE", \
	  "write data to FILE instead of standard output" }, \
	{ "quiet", 'q', no_argument, NULL, "print no diagnostics but errors" }, \
	{ "verbose", 'v', no_argument, NULL, "say more on standard error" }, \
	{ "help", 'h', no_argument, NULL, "show this help and exit" }, \
	{ "version", 'V', no_argument, NULL, "show version and libraries" }, \
	{ NULL, 0, 0, NULL, NULL }

struct ck_opts_built {
	struct option *longopts;
	char *shortopts;
};

/* Builds getopt_long arrays from a NULL-terminated table (aborts on ENOMEM
 * since this runs once at start-up). */
void ck_opts_build(const struct ck_opt *table, struct ck_opts_built *out);
void ck_opts_release(struct ck_opts_built *b);
/* getopt_long over the built arrays that reports a bad option itself
 * ("tool: unrecognized option '--x'", "tool: option requires an argument
 * -- 'o'", then the --help hint) and exits 2.  Returns the option's key, or
 * -1 at the end of the options (then optind indexes the operands). */
int ck_getopt(int argc, char *const argv[], const struct ck_opts_built *b);
/* Prints "  -o, --output=FILE   help" lines, aligned. */
void ck_opts_help(FILE *fp, const struct ck_opt *table);

/* Common settings parsed by ck_opts_common. */
struct ck_common {
	const char *format;	/* as given, NULL for the default */
	const char *output;	/* NULL for stdout */
};

/* Handles -q -v -h -V --format -o.  Returns 1 if it took opt, 0 if not.
 * For -h it calls usage(stdout) and exits 0; for -V prints the version and
 * exits 0. */
int ck_opts_common(int opt, const char *arg, struct ck_common *c,
		   void (*usage)(FILE *));

/* Prints "tool (complykit) VERSION" and the versions of the libraries
 * libcommon links (jansson, OpenSSL, libarchive, zstd, libyaml).  Tools add
 * their own lines after it. */
void ck_print_version(FILE *fp);
/* Hook for extra --version lines (e.g. PCRE2, Hyperscan); may be NULL. */
extern void (*ck_version_extra)(FILE *fp);

/* "tool: message\nTry 'tool --help' for more information." and exit 2. */
noreturn void ck_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Option values for option parsing only: on a bad value they call
 * ck_usage_error ("invalid --max-total '5X' (a size such as 512M or 2G)",
 * "invalid --jobs 'x'"), which exits 2.  opt is the option as the user
 * spells it ("--max-total").
 * ck_parse_count: a decimal number, 0 included, no sign.
 * ck_parse_size: the same with an optional binary suffix K, M, G or T
 * (either case, optionally followed by i, B or iB: 512M, 2GiB, 64kB). */
unsigned long long ck_parse_count(const char *opt, const char *s);
unsigned long long ck_parse_size(const char *opt, const char *s);

/* Resolves --format: NULL picks "text" when fp is a terminal, else "jsonl".
 * allowed is a NULL-terminated list; returns the index into it, or calls
 * ck_usage_error naming the allowed values. */
int ck_format_resolve(const char *given, const char *const *allowed, FILE *fp);

/* Opens -o FILE (or returns stdout for NULL / "-"); dies with status 2 on
 * failure. */
FILE *ck_open_output(const char *path);

/* Where shared data lives: $COMPLYKIT_DATADIR, else the installed
 * CK_PKGDATADIR, else <dir of executable>/../../share/complykit when run
 * from an in-tree build, else the source tree's share/complykit (a VPATH
 * build).  Returns a static string. */
const char *ck_datadir(void);

#endif
