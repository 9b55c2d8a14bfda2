/* The API calls of the branch network: the network, its branches, join
 * codes, accounts, plans and the audit log (SPEC.md sections 2 and 6). */
#include <stdlib.h>
#include <string.h>

#include "httpd.h"
#include "apr_strings.h"
#include "http_log.h"
#include "http_protocol.h"

#include "bn_api.h"
#include "bn_config.h"

APLOG_USE_MODULE(branchnet);

#define BN_JOIN_CODE_DAYS 7

static const char *const no_fields[] = {NULL};

json_t *bn_api_account_json(request_rec *r, const bn_account *a)
{
    bn_branch_status st;
    json_t *j;

    memset(&st, 0, sizeof(st));
    if (a->branch_of != 0) {
        bn_rules_branch_status(&a->facts, bn_conf_grace_days(
                                   bn_server_config(r->server)), &st);
    }
    j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o,"
                  " s:I, s:b}",
                  "id", (json_int_t)a->id,
                  "name", bn_json_text(a->name),
                  "host", bn_json_text(a->host),
                  "address", bn_json_text(a->address),
                  "plan", bn_json_text(a->plan),
                  "status", bn_rules_state_name(st.state),
                  "reason", st.state == BN_BRANCH_SUSPENDED
                            ? json_string("plan") : json_null(),
                  "trial_ends_at", bn_json_time(st.state == BN_BRANCH_TRIAL
                                                ? st.ends_at : 0),
                  "grace_ends_at", bn_json_time(st.state == BN_BRANCH_GRACE
                                                ? st.ends_at : 0),
                  "connected_at", bn_json_time(a->facts.connected_at),
                  "employees", (json_int_t)a->employees,
                  "is_main", a->main_of != 0);
    if (j != NULL) {
        apr_int64_t net = a->main_of ? a->main_of : a->branch_of;

        json_object_set_new(j, "network_id",
                            net ? json_integer(net) : json_null());
        if (st.days_left > 0) {
            json_object_set_new(j, "days_left", json_integer(st.days_left));
        }
    }
    return j;
}

/* The request's account; LOCK it for the transaction. 0 or the error. */
static int current_account(bn_call *c, int lock, bn_account *a)
{
    const char *host = bn_conf_account_host(c->r);
    apr_status_t rv;

    if (host == NULL || bn_rules_normalize_host(c->r->pool, host) == NULL) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "unknown_account",
                           "no account has this host");
    }
    rv = bn_store_account(c->r, 0, host, lock, a);
    if (rv == APR_NOTFOUND) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "unknown_account",
                           "no account has this host");
    }
    return rv == APR_SUCCESS ? 0 : bn_api_store_failed(c, rv);
}

static int is_admin(const char *role)
{
    return role != NULL && strcmp(role, "admin") == 0;
}

/* 0 when the acting person is an active admin of account ID. */
static int need_admin(bn_call *c, apr_int64_t id, const char *message)
{
    const char *role;
    apr_status_t rv = bn_store_role(c->r, c->r->user, id, &role);

    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return is_admin(role) ? 0 : bn_api_fail(c, HTTP_FORBIDDEN, "forbidden",
                                            message);
}

/* 0 when the acting person administers the main account of A's network;
 * *NETWORK is then that network. */
static int need_main_admin(bn_call *c, const bn_account *a,
                           apr_int64_t *network)
{
    *network = a->main_of ? a->main_of : a->branch_of;
    if (*network == 0) {
        return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden",
                           "this account belongs to no network");
    }
    return need_admin(c, a->network_main, "only an administrator of the "
                      "network's main account may do this");
}

/* Answer A, read again after the change. */
static int answer_account(bn_call *c, int status, apr_int64_t id)
{
    bn_account a;
    apr_status_t rv = bn_store_account(c->r, id, NULL, 0, &a);

    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, status, bn_api_account_json(c->r, &a));
}

