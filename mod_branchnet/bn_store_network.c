/* Storage of the branch network: accounts, networks, branches, join codes,
 * the audit log and transactions. */
#include <string.h>

#include "httpd.h"
#include "apr_dbd.h"
#include "apr_strings.h"
#include "http_log.h"

#include "bn_store.h"
#include "bn_store_db.h"

APLOG_USE_MODULE(branchnet);

/* An account and its place in a network: the columns bn_account_row
 * reads, from the tables BN_ACCOUNT_FROM joins. */
#define BN_ACCOUNT_COLS \
    "a.id, a.host, a.name, a.address, a.plan, a.networked_at IS NOT NULL," \
    " COALESCE(n.id, 0), COALESCE(b.network_id, 0)," \
    " COALESCE(bn.main_account_id, n.main_account_id, 0), ma.plan," \
    " UNIX_TIMESTAMP(), COALESCE(UNIX_TIMESTAMP(b.connected_at), 0)," \
    " COALESCE(UNIX_TIMESTAMP(b.trial_ends_at), 0)," \
    " UNIX_TIMESTAMP(a.plan_changed_at)"

#define BN_ACCOUNT_FROM \
    " FROM bn_accounts a" \
    " LEFT JOIN bn_networks n ON n.main_account_id = a.id" \
    " LEFT JOIN bn_branches b ON b.account_id = a.id" \
    " LEFT JOIN bn_networks bn ON bn.id = b.network_id" \
    " LEFT JOIN bn_accounts ma" \
    "   ON ma.id = COALESCE(bn.main_account_id, n.main_account_id)"

/* Counted by the schema's triggers, not here: an account can have
 * hundreds of thousands of members. */
#define BN_EMPLOYEES \
    ", COALESCE((SELECT c.active FROM bn_account_members c" \
    "   WHERE c.account_id = a.id), 0)"

