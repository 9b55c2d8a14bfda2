/* The JSON API of mod_branchnet (SetHandler branchnet-api). */
#include <string.h>

#include "apr_strings.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"

#include "bn_access.h"
#include "bn_api.h"
#include "bn_config.h"
#include "bn_json.h"
#include "bn_rules.h"
#include "bn_store.h"

APLOG_USE_MODULE(branchnet);

typedef int (*bn_route_fn)(request_rec *r);

typedef struct {
    const char *path;
    const char *allow;           /* the methods this path answers */
    bn_route_fn get;
} bn_route;

static int unavailable(request_rec *r)
{
    return bn_json_error(r, HTTP_SERVICE_UNAVAILABLE, "unavailable",
                         "the database is not available", NULL);
}

static int no_user(request_rec *r)
{
    return bn_json_error(r, HTTP_UNAUTHORIZED, "unauthenticated",
                         "sign in first", NULL);
}

static int health_get(request_rec *r)
{
    if (bn_store_check(r) != APR_SUCCESS) {
        return unavailable(r);
    }
    return bn_json_send(r, HTTP_OK,
                        bn_json_own(r->pool, json_pack("{s:s}",
                                                       "status", "ok")));
}

static json_t *account_json(const bn_member_account *a)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o}",
                     "account_id", (json_int_t)a->id,
                     "name", bn_json_text(a->name),
                     "address", bn_json_text(a->address),
                     "host", bn_json_text(a->host),
                     "role", bn_json_text(a->role));
}

static int me_get(request_rec *r)
{
    apr_array_header_t *accounts;
    json_t *list, *user, *body;
    bn_user u;
    apr_status_t rv;
    int i;

    if (r->user == NULL) {
        return no_user(r);
    }
    rv = bn_store_user(r, r->user, &u);
    if (rv != APR_SUCCESS && rv != APR_NOTFOUND) {
        return unavailable(r);
    }
    if (bn_store_member_accounts(r, r->user, 0, &accounts) != APR_SUCCESS) {
        return unavailable(r);
    }

    user = json_pack("{s:o, s:o, s:o, s:o}",
                     "id", u.id ? json_integer(u.id) : json_null(),
                     "login", bn_json_text(r->user),
                     "email", bn_json_text(u.email),
                     "display_name", bn_json_text(u.display_name));
    list = json_array();
    for (i = 0; i < accounts->nelts; i++) {
        json_array_append_new(list, account_json(
            &APR_ARRAY_IDX(accounts, i, bn_member_account)));
    }
    body = bn_json_own(r->pool, json_pack("{s:o, s:o}", "user", user,
                                          "memberships", list));
    return bn_json_send(r, HTTP_OK, body);
}

/* One entry of the switcher, or NULL when the account is left out. */
static json_t *switcher_entry(request_rec *r, const bn_member_account *a,
                              apr_int64_t current, int grace_days)
{
    bn_branch_facts facts;
    bn_branch_status st;
    json_t *e;

    memset(&st, 0, sizeof(st));
    if (!a->is_main) {
        facts.plan = a->plan;
        facts.now = a->now;
        facts.connected_at = a->connected_at;
        facts.trial_ends_at = a->trial_ends_at;
        facts.plan_changed_at = a->plan_changed_at;
        bn_rules_branch_status(&facts, grace_days, &st);
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
    (void)r;
    return e;
}

static int switcher_get(request_rec *r)
{
    const bn_server_conf *sc = bn_server_config(r->server);
    apr_array_header_t *accounts;
    const bn_decision *d;
    json_t *list, *body;
    int i, whole;

    if (r->user == NULL) {
        return no_user(r);
    }
    if (bn_access_decide(r, &d) != APR_SUCCESS) {
        return unavailable(r);
    }
    if (!d->known_account) {
        return bn_json_error(r, HTTP_NOT_FOUND, "unknown_account",
                             "no account has this host", NULL);
    }
    if (d->role == NULL) {
        return bn_json_error(r, HTTP_FORBIDDEN, "forbidden",
                             "not a member of this account", NULL);
    }
    if (bn_store_member_accounts(r, r->user, d->network_id, &accounts)
        != APR_SUCCESS) {
        return unavailable(r);
    }

    /* Standalone, or a disabled network: only the current account. */
    whole = d->network_id != 0 && bn_rules_network_active(d->main_plan);
    list = json_array();
    for (i = 0; i < accounts->nelts; i++) {
        const bn_member_account *a =
            &APR_ARRAY_IDX(accounts, i, bn_member_account);
        json_t *e;

        if (!whole && a->id != d->account_id) {
            continue;
        }
        e = switcher_entry(r, a, d->account_id, bn_conf_grace_days(sc));
        if (e != NULL) {
            json_array_append_new(list, e);
        }
    }
    body = json_pack("{s:I, s:o, s:o}",
                     "current", (json_int_t)d->account_id,
                     "network", d->network_id == 0 ? json_null()
                        : json_pack("{s:I, s:s}",
                                    "id", (json_int_t)d->network_id,
                                    "status", whole ? "active" : "disabled"),
                     "accounts", list);
    return bn_json_send(r, HTTP_OK, bn_json_own(r->pool, body));
}

static const bn_route routes[] = {
    {"/health",   "GET, HEAD", health_get},
    {"/me",       "GET, HEAD", me_get},
    {"/switcher", "GET, HEAD", switcher_get},
    {NULL, NULL, NULL}
};

/* The route that ends R's URI. The API answers below whatever location
 * its handler is set for, which httpd does not tell a handler; every
 * route ends in a fixed word or a number, so the ending is enough. */
static const bn_route *find_route(request_rec *r)
{
    apr_size_t len = strlen(r->uri);
    const bn_route *rt;

    for (rt = routes; rt->path != NULL; rt++) {
        apr_size_t n = strlen(rt->path);

        if (len > n && strcmp(r->uri + len - n, rt->path) == 0) {
            return rt;
        }
    }
    return NULL;
}

int bn_api_handler(request_rec *r)
{
    const bn_route *rt;

    if (r->handler == NULL || strcmp(r->handler, "branchnet-api") != 0) {
        return DECLINED;
    }
    rt = find_route(r);
    if (rt == NULL) {
        return bn_json_error(r, HTTP_NOT_FOUND, "not_found",
                             "no such API call", NULL);
    }
    if (r->method_number != M_GET) {
        apr_table_setn(r->headers_out, "Allow", rt->allow);
        return bn_json_error(r, HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                             "this method is not allowed here", NULL);
    }
    return rt->get(r);
}