/* A host from the body, in its canonical form. */
static int body_host(bn_call *c, const char **host)
{
    const char *raw;
    int rc = bn_api_string(c, "host", 1, 253, &raw);

    if (rc != 0) {
        return rc;
    }
    *host = bn_rules_normalize_host(c->r->pool, raw);
    return *host != NULL ? 0
           : bn_api_invalid(c, "host", "must be a host name, without "
                            "scheme, port or path");
}

static int body_plan(bn_call *c, const char **plan)
{
    int rc = bn_api_string(c, "plan", 1, 32, plan);

    if (rc == 0 && !bn_rules_plan_is_valid(*plan)) {
        return bn_api_invalid(c, "plan", "must be free, basic, standard, "
                              "professional or enterprise");
    }
    return rc;
}

int bn_api_network_get(bn_call *c)
{
    apr_array_header_t *branches;
    apr_int64_t start, limit, total, network;
    bn_account cur, main;
    const char *role;
    json_t *items;
    apr_status_t rv;
    int rc, i;

    if ((rc = bn_api_paging(c, &start, &limit)) != 0
        || (rc = current_account(c, 0, &cur)) != 0) {
        return rc;
    }
    network = cur.main_of ? cur.main_of : cur.branch_of;
    if (network == 0) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "not_found",
                           "this account belongs to no network");
    }
    rv = bn_store_role(c->r, c->r->user, cur.id, &role);
    if (rv == APR_SUCCESS && !is_admin(role)) {
        rv = bn_store_role(c->r, c->r->user, cur.network_main, &role);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if (!is_admin(role)) {
        return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden", "only "
                           "administrators of this account or of its main "
                           "account see the network");
    }

    rv = bn_store_account(c->r, cur.network_main, NULL, 0, &main);
    if (rv == APR_SUCCESS) {
        rv = bn_store_branches(c->r, network, start, limit, &branches,
                               &total);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    items = json_array();
    for (i = 0; i < branches->nelts; i++) {
        json_array_append_new(items, bn_api_account_json(c->r,
            &APR_ARRAY_IDX(branches, i, bn_account)));
    }
    return bn_api_ok(c, HTTP_OK, json_pack("{s:I, s:s, s:o, s:o}",
        "id", (json_int_t)network,
        "status", bn_rules_network_active(main.plan) ? "active"
                                                     : "disabled",
        "main", bn_api_account_json(c->r, &main),
        "branches", bn_api_page(items, total, start, limit)));
}

int bn_api_network_create(bn_call *c)
{
    const bn_refusal *no;
    apr_int64_t network;
    bn_account cur;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, no_fields)) != 0
        || (rc = current_account(c, 1, &cur)) != 0
        || (rc = need_admin(c, cur.id, "only an administrator of this "
                            "account may make it a main account")) != 0) {
        return rc;
    }
    no = bn_rules_become_main(cur.plan, cur.main_of || cur.branch_of);
    if (no != NULL) {
        return bn_api_refuse(c, no);
    }

    rv = bn_store_network_add(c->r, cur.id, &network);
    if (rv == APR_SUCCESS) {
        rv = bn_api_audit(c, "network.create", cur.id, network, NULL);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, HTTP_CREATED, json_pack("{s:I, s:I, s:s}",
                     "id", (json_int_t)network,
                     "main_account_id", (json_int_t)cur.id,
                     "status", "active"));
}

int bn_api_join_code_create(bn_call *c)
{
    const char *code = bn_api_token(c->r);
    apr_int64_t network;
    bn_account cur;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, no_fields)) != 0
        || (rc = current_account(c, 0, &cur)) != 0
        || (rc = need_main_admin(c, &cur, &network)) != 0) {
        return rc;
    }
    if (code == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, c->r, "BN00019: no random "
                      "bytes for a join code of network %" APR_INT64_T_FMT,
                      network);
        return bn_api_store_failed(c, APR_EGENERAL);
    }

    rv = bn_store_join_code_add(c->r, network, code, c->r->user);
    if (rv == APR_SUCCESS) {
        rv = bn_api_audit(c, "join_code.create", 0, network, NULL);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, HTTP_CREATED, json_pack("{s:s, s:o, s:I}",
        "code", code,
        "expires_at", bn_json_time(cur.facts.now + BN_JOIN_CODE_DAYS * 86400),
        "network_id", (json_int_t)network));
}