const bn_statement bn_network_statements[] = {
    {"bn_account_id",
     "SELECT " BN_ACCOUNT_COLS BN_EMPLOYEES BN_ACCOUNT_FROM
     " WHERE a.id = %lld"},
    {"bn_account_host",
     "SELECT " BN_ACCOUNT_COLS BN_EMPLOYEES BN_ACCOUNT_FROM
     " WHERE a.host = %s"},
    {"bn_account_lock_id",
     "SELECT " BN_ACCOUNT_COLS ", 0" BN_ACCOUNT_FROM
     " WHERE a.id = %lld FOR UPDATE"},
    {"bn_account_lock_host",
     "SELECT " BN_ACCOUNT_COLS ", 0" BN_ACCOUNT_FROM
     " WHERE a.host = %s FOR UPDATE"},
    /* The page's accounts first, by name; then their details. */
    {"bn_branches",
     "SELECT " BN_ACCOUNT_COLS BN_EMPLOYEES
     " FROM (SELECT pb.account_id FROM bn_branches pb"
     "   JOIN bn_accounts pa ON pa.id = pb.account_id"
     "   WHERE pb.network_id = %lld ORDER BY pa.name, pa.id"
     "   LIMIT %lld OFFSET %lld) page"
     " JOIN bn_accounts a ON a.id = page.account_id"
     " LEFT JOIN bn_networks n ON n.main_account_id = a.id"
     " LEFT JOIN bn_branches b ON b.account_id = a.id"
     " LEFT JOIN bn_networks bn ON bn.id = b.network_id"
     " LEFT JOIN bn_accounts ma"
     "   ON ma.id = COALESCE(bn.main_account_id, n.main_account_id)"
     " ORDER BY a.name, a.id"},
    {"bn_branches_count",
     "SELECT COUNT(*) FROM bn_branches WHERE network_id = %lld"},

    {"bn_role",
     "SELECT m.role FROM bn_memberships m"
     " JOIN bn_users u ON u.id = m.user_id"
     " WHERE u.login = %s AND m.account_id = %lld AND m.status = 'active'"},

    {"bn_network_add",
     "INSERT INTO bn_networks (main_account_id) VALUES (%lld)"},
    {"bn_network_of_main",
     "SELECT id FROM bn_networks WHERE main_account_id = %lld"},
    {"bn_branch_add",
     "INSERT INTO bn_branches (network_id, account_id, trial_ends_at)"
     " VALUES (%lld, %lld,"
     "   IF(%d > 0, NOW() + INTERVAL %d DAY, NULL))"},
    {"bn_account_networked",
     "UPDATE bn_accounts SET networked_at = COALESCE(networked_at, NOW())"
     " WHERE id = %lld"},
    {"bn_branch_remove",
     "DELETE FROM bn_branches WHERE account_id = %lld"},

    {"bn_join_code_add",
     "INSERT INTO bn_join_codes (network_id, code_hash, expires_at,"
     " created_by) SELECT %lld, UNHEX(SHA2(%s, 256)),"
     " NOW() + INTERVAL 7 DAY, u.id FROM bn_users u WHERE u.login = %s"},
    {"bn_join_code_find",
     "SELECT j.id, j.network_id, n.main_account_id FROM bn_join_codes j"
     " JOIN bn_networks n ON n.id = j.network_id"
     " WHERE j.code_hash = UNHEX(SHA2(%s, 256)) AND j.used_at IS NULL"
     " AND j.expires_at > NOW() FOR UPDATE"},
    {"bn_join_code_use",
     "UPDATE bn_join_codes SET used_at = NOW(), used_by = %lld"
     " WHERE id = %lld AND used_at IS NULL"},

    {"bn_account_add",
     "INSERT INTO bn_accounts (host, name, address, plan)"
     " VALUES (%s, %s, %s, %s)"},
    {"bn_plan_set",
     "UPDATE bn_accounts SET"
     " plan_changed_at = IF(plan = %s, plan_changed_at, NOW()), plan = %s"
     " WHERE id = %lld"},
    {"bn_user_ensure",
     "INSERT INTO bn_users (login) VALUES (%s)"
     " ON DUPLICATE KEY UPDATE id = id"},
    {"bn_user_id",
     "SELECT id FROM bn_users WHERE login = %s"},
    {"bn_member_set",
     "INSERT INTO bn_memberships (user_id, account_id, role, status)"
     " VALUES (%lld, %lld, %s, 'active')"
     " ON DUPLICATE KEY UPDATE role = VALUES(role), status = 'active'"},

    {"bn_audit_add",
     "INSERT INTO bn_audit_log (actor_login, action, account_id,"
     " network_id, details) VALUES (%s, %s, %lld, %lld, %s)"},
    {"bn_generation_bump",
     "UPDATE bn_generation SET generation = generation + 1 WHERE id = 1"},
    {"bn_audit_network",
     "SELECT id, UNIX_TIMESTAMP(at), actor_login, action,"
     " COALESCE(account_id, 0), COALESCE(network_id, 0), details"
     " FROM bn_audit_log WHERE network_id = %lld"
     " ORDER BY id DESC LIMIT %lld OFFSET %lld"},
    {"bn_audit_network_count",
     "SELECT COUNT(*) FROM bn_audit_log WHERE network_id = %lld"},
    {"bn_audit_account",
     "SELECT id, UNIX_TIMESTAMP(at), actor_login, action,"
     " COALESCE(account_id, 0), COALESCE(network_id, 0), details"
     " FROM bn_audit_log WHERE account_id = %lld"
     " ORDER BY id DESC LIMIT %lld OFFSET %lld"},
    {"bn_audit_account_count",
     "SELECT COUNT(*) FROM bn_audit_log WHERE account_id = %lld"},

    {NULL, NULL}
};

struct bn_tx {
    request_rec *r;
    ap_dbd_t *dbd;
    apr_dbd_transaction_t *trans;
};

apr_status_t bn_tx_begin(request_rec *r, bn_tx **tx)
{
    bn_tx *t = apr_pcalloc(r->pool, sizeof(*t));
    int rc;

    t->r = r;
    t->dbd = bn_store_connection(r);
    if (t->dbd == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "BN00016: no database "
                      "connection for a change (see mod_dbd's messages)");
        return APR_ECONNREFUSED;
    }
    rc = apr_dbd_transaction_start(t->dbd->driver, r->pool, t->dbd->handle,
                                   &t->trans);
    if (rc != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "BN00017: cannot start "
                      "a transaction: %s",
                      apr_dbd_error(t->dbd->driver, t->dbd->handle, rc));
        return APR_EGENERAL;
    }
    *tx = t;
    return APR_SUCCESS;
}

apr_status_t bn_tx_end(bn_tx *tx, int commit)
{
    const apr_dbd_driver_t *driver = tx->dbd->driver;
    int rc;

    if (!commit) {
        apr_dbd_transaction_mode_set(driver, tx->trans,
                                     APR_DBD_TRANSACTION_ROLLBACK);
    }
    rc = apr_dbd_transaction_end(driver, tx->r->pool, tx->trans);
    if (rc != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, tx->r, "BN00018: cannot "
                      "end a transaction: %s",
                      apr_dbd_error(driver, tx->dbd->handle, rc));
        return APR_EGENERAL;
    }
    return commit ? APR_SUCCESS : APR_EGENERAL;
}

