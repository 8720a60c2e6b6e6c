/* test_cli.c -- option table, --help layout, usage errors (in a child
 * process, since they exit), --version, formats, output, datadir; the
 * words before a subcommand, its --help head, its operands. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <archive.h>
#include <cmocka.h>
#include <zstd.h>

#include "common/cli.h"
#include "common/cmd.h"
#include "common/err.h"

static const struct ck_opt table[] = {
	{ "fail-on", 300, required_argument, "LEVEL", "trip at LEVEL" },
	{ "jobs", 'j', required_argument, "N", "run N threads" },
	{ "color", 301, optional_argument, "WHEN", "colour output" },
	{ "show-match", 'S', no_argument, NULL, "print matched values" },
	CK_OPTS_COMMON
};

struct child {
	int status;		/* exit status, or -1 if killed */
	char out[4096];
	char err[4096];
};

static void
slurp(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
}

/* Runs fn(arg) in a child with stdout and stderr captured; the child's
 * exit status is what the function under test chose. */
static void
run_child(void (*fn)(void *), void *arg, struct child *c)
{
	int po[2], pe[2], st;
	pid_t pid;

	assert_int_equal(pipe(po), 0);
	assert_int_equal(pipe(pe), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		fn(arg);
		fflush(NULL);
		_exit(77);	/* fn should not have returned */
	}
	close(po[1]);
	close(pe[1]);
	/* Outputs are small: one pipe buffer each, read after the other. */
	slurp(po[0], c->out, sizeof(c->out));
	slurp(pe[0], c->err, sizeof(c->err));
	close(po[0]);
	close(pe[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	c->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A fresh directory under $TMPDIR (or /tmp). */
static void
make_tmpdir(char *dir, size_t size, const char *tag)
{
	const char *t = getenv("TMPDIR");

	if (t == NULL || *t == '\0')
		t = "/tmp";
	assert_true((size_t)snprintf(dir, size, "%s/%s.XXXXXX", t, tag) < size);
	assert_non_null(mkdtemp(dir));
}

static void
test_build(void **state)
{
	struct ck_opts_built b;
	size_t i;

	(void)state;
	ck_opts_build(table, &b);
	assert_string_equal(b.shortopts, "j:So:qvhV");
	for (i = 0; b.longopts[i].name != NULL; i++)
		;
	assert_int_equal(i, 10);
	assert_string_equal(b.longopts[0].name, "fail-on");
	assert_int_equal(b.longopts[0].val, 300);
	assert_int_equal(b.longopts[0].has_arg, required_argument);
	assert_string_equal(b.longopts[4].name, "format");
	assert_int_equal(b.longopts[4].val, CK_OPT_FORMAT);
	assert_null(b.longopts[i].flag);
	assert_int_equal(b.longopts[i].val, 0);
	ck_opts_release(&b);
	assert_null(b.shortopts);
}

static void
test_help_aligned(void **state)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *fp;
	int col = -1, lines = 0;

	(void)state;
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	ck_opts_help(fp, table);
	fclose(fp);
	assert_non_null(strstr(text, "      --fail-on=LEVEL"));
	assert_non_null(strstr(text, "  -j, --jobs=N"));
	assert_non_null(strstr(text, "      --color[=WHEN]"));
	assert_non_null(strstr(text, "  -S, --show-match"));
	assert_non_null(strstr(text, "  -o, --output=FILE"));
	/* Every help text starts in the same column. */
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *h = strstr(line + strspn(line, " "), "   ");
		int c;

		while (h != NULL && h[0] == ' ')
			h++;
		assert_non_null(h);
		c = (int)(h - line);
		if (col < 0)
			col = c;
		assert_int_equal(c, col);
		lines++;
	}
	assert_int_equal(lines, 10);
	free(text);
}

static void
test_common(void **state)
{
	struct ck_common c = { NULL, NULL };
	int v = ck_verbosity;

	(void)state;
	assert_int_equal(ck_opts_common('v', NULL, &c, NULL), 1);
	assert_int_equal(ck_opts_common('v', NULL, &c, NULL), 1);
	assert_int_equal(ck_verbosity, v + 2);
	assert_int_equal(ck_opts_common('q', NULL, &c, NULL), 1);
	assert_int_equal(ck_verbosity, v + 1);
	assert_int_equal(ck_opts_common(CK_OPT_FORMAT, "jsonl", &c, NULL), 1);
	assert_string_equal(c.format, "jsonl");
	assert_int_equal(ck_opts_common('o', "out.txt", &c, NULL), 1);
	assert_string_equal(c.output, "out.txt");
	assert_int_equal(ck_opts_common('j', "4", &c, NULL), 0);
	assert_int_equal(ck_opts_common(300, "x", &c, NULL), 0);
	ck_verbosity = v;
}

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: tool [OPTION]... [FILE]...\n");
	ck_opts_help(fp, table);
}