/* The main account of a network, locked. Every change to a network locks
 * its main account first, then the account it changes: one order, so
 * that changes of one network wait for each other instead of
 * deadlocking. */
static int lock_main(bn_call *c, apr_int64_t main_id, bn_account *main)
{
    apr_status_t rv = bn_store_account(c->r, main_id, NULL, 1, main);

    return rv == APR_SUCCESS ? 0 : bn_api_store_failed(c, rv);
}

/* Connects the locked account A to NETWORK, whose locked main account is
 * MAIN, under the plan rules; ACTION names it in the audit log. */
static int connect_branch(bn_call *c, const bn_account *a,
                          apr_int64_t network, const bn_account *main,
                          const char *action)
{
    const bn_server_conf *sc = bn_server_config(c->r->server);
    const bn_refusal *no;
    apr_status_t rv;
    int trial;

    no = bn_rules_connect(a->plan, a->networked_before,
                          a->main_of || a->branch_of, main->plan, &trial);
    if (no != NULL) {
        return bn_api_refuse(c, no);
    }

    rv = bn_store_branch_add(c->r, network, a->id,
                             trial ? bn_conf_trial_days(sc) : 0);
    if (rv == APR_EEXIST) {
        return bn_api_refuse(c, bn_rules_become_main("enterprise", 1));
    }
    if (rv == APR_SUCCESS) {
        rv = bn_api_audit(c, action, a->id, network,
                          json_pack("{s:s, s:b}", "host", a->host,
                                    "trial", trial));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return answer_account(c, HTTP_CREATED, a->id);
}

int bn_api_join(bn_call *c)
{
    static const char *const fields[] = {"code", NULL};
    apr_int64_t network, main_id;
    bn_account cur, main;
    const char *code;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = bn_api_string(c, "code", 1, 64, &code)) != 0
        || (rc = current_account(c, 0, &cur)) != 0
        || (rc = need_admin(c, cur.id, "only an administrator of this "
                            "account may connect it")) != 0) {
        return rc;
    }
    rv = bn_store_join_code_take(c->r, code, cur.id, &network, &main_id);
    if (rv == APR_NOTFOUND) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "not_found", "the join code "
                           "is unknown, used or expired");
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if ((rc = lock_main(c, main_id, &main)) != 0
        || (rc = current_account(c, 1, &cur)) != 0) {
        return rc;
    }
    return connect_branch(c, &cur, network, &main, "branch.join");
}

int bn_api_branch_connect(bn_call *c)
{
    static const char *const fields[] = {"host", NULL};
    apr_int64_t network;
    bn_account cur, main, target;
    const char *host;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = body_host(c, &host)) != 0
        || (rc = current_account(c, 0, &cur)) != 0
        || (rc = need_main_admin(c, &cur, &network)) != 0
        || (rc = lock_main(c, cur.network_main, &main)) != 0) {
        return rc;
    }
    rv = bn_store_account(c->r, 0, host, 1, &target);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if ((rc = need_admin(c, target.id, "only an administrator of that "
                         "account may connect it directly; use a join "
                         "code")) != 0) {
        return rc;
    }
    return connect_branch(c, &target, network, &main, "branch.connect");
}

int bn_api_branch_create(bn_call *c)
{
    static const char *const fields[] = {"name", "host", "plan", NULL};
    const char *name, *host, *plan, *address;
    apr_int64_t network, id, user;
    bn_account cur, main, created;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = bn_api_string(c, "name", 1, 255, &name)) != 0
        || (rc = body_host(c, &host)) != 0
        || (rc = body_plan(c, &plan)) != 0
        || (rc = current_account(c, 0, &cur)) != 0
        || (rc = need_main_admin(c, &cur, &network)) != 0
        || (rc = lock_main(c, cur.network_main, &main)) != 0) {
        return rc;
    }

    address = apr_pstrcat(c->r->pool, "https://", host, "/", NULL);
    rv = bn_store_account_add(c->r, name, host, address, plan, &id);
    if (rv == APR_EEXIST) {
        return bn_api_fail(c, HTTP_CONFLICT, "host_taken",
                           "an account with this host exists already");
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_user_ensure(c->r, c->r->user, &user);
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_member_set(c->r, user, id, "admin");
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_account(c->r, id, NULL, 1, &created);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return connect_branch(c, &created, network, &main, "branch.create");
}

