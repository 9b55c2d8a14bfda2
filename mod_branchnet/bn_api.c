/* The JSON API of mod_branchnet (SetHandler branchnet-api): routing, the
 * checks every call shares, and the calls about the person themselves. */
#include <stdlib.h>
#include <string.h>

#include "apr_lib.h"
#include "apr_strings.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"

#include "bn_access.h"
#include "bn_api.h"
#include "bn_config.h"
#include "bn_stats.h"

APLOG_USE_MODULE(branchnet);

#define BN_PAGE_DEFAULT 50
#define BN_PAGE_MAX     500

int bn_api_ok(bn_call *c, int status, json_t *result)
{
    c->status = status;
    c->result = bn_json_own(c->r->pool, result);
    return status;
}

int bn_api_fail(bn_call *c, int status, const char *code,
                const char *message)
{
    c->status = status;
    c->code = code;
    c->message = message;
    return status;
}

int bn_api_invalid(bn_call *c, const char *field, const char *message)
{
    c->field = field;
    return bn_api_fail(c, HTTP_UNPROCESSABLE_ENTITY, "invalid", message);
}

int bn_api_refuse(bn_call *c, const bn_refusal *why)
{
    return bn_api_fail(c, why->status, why->code, why->message);
}

int bn_api_store_failed(bn_call *c, apr_status_t rv)
{
    if (rv == APR_NOTFOUND) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "not_found",
                           "no such object");
    }
    if (rv == APR_EEXIST || rv == APR_EBUSY) {
        return bn_api_fail(c, HTTP_CONFLICT, "conflict",
                           "a concurrent change came first; try again");
    }
    return bn_api_fail(c, HTTP_SERVICE_UNAVAILABLE, "unavailable",
                       "the database is not available");
}

int bn_api_fields(bn_call *c, const char *const *allowed)
{
    const char *key;
    json_t *value;
    int i;

    json_object_foreach(c->body, key, value) {
        for (i = 0; allowed[i] != NULL; i++) {
            if (strcmp(key, allowed[i]) == 0) {
                break;
            }
        }
        if (allowed[i] == NULL) {
            return bn_api_invalid(c, apr_pstrdup(c->r->pool, key),
                                  "unknown field");
        }
    }
    return 0;
}

/* Characters, not bytes: the body is valid UTF-8 (jansson checks). */
static apr_size_t utf8_length(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++) {
        n += ((unsigned char)*s & 0xc0) != 0x80;
    }
    return n;
}

int bn_api_string(bn_call *c, const char *field, int required,
                  apr_size_t max, const char **out)
{
    json_t *v = json_object_get(c->body, field);
    const char *s, *end;

    *out = NULL;
    if (v == NULL) {
        return required ? bn_api_invalid(c, field, "this field is required")
                        : 0;
    }
    if (!json_is_string(v)) {
        return bn_api_invalid(c, field, "must be a string");
    }
    for (s = json_string_value(v); apr_isspace(*s); s++) {
    }
    for (end = s + strlen(s); end > s && apr_isspace(end[-1]); end--) {
    }
    if (end == s) {
        return bn_api_invalid(c, field, "must not be empty");
    }
    *out = apr_pstrmemdup(c->r->pool, s, (apr_size_t)(end - s));
    if (utf8_length(*out) > max) {
        *out = NULL;
        return bn_api_invalid(c, field, apr_psprintf(c->r->pool,
                              "must be at most %" APR_SIZE_T_FMT
                              " characters", max));
    }
    return 0;
}

int bn_api_id(bn_call *c, const char *field, int required, int nullable,
              apr_int64_t *out)
{
    json_t *v = json_object_get(c->body, field);

    *out = -1;
    if (v == NULL) {
        return required ? bn_api_invalid(c, field, "this field is required")
                        : 0;
    }
    if (json_is_null(v) && nullable) {
        *out = 0;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 1) {
        return bn_api_invalid(c, field, nullable
                              ? "must be a positive integer or null"
                              : "must be a positive integer");
    }
    *out = json_integer_value(v);
    return 0;
}

