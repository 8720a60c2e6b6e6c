/* push.c -- lineage push: the log's events to an OpenLineage HTTP
 * endpoint (Marquez's POST /api/v1/lineage, DataHub, any compatible
 * server), one event per POST, over http:// or verified https://
 * (http.c).
 *
 * The log is the spool: DIR/push-<hash of URL> holds the byte offset of
 * the first event the server has not acknowledged, so nothing is lost
 * when it is down -- the next push starts there.  An acknowledged event
 * whose offset was not yet saved (a kill between the two) is sent again:
 * delivery is at least once, as OpenLineage consumers expect. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/hash.h"
#include "lineage/cmd.h"
#include "lineage/http.h"

static int
save_offset(const char *path, long long off, struct ck_error *err)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld\n", off);
	return ck_atomic_write(path, buf, strlen(buf), 0600, err);
}

int
ln_cmd_push(struct ln_ctx *c)
{
	struct ck_error err;
	struct ln_store s;
	struct ck_lock lk = { -1, NULL };
	struct ln_url u;
	struct ln_http http;
	unsigned char md[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1], *cursor = NULL, *lockp = NULL;
	char *line = NULL, *text = NULL;
	size_t cap = 0, tlen;
	long long off = 0, sent = 0, pending = 0, pos;
	off_t limit;
	FILE *fp = NULL;
	ssize_t len;
	int rc = CK_EXIT_TROUBLE, locked = 0, failed = 0;

	ck_error_clear(&err);
	memset(&http, 0, sizeof(http));
	if (ln_url_parse(c->url, &u, &err) < 0 ||
	    ln_http_init(&http, &u, c->cacert, &err) < 0 ||
	    ln_store_open(&s, c->store_opt, 0, &err) < 0) {
		ck_warn_error(&err);
		ln_http_release(&http);
		return CK_EXIT_TROUBLE;
	}
	ck_sha256(c->url, strlen(c->url), md);
	ck_hex_encode(md, 8, hex);
	if (asprintf(&cursor, "%s/push-%s", s.dir, hex) < 0 ||
	    asprintf(&lockp, "%s/push-%s.lock", s.dir, hex) < 0) {
		ck_warn("out of memory");
		goto out;
	}
	/* one pusher per endpoint: two would send events twice */
	if (ck_lock_acquire(&lk, lockp, 0, &err) < 0)
		goto fail;
	locked = 1;
	if (ck_read_file(cursor, 64, &text, &tlen, &err) == 0) {
		char *end;

		off = strtoll(text, &end, 10);
		if (end == text || off < 0) {
			ck_error_set(&err, 0, "%s: not an offset", cursor);
			goto fail;
		}
	} else if (err.errnum != ENOENT) {
		goto fail;
	}
	ck_error_clear(&err);
	if ((fp = fopen(s.log, "re")) == NULL) {
		if (errno == ENOENT)
			goto done;	/* nothing recorded yet */
		ck_error_set(&err, errno, "cannot open %s", s.log);
		goto fail;
	}
	if (fseeko(fp, (off_t)off, SEEK_SET) < 0) {
		ck_error_set(&err, errno, "cannot seek %s", s.log);
		goto fail;
	}
	limit = ln_store_limit(&s);
	pos = off;
	while ((len = getline(&line, &cap, fp)) > 0) {
		int status = -1, permanent = 0;

		if (line[len - 1] != '\n')
			break;	/* a torn tail is not an event */
		if (limit >= 0 && pos + len > limit)
			break;	/* nor is a batch not yet committed */
		pos += len;
		if (failed) {
			pending++;
			continue;
		}
		for (int attempt = 0; attempt <= c->retries; attempt++) {
			if (attempt > 0) {
				/* 0.2 s, 0.4 s, 0.8 s ... capped at 5 s */
				long ms = 200L << (attempt - 1 < 5 ?
						   attempt - 1 : 5);
				struct timespec ts = { 0, 0 };

				if (ms > 5000)
					ms = 5000;
				ts.tv_sec = ms / 1000;
				ts.tv_nsec = (ms % 1000) * 1000000L;
				nanosleep(&ts, NULL);
			}
			ck_error_clear(&err);
			status = ln_http_post(&http, &u, line, (size_t)len - 1,
					      c->timeout, &permanent, &err);
			if ((status >= 200 && status < 300) || permanent)
				break;
			if (status >= 400 && status < 500)
				break;	/* the server refuses it: no retry */
		}
		if (status >= 200 && status < 300) {
			off += len;
			sent++;
			if (sent % 256 == 0 &&
			    save_offset(cursor, off, &err) < 0)
				goto fail;
			continue;
		}
		if (status > 0)
			ck_warn("%s: event at byte %lld refused with HTTP %d",
				c->url, off, status);
		else
			ck_warn_error(&err);
		failed = 1;
		pending++;
	}
	if (ferror(fp)) {
		ck_error_set(&err, errno, "cannot read %s", s.log);
		goto fail;
	}
done:
	if (save_offset(cursor, off, &err) < 0)
		goto fail;
	{
		json_t *rec = json_pack("{s:s, s:s, s:I, s:I}", "kind", "push",
			"url", c->url, "sent", (json_int_t)sent, "pending",
			(json_int_t)pending);
		char msg[256];

		snprintf(msg, sizeof(msg), "sent %lld events, %lld pending",
			 sent, pending);
		rc = ln_emit(c, rec, msg) < 0 || failed ? CK_EXIT_TROUBLE
							: CK_EXIT_OK;
		json_decref(rec);
	}
	goto out;
fail:
	ck_warn_error(&err);
	if (locked && off > 0 && fp != NULL)
		(void)save_offset(cursor, off, NULL);
out:
	if (fp != NULL)
		fclose(fp);
	if (locked)
		ck_lock_release(&lk);
	free(line);
	free(text);
	free(cursor);
	free(lockp);
	ln_http_release(&http);
	ln_store_release(&s);
	return rc;
}
