/* cli.c -- the option table, --help, --version and the usage contract. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <yaml.h>
#include <zstd.h>

#include "common/cli.h"
#include "common/err.h"

/* Weak, so that a tool which uses neither library and links with
 * --as-needed (infer) does not load them just to name them here: loading
 * libarchive brings libxml2, ICU and libstdc++, 2.6 MB of resident
 * memory.  Every other tool links them for real and prints them. */
#pragma weak archive_version_number
#pragma weak ZSTD_versionString

#ifndef CK_PKGDATADIR
#define CK_PKGDATADIR "/usr/local/share/complykit"
#endif

/* Widest left column before the help text moves to its own line. */
#define HELP_COL_MAX 32

void (*ck_version_extra)(FILE *fp);

static size_t
table_len(const struct ck_opt *table)
{
	size_t n = 0;

	while (table[n].name != NULL || table[n].key != 0)
		n++;
	return n;
}

static int
is_short(int key)
{
	return key > 0 && key < 256 && key != ':' && key != '?' &&
	       key != '-' && key != '+';
}

void
ck_opts_build(const struct ck_opt *table, struct ck_opts_built *out)
{
	size_t n, i, j;
	char *s;

	n = table_len(table);
	out->longopts = calloc(n + 1, sizeof(*out->longopts));
	/* Leading ':' (hidden from callers, see ck_getopt), then at most
	 * "x::" per option. */
	s = malloc(3 * n + 2);
	if (out->longopts == NULL || s == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "cannot build option table");
	j = 0;
	s[j++] = ':';
	for (i = 0; i < n; i++) {
		out->longopts[i].name = table[i].name;
		out->longopts[i].has_arg = table[i].has_arg;
		out->longopts[i].flag = NULL;
		out->longopts[i].val = table[i].key;
		if (!is_short(table[i].key))
			continue;
		s[j++] = (char)table[i].key;
		if (table[i].has_arg == required_argument)
			s[j++] = ':';
		else if (table[i].has_arg == optional_argument) {
			s[j++] = ':';
			s[j++] = ':';
		}
	}
	s[j] = '\0';
	/* Callers who run getopt_long themselves see an ordinary optstring,
	 * so getopt reports bad options as usual. */
	out->shortopts = s + 1;
}

void
ck_opts_release(struct ck_opts_built *b)
{
	free(b->longopts);
	if (b->shortopts != NULL)
		free(b->shortopts - 1);
	b->longopts = NULL;
	b->shortopts = NULL;
}

static size_t
left_column(const struct ck_opt *o, char *buf, size_t size)
{
	int n;

	if (is_short(o->key) && o->name != NULL)
		n = snprintf(buf, size, "  -%c, --%s", o->key, o->name);
	else if (is_short(o->key))
		n = snprintf(buf, size, "  -%c", o->key);
	else
		n = snprintf(buf, size, "      --%s", o->name ? o->name : "");
	if (n < 0)
		n = 0;
	if ((size_t)n >= size)
		return size - 1;
	if (o->has_arg != no_argument) {
		const char *arg = o->argname ? o->argname : "ARG";
		int m;

		if (o->name == NULL)
			m = snprintf(buf + n, size - (size_t)n, " %s", arg);
		else if (o->has_arg == optional_argument)
			m = snprintf(buf + n, size - (size_t)n, "[=%s]", arg);
		else
			m = snprintf(buf + n, size - (size_t)n, "=%s", arg);
		if (m > 0)
			n += m;
	}
	return (size_t)n >= size ? size - 1 : (size_t)n;
}

void
ck_opts_help(FILE *fp, const struct ck_opt *table)
{
	char left[256];
	size_t n, i, w, width = 0;

	n = table_len(table);
	for (i = 0; i < n; i++) {
		w = left_column(&table[i], left, sizeof(left));
		if (w <= HELP_COL_MAX && w > width)
			width = w;
	}
	for (i = 0; i < n; i++) {
		w = left_column(&table[i], left, sizeof(left));
		if (table[i].help == NULL)
			fprintf(fp, "%s\n", left);
		else if (w > width)
			fprintf(fp, "%s\n%*s%s\n", left, (int)width + 3, "",
				table[i].help);
		else
			fprintf(fp, "%-*s   %s\n", (int)width, left,
				table[i].help);
	}
}

static noreturn void vusage_error(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static noreturn void
vusage_error(const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n",
		ck_progname, msg, ck_progname);
	exit(CK_EXIT_TROUBLE);
}

