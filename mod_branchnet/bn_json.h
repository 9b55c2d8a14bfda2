/* JSON helpers: values whose lifetime is tied to a pool, text that is
 * always valid UTF-8, and the API's response and error shapes. */
#ifndef BN_JSON_H
#define BN_JSON_H

#include <jansson.h>

#include "httpd.h"

/* V, released when P is cleared; callers never count references.
 * Returns NULL when V is NULL. */
json_t *bn_json_own(apr_pool_t *p, json_t *v);

/* A JSON string of S (NULL gives JSON null); bytes that are not valid
 * UTF-8 become U+FFFD, so that no value from a request or a row can make
 * the response fail. The result is a new reference. */
json_t *bn_json_text(const char *s);

/* SECS (seconds since the epoch) as an ISO 8601 UTC string; null for 0. */
json_t *bn_json_time(apr_int64_t secs);

/* Write BODY as the response with STATUS. Returns OK for the handler. */
int bn_json_send(request_rec *r, int status, json_t *body);

/* Write {"error": {"code", "message"[, "field"]}} with STATUS. FIELD may
 * be NULL. Returns OK for the handler. */
int bn_json_error(request_rec *r, int status, const char *code,
                  const char *message, const char *field);

#endif
