/* engine.h -- the engine's internals, shared by engine.c (lifecycle,
 * merging, scoring) and prefilter.c (running the regex rules). */
#ifndef PHISCAN_ENGINE_H
#define PHISCAN_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "common/phi/phi.h"
#include "common/phi/rules.h"

#ifdef HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

struct phi_engine {
	struct phi_ruleset rs;
	struct phi_rule **active;	/* enabled rules with a pattern */
	size_t n_active;
	struct phi_rule_info *info;	/* one per active rule */
	uint32_t max_groups;		/* largest capture count + 1 */
	void **det_shared;		/* one per phi_detectors[] entry */
	size_t n_det;
	char backend[160];
	int use_hs;			/* Hyperscan prefilter in use */
	size_t *numeric;		/* active rules gated by digit runs */
	size_t n_numeric;
	unsigned min_digits;		/* smallest digits: among them */
#ifdef HAVE_HYPERSCAN
	hs_database_t *hs;
	/* Per active rule: a hit ending at e stands for matches inside
	 * [e - before, e + after]. */
	unsigned *before, *after;
	/* Per active rule: a match a hit at e stands for starts by
	 * e + start_after. */
	unsigned *start_after;
	unsigned char *in_hs;		/* per active rule: in the database */
	char **expr;			/* per active rule: what Hyperscan got */
#endif
};

struct phi_hit {
	uint32_t rule;
	uint32_t pad;
	uint64_t end;			/* window-relative end of a hit */
};

struct phi_scanner {
	const struct phi_engine *e;
	pcre2_match_data *md;
	pcre2_match_data *md_allow;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	void **det_state;
	struct phi_cands cands;
	struct phi_hit *hits;
	size_t n_hits, cap_hits;
	int hits_overflow;
	size_t *pend_from, *pend_to;	/* per numeric rule: pending range */
	size_t *pend_last;		/* and the end of its last digit run */
	unsigned char *pending;
#ifdef HAVE_HYPERSCAN
	hs_scratch_t *scratch;
#endif
	char *path;
	int test_context;
	/* Line counting carried across windows: at byte offset cnt_off the
	 * line is cnt_line and cnt_col code points precede it on its line. */
	uint64_t cnt_off, cnt_line, cnt_col;
	uint64_t emitted_to;
};

/* prefilter.c: compile the Hyperscan database (if available and not
 * disabled by PHISCAN_NO_HYPERSCAN); 0 or -1 with err. */
int phi_prefilter_build(struct phi_engine *e, struct ck_error *err);
void phi_prefilter_free(struct phi_engine *e);
int phi_prefilter_scanner(struct phi_scanner *s, struct ck_error *err);
void phi_prefilter_scanner_free(struct phi_scanner *s);
/* Runs every active rule over buf[0..len) (absolute offset base) and
 * appends the confirmed, validated and context-checked candidates. */
/* The most digits b[cs..ce) holds in one stretch whose separators are
 * all in joins (bits in PHI_JOINS order). */
unsigned phi_run_digits(const unsigned char *b, size_t cs, size_t ce,
			unsigned joins);
int phi_rules_run(struct phi_scanner *s, const char *buf, size_t len,
		  uint64_t base, struct ck_error *err);

#endif
