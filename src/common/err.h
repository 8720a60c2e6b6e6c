/* err.h -- exit statuses, diagnostics and the error carrier of libcommon.
 *
 * Library code never exits: it fills a struct ck_error and returns -1 (or
 * NULL).  Only main() and option parsing call ck_die().  Messages are
 * lowercase, without a full stop, and never contain PHI or key material.
 */
#ifndef CK_ERR_H
#define CK_ERR_H

#include <stdarg.h>
#include <stdnoreturn.h>

/* CONTRACT: 0 clean, 1 the gate tripped, 2 usage, input or system error. */
enum ck_exit {
	CK_EXIT_OK = 0,
	CK_EXIT_TRIP = 1,
	CK_EXIT_TROUBLE = 2
};

/* An error left by library code for its caller.  msg is complete
 * ("file.yaml:12: rule 'x' has no pattern"); errnum is 0 or an errno. */
struct ck_error {
	int errnum;
	char msg[1024];
};

void ck_error_clear(struct ck_error *err);
/* Sets err (if not NULL) and returns -1, so library code can write
 * `return ck_error_set(err, errno, "cannot open %s", path);`. */
int ck_error_set(struct ck_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prepends "prefix: " to an existing message (e.g. the input's path). */
void ck_error_prefix(struct ck_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The tool's name, for "tool: message" diagnostics.  Set once by main(). */
extern const char *ck_progname;
void ck_set_progname(const char *argv0);

/* -q lowers, -v raises; ck_info() prints only at verbosity >= 1. */
extern int ck_verbosity;

/* Set while a progress line is on the terminal (progress.c): each
 * diagnostic then erases it first, in the same write. */
extern _Atomic int ck_diag_erase;

/* "tool: message[: strerror]" on stderr. */
void ck_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ck_warn_errno(int errnum, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ck_warn_error(const struct ck_error *err);
void ck_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For main() and option parsing only. */
noreturn void ck_die(int status, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