noreturn void
ck_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage_error(fmt, ap);
	/* not reached */
	va_end(ap);
}

static unsigned long long
parse_num(const char *opt, const char *s, int sizes)
{
	unsigned long long v, mul = 1;
	char *end;

	errno = 0;
	/* strtoull would negate "-1" into a huge count. */
	if (*s == '-' || *s == '\0')
		ck_usage_error("invalid %s '%s'", opt, s);
	v = strtoull(s, &end, 10);
	if (sizes && *end != '\0') {
		switch (*end) {
		case 'k': case 'K': mul = 1ULL << 10; break;
		case 'm': case 'M': mul = 1ULL << 20; break;
		case 'g': case 'G': mul = 1ULL << 30; break;
		case 't': case 'T': mul = 1ULL << 40; break;
		default: mul = 0;
		}
		if (mul != 0 && (end[1] == '\0' ||
				 ((end[1] == 'i' || end[1] == 'B') &&
				  (end[2] == '\0' ||
				   (end[1] == 'i' && end[2] == 'B' &&
				    end[3] == '\0')))))
			end = "";
	}
	if (errno != 0 || *end != '\0' || end == s || mul == 0 ||
	    (mul > 1 && v > ULLONG_MAX / mul))
		ck_usage_error("invalid %s '%s'%s", opt, s,
			       sizes ? " (a size such as 512M or 2G)" : "");
	return v * mul;
}

unsigned long long
ck_parse_size(const char *opt, const char *s)
{
	return parse_num(opt, s, 1);
}

unsigned long long
ck_parse_count(const char *opt, const char *s)
{
	return parse_num(opt, s, 0);
}

/* Number of long options that name (up to '=' or its end) abbreviates,
 * and in *match the last of them. */
static int
long_matches(const struct option *lo, const char *name,
	     const struct option **match)
{
	size_t len = strcspn(name, "=");
	int n = 0;

	for (; lo->name != NULL; lo++) {
		if (strncmp(lo->name, name, len) != 0)
			continue;
		*match = lo;
		if (strlen(lo->name) == len)
			return 1;	/* exact match wins */
		n++;
	}
	return n;
}

static noreturn void
bad_option(int opt, char *const argv[], const struct option *lo)
{
	const struct option *m = NULL;
	const char *arg = NULL;
	int n;

	/* glibc leaves optind past a long option it rejected; a bad letter
	 * inside a group ("-qx") may leave it anywhere, so optopt decides. */
	if (optind > 0 && argv[optind - 1] != NULL &&
	    strncmp(argv[optind - 1], "--", 2) == 0 && argv[optind - 1][2])
		arg = argv[optind - 1];
	if (opt == ':') {
		if (arg != NULL && (optopt == 0 || optopt >= 256 ||
				    long_matches(lo, arg + 2, &m) > 0))
			ck_usage_error("option '%s' requires an argument", arg);
		ck_usage_error("option requires an argument -- '%c'", optopt);
	}
	if (arg != NULL) {
		n = long_matches(lo, arg + 2, &m);
		if (optopt == 0 && n > 1)
			ck_usage_error("option '%.*s' is ambiguous",
				       (int)strcspn(arg, "="), arg);
		if (optopt == 0)
			ck_usage_error("unrecognized option '%.*s'",
				       (int)strcspn(arg, "="), arg);
		if (n == 1 && m->val == optopt && m->has_arg == no_argument &&
		    strchr(arg, '=') != NULL)
			ck_usage_error("option '--%s' doesn't allow an argument",
				       m->name);
	}
	if (optopt > 0 && optopt < 256)
		ck_usage_error("invalid option -- '%c'", optopt);
	ck_usage_error("invalid option");
}

int
ck_getopt(int argc, char *const argv[], const struct ck_opts_built *b)
{
	int saved = opterr, opt;

	opterr = 0;
	optopt = 0;
	/* The hidden ':' asks getopt to return ':' for a missing argument,
	 * so the message below can tell it from an unknown option. */
	opt = getopt_long(argc, argv, b->shortopts - 1, b->longopts, NULL);
	opterr = saved;
	if (opt == '?' || opt == ':')
		bad_option(opt, argv, b->longopts);
	return opt;
}

static noreturn void
exit_after_stdout(void)
{
	/* `tool --help >/dev/full` must not claim success. */
	if (fflush(stdout) != 0 || ferror(stdout))
		ck_die(CK_EXIT_TROUBLE, errno, "write error");
	exit(CK_EXIT_OK);
}

