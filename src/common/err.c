/* err.c -- diagnostics and the error carrier. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

const char *ck_progname = "complykit";
int ck_verbosity;
_Atomic int ck_diag_erase;

void
ck_set_progname(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	ck_progname = slash ? slash + 1 : argv0;
}

void
ck_error_clear(struct ck_error *err)
{
	if (err == NULL)
		return;
	err->errnum = 0;
	err->msg[0] = '\0';
}

int
ck_error_set(struct ck_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
ck_error_prefix(struct ck_error *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is fine: a diagnostic cut short beats none. */
	snprintf(err->msg, sizeof(err->msg), "%.500s: %.500s", prefix, old);
}

static void vwarn(int errnum, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void
vwarn(int errnum, const char *fmt, va_list ap)
{
	/* One fprintf per line keeps lines whole when threads warn. */
	char line[2048];
	int n;

	n = snprintf(line, sizeof(line), "%s: ", ck_progname);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(line))
		n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (errnum != 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, ": %s",
			 strerror(errnum));
	fprintf(stderr, "%s%s\n", ck_diag_erase ? "\r\033[K" : "", line);
}

void
ck_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

void
ck_warn_errno(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(errnum, fmt, ap);
	va_end(ap);
}

void
ck_warn_error(const struct ck_error *err)
{
	if (err->errnum != 0 && strstr(err->msg, strerror(err->errnum)) == NULL)
		ck_warn("%s: %s", err->msg, strerror(err->errnum));
	else
		ck_warn("%s", err->msg);
}

void
ck_info(const char *fmt, ...)
{
	va_list ap;

	if (ck_verbosity < 1)
		return;
	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

noreturn void
ck_die(int status, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(errnum, fmt, ap);
	va_end(ap);
	exit(status);
}