int bn_api_int(bn_call *c, const char *field, int min, int max, int *out)
{
    json_t *v = json_object_get(c->body, field);

    if (v == NULL) {
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min
        || json_integer_value(v) > max) {
        return bn_api_invalid(c, field, apr_psprintf(c->r->pool,
                              "must be an integer from %d to %d", min, max));
    }
    *out = (int)json_integer_value(v);
    return 0;
}

/* A query argument as a count from MIN to MAX, or -1. */
static apr_int64_t query_count(const char *v, apr_int64_t min,
                               apr_int64_t max)
{
    apr_int64_t n = 0;
    const char *s;

    if (*v == '\0' || strlen(v) > 12) {
        return -1;
    }
    for (s = v; *s; s++) {
        if (!apr_isdigit(*s)) {
            return -1;
        }
        n = n * 10 + (*s - '0');
    }
    return n < min || n > max ? -1 : n;
}

int bn_api_paging(bn_call *c, apr_int64_t *start, apr_int64_t *limit)
{
    char *args = apr_pstrdup(c->r->pool, c->r->args ? c->r->args : "");
    char *pair, *state = NULL;

    *start = 0;
    *limit = BN_PAGE_DEFAULT;
    for (pair = apr_strtok(args, "&", &state); pair != NULL;
         pair = apr_strtok(NULL, "&", &state)) {
        char *value = strchr(pair, '=');

        if (value == NULL) {
            continue;
        }
        *value++ = '\0';
        if (strcmp(pair, "start") == 0) {
            *start = query_count(value, 0, APR_INT64_C(999999999999));
            if (*start < 0) {
                return bn_api_invalid(c, "start", "must be a whole number");
            }
        }
        else if (strcmp(pair, "limit") == 0) {
            *limit = query_count(value, 1, BN_PAGE_MAX);
            if (*limit < 0) {
                return bn_api_invalid(c, "limit", "must be from 1 to 500");
            }
        }
    }
    return 0;
}

json_t *bn_api_page(json_t *items, apr_int64_t total, apr_int64_t start,
                    apr_int64_t limit)
{
    apr_int64_t next = start + limit;

    return json_pack("{s:o, s:I, s:o}", "items", items,
                     "total", (json_int_t)total,
                     "next", next < total ? json_integer(next)
                                          : json_null());
}

apr_status_t bn_api_audit(bn_call *c, const char *action,
                          apr_int64_t account, apr_int64_t network,
                          json_t *details)
{
    char *text = details != NULL ? json_dumps(details, JSON_COMPACT) : NULL;
    apr_status_t rv = bn_store_audit(c->r, action, account, network,
                                     text != NULL ? text : "{}");

    free(text);
    json_decref(details);
    return rv;
}

const char *bn_api_token(request_rec *r)
{
    unsigned char raw[16];
    char *hex = apr_palloc(r->pool, sizeof(raw) * 2 + 1);
    apr_size_t i;

    if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS) {
        return NULL;
    }
    for (i = 0; i < sizeof(raw); i++) {
        apr_snprintf(hex + i * 2, 3, "%02x", raw[i]);
    }
    return hex;
}

/* Calls about the person and the server. */

/* May the person see the counters? Operators, and administrators of the
 * current account or of its network's main account. */
static int may_see_counters(bn_call *c)
{
    const bn_decision *d;

    if (c->r->user == NULL) {
        return 0;
    }
    if (bn_conf_is_operator(bn_server_config(c->r->server), c->r->user)) {
        return 1;
    }
    return bn_access_decide(c->r, &d) == APR_SUCCESS
           && ((d->role && strcmp(d->role, "admin") == 0)
               || (d->main_role && strcmp(d->main_role, "admin") == 0));
}

