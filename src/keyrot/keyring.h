/* keyring.h -- keyrot's keyring: versioned 256-bit keys sealed under the
 * master credential (common/seal.h), in a directory of 0600 files:
 *
 *   DIR/keyring.sealed  the sealed keyring (below)
 *   DIR/history.jsonl   one line per action (not secret, no key bytes)
 *   DIR/journal         a rewrap/reencrypt in progress (JSON Lines)
 *   DIR/.lock           serialises writers
 *
 * The sealed plaintext is "KRKEYS1\n", a 4-byte big-endian count, that
 * many (4-byte version id, 32-byte key) pairs, then one JSON object with
 * the metadata: {"format":1,"retention_days":30,"versions":[{"version":1,
 * "state":"primary","created":T,"deactivated":T,"retired":T,
 * "destroyed":T},...]} (times RFC 3339, absent when not reached).  Key
 * bytes never enter JSON, so no copy of them is left in jansson's heap. */
#ifndef KR_KEYRING_H
#define KR_KEYRING_H

#include <stddef.h>
#include <stdint.h>
#include "common/atomic.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/seal.h"
#include "common/timefmt.h"
#include "keyrot/envelope.h"

enum kr_state { KR_PRIMARY, KR_ACTIVE, KR_RETIRED, KR_DESTROYED };

const char *kr_state_name(enum kr_state s);

struct kr_version {
	uint32_t id;
	enum kr_state state;
	int has_key;
	unsigned char key[KR_KEY_LEN];
	struct ck_time created, deactivated, retired, destroyed; /* sec 0: no */
};

struct kr_keyring {
	struct kr_version *v;	/* ascending id */
	size_t n;
	uint32_t retention_days;
};

/* Parses a sealed keyring's plaintext.  -1 with err on any malformation. */
int kr_keyring_parse(const void *p, size_t n, struct kr_keyring *kr,
		     struct ck_error *err);
/* Serialises into out (reset first; release it with
 * ck_buf_release_secret). */
int kr_keyring_serialize(const struct kr_keyring *kr, struct ck_buf *out,
			 struct ck_error *err);
/* Wipes every key and frees. */
void kr_keyring_release(struct kr_keyring *kr);

struct kr_version *kr_keyring_find(struct kr_keyring *kr, uint32_t id);
struct kr_version *kr_keyring_primary(struct kr_keyring *kr);
/* Appends a new primary version (the old primary becomes active). */
int kr_keyring_add(struct kr_keyring *kr, const struct ck_time *now,
		   struct ck_error *err);

/* Files in DIR. */
int kr_keyring_load(const char *dir, const struct ck_cred *c,
		    struct kr_keyring *kr, struct ck_error *err);
int kr_keyring_save(const char *dir, const struct ck_cred *c,
		    const struct kr_keyring *kr, struct ck_error *err);
/* Checks DIR is 0700-or-stricter and its files 0600. */
int kr_keyring_check_modes(const char *dir, struct ck_error *err);

/* The journal of an interrupted rewrap/reencrypt. */
struct kr_journal {
	char op[16];		/* "rewrap" or "reencrypt" */
	uint32_t to;		/* target version */
	uint64_t done;		/* objects recorded as replaced */
	int complete;		/* an "end" line was written */
};
int kr_journal_parse(const char *text, size_t n, struct kr_journal *j,
		     struct ck_error *err);

#endif