int bn_api_branch_disconnect(bn_call *c)
{
    apr_int64_t network;
    bn_account cur, main, target;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, no_fields)) != 0
        || (rc = current_account(c, 0, &cur)) != 0
        || (rc = need_main_admin(c, &cur, &network)) != 0
        || (rc = lock_main(c, cur.network_main, &main)) != 0) {
        return rc;
    }
    rv = bn_store_account(c->r, c->ids[0], NULL, 1, &target);
    if (rv == APR_SUCCESS && target.branch_of != network) {
        rv = APR_NOTFOUND;
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_branch_remove(c->r, target.id);
    }
    if (rv == APR_SUCCESS) {
        rv = bn_api_audit(c, "branch.disconnect", target.id, network,
                          json_pack("{s:s}", "host", target.host));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, HTTP_NO_CONTENT, NULL);
}

int bn_api_need_reader(bn_call *c, const bn_account *a)
{
    const char *role;
    apr_status_t rv = bn_store_role(c->r, c->r->user, a->id, &role);

    if (rv == APR_SUCCESS && role == NULL && a->network_main != 0) {
        rv = bn_store_role(c->r, c->r->user, a->network_main, &role);
        if (rv == APR_SUCCESS && !is_admin(role)) {
            role = NULL;
        }
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return role != NULL ? 0 : bn_api_store_failed(c, APR_NOTFOUND);
}

int bn_api_need_writer(bn_call *c, const bn_account *a)
{
    const char *role, *main_role = NULL;
    apr_status_t rv = bn_store_role(c->r, c->r->user, a->id, &role);

    if (rv == APR_SUCCESS && !is_admin(role) && a->network_main != 0) {
        rv = bn_store_role(c->r, c->r->user, a->network_main, &main_role);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if (is_admin(role) || is_admin(main_role)) {
        return 0;
    }
    if (role == NULL) {
        return bn_api_store_failed(c, APR_NOTFOUND);
    }
    return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden", "only administrators "
                       "of this account or of its main account may do this");
}

int bn_api_path_account(bn_call *c, int lock, bn_account *a)
{
    apr_status_t rv = bn_store_account(c->r, c->ids[0], NULL, lock, a);

    return rv == APR_SUCCESS ? 0 : bn_api_store_failed(c, rv);
}

int bn_api_account_get(bn_call *c)
{
    bn_account a;
    int rc;

    if ((rc = bn_api_path_account(c, 0, &a)) != 0
        || (rc = bn_api_need_reader(c, &a)) != 0) {
        return rc;
    }
    return bn_api_ok(c, HTTP_OK, bn_api_account_json(c->r, &a));
}

static json_t *audit_json(const bn_audit_entry *e)
{
    json_t *d = json_loads(e->details != NULL ? e->details : "{}", 0, NULL);

    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "id", (json_int_t)e->id,
                     "at", bn_json_time(e->at),
                     "actor", bn_json_text(e->actor),
                     "action", bn_json_text(e->action),
                     "account_id", e->account ? json_integer(e->account)
                                              : json_null(),
                     "network_id", e->network ? json_integer(e->network)
                                              : json_null(),
                     "details", d != NULL ? d : json_object());
}