static int health_get(bn_call *c)
{
    json_t *counters;
    int i;

    if (bn_store_check(c->r) != APR_SUCCESS) {
        return bn_api_store_failed(c, APR_EGENERAL);
    }
    if (c->r->args == NULL || strstr(c->r->args, "detail=1") == NULL) {
        return bn_api_ok(c, HTTP_OK, json_pack("{s:s}", "status", "ok"));
    }
    if (!may_see_counters(c)) {
        return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden", "the details "
                           "are for administrators and operators");
    }
    counters = json_object();
    for (i = 0; i < BN_STAT_COUNT; i++) {
        json_object_set_new(counters, bn_stats_name(i),
                            json_integer((json_int_t)bn_stats_get(i)));
    }
    return bn_api_ok(c, HTTP_OK, json_pack("{s:s, s:o}", "status", "ok",
                                           "counters", counters));
}

static json_t *membership_json(const bn_member_account *a)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o}",
                     "account_id", (json_int_t)a->id,
                     "name", bn_json_text(a->name),
                     "address", bn_json_text(a->address),
                     "host", bn_json_text(a->host),
                     "role", bn_json_text(a->role));
}

static int me_get(bn_call *c)
{
    apr_array_header_t *accounts;
    json_t *list, *user;
    bn_user u;
    apr_status_t rv;
    int i;

    rv = bn_store_user(c->r, c->r->user, &u);
    if (rv != APR_SUCCESS && rv != APR_NOTFOUND) {
        return bn_api_store_failed(c, rv);
    }
    rv = bn_store_member_accounts(c->r, c->r->user, 0, &accounts);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }

    user = json_pack("{s:o, s:o, s:o, s:o}",
                     "id", u.id ? json_integer(u.id) : json_null(),
                     "login", bn_json_text(c->r->user),
                     "email", bn_json_text(u.email),
                     "display_name", bn_json_text(u.display_name));
    list = json_array();
    for (i = 0; i < accounts->nelts; i++) {
        json_array_append_new(list, membership_json(
            &APR_ARRAY_IDX(accounts, i, bn_member_account)));
    }
    return bn_api_ok(c, HTTP_OK, json_pack("{s:o, s:o}", "user", user,
                                           "memberships", list));
}

/* One entry of the switcher, or NULL when the account is left out.
 * MAIN_ADMIN: the person administers the network's main account, and so
 * may manage every branch. */
static json_t *switcher_entry(const bn_member_account *a,
                              apr_int64_t current, int grace_days,
                              int main_admin)
{
    bn_branch_status st;
    json_t *e;

    memset(&st, 0, sizeof(st));
    if (!a->is_main) {
        bn_rules_branch_status(&a->facts, grace_days, &st);
    }
    if (st.state == BN_BRANCH_SUSPENDED && a->id != current) {
        return NULL;
    }

    e = json_pack("{s:I, s:o, s:o, s:b, s:b, s:s}",
                  "id", (json_int_t)a->id,
                  "name", bn_json_text(a->name),
                  "address", bn_json_text(a->address),
                  "is_main", a->is_main, "current", a->id == current,
                  "status", bn_rules_state_name(st.state));
    if (e != NULL && st.days_left > 0) {
        json_object_set_new(e, "days_left", json_integer(st.days_left));
    }
    if (e != NULL) {
        json_object_set_new(e, "can_manage", json_boolean(
            main_admin || (a->role != NULL && strcmp(a->role, "admin") == 0)));
    }
    return e;
}

