/* http.c -- one HTTP/1.1 POST over TCP, or over TLS through OpenSSL, for
 * lineage push.
 *
 * https:// verifies the server: its chain against the system's trust
 * store (or --cacert's certificates only), its name (DNS name, or IP
 * address for a literal) against the certificate (RFC 6125), TLS 1.2 at
 * least.  There is no switch to skip verification: a server with a
 * private CA is reached with --cacert. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "common/buf.h"
#include "lineage/http.h"

int
ln_url_parse(const char *u, struct ln_url *out, struct ck_error *err)
{
	const char *h, *slash, *colon;
	size_t hl;

	memset(out, 0, sizeof(*out));
	if (strncmp(u, "http://", 7) == 0) {
		h = u + 7;
	} else if (strncmp(u, "https://", 8) == 0) {
		h = u + 8;
		out->tls = 1;
	} else {
		return ck_error_set(err, 0, "push: --url '%s': only http:// "
				    "and https:// URLs are supported", u);
	}
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
		strcpy(out->port, out->tls ? "443" : "80");
	}
	if (strlen(*slash ? slash : "/") >= sizeof(out->path))
		return ck_error_set(err, 0, "push: --url is too long");
	strcpy(out->path, *slash ? slash : "/");
	return 0;
}

/* OpenSSL's queued errors as one line, and the queue cleared. */
static const char *
ssl_reason(char *buf, size_t size)
{
	unsigned long e = ERR_get_error();

	if (e == 0)
		snprintf(buf, size, "connection closed");
	else
		ERR_error_string_n(e, buf, size);
	ERR_clear_error();
	return buf;
}

static int tls_ctx(struct ln_http *h, struct ck_error *err);

int
ln_http_init(struct ln_http *h, const struct ln_url *u, const char *cacert,
	     struct ck_error *err)
{
	memset(h, 0, sizeof(*h));
	h->cacert = cacert;
	if (cacert != NULL && !u->tls)
		return ck_error_set(err, 0, "push: --cacert is for https:// "
				    "URLs");
	/* the trust store is read now: a bad --cacert is no spooled event */
	return u->tls ? tls_ctx(h, err) : 0;
}