int bn_api_audit_get(bn_call *c)
{
    apr_int64_t start, limit, total, network = 0;
    apr_array_header_t *rows;
    const char *role = NULL;
    bn_account cur;
    json_t *items;
    apr_status_t rv = APR_SUCCESS;
    int rc, i;

    if ((rc = bn_api_paging(c, &start, &limit)) != 0
        || (rc = current_account(c, 0, &cur)) != 0) {
        return rc;
    }
    /* The main account's admins see the network's log, an account's
     * admins their account's. */
    if (cur.network_main != 0) {
        rv = bn_store_role(c->r, c->r->user, cur.network_main, &role);
        network = is_admin(role) ? (cur.main_of ? cur.main_of
                                                 : cur.branch_of) : 0;
    }
    if (rv == APR_SUCCESS && network == 0) {
        rv = bn_store_role(c->r, c->r->user, cur.id, &role);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if (!is_admin(role)) {
        return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden",
                           "only administrators see the audit log");
    }

    rv = bn_store_audit_list(c->r, network, cur.id, start, limit, &rows,
                             &total);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    items = json_array();
    for (i = 0; i < rows->nelts; i++) {
        json_array_append_new(items, audit_json(
            &APR_ARRAY_IDX(rows, i, bn_audit_entry)));
    }
    return bn_api_ok(c, HTTP_OK, bn_api_page(items, total, start, limit));
}

static int need_operator(bn_call *c)
{
    if (bn_conf_is_operator(bn_server_config(c->r->server), c->r->user)) {
        return 0;
    }
    return bn_api_fail(c, HTTP_FORBIDDEN, "forbidden",
                       "only a BranchNetOperator may do this");
}

static int body_address(bn_call *c, const char *host, const char **address)
{
    int rc = bn_api_string(c, "address", 0, 2048, address);

    if (rc != 0) {
        return rc;
    }
    if (*address == NULL) {
        *address = apr_pstrcat(c->r->pool, "https://", host, "/", NULL);
    }
    else if (strncmp(*address, "https://", 8) != 0
             && strncmp(*address, "http://", 7) != 0) {
        return bn_api_invalid(c, "address", "must be an http or https URL");
    }
    return 0;
}

int bn_api_account_add(bn_call *c)
{
    static const char *const fields[] = {
        "name", "host", "plan", "admin_login", "address", NULL
    };
    const char *name, *host, *plan, *login, *address;
    apr_int64_t id, user;
    apr_status_t rv;
    int rc;

    if ((rc = need_operator(c)) != 0
        || (rc = bn_api_fields(c, fields)) != 0
        || (rc = bn_api_string(c, "name", 1, 255, &name)) != 0
        || (rc = body_host(c, &host)) != 0
        || (rc = body_plan(c, &plan)) != 0
        || (rc = bn_api_string(c, "admin_login", 1, 255, &login)) != 0
        || (rc = body_address(c, host, &address)) != 0) {
        return rc;
    }
    if (strlen(login) > 255) {
        return bn_api_invalid(c, "admin_login", "must be at most 255 bytes");
    }

    rv = bn_store_account_add(c->r, name, host, address, plan, &id);
    if (rv == APR_EEXIST) {
        return bn_api_fail(c, HTTP_CONFLICT, "host_taken",
                           "an account with this host exists already");
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_user_ensure(c->r, login, &user);
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_member_set(c->r, user, id, "admin");
    }
    if (rv == APR_SUCCESS) {
        rv = bn_api_audit(c, "account.create", id, 0,
                          json_pack("{s:s, s:s, s:s}", "host", host,
                                    "plan", plan, "admin_login", login));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return answer_account(c, HTTP_CREATED, id);
}

int bn_api_account_plan(bn_call *c)
{
    static const char *const fields[] = {"plan", NULL};
    const char *plan;
    bn_account a;
    apr_status_t rv;
    int rc;

    if ((rc = need_operator(c)) != 0
        || (rc = bn_api_fields(c, fields)) != 0
        || (rc = body_plan(c, &plan)) != 0) {
        return rc;
    }
    rv = bn_store_account(c->r, c->ids[0], NULL, 1, &a);
    if (rv == APR_SUCCESS) {
        rv = bn_store_plan_set(c->r, a.id, plan);
    }
    if (rv == APR_SUCCESS) {
        rv = bn_api_audit(c, "account.plan", a.id,
                          a.main_of ? a.main_of : a.branch_of,
                          json_pack("{s:s, s:s}", "from", a.plan,
                                    "to", plan));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return answer_account(c, HTTP_OK, a.id);
}
