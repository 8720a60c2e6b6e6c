/* policy.h -- the meanings a signature may carry (Part 11 §11.50(a)(3)).
 *
 * Built in: approval, review, authorship, responsibility.  A policy file
 * adds more, one a line, with an optional description after white space;
 * '#' starts a comment line:
 *
 *   # meanings of our QA process
 *   release     approved for release to production
 *   witness
 *
 * A meaning is 1..63 characters of [a-z0-9_-], starting with a letter. */
#ifndef KS_POLICY_H
#define KS_POLICY_H

#include <stddef.h>
#include "common/err.h"

struct ks_policy {
	char **extra;
	size_t n;
};

int ks_policy_parse(struct ks_policy *p, const char *text, size_t len,
		    const char *name, struct ck_error *err);
int ks_policy_load(struct ks_policy *p, const char *path,
		   struct ck_error *err);
void ks_policy_release(struct ks_policy *p);
/* 1 if meaning is built in or in the policy (p may be NULL). */
int ks_policy_allows(const struct ks_policy *p, const char *meaning);
/* 1 if s is a well-formed meaning. */
int ks_meaning_ok(const char *s, size_t n);

#endif
