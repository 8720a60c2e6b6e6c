/* phi.h -- libcommon's PHI detection: the interface between the tools
 * that find PHI (phiscan, phiredact) and the scan engine, and between the
 * engine and the detectors it runs.
 *
 * Ownership: the engine is built once and read-only afterwards, so threads
 * share it; each thread has its own scanner (scratch space, PCRE2 match
 * data, Hyperscan scratch, per-document state).
 */
#ifndef PHI_PHI_H
#define PHI_PHI_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "common/err.h"

/* CONTRACT's type vocabulary, in CONTRACT's order. */
enum phi_type {
	PHI_NAME, PHI_DATE, PHI_AGE, PHI_ADDRESS, PHI_ZIP, PHI_PHONE, PHI_FAX,
	PHI_EMAIL, PHI_URL, PHI_IP, PHI_SSN, PHI_NPI, PHI_DEA,
	PHI_CREDIT_CARD, PHI_VEHICLE, PHI_ICD10, PHI_MRN, PHI_HEALTH_PLAN,
	PHI_ACCOUNT, PHI_LICENSE, PHI_DEVICE, PHI_BIOMETRIC, PHI_OTHER_ID,
	PHI_NTYPES
};

const char *phi_type_name(int type);		/* "SSN" */
int phi_type_parse(const char *name);		/* -1 if unknown */

enum phi_conf { PHI_CONF_LOW, PHI_CONF_MEDIUM, PHI_CONF_HIGH };
const char *phi_conf_name(int conf);		/* "high" */
int phi_conf_parse(const char *name);		/* -1 if unknown */

/* One finding, as the engine reports it after merging, suppression
 * (inline phiscan:allow, placeholders, allowlists) and overlap resolution.
 * Offsets are absolute byte offsets into the document, end exclusive. */
struct phi_finding {
	uint64_t start, end;
	uint64_t line;		/* 1-based */
	uint64_t col;		/* 1-based, in Unicode code points */
	int type;		/* enum phi_type */
	int conf;		/* enum phi_conf */
	int score;		/* the rule's weight after context */
	const char *rule;	/* rule id ("ssn.dashed"), owned by the engine */
	char *value;		/* copy of the matched bytes, NUL-terminated,
				 * owned by the list; PHI: never print it
				 * unless --show-match */
	size_t value_len;
};

struct phi_findings {
	struct phi_finding *v;
	size_t n, cap;
};

void phi_findings_init(struct phi_findings *f);
void phi_findings_reset(struct phi_findings *f);	/* wipes values */
void phi_findings_release(struct phi_findings *f);

/* Document score per CONTRACT. */
struct phi_doc_score {
	int score;
	int conf;		/* high above scoring.high, medium above
				 * scoring.medium, else low */
	int test_context;	/* halved because the data is test/mock/example */
	unsigned counts[PHI_NTYPES];
};

/* ---- the engine ------------------------------------------------------ */

struct phi_engine_opts {
	const char *datadir;		/* holds rules/ and names/ */
	const char *const *rule_files;	/* --rules and .complykit.yaml, in
					 * order; later packs override */
	size_t n_rule_files;
	int no_default_rules;		/* skip datadir/rules/ *.yaml */
};

struct phi_engine;

/* Loads and compiles every rule pack.  A malformed pack fails with
 * "file:line: message". */
struct phi_engine *phi_engine_new(const struct phi_engine_opts *o,
				  struct ck_error *err);
void phi_engine_free(struct phi_engine *e);

/* Rule metadata, for SARIF's rules array and --list-rules. */
struct phi_rule_info {
	const char *id;
	int type;
	int weight;
	int conf;
	const char *description;
};
size_t phi_engine_rules(const struct phi_engine *e,
			const struct phi_rule_info **out);
/* "PCRE2 10.42 (JIT), Hyperscan 5.4.0" for --version. */
const char *phi_engine_backend(const struct phi_engine *e);

/* The merged value of a top-level rule-pack section ("keys", "names",
 * "dates", "scoring", ...), for detectors that read their own settings:
 * arrays are concatenated across packs in load order, objects merged with
 * later packs winning.  Borrowed; NULL if no pack has the section. */
const json_t *phi_engine_section(const struct phi_engine *e,
				 const char *name);

/* ---- scanning -------------------------------------------------------- */

struct phi_scanner;

struct phi_scanner *phi_scanner_new(const struct phi_engine *e,
				    struct ck_error *err);
void phi_scanner_free(struct phi_scanner *s);

/* Starts a document.  path is the display path; its name and extension
 * steer the structured detectors (.csv, .tsv, .hl7, .json, .sql, ...). */