int
ck_opts_common(int opt, const char *arg, struct ck_common *c,
	       void (*usage)(FILE *))
{
	switch (opt) {
	case 'q':
		ck_verbosity--;
		return 1;
	case 'v':
		ck_verbosity++;
		return 1;
	case 'h':
		if (usage != NULL)
			usage(stdout);
		exit_after_stdout();
	case 'V':
		ck_print_version(stdout);
		exit_after_stdout();
	case CK_OPT_FORMAT:
		c->format = arg;
		return 1;
	case 'o':
		c->output = arg;
		return 1;
	case '?':
	case ':':
		/* getopt_long has already said what was wrong. */
		fprintf(stderr, "Try '%s --help' for more information.\n",
			ck_progname);
		exit(CK_EXIT_TROUBLE);
	default:
		return 0;
	}
}

void
ck_print_version(FILE *fp)
{
	const char *jv;

#if JANSSON_VERSION_HEX >= 0x020d00
	jv = jansson_version_str();
#else
	jv = JANSSON_VERSION;
#endif
	fprintf(fp, "%s (complykit) %s\n", ck_progname, PACKAGE_VERSION);
	fprintf(fp, "libraries: jansson %s, OpenSSL %s", jv,
		OpenSSL_version(OPENSSL_VERSION_STRING));
	if (archive_version_number != NULL) {
		int la = archive_version_number();
		fprintf(fp, ", libarchive %d.%d.%d", la / 1000000,
			la / 1000 % 1000, la % 1000);
	}
	if (ZSTD_versionString != NULL)
		fprintf(fp, ", zstd %s", ZSTD_versionString());
	fprintf(fp, ", libyaml %s\n", yaml_get_version_string());
	if (ck_version_extra != NULL)
		ck_version_extra(fp);
}

int
ck_format_resolve(const char *given, const char *const *allowed, FILE *fp)
{
	char list[512];
	size_t i, n = 0;
	const char *want = given;

	if (want == NULL)
		want = isatty(fileno(fp)) ? "text" : "jsonl";
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(allowed[i], want) == 0)
			return (int)i;
	/* A tool that has no text form (or no jsonl form) uses its first. */
	if (given == NULL && allowed[0] != NULL)
		return 0;
	list[0] = '\0';
	for (i = 0; allowed[i] != NULL; i++) {
		int m = snprintf(list + n, sizeof(list) - n, "%s%s",
				 i ? ", " : "", allowed[i]);
		if (m < 0 || (size_t)m >= sizeof(list) - n)
			break;
		n += (size_t)m;
	}
	ck_usage_error("invalid format '%s' (choose from %s)", given, list);
}

FILE *
ck_open_output(const char *path)
{
	FILE *fp;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	fp = fopen(path, "we");
	if (fp == NULL)
		ck_die(CK_EXIT_TROUBLE, errno, "cannot open %s", path);
	return fp;
}

static char datadir[PATH_MAX];
static pthread_once_t datadir_once = PTHREAD_ONCE_INIT;

static int
has_rules(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	int n;

	n = snprintf(path, sizeof(path), "%s/rules", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void
find_datadir(void)
{
	char exe[PATH_MAX], cand[PATH_MAX], real[PATH_MAX];
	const char *env;
	char *slash;
	ssize_t n;
	int m;

	env = getenv("COMPLYKIT_DATADIR");
	if (env != NULL && *env != '\0' && strlen(env) < sizeof(datadir)) {
		strcpy(datadir, env);
		return;
	}
	strcpy(datadir, CK_PKGDATADIR);
	if (has_rules(CK_PKGDATADIR))
		return;
	/* Uninstalled: the binary is <top>/src/<tool>/<tool>. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 || (size_t)n >= sizeof(exe) - 1)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return;
	*slash = '\0';
	m = snprintf(cand, sizeof(cand), "%s/../../share/complykit", exe);
	if (m < 0 || (size_t)m >= sizeof(cand) || !has_rules(cand)) {
#ifdef CK_SRCDATADIR
		/* A VPATH build (make distcheck): the data is in the source
		 * tree, not beside the binary. */
		if (has_rules(CK_SRCDATADIR) &&
		    strlen(CK_SRCDATADIR) < sizeof(datadir))
			strcpy(datadir, CK_SRCDATADIR);
#endif
		return;
	}
	if (realpath(cand, real) != NULL)
		strcpy(datadir, real);
	else
		strcpy(datadir, cand);
}

const char *
ck_datadir(void)
{
	pthread_once(&datadir_once, find_datadir);
	return datadir;
}