static void account_row(bn_query *q, apr_dbd_row_t *row, bn_account *a)
{
    a->id = bn_query_int(q, row, 0);
    a->host = bn_query_text(q, row, 1);
    a->name = bn_query_text(q, row, 2);
    a->address = bn_query_text(q, row, 3);
    a->plan = bn_query_text(q, row, 4);
    a->networked_before = (int)bn_query_int(q, row, 5);
    a->main_of = bn_query_int(q, row, 6);
    a->branch_of = bn_query_int(q, row, 7);
    a->network_main = bn_query_int(q, row, 8);
    a->main_plan = bn_query_text(q, row, 9);
    a->facts.now = bn_query_int(q, row, 10);
    a->facts.connected_at = bn_query_int(q, row, 11);
    a->facts.trial_ends_at = bn_query_int(q, row, 12);
    a->facts.plan_changed_at = bn_query_int(q, row, 13);
    a->facts.plan = a->plan;
    a->employees = bn_query_int(q, row, 14);
}

apr_status_t bn_store_account(request_rec *r, apr_int64_t id,
                              const char *host, int lock, bn_account *a)
{
    static const char *const labels[2][2] = {
        {"bn_account_host", "bn_account_id"},
        {"bn_account_lock_host", "bn_account_lock_id"}
    };
    const char *args[1];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;
    int found = 0;

    memset(a, 0, sizeof(*a));
    args[0] = id != 0 ? bn_query_id(r, id) : host;
    rv = bn_query_select(&q, r, labels[lock != 0][id != 0], 1, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    while ((row = bn_query_row(&q)) != NULL) {
        account_row(&q, row, a);
        found = 1;
    }
    return found ? APR_SUCCESS : APR_NOTFOUND;
}

apr_status_t bn_store_role(request_rec *r, const char *login,
                           apr_int64_t id, const char **role)
{
    const char *args[2];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;

    *role = NULL;
    args[0] = login;
    args[1] = bn_query_id(r, id);
    rv = bn_query_select(&q, r, "bn_role", 2, args);
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        *role = bn_query_text(&q, row, 0);
    }
    return rv;
}

apr_status_t bn_store_branches(request_rec *r, apr_int64_t network,
                               apr_int64_t start, apr_int64_t limit,
                               apr_array_header_t **out, apr_int64_t *total)
{
    const char *args[3];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;

    *out = apr_array_make(r->pool, 16, sizeof(bn_account));
    args[0] = bn_query_id(r, network);
    args[1] = bn_query_id(r, limit);
    args[2] = bn_query_id(r, start);
    rv = bn_query_number(r, "bn_branches_count", 1, &args[0], total);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = bn_query_select(&q, r, "bn_branches", 3, args);
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        account_row(&q, row, apr_array_push(*out));
    }
    return rv;
}

apr_status_t bn_store_network_add(request_rec *r, apr_int64_t main_id,
                                  apr_int64_t *network)
{
    const char *arg = bn_query_id(r, main_id);
    apr_status_t rv = bn_query_exec(r, "bn_network_add", 1, &arg, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    return bn_query_number(r, "bn_network_of_main", 1, &arg, network);
}

apr_status_t bn_store_branch_add(request_rec *r, apr_int64_t network,
                                 apr_int64_t account, int trial_days)
{
    const char *args[4];
    apr_status_t rv;

    args[0] = bn_query_id(r, network);
    args[1] = bn_query_id(r, account);
    args[2] = args[3] = apr_itoa(r->pool, trial_days);
    rv = bn_query_exec(r, "bn_branch_add", 4, args, NULL);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    return bn_query_exec(r, "bn_account_networked", 1, &args[1], NULL);
}

apr_status_t bn_store_branch_remove(request_rec *r, apr_int64_t account)
{
    const char *arg = bn_query_id(r, account);
    int n = 0;
    apr_status_t rv = bn_query_exec(r, "bn_branch_remove", 1, &arg, &n);

    return rv == APR_SUCCESS && n == 0 ? APR_NOTFOUND : rv;
}

apr_status_t bn_store_join_code_add(request_rec *r, apr_int64_t network,
                                    const char *code, const char *login)
{
    const char *args[3];
    int n = 0;
    apr_status_t rv;

    args[0] = bn_query_id(r, network);
    args[1] = code;
    args[2] = login;
    rv = bn_query_exec(r, "bn_join_code_add", 3, args, &n);
    return rv == APR_SUCCESS && n != 1 ? APR_NOTFOUND : rv;
}

apr_status_t bn_store_join_code_take(request_rec *r, const char *code,
                                     apr_int64_t account,
                                     apr_int64_t *network,
                                     apr_int64_t *main_id)
{
    const char *args[2];
    apr_int64_t id = 0;
    apr_dbd_row_t *row;
    bn_query q;
    int n = 0;
    apr_status_t rv = bn_query_select(&q, r, "bn_join_code_find", 1, &code);

    *network = 0;
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        id = bn_query_int(&q, row, 0);
        *network = bn_query_int(&q, row, 1);
        *main_id = bn_query_int(&q, row, 2);
    }
    if (rv != APR_SUCCESS || id == 0) {
        return rv != APR_SUCCESS ? rv : APR_NOTFOUND;
    }
    args[0] = bn_query_id(r, account);
    args[1] = bn_query_id(r, id);
    rv = bn_query_exec(r, "bn_join_code_use", 2, args, &n);
    return rv == APR_SUCCESS && n != 1 ? APR_NOTFOUND : rv;
}

