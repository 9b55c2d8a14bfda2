/* The JSON API: routing of the branchnet-api handler, the request checks
 * every call shares, and the calls (bn_api_*.c). */
#ifndef BN_API_H
#define BN_API_H

#include "httpd.h"

#include "bn_json.h"
#include "bn_rules.h"
#include "bn_store.h"

int bn_api_handler(request_rec *r);

/* One call being answered. A call function fills in either RESULT (with
 * a 2xx STATUS) or the error fields, and returns STATUS; the dispatcher
 * writes the response, after committing a change's transaction. */
typedef struct {
    request_rec *r;
    apr_int64_t ids[2];        /* the numbers in the path, in order */
    json_t *body;              /* the JSON object a change carries */
    int status;
    json_t *result;
    const char *code;
    const char *message;
    const char *field;
} bn_call;

typedef int (*bn_call_fn)(bn_call *c);

/* Set C's answer; each returns the status. */
int bn_api_ok(bn_call *c, int status, json_t *result);
int bn_api_fail(bn_call *c, int status, const char *code,
                const char *message);
int bn_api_invalid(bn_call *c, const char *field, const char *message);
int bn_api_refuse(bn_call *c, const bn_refusal *why);
/* For a storage status other than APR_SUCCESS: 404 for APR_NOTFOUND,
 * 409 for a lost race, else 503. */
int bn_api_store_failed(bn_call *c, apr_status_t rv);

/* Body fields. Each returns 0 when the value is there and good, else the
 * 422 it set. bn_api_fields refuses a field not in ALLOWED (NULL-ended);
 * bn_api_string takes a string of 1 to MAX characters, stripped of
 * surrounding white space (OUT stays NULL when it is absent and not
 * REQUIRED). */
int bn_api_fields(bn_call *c, const char *const *allowed);
int bn_api_string(bn_call *c, const char *field, int required,
                  apr_size_t max, const char **out);

/* ?start=N&limit=M: 0 when good (defaults 0 and 50, limit up to 500),
 * else the 422 it set. */
int bn_api_paging(bn_call *c, apr_int64_t *start, apr_int64_t *limit);
/* {"items": ITEMS, "total": TOTAL, "next": N or null} */
json_t *bn_api_page(json_t *items, apr_int64_t total, apr_int64_t start,
                    apr_int64_t limit);

/* A random one-time token of 128 bits, as 32 hex digits. */
const char *bn_api_token(request_rec *r);

/* Calls of bn_api_network.c. */
int bn_api_network_get(bn_call *c);
int bn_api_network_create(bn_call *c);
int bn_api_join_code_create(bn_call *c);
int bn_api_join(bn_call *c);
int bn_api_branch_connect(bn_call *c);
int bn_api_branch_create(bn_call *c);
int bn_api_branch_disconnect(bn_call *c);
int bn_api_account_get(bn_call *c);
int bn_api_audit_get(bn_call *c);
int bn_api_account_add(bn_call *c);
int bn_api_account_plan(bn_call *c);

#endif