static int switcher_get(bn_call *c)
{
    const bn_server_conf *sc = bn_server_config(c->r->server);
    apr_array_header_t *accounts;
    const bn_decision *d;
    apr_status_t rv;
    json_t *list;
    int i, whole, main_admin;

    rv = bn_access_decide(c->r, &d);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if (!d->known_account) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "unknown_account",
                           "no account has this host");
    }
    if (d->role == NULL) {
        return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden",
                           "not a member of this account");
    }
    rv = bn_store_member_accounts(c->r, c->r->user, d->network_id,
                                  &accounts);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }

    /* Standalone, or a disabled network: only the current account. */
    whole = d->network_id != 0 && bn_rules_network_active(d->main_plan);
    main_admin = d->main_role != NULL && strcmp(d->main_role, "admin") == 0;
    list = json_array();
    for (i = 0; i < accounts->nelts; i++) {
        const bn_member_account *a =
            &APR_ARRAY_IDX(accounts, i, bn_member_account);
        json_t *e;

        if (!whole && a->id != d->account_id) {
            continue;
        }
        e = switcher_entry(a, d->account_id, bn_conf_grace_days(sc),
                           main_admin);
        if (e != NULL) {
            json_array_append_new(list, e);
        }
    }
    return bn_api_ok(c, HTTP_OK, json_pack("{s:I, s:b, s:o, s:o}",
        "current", (json_int_t)d->account_id, "main_admin", main_admin,
        "network", d->network_id == 0 ? json_null()
            : json_pack("{s:I, s:s}", "id", (json_int_t)d->network_id,
                        "status", whole ? "active" : "disabled"),
        "accounts", list));
}

/* Routing. A path segment "#" stands for a positive integer. */

typedef struct {
    const char *path;
    bn_call_fn get;
    bn_call_fn post;
    bn_call_fn patch;
    bn_call_fn del;
} bn_route;

