/* push.c -- lineage push: the log's events to an OpenLineage HTTP
 * endpoint (Marquez's POST /api/v1/lineage, DataHub, any compatible
 * server), one event per POST.
 *
 * The log is the spool: DIR/push-<hash of URL> holds the byte offset of
 * the first event the server has not acknowledged, so nothing is lost
 * when it is down -- the next push starts there.  An acknowledged event
 * whose offset was not yet saved (a kill between the two) is sent again:
 * delivery is at least once, as OpenLineage consumers expect. */
#include <config.h>

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/hash.h"
#include "lineage/cmd.h"

struct url {
	char host[256], port[8], path[1024];
};

static int
parse_url(const char *u, struct url *out, struct ck_error *err)
{
	const char *h, *slash, *colon;
	size_t hl;

	if (strncmp(u, "http://", 7) != 0)
		return ck_error_set(err, 0, "push: --url '%s': only http:// "
				    "URLs are supported", u);
	h = u + 7;
	slash = strchr(h, '/');
	if (slash == NULL)
		slash = h + strlen(h);
	colon = memchr(h, ':', (size_t)(slash - h));
	hl = (size_t)((colon ? colon : slash) - h);
	if (hl == 0 || hl >= sizeof(out->host))
		return ck_error_set(err, 0, "push: --url '%s' has no host", u);
	memcpy(out->host, h, hl);
	out->host[hl] = '\0';
	if (colon != NULL) {
		size_t pl = (size_t)(slash - colon - 1);

		if (pl == 0 || pl >= sizeof(out->port) ||
		    strspn(colon + 1, "0123456789") != pl)
			return ck_error_set(err, 0, "push: --url '%s' has a "
					    "bad port", u);
		memcpy(out->port, colon + 1, pl);
		out->port[pl] = '\0';
	} else {
		strcpy(out->port, "80");
	}
	if (strlen(*slash ? slash : "/") >= sizeof(out->path))
		return ck_error_set(err, 0, "push: --url is too long");
	strcpy(out->path, *slash ? slash : "/");
	return 0;
}

/* One POST; returns the HTTP status, or -1 with err when the server
 * could not be reached or did not answer in HTTP. */
static int
post(const struct url *u, const char *body, size_t len, int timeout,
     struct ck_error *err)
{
	struct addrinfo hints, *ai = NULL, *a;
	struct timeval tv = { timeout, 0 };
	struct ck_buf req = CK_BUF_INIT;
	char resp[512];
	size_t got = 0;
	int fd = -1, status = -1, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(u->host, u->port, &hints, &ai)) != 0)
		return ck_error_set(err, 0, "cannot resolve %s: %s", u->host,
				    gai_strerror(r));
	for (a = ai; a != NULL; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC,
			    a->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		r = errno;
		close(fd);
		fd = -1;
		errno = r;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot connect to %s:%s",
				    u->host, u->port);
	ck_buf_appendf(&req, "POST %s HTTP/1.1\r\nHost: %s:%s\r\n"
		       "Content-Type: application/json\r\n"
		       "Content-Length: %zu\r\nConnection: close\r\n"
		       "User-Agent: lineage/%s\r\n\r\n", u->path, u->host,
		       u->port, len, PACKAGE_VERSION);
	ck_buf_append(&req, body, len);
	for (size_t off = 0; off < req.len;) {
		ssize_t w = send(fd, req.data + off, req.len - off,
				 MSG_NOSIGNAL);

		if (w <= 0) {
			ck_error_set(err, w < 0 ? errno : EIO,
				     "cannot send to %s:%s", u->host, u->port);
			goto out;
		}
		off += (size_t)w;
	}
	while (got < sizeof(resp) - 1) {
		ssize_t n = recv(fd, resp + got, sizeof(resp) - 1 - got, 0);

		if (n <= 0)
			break;
		got += (size_t)n;
		if (memchr(resp, '\n', got) != NULL)
			break;
	}
	resp[got] = '\0';
	/* "HTTP/1.1 201 Created" */
	if (strncmp(resp, "HTTP/1.", 7) != 0 || resp[8] != ' ' ||
	    sscanf(resp + 9, "%3d", &status) != 1) {
		ck_error_set(err, 0, "%s:%s did not answer in HTTP", u->host,
			     u->port);
		status = -1;
	}
out:
	ck_buf_release(&req);
	close(fd);
	return status;
}

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
	struct url u;
	unsigned char md[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1], *cursor = NULL, *lockp = NULL;
	char *line = NULL, *text = NULL;
	size_t cap = 0, tlen;
	long long off = 0, sent = 0, pending = 0;
	FILE *fp = NULL;
	ssize_t len;
	int rc = CK_EXIT_TROUBLE, locked = 0, failed = 0;

	ck_error_clear(&err);
	if (parse_url(c->url, &u, &err) < 0 ||
	    ln_store_open(&s, c->store_opt, 0, &err) < 0) {
		ck_warn_error(&err);
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
	while ((len = getline(&line, &cap, fp)) > 0) {
		int status = -1;

		if (line[len - 1] != '\n')
			break;	/* a torn tail is not an event */
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
			status = post(&u, line, (size_t)len - 1, c->timeout,
				      &err);
			if (status >= 200 && status < 300)
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
	ln_store_release(&s);
	return rc;
}