apr_status_t bn_store_account_add(request_rec *r, const char *name,
                                  const char *host, const char *address,
                                  const char *plan, apr_int64_t *id)
{
    const char *args[4];
    bn_account a;
    apr_status_t rv;

    args[0] = host;
    args[1] = name;
    args[2] = address;
    args[3] = plan;
    rv = bn_query_exec(r, "bn_account_add", 4, args, NULL);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = bn_store_account(r, 0, host, 1, &a);
    *id = a.id;
    return rv;
}

apr_status_t bn_store_plan_set(request_rec *r, apr_int64_t account,
                               const char *plan)
{
    const char *args[3];

    args[0] = args[1] = plan;
    args[2] = bn_query_id(r, account);
    return bn_query_exec(r, "bn_plan_set", 3, args, NULL);
}

apr_status_t bn_store_user_ensure(request_rec *r, const char *login,
                                  apr_int64_t *id)
{
    apr_status_t rv = bn_query_exec(r, "bn_user_ensure", 1, &login, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    return bn_query_number(r, "bn_user_id", 1, &login, id);
}

apr_status_t bn_store_member_set(request_rec *r, apr_int64_t user,
                                 apr_int64_t account, const char *role)
{
    const char *args[3];

    args[0] = bn_query_id(r, user);
    args[1] = bn_query_id(r, account);
    args[2] = role;
    return bn_query_exec(r, "bn_member_set", 3, args, NULL);
}

apr_status_t bn_store_audit(request_rec *r, const char *action,
                            apr_int64_t account, apr_int64_t network,
                            const char *details)
{
    const char *args[5];
    apr_status_t rv;

    args[0] = r->user;
    args[1] = action;
    args[2] = bn_query_id_or_null(r, account);
    args[3] = bn_query_id_or_null(r, network);
    args[4] = details != NULL ? details : "{}";
    rv = bn_query_exec(r, "bn_audit_add", 5, args, NULL);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    return bn_query_exec(r, "bn_generation_bump", 0, NULL, NULL);
}

apr_status_t bn_store_audit_list(request_rec *r, apr_int64_t network,
                                 apr_int64_t account, apr_int64_t start,
                                 apr_int64_t limit, apr_array_header_t **out,
                                 apr_int64_t *total)
{
    const char *args[3];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;

    *out = apr_array_make(r->pool, 16, sizeof(bn_audit_entry));
    args[0] = bn_query_id(r, network != 0 ? network : account);
    args[1] = bn_query_id(r, limit);
    args[2] = bn_query_id(r, start);
    rv = bn_query_number(r, network != 0 ? "bn_audit_network_count"
                                         : "bn_audit_account_count",
                         1, &args[0], total);
    if (rv == APR_SUCCESS) {
        rv = bn_query_select(&q, r, network != 0 ? "bn_audit_network"
                                                 : "bn_audit_account",
                             3, args);
    }
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        bn_audit_entry *e = apr_array_push(*out);

        e->id = bn_query_int(&q, row, 0);
        e->at = bn_query_int(&q, row, 1);
        e->actor = bn_query_text(&q, row, 2);
        e->action = bn_query_text(&q, row, 3);
        e->account = bn_query_int(&q, row, 4);
        e->network = bn_query_int(&q, row, 5);
        e->details = bn_query_text(&q, row, 6);
    }
    return rv;
}