static const bn_route routes[] = {
    {"/health", health_get, NULL, NULL, NULL},
    {"/me", me_get, NULL, NULL, NULL},
    {"/switcher", switcher_get, NULL, NULL, NULL},
    {"/network", bn_api_network_get, bn_api_network_create, NULL, NULL},
    {"/network/join-codes", NULL, bn_api_join_code_create, NULL, NULL},
    {"/network/join", NULL, bn_api_join, NULL, NULL},
    {"/network/branches", NULL, bn_api_branch_connect, NULL, NULL},
    {"/network/branches/new", NULL, bn_api_branch_create, NULL, NULL},
    {"/network/branches/#", NULL, NULL, NULL, bn_api_branch_disconnect},
    {"/accounts", NULL, bn_api_account_add, NULL, NULL},
    {"/accounts/#", bn_api_account_get, NULL, bn_api_account_plan, NULL},
    {"/accounts/#/employees", bn_api_employees_get, bn_api_employee_add,
     NULL, NULL},
    {"/accounts/#/employees/#", NULL, NULL, bn_api_employee_update,
     bn_api_employee_remove},
    {"/accounts/#/invitations", NULL, bn_api_invitations_create, NULL,
     NULL},
    {"/invitations/accept", NULL, bn_api_invitation_accept, NULL, NULL},
    {"/accounts/#/structure", bn_api_structure_get, NULL, NULL, NULL},
    {"/accounts/#/departments", NULL, bn_api_department_add, NULL, NULL},
    {"/accounts/#/departments/#", NULL, NULL, bn_api_department_update,
     bn_api_department_remove},
    {"/audit", bn_api_audit_get, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static apr_array_header_t *segments(apr_pool_t *p, const char *path)
{
    apr_array_header_t *out = apr_array_make(p, 8, sizeof(char *));
    char *copy = apr_pstrdup(p, path), *state = NULL, *seg;

    for (seg = apr_strtok(copy, "/", &state); seg != NULL;
         seg = apr_strtok(NULL, "/", &state)) {
        APR_ARRAY_PUSH(out, char *) = seg;
    }
    return out;
}

/* Does the URI end with PATTERN, below at least one segment of the API's
 * location? Fills IDS with the numbers it holds. The API answers below
 * whatever location its handler is set for, which httpd does not tell a
 * handler; every route ends in fixed words and numbers, so the ending is
 * enough. */
static int route_matches(request_rec *r, apr_array_header_t *uri,
                         const char *pattern, apr_int64_t *ids)
{
    apr_array_header_t *pat = segments(r->pool, pattern);
    int offset = uri->nelts - pat->nelts, i, n = 0;

    if (offset < 1) {
        return 0;
    }
    for (i = 0; i < pat->nelts; i++) {
        const char *want = APR_ARRAY_IDX(pat, i, char *);
        const char *got = APR_ARRAY_IDX(uri, offset + i, char *);

        if (strcmp(want, "#") == 0) {
            apr_int64_t id = query_count(got, 1, APR_INT64_C(999999999999));

            if (id < 0 || got[0] == '0') {
                return 0;
            }
            ids[n++] = id;
        }
        else if (strcmp(want, got) != 0) {
            return 0;
        }
    }
    return 1;
}

static const bn_route *find_route(request_rec *r, apr_int64_t *ids)
{
    apr_array_header_t *uri;
    const bn_route *rt;
    apr_size_t len = strlen(r->uri);

    if (len == 0 || r->uri[len - 1] == '/') {
        return NULL;
    }
    uri = segments(r->pool, r->uri);
    for (rt = routes; rt->path != NULL; rt++) {
        if (route_matches(r, uri, rt->path, ids)) {
            return rt;
        }
    }
    return NULL;
}

static const char *allowed_methods(request_rec *r, const bn_route *rt)
{
    return apr_pstrcat(r->pool, rt->get ? "GET, HEAD" : "",
                       rt->post ? (rt->get ? ", POST" : "POST") : "",
                       rt->patch ? ", PATCH" : "",
                       rt->del ? (rt->get || rt->post || rt->patch
                                  ? ", DELETE" : "DELETE") : "", NULL);
}

/* The host of an Origin header ("scheme://host[:port]"), or NULL. */
static const char *origin_host(request_rec *r, const char *origin)
{
    const char *h = strstr(origin, "://");
    apr_size_t n;

    if (h == NULL) {
        return NULL;
    }
    h += 3;
    n = strcspn(h, ":/");
    return n > 0 ? apr_pstrmemdup(r->pool, h, n) : NULL;
}

static int is_json_type(const char *type)
{
    static const char want[] = "application/json";
    apr_size_t n = sizeof(want) - 1;

    if (type == NULL || strncasecmp(type, want, n) != 0) {
        return 0;
    }
    return type[n] == '\0' || type[n] == ';' || apr_isspace(type[n]);
}

/* Reads at most MAX bytes of body into *BUF; APR_ENOSPC when there are
 * more, another error when the client failed. */
static apr_status_t read_body(request_rec *r, apr_off_t max, char **buf,
                              apr_size_t *len)
{
    apr_size_t cap = (apr_size_t)max + 1;
    long got;

    int rc = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK);

    *len = 0;
    if (rc == HTTP_REQUEST_ENTITY_TOO_LARGE) {
        return APR_ENOSPC;
    }
    if (rc != OK) {
        return APR_EGENERAL;
    }
    if (r->remaining > max) {
        return APR_ENOSPC;
    }
    *buf = apr_palloc(r->pool, cap + 1);
    if (!ap_should_client_block(r)) {
        (*buf)[0] = '\0';
        return APR_SUCCESS;
    }
    while ((got = ap_get_client_block(r, *buf + *len, cap - *len)) > 0) {
        *len += (apr_size_t)got;
        if (*len > (apr_size_t)max) {
            return APR_ENOSPC;
        }
    }
    (*buf)[*len] = '\0';
    return got < 0 ? APR_EGENERAL : APR_SUCCESS;
}

/* The checks every change passes before its call runs: a user, the
 * Origin, the content type, the size and the JSON of the body. Returns 0
 * or the error status it set. */
static int check_change(bn_call *c)
{
    request_rec *r = c->r;
    const char *origin = apr_table_get(r->headers_in, "Origin");
    json_error_t jerr;
    apr_size_t len;
    apr_status_t rv;
    char *buf;

    if (r->user == NULL) {
        return bn_api_fail(c, HTTP_UNAUTHORIZED, "unauthenticated",
                           "sign in first");
    }
    if (origin != NULL) {
        const char *host = origin_host(r, origin);

        if (host == NULL || r->hostname == NULL
            || strcasecmp(host, r->hostname) != 0) {
            return bn_api_fail(c, HTTP_FORBIDDEN, "csrf_rejected",
                               "the request comes from another site");
        }
    }
    if (!is_json_type(apr_table_get(r->headers_in, "Content-Type"))) {
        return bn_api_fail(c, HTTP_UNSUPPORTED_MEDIA_TYPE,
                           "unsupported_media_type",
                           "send Content-Type: application/json");
    }

    rv = read_body(r, bn_conf_max_body(bn_dir_config(r)), &buf, &len);
    if (rv == APR_ENOSPC) {
        return bn_api_fail(c, HTTP_REQUEST_ENTITY_TOO_LARGE, "too_large",
                           "the body is larger than BranchNetMaxBody");
    }
    if (rv != APR_SUCCESS) {
        return bn_api_fail(c, HTTP_BAD_REQUEST, "bad_request",
                           "the body could not be read");
    }
    if (len == 0 && r->method_number == M_DELETE) {
        c->body = bn_json_own(r->pool, json_object());
        return 0;
    }
    c->body = bn_json_own(r->pool, json_loadb(buf, len,
                                              JSON_REJECT_DUPLICATES, &jerr));
    if (c->body == NULL || !json_is_object(c->body)) {
        return bn_api_fail(c, HTTP_BAD_REQUEST, "bad_json",
                           "the body must be one JSON object, in UTF-8, "
                           "without duplicate keys");
    }
    return 0;
}

static bn_call_fn method_call(const bn_route *rt, int method)
{
    switch (method) {
    case M_GET:
        return rt->get;
    case M_POST:
        return rt->post;
    case M_PATCH:
        return rt->patch;
    case M_DELETE:
        return rt->del;
    default:
        return NULL;
    }
}

/* Runs a change in one transaction, committed only when it succeeded. */
static int run_change(bn_call *c, bn_call_fn fn)
{
    bn_tx *tx;
    apr_status_t rv = bn_tx_begin(c->r, &tx);

    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    fn(c);
    rv = bn_tx_end(tx, c->status >= 200 && c->status < 300);
    if (rv != APR_SUCCESS && c->status < 300) {
        c->result = NULL;
        return bn_api_store_failed(c, rv);
    }
    if (c->status < 300) {
        bn_access_changed();
    }
    return c->status;
}

static int respond(bn_call *c)
{
    if (c->code != NULL) {
        return bn_json_error(c->r, c->status, c->code, c->message,
                             c->field);
    }
    if (c->status == HTTP_NO_CONTENT) {
        c->r->status = HTTP_NO_CONTENT;
        return OK;
    }
    return bn_json_send(c->r, c->status, c->result);
}

int bn_api_handler(request_rec *r)
{
    bn_call call, *c = &call;
    const bn_route *rt;
    bn_call_fn fn;

    if (r->handler == NULL || strcmp(r->handler, "branchnet-api") != 0) {
        return DECLINED;
    }
    memset(c, 0, sizeof(*c));
    c->r = r;
    rt = find_route(r, c->ids);
    if (rt == NULL) {
        bn_api_fail(c, HTTP_NOT_FOUND, "not_found", "no such API call");
        return respond(c);
    }
    fn = method_call(rt, r->method_number);
    if (fn == NULL) {
        apr_table_setn(r->headers_out, "Allow", allowed_methods(r, rt));
        bn_api_fail(c, HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "this call does not take this method");
        return respond(c);
    }

    if (r->method_number == M_GET) {
        if (r->user == NULL && fn != health_get) {
            bn_api_fail(c, HTTP_UNAUTHORIZED, "unauthenticated",
                        "sign in first");
        }
        else {
            fn(c);
        }
    }
    else if (check_change(c) == 0) {
        run_change(c, fn);
    }
    return respond(c);
}