/* The TLS context: verify the peer, TLS 1.2 at least. */
static int
tls_ctx(struct ln_http *h, struct ck_error *err)
{
	char why[256];

	if (h->ctx != NULL)
		return 0;
	if ((h->ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return ck_error_set(err, 0, "cannot set up TLS: %s",
				    ssl_reason(why, sizeof(why)));
	SSL_CTX_set_min_proto_version(h->ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(h->ctx, SSL_VERIFY_PEER, NULL);
	if (h->cacert != NULL) {
		FILE *fp = fopen(h->cacert, "re");

		if (fp == NULL)
			return ck_error_set(err, errno, "cannot read CA "
					    "certificates %s", h->cacert);
		fclose(fp);
		if (SSL_CTX_load_verify_locations(h->ctx, h->cacert, NULL) !=
		    1)
			return ck_error_set(err, 0, "cannot load CA "
					    "certificates from %s: %s",
					    h->cacert,
					    ssl_reason(why, sizeof(why)));
	} else if (SSL_CTX_set_default_verify_paths(h->ctx) != 1) {
		return ck_error_set(err, 0, "cannot load the system's CA "
				    "certificates: %s",
				    ssl_reason(why, sizeof(why)));
	}
	return 0;
}

void
ln_http_release(struct ln_http *h)
{
	SSL_CTX_free(h->ctx);
	h->ctx = NULL;
}

static int
dial(const struct ln_url *u, int timeout, struct ck_error *err)
{
	struct addrinfo hints, *ai = NULL, *a;
	struct timeval tv = { timeout, 0 };
	int fd = -1, r;

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
	return fd;
}

/* The TLS handshake on fd, checking the chain and the name. */
static SSL *
handshake(struct ln_http *h, const struct ln_url *u, int fd, int *permanent,
	  struct ck_error *err)
{
	unsigned char ip[16];
	char why[256];
	SSL *ssl;
	long vr;
	int literal = inet_pton(AF_INET, u->host, ip) == 1 ||
		      inet_pton(AF_INET6, u->host, ip) == 1;

	if (tls_ctx(h, err) < 0) {
		*permanent = 1;
		return NULL;
	}
	if ((ssl = SSL_new(h->ctx)) == NULL || SSL_set_fd(ssl, fd) != 1) {
		ck_error_set(err, 0, "cannot set up TLS: %s",
			     ssl_reason(why, sizeof(why)));
		SSL_free(ssl);
		return NULL;
	}
	/* RFC 6125: the name the user gave is the one the certificate must
	 * carry; an IP literal is matched against iPAddress names */
	if (literal)
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), u->host);
	else if (SSL_set_tlsext_host_name(ssl, u->host) != 1 ||
		 SSL_set1_host(ssl, u->host) != 1) {
		ck_error_set(err, 0, "cannot set up TLS for %s", u->host);
		SSL_free(ssl);
		return NULL;
	}
	if (SSL_connect(ssl) != 1) {
		vr = SSL_get_verify_result(ssl);
		if (vr != X509_V_OK) {
			*permanent = 1;
			ck_error_set(err, 0, "%s:%s: TLS certificate not "
				     "trusted: %s%s", u->host, u->port,
				     X509_verify_cert_error_string(vr),
				     h->cacert ? "" : " (a private CA needs "
				     "--cacert FILE)");
			ERR_clear_error();
		} else {
			ck_error_set(err, 0, "%s:%s: TLS handshake failed: %s",
				     u->host, u->port,
				     ssl_reason(why, sizeof(why)));
		}
		SSL_free(ssl);
		return NULL;
	}
	return ssl;
}

static int
send_all(int fd, SSL *ssl, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w;

		if (ssl != NULL) {
			size_t done = 0;

			if (SSL_write_ex(ssl, p, n, &done) != 1)
				return -1;
			w = (ssize_t)done;
		} else {
			w = send(fd, p, n, MSG_NOSIGNAL);
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t
recv_some(int fd, SSL *ssl, char *p, size_t n)
{
	if (ssl != NULL) {
		size_t got = 0;

		return SSL_read_ex(ssl, p, n, &got) == 1 ? (ssize_t)got : -1;
	}
	return recv(fd, p, n, 0);
}

int
ln_http_post(struct ln_http *h, const struct ln_url *u, const char *body,
	     size_t len, int timeout, int *permanent, struct ck_error *err)
{
	struct ck_buf req = CK_BUF_INIT;
	char resp[512];
	size_t got = 0;
	SSL *ssl = NULL;
	int fd, status = -1;

	*permanent = 0;
	if ((fd = dial(u, timeout, err)) < 0)
		return -1;
	if (u->tls && (ssl = handshake(h, u, fd, permanent, err)) == NULL)
		goto out;
	ck_buf_appendf(&req, "POST %s HTTP/1.1\r\nHost: %s:%s\r\n"
		       "Content-Type: application/json\r\n"
		       "Content-Length: %zu\r\nConnection: close\r\n"
		       "User-Agent: lineage/%s\r\n\r\n", u->path, u->host,
		       u->port, len, PACKAGE_VERSION);
	ck_buf_append(&req, body, len);
	if (send_all(fd, ssl, req.data, req.len) < 0) {
		ck_error_set(err, errno, "cannot send to %s:%s", u->host,
			     u->port);
		ERR_clear_error();
		goto out;
	}
	while (got < sizeof(resp) - 1) {
		ssize_t n = recv_some(fd, ssl, resp + got,
				      sizeof(resp) - 1 - got);

		if (n <= 0)
			break;
		got += (size_t)n;
		if (memchr(resp, '\n', got) != NULL)
			break;
	}
	ERR_clear_error();
	resp[got] = '\0';
	/* "HTTP/1.1 201 Created" */
	if (strncmp(resp, "HTTP/1.", 7) != 0 || resp[8] != ' ' ||
	    sscanf(resp + 9, "%3d", &status) != 1) {
		ck_error_set(err, 0, "%s:%s did not answer in HTTP", u->host,
			     u->port);
		status = -1;
	}
out:
	if (ssl != NULL) {
		SSL_shutdown(ssl);
		SSL_free(ssl);
	}
	ck_buf_release(&req);
	close(fd);
	return status;
}
