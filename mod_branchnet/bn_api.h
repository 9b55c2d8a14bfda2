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

/* The id FIELD: a positive integer, or null (OUT 0) when NULLABLE; OUT
 * stays -1 when the field is absent and not REQUIRED. */
int bn_api_id(bn_call *c, const char *field, int required, int nullable,
              apr_int64_t *out);
/* The integer FIELD from MIN to MAX; OUT is left alone when absent. */
int bn_api_int(bn_call *c, const char *field, int min, int max, int *out);

/* ?start=N&limit=M: 0 when good (defaults 0 and 50, limit up to 500),
 * else the 422 it set. */
int bn_api_paging(bn_call *c, apr_int64_t *start, apr_int64_t *limit);
/* {"items": ITEMS, "total": TOTAL, "next": N or null} */
json_t *bn_api_page(json_t *items, apr_int64_t total, apr_int64_t start,
                    apr_int64_t limit);

/* The audit row of a change to ACCOUNT in NETWORK (either may be 0), and
 * a new change generation; takes DETAILS (a JSON object, or NULL). */
apr_status_t bn_api_audit(bn_call *c, const char *action,
                          apr_int64_t account, apr_int64_t network,
                          json_t *details);

/* A random one-time token of 128 bits, as 32 hex digits. */
const char *bn_api_token(request_rec *r);

/* Who may read or change an account (bn_api_network.c). Each returns 0,
 * or the error it set. Readers: its active members and the admins of its
 * network's main account, 404 for anyone else (ids reveal nothing).
 * Writers: its active admins and the admins of its main account; 403
 * for its other members. */
int bn_api_need_reader(bn_call *c, const bn_account *a);
int bn_api_need_writer(bn_call *c, const bn_account *a);
/* The account of the path's first id, locked when LOCK. */
int bn_api_path_account(bn_call *c, int lock, bn_account *a);
json_t *bn_api_account_json(request_rec *r, const bn_account *a);

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

/* Calls of bn_api_people.c. */
int bn_api_employees_get(bn_call *c);
int bn_api_employee_add(bn_call *c);
int bn_api_employee_update(bn_call *c);
int bn_api_employee_remove(bn_call *c);
int bn_api_invitations_create(bn_call *c);
int bn_api_invitation_accept(bn_call *c);
int bn_api_structure_get(bn_call *c);
int bn_api_department_add(bn_call *c);
int bn_api_department_update(bn_call *c);
int bn_api_department_remove(bn_call *c);

#endif