static void
do_help(void *arg)
{
	struct ck_common c = { NULL, NULL };

	ck_opts_common(*(int *)arg, NULL, &c, usage);
}

static void
test_help_and_version_exit(void **state)
{
	struct child c;
	int opt;

	(void)state;
	opt = 'h';
	run_child(do_help, &opt, &c);
	assert_int_equal(c.status, 0);
	assert_true(strncmp(c.out, "Usage: tool", 11) == 0);
	assert_non_null(strstr(c.out, "--show-match"));
	assert_string_equal(c.err, "");
	/* cli.c names libarchive and zstd weakly, when the tool links them
	 * (infer does not): calling them here links them */
	assert_true(archive_version_number() > 0);
	assert_non_null(ZSTD_versionString());
	opt = 'V';
	run_child(do_help, &opt, &c);
	assert_int_equal(c.status, 0);
	assert_non_null(strstr(c.out, "test_cli (complykit) " PACKAGE_VERSION
				      "\nlibraries: jansson "));
	assert_non_null(strstr(c.out, ", OpenSSL 3."));
	assert_non_null(strstr(c.out, ", libarchive "));
	assert_non_null(strstr(c.out, ", zstd "));
	assert_non_null(strstr(c.out, ", libyaml "));
	assert_string_equal(c.err, "");
}

static void
do_help_full(void *arg)
{
	int fd;

	(void)arg;
	/* --help into a full disk must not report success. */
	fd = open("/dev/full", O_WRONLY);
	if (fd < 0)
		_exit(0);
	dup2(fd, 1);
	do_help(&(int){ 'h' });
}

static void
test_help_write_error(void **state)
{
	struct child c;

	(void)state;
	if (access("/dev/full", W_OK) != 0)
		skip();
	run_child(do_help_full, NULL, &c);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "test_cli: write error"));
}

static void
do_version_extra_line(FILE *fp)
{
	fprintf(fp, "extra: pcre2 test\n");
}

static void
test_version_extra(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	ck_version_extra = do_version_extra_line;
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	ck_print_version(fp);
	fclose(fp);
	ck_version_extra = NULL;
	assert_non_null(strstr(text, "\nextra: pcre2 test\n"));
	assert_int_equal(text[len - 1], '\n');
	free(text);
}

struct getopt_case {
	int argc;
	char *argv[6];
	int keys[6];
};

static void
do_getopt(void *arg)
{
	struct getopt_case *gc = arg;
	struct ck_opts_built b;
	int opt;

	ck_opts_build(table, &b);
	optind = 1;
	while ((opt = ck_getopt(gc->argc, gc->argv, &b)) != -1)
		printf("%d;", opt);
	printf("end %d", optind);
	ck_opts_release(&b);
	exit(0);
}