void phi_scan_begin(struct phi_scanner *s, const char *path);

/* Scans one window of the current document: buf holds the bytes
 * [base, base+len).  Windows are fed in order and may overlap: findings
 * that start before emit_from were reported by the previous window and are
 * not reported again.  last is 1 for the final window.  Appends findings,
 * sorted by start and non-overlapping, to out.  0 or -1 with err.
 *
 * Feeding a large document: a window that is not the last holds back the
 * findings that start in its last PHI_WINDOW_TAIL bytes (a value there may
 * run past the window's end) and reports up to phi_scan_emitted_to().
 * The next window passes emit_from = phi_scan_emitted_to() and starts at
 * or before emit_from - PHI_WINDOW_CONTEXT (labels and context words come
 * before a value); so keep the last PHI_WINDOW_TAIL + PHI_WINDOW_CONTEXT
 * bytes of a window at the start of the next.  Windows larger than that
 * overlap make progress; 1 MiB or more keeps the overlap cheap.  Lines and
 * columns are counted across windows fed this way. */
#define PHI_WINDOW_TAIL 4096
#define PHI_WINDOW_CONTEXT 4096
int phi_scan_window(struct phi_scanner *s, const char *buf, size_t len,
		    uint64_t base, uint64_t emit_from, int last,
		    struct phi_findings *out, struct ck_error *err);
/* Where the last window stopped reporting (absolute offset). */
uint64_t phi_scan_emitted_to(const struct phi_scanner *s);
/* 1 if the current document's path or opening text marks test, mock or
 * example data (scoring.test_words / test_text). */
int phi_scan_test_context(const struct phi_scanner *s);

/* Convenience: begin + one window holding the whole document. */
int phi_scan_buffer(struct phi_scanner *s, const char *path, const char *buf,
		    size_t len, struct phi_findings *out, struct ck_error *err);

/* Scores a document's findings (after the front end drops baselined
 * ones); test_context comes from the scanner's view of the document
 * (path and text marking test, mock or example data). */
void phi_score(const struct phi_engine *e, const struct phi_scanner *s,
	       const struct phi_finding *f, size_t n,
	       struct phi_doc_score *out);

/* ---- detectors (engine <-> detector modules) ------------------------- */

/* A candidate from one detector, before the engine merges candidates.
 * priority breaks overlaps: a value found by its field or label
 * (structured, HL7, "MRN:") beats a bare pattern, which beats a guess from
 * word lists. */
enum phi_prio {
	PHI_PRIO_LIST = 10,	/* name lists, gazetteers */
	PHI_PRIO_PATTERN = 20,	/* shape plus validator */
	PHI_PRIO_CONTEXT = 30,	/* shape plus a nearby label */
	PHI_PRIO_FIELD = 40	/* the value of a named field/column/segment */
};

/* A candidate of type PHI_VETO says its span holds no PHI (a structured
 * detector knows the field: a type name, a reference table's column): it
 * takes part in overlap resolution at its priority, so it silences the
 * weaker guesses over the same bytes, and is never reported. */
#define PHI_VETO PHI_NTYPES

struct phi_cand {
	uint64_t start, end;	/* absolute offsets */
	int type;
	int conf;
	int weight;
	int prio;
	const char *rule;	/* static or engine-owned rule id */
};

struct phi_cands {
	struct phi_cand *v;
	size_t n, cap;
};
int phi_cands_push(struct phi_cands *c, uint64_t start, uint64_t end,
		   int type, int conf, int weight, int prio, const char *rule);

/* What a detector sees of the current window. */
struct phi_window {
	const char *buf;	/* bytes [base, base+len) of the document */
	size_t len;
	uint64_t base;
	int last;
	const char *path;	/* display path of the document */
};

/* A detector is a module with its own state per scanner.  The engine calls
 * init once (reading its settings with phi_engine_section), then for each
 * document: begin, scan for each window, and keeps the candidates. */
struct phi_detector {
	const char *name;
	/* Builds the detector's shared read-only data; NULL+err on failure. */
	void *(*init)(const struct phi_engine *e, struct ck_error *err);
	void (*fini)(void *shared);
	/* Per-scanner state. */
	void *(*state_new)(void *shared);
	void (*state_free)(void *state);
	void (*begin)(void *state, const char *path);
	int (*scan)(void *state, const struct phi_window *w,
		    struct phi_cands *out, struct ck_error *err);
};

/* The detectors linked into phiscan, in the order the engine runs them
 * (defined in detectors.c). */
extern const struct phi_detector *const phi_detectors[];

#endif
