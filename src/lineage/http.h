/* http.h -- lineage push's HTTP client: one POST per request, over TCP
 * (http://) or TLS with the server verified (https://). */
#ifndef LINEAGE_HTTP_H
#define LINEAGE_HTTP_H

#include <stddef.h>
#include "common/err.h"

struct ln_url {
	int tls;
	char host[256], port[8], path[1024];
};

/* http://HOST[:PORT][/PATH] or https://...  0 or -1 with err. */
int ln_url_parse(const char *u, struct ln_url *out, struct ck_error *err);

struct ssl_ctx_st;

struct ln_http {
	const char *cacert;	/* NULL: the system's trust store */
	struct ssl_ctx_st *ctx;	/* https: the TLS context */
};

/* Prepares requests to u: for https, the TLS context with the trust
 * store (cacert, or the system's).  0 or -1 with err; release h in any
 * case. */
int ln_http_init(struct ln_http *h, const struct ln_url *u,
		 const char *cacert, struct ck_error *err);
void ln_http_release(struct ln_http *h);
/* POSTs body as application/json; returns the HTTP status, or -1 with err
 * when the server could not be reached, did not answer in HTTP or failed
 * TLS.  *permanent is set when retrying cannot help (an untrusted
 * certificate, unreadable CA file). */
int ln_http_post(struct ln_http *h, const struct ln_url *u, const char *body,
		 size_t len, int timeout, int *permanent,
		 struct ck_error *err);

#endif