static void
getopt_err(const char *a1, const char *a2, const char *want)
{
	struct getopt_case gc = { 0 };
	struct child c;

	gc.argv[0] = "tool";
	gc.argv[1] = (char *)a1;
	gc.argv[2] = (char *)a2;
	gc.argc = a2 ? 3 : 2;
	run_child(do_getopt, &gc, &c);
	assert_int_equal(c.status, 2);
	assert_string_equal(c.err, want);
}

static void
test_getopt(void **state)
{
	struct getopt_case gc = {
		5, { "tool", "-Sj", "4", "--fail-on=high", "file", NULL }, { 0 }
	};
	struct child c;

	(void)state;
	run_child(do_getopt, &gc, &c);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.out, "83;106;300;end 4");
	ck_progname = "tool";
	getopt_err("--nope", NULL,
		   "tool: unrecognized option '--nope'\n"
		   "Try 'tool --help' for more information.\n");
	getopt_err("--nope=1", NULL,
		   "tool: unrecognized option '--nope'\n"
		   "Try 'tool --help' for more information.\n");
	getopt_err("-x", NULL,
		   "tool: invalid option -- 'x'\n"
		   "Try 'tool --help' for more information.\n");
	getopt_err("-o", NULL,
		   "tool: option requires an argument -- 'o'\n"
		   "Try 'tool --help' for more information.\n");
	getopt_err("--output", NULL,
		   "tool: option '--output' requires an argument\n"
		   "Try 'tool --help' for more information.\n");
	getopt_err("--quiet=1", NULL,
		   "tool: option '--quiet' doesn't allow an argument\n"
		   "Try 'tool --help' for more information.\n");
	getopt_err("--ver", NULL,
		   "tool: option '--ver' is ambiguous\n"
		   "Try 'tool --help' for more information.\n");
	ck_set_progname("test_cli");
}

static void
do_usage_error(void *arg)
{
	(void)arg;
	ck_usage_error("missing operand after '%s'", "sign");
}

static void
test_usage_error(void **state)
{
	struct child c;

	(void)state;
	ck_progname = "ksign";
	run_child(do_usage_error, NULL, &c);
	ck_progname = "test_cli";
	assert_int_equal(c.status, 2);
	assert_string_equal(c.out, "");
	assert_string_equal(c.err, "ksign: missing operand after 'sign'\n"
			    "Try 'ksign --help' for more information.\n");
}

static void
do_parse_size(void *arg)
{
	ck_parse_size("--max-total", arg);
}

static void
do_parse_count(void *arg)
{
	ck_parse_count("--jobs", arg);
}

static void
test_parse_numbers(void **state)
{
	static const char *const bad_sizes[] = {
		"", "-1", "x", "5X", "1Ki ", "1KBi", "1iB", "1 K", "1KiBB",
		"18446744073709551616", "16777216T", "3.5G"
	};
	static const char *const bad_counts[] = {
		"", "-0", "1K", "1 ", "0x10", "18446744073709551616"
	};
	struct child c;
	size_t i;

	(void)state;
	assert_true(ck_parse_size("--x", "0") == 0);
	assert_true(ck_parse_size("--x", "512") == 512);
	assert_true(ck_parse_size("--x", "1k") == 1024);
	assert_true(ck_parse_size("--x", "512M") == 512ULL << 20);
	assert_true(ck_parse_size("--x", "2GiB") == 2ULL << 30);
	assert_true(ck_parse_size("--x", "3Ti") == 3ULL << 40);
	assert_true(ck_parse_size("--x", "64KB") == 64ULL << 10);
	assert_true(ck_parse_size("--x", "16777215T") == 16777215ULL << 40);
	assert_true(ck_parse_count("--x", "0") == 0);
	assert_true(ck_parse_count("--x", "1000000") == 1000000);
	assert_true(ck_parse_count("--x", "18446744073709551615") ==
		    18446744073709551615ULL);
	ck_progname = "phiscan";
	for (i = 0; i < sizeof(bad_sizes) / sizeof(*bad_sizes); i++) {
		char want[256];

		run_child(do_parse_size, (void *)bad_sizes[i], &c);
		assert_int_equal(c.status, 2);
		snprintf(want, sizeof want, "phiscan: invalid --max-total "
			 "'%s'%s\nTry 'phiscan --help' for more information.\n",
			 bad_sizes[i], i < 2 ? "" : " (a size such as 512M or 2G)");
		assert_string_equal(c.err, want);
	}
	for (i = 0; i < sizeof(bad_counts) / sizeof(*bad_counts); i++) {
		char want[256];

		run_child(do_parse_count, (void *)bad_counts[i], &c);
		assert_int_equal(c.status, 2);
		snprintf(want, sizeof want, "phiscan: invalid --jobs '%s'\n"
			 "Try 'phiscan --help' for more information.\n",
			 bad_counts[i]);
		assert_string_equal(c.err, want);
	}
	ck_progname = "test_cli";
}

static void
do_format(void *arg)
{
	static const char *const allowed[] = { "text", "jsonl", NULL };

	ck_format_resolve(arg, allowed, stdout);
}

static void
test_format(void **state)
{
	static const char *const allowed[] = { "text", "jsonl", "sarif", NULL };
	static const char *const jsonl_only[] = { "jsonl", NULL };
	struct child c;
	FILE *fp;

	(void)state;
	fp = tmpfile();
	assert_non_null(fp);
	/* Not a terminal: jsonl. */
	assert_int_equal(ck_format_resolve(NULL, allowed, fp), 1);
	assert_int_equal(ck_format_resolve("sarif", allowed, fp), 2);
	assert_int_equal(ck_format_resolve("text", allowed, fp), 0);
	assert_int_equal(ck_format_resolve(NULL, jsonl_only, fp), 0);
	fclose(fp);
	run_child(do_format, "xml", &c);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err,
			       "invalid format 'xml' (choose from text, jsonl)"));
}

static void
do_open_output(void *arg)
{
	ck_open_output(arg);
}

static void
test_open_output(void **state)
{
	char dir[4096], path[4200];
	struct child c;
	FILE *fp;

	(void)state;
	assert_ptr_equal(ck_open_output(NULL), stdout);
	assert_ptr_equal(ck_open_output("-"), stdout);
	make_tmpdir(dir, sizeof(dir), "test_cli");
	snprintf(path, sizeof(path), "%s/out", dir);
	fp = ck_open_output(path);
	assert_non_null(fp);
	assert_true(fp != stdout);
	fclose(fp);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/no/such", dir);
	run_child(do_open_output, path, &c);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "cannot open "));
	assert_non_null(strstr(c.err, ": No such file or directory"));
	assert_int_equal(rmdir(dir), 0);
}

static void
do_datadir(void *arg)
{
	if (arg == NULL)
		unsetenv("COMPLYKIT_DATADIR");
	else
		setenv("COMPLYKIT_DATADIR", arg, 1);
	printf("%s", ck_datadir());
	exit(0);
}

static void
test_datadir(void **state)
{
	struct child c;

	(void)state;
	run_child(do_datadir, "/opt/ck/data", &c);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.out, "/opt/ck/data");
	/* Without the variable: the installed directory, or the tree's. */
	run_child(do_datadir, NULL, &c);
	assert_int_equal(c.status, 0);
	assert_true(strcmp(c.out, CK_PKGDATADIR) == 0 ||
		    strstr(c.out, "/share/complykit") != NULL);
}

/* ---- cmd.c: tools made of subcommands ---------------------------------- */

static void
cmd_usage(FILE *fp)
{
	fprintf(fp, "top-level usage\n");
}

struct front_args {
	int argc;
	char **argv;
	int with_store;
};

/* Prints the command word's index and the store, then exits 0 (a
 * usage error exits 2 inside ck_cmd_front first). */
static void
do_front(void *arg)
{
	struct front_args *a = arg;
	const char *store = NULL;
	int i = ck_cmd_front(a->argc, a->argv, a->with_store ? &store : NULL,
			     cmd_usage);

	printf("%d %s %s", i, a->argv[i], store ? store : "-");
	fflush(stdout);
	_exit(0);
}

static void
front(struct child *c, int with_store, ...)
{
	char *argv[8];
	struct front_args a = { 0, argv, with_store };
	va_list ap;

	va_start(ap, with_store);
	argv[a.argc++] = (char *)"tool";
	while ((argv[a.argc] = va_arg(ap, char *)) != NULL)
		a.argc++;
	va_end(ap);
	run_child(do_front, &a, c);
}

static void
test_cmd_front(void **state)
{
	struct child c;

	(void)state;
	front(&c, 1, "-s", "st", "verify", "-x", NULL);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.out, "3 verify st");
	front(&c, 1, "--store=a", "--store", "b", "log", NULL);
	assert_string_equal(c.out, "4 log b");
	front(&c, 0, "status", "--store", NULL);
	assert_string_equal(c.out, "1 status -");
	/* help and version exit 0 before any command */
	front(&c, 1, "-s", "x", "--help", "verify", NULL);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.out, "top-level usage\n");
	front(&c, 0, "-V", NULL);
	assert_int_equal(c.status, 0);
	assert_non_null(strstr(c.out, "(complykit)"));
	/* usage errors: exit 2, the hint */
	front(&c, 0, NULL);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "test_cli: no command given\n"));
	assert_non_null(strstr(c.err, "--help"));
	front(&c, 0, "-s", "x", "log", NULL);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "unrecognized option '-s' before the "
				      "command"));
	front(&c, 1, "-s", NULL);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "option '-s' requires an argument"));
	front(&c, 1, "-s", "x", NULL);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "no command given"));
}

static const struct ck_opt cmd_opts[] = {
	{ "keep-last", 300, required_argument, "N", "keep N" },
	CK_OPTS_COMMON
};

static void
do_cmd_usage(void *arg)
{
	(void)arg;
	ck_cmd_usage(stdout, "gc", "[ID]...", "drop old snapshots", cmd_opts);
	fflush(stdout);
	_exit(0);
}

struct operands_args {
	int min, max, argc;
	char **argv;
};

static void
do_operands(void *arg)
{
	struct operands_args *a = arg;

	ck_cmd_operands("diff", "A [B]", a->min, a->max, a->argc, a->argv);
	_exit(0);
}

static void
test_cmd_usage_operands(void **state)
{
	char *ops[] = { (char *)"a", (char *)"b", (char *)"c", NULL };
	struct operands_args a = { 1, 2, 2, ops };
	struct child c;

	(void)state;
	run_child(do_cmd_usage, NULL, &c);
	assert_int_equal(c.status, 0);
	assert_true(strncmp(c.out, "Usage: test_cli gc [OPTION]... [ID]...\n"
			    "Drop old snapshots.\n\nOptions:\n      "
			    "--keep-last=N", 80) == 0);
	run_child(do_operands, &a, &c);
	assert_int_equal(c.status, 0);
	a.argc = 0;
	run_child(do_operands, &a, &c);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "test_cli: diff: missing operand "
				      "(usage: test_cli diff A [B])\n"));
	a.argc = 3;
	run_child(do_operands, &a, &c);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "diff: unexpected operand 'c'\n"));
	a.max = -1;	/* no limit */
	run_child(do_operands, &a, &c);
	assert_int_equal(c.status, 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_help_aligned),
		cmocka_unit_test(test_common),
		cmocka_unit_test(test_help_and_version_exit),
		cmocka_unit_test(test_help_write_error),
		cmocka_unit_test(test_version_extra),
		cmocka_unit_test(test_getopt),
		cmocka_unit_test(test_usage_error),
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_open_output),
		cmocka_unit_test(test_datadir),
		cmocka_unit_test(test_cmd_front),
		cmocka_unit_test(test_cmd_usage_operands),
	};

	(void)argc;
	ck_set_progname("test_cli");
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
