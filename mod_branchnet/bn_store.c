/* Storage of mod_branchnet: every SQL statement and every query. */
#include <string.h>

#include "httpd.h"
#include "apr_dbd.h"
#include "apr_optional.h"
#include "apr_strings.h"
#include "http_log.h"
#include "mod_dbd.h"

#include "bn_stats.h"
#include "bn_store.h"
#include "bn_store_db.h"

APLOG_USE_MODULE(branchnet);

static APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) *dbd_prepare_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire_fn;

/* How many pooled connections a request may find dead in a row. */
#define BN_ACQUIRE_TRIES 64

/* Set while this process finds the database unreachable. */
static volatile int database_away;

/* Set once a connection of this process found the schema new enough. */
static volatile int schema_ok;

/* One row per statement. Placeholders are apr_dbd's (%s, %lld). */
static const bn_statement statements[] = {
    {"bn_schema",
     "SELECT version FROM bn_schema_version WHERE id = 1"},

    /* One round trip decides both Require providers: the account of the
     * host, the person's active role in it, and in its main account.
     * Joins on unique keys only, and no subqueries: MariaDB plans a
     * prepared statement again on every execution, and subqueries cost
     * it more than the lookups themselves. */
    {"bn_decide",
     "SELECT a.id, COALESCE(nb.id, nm.id), ma.id, ma.host, ma.plan,"
     " m.role, mm.role"
     " FROM bn_accounts a"
     " LEFT JOIN bn_users u ON u.login = %s"
     " LEFT JOIN bn_branches b ON b.account_id = a.id"
     " LEFT JOIN bn_networks nb ON nb.id = b.network_id"
     " LEFT JOIN bn_networks nm ON nm.main_account_id = a.id"
     " LEFT JOIN bn_accounts ma"
     "   ON ma.id = COALESCE(nb.main_account_id, nm.main_account_id)"
     " LEFT JOIN bn_memberships m ON m.user_id = u.id"
     "   AND m.account_id = a.id AND m.status = 'active'"
     " LEFT JOIN bn_memberships mm ON mm.user_id = u.id"
     "   AND mm.account_id = ma.id AND mm.status = 'active'"
     " WHERE a.host = %s"},
    /* The same roles, for an account whose place is already known. */
    {"bn_decide_roles",
     "SELECT m.role, mm.role FROM bn_users u"
     " LEFT JOIN bn_memberships m ON m.user_id = u.id"
     "   AND m.account_id = %lld AND m.status = 'active'"
     " LEFT JOIN bn_memberships mm ON mm.user_id = u.id"
     "   AND mm.account_id = %lld AND mm.status = 'active'"
     " WHERE u.login = %s"},

    {"bn_member_accounts",
     "SELECT a.id, a.host, a.name, a.address, a.plan, m.role,"
     " COALESCE(n.id, b.network_id, 0), n.id IS NOT NULL,"
     " UNIX_TIMESTAMP(), COALESCE(UNIX_TIMESTAMP(b.connected_at), 0),"
     " COALESCE(UNIX_TIMESTAMP(b.trial_ends_at), 0),"
     " UNIX_TIMESTAMP(a.plan_changed_at)"
     " FROM bn_users u"
     " JOIN bn_memberships m ON m.user_id = u.id AND m.status = 'active'"
     " JOIN bn_accounts a ON a.id = m.account_id"
     " LEFT JOIN bn_networks n ON n.main_account_id = a.id"
     " LEFT JOIN bn_branches b ON b.account_id = a.id"
     " WHERE u.login = %s"
     "   AND (%lld = 0 OR COALESCE(n.id, b.network_id) = %lld)"
     " ORDER BY n.id IS NULL, a.name, a.id"},

    {"bn_generation",
     "SELECT generation FROM bn_generation WHERE id = 1"},

    {"bn_user",
     "SELECT id, login, email, display_name FROM bn_users"
     " WHERE login = %s"},

    {NULL, NULL}
};

const char *bn_store_prepare(server_rec *s, apr_pool_t *p)
{
    const bn_statement *st;

    (void)p;
    if (dbd_prepare_fn == NULL) {
        dbd_prepare_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
        dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
        if (dbd_prepare_fn == NULL || dbd_acquire_fn == NULL) {
            return "mod_branchnet needs mod_dbd: load it and configure "
                   "DBDriver mysql and DBDParams";
        }
    }
    for (st = statements; st->label != NULL; st++) {
        dbd_prepare_fn(s, st->sql, st->label);
    }
    for (st = bn_network_statements; st->label != NULL; st++) {
        dbd_prepare_fn(s, st->sql, st->label);
    }
    for (st = bn_people_statements; st->label != NULL; st++) {
        dbd_prepare_fn(s, st->sql, st->label);
    }
    return NULL;
}

ap_dbd_t *bn_store_connection(request_rec *r)
{
    ap_dbd_t *dbd = NULL;
    int tries, most = database_away ? 1 : BN_ACQUIRE_TRIES;

    /* mod_dbd drops a pooled connection that died with its server when
     * it fails its ping, one per try: after a database restart, try past
     * the idle ones a pool keeps. Once that failed, the database is away
     * and one try a request is enough until it answers again. */
    for (tries = 0; dbd_acquire_fn != NULL && dbd == NULL && tries < most;
         tries++) {
        dbd = dbd_acquire_fn(r);
    }
    database_away = dbd == NULL;
    return dbd;
}

/* The request's connection and its prepared statement LABEL. */
static apr_status_t statement_for(request_rec *r, const char *label,
                                  ap_dbd_t **dbd, apr_dbd_prepared_t **stmt)
{
    *dbd = bn_store_connection(r);
    if (*dbd == NULL) {
        bn_stats_add(BN_STAT_DB_ERRORS, 1);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "BN00001: no database "
                      "connection for %s (see mod_dbd's messages)", label);
        return APR_ECONNREFUSED;
    }

    *stmt = apr_hash_get((*dbd)->prepared, label, APR_HASH_KEY_STRING);
    if (*stmt == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "BN00002: statement %s "
                      "is not prepared on this virtual host's database "
                      "pool: configure DBDriver and DBDParams in the main "
                      "server, not in the virtual host", label);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

/* The status of a statement from the driver's code (MySQL's errno). */
static apr_status_t query_status(request_rec *r, ap_dbd_t *dbd,
                                 const char *label, int rc)
{
    bn_stats_add(BN_STAT_DB_QUERIES, 1);
    switch (rc) {
    case 0:
        return APR_SUCCESS;
    case 1062: /* ER_DUP_ENTRY: a unique key decided a race */
        return APR_EEXIST;
    case 1205: /* ER_LOCK_WAIT_TIMEOUT */
    case 1213: /* ER_LOCK_DEADLOCK */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, "BN00014: %s lost a "
                      "race for a lock: %s", label,
                      apr_dbd_error(dbd->driver, dbd->handle, rc));
        return APR_EBUSY;
    default:
        bn_stats_add(BN_STAT_DB_ERRORS, 1);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "BN00015: statement %s "
                      "failed: %s", label,
                      apr_dbd_error(dbd->driver, dbd->handle, rc));
        return APR_EGENERAL;
    }
}

apr_status_t bn_query_select(bn_query *q, request_rec *r, const char *label,
                             int nargs, const char **args)
{
    apr_dbd_prepared_t *stmt;
    apr_time_t start;
    apr_status_t rv;
    int rc;

    q->r = r;
    q->label = label;
    q->res = NULL;
    rv = statement_for(r, label, &q->dbd, &stmt);
    if (rv != APR_SUCCESS) {
        return rv;
    }

    start = apr_time_now();
    rc = apr_dbd_pselect(q->dbd->driver, r->pool, q->dbd->handle, &q->res,
                         stmt, 0, nargs, args);
    start = apr_time_now() - start;
    bn_stats_add(BN_STAT_DB_USEC, (apr_uint64_t)start);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE2, 0, r, "%s: %" APR_TIME_T_FMT
                  " us", label, start);
    return query_status(r, q->dbd, label, rc);
}

apr_status_t bn_query_exec(request_rec *r, const char *label, int nargs,
                           const char **args, int *nrows)
{
    apr_dbd_prepared_t *stmt;
    apr_time_t start;
    ap_dbd_t *dbd;
    int rc, n = 0;
    apr_status_t rv = statement_for(r, label, &dbd, &stmt);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    start = apr_time_now();
    rc = apr_dbd_pquery(dbd->driver, r->pool, dbd->handle, &n, stmt,
                        nargs, args);
    start = apr_time_now() - start;
    bn_stats_add(BN_STAT_DB_USEC, (apr_uint64_t)start);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE2, 0, r, "%s: %" APR_TIME_T_FMT
                  " us", label, start);
    if (nrows != NULL) {
        *nrows = n;
    }
    return query_status(r, dbd, label, rc);
}

const char *bn_query_id(request_rec *r, apr_int64_t n)
{
    return apr_psprintf(r->pool, "%" APR_INT64_T_FMT, n);
}

const char *bn_query_id_or_null(request_rec *r, apr_int64_t n)
{
    return n != 0 ? bn_query_id(r, n) : NULL;
}

apr_status_t bn_query_number(request_rec *r, const char *label, int nargs,
                             const char **args, apr_int64_t *out)
{
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv = bn_query_select(&q, r, label, nargs, args);

    *out = 0;
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        *out = bn_query_int(&q, row, 0);
    }
    return rv;
}

/* The next row, or NULL after the last one. The driver frees a result
 * only when it has been read to the end, so callers never stop early. */
apr_dbd_row_t *bn_query_row(bn_query *q)
{
    apr_dbd_row_t *row = NULL;

    if (apr_dbd_get_row(q->dbd->driver, q->r->pool, q->res, &row, -1) != 0) {
        return NULL;
    }
    return row;
}

const char *bn_query_text(bn_query *q, apr_dbd_row_t *row, int n)
{
    const char *v = apr_dbd_get_entry(q->dbd->driver, row, n);

    return v != NULL ? apr_pstrdup(q->r->pool, v) : NULL;
}

apr_int64_t bn_query_int(bn_query *q, apr_dbd_row_t *row, int n)
{
    const char *v = apr_dbd_get_entry(q->dbd->driver, row, n);

    return v != NULL ? apr_atoi64(v) : 0;
}

/* The schema version on DBD, or -1 when the query failed. */
static apr_int64_t schema_version(apr_pool_t *p, ap_dbd_t *dbd)
{
    apr_dbd_prepared_t *stmt = apr_hash_get(dbd->prepared, "bn_schema",
                                            APR_HASH_KEY_STRING);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_int64_t version = 0;
    const char *v;

    if (stmt == NULL || apr_dbd_pselect(dbd->driver, p, dbd->handle, &res,
                                        stmt, 0, 0, NULL) != 0) {
        return -1;
    }
    while (apr_dbd_get_row(dbd->driver, p, res, &row, -1) == 0) {
        v = apr_dbd_get_entry(dbd->driver, row, 0);
        version = v != NULL ? apr_atoi64(v) : 0;
    }
    return version;
}

void bn_store_child_check(apr_pool_t *pchild, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_dbd_open) *open_fn;
    APR_OPTIONAL_FN_TYPE(ap_dbd_close) *close_fn;
    apr_int64_t version = -1;
    ap_dbd_t *dbd;
    apr_pool_t *p;

    open_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_open);
    close_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_close);
    if (open_fn == NULL || close_fn == NULL
        || apr_pool_create(&p, pchild) != APR_SUCCESS) {
        return;
    }
    dbd = open_fn(p, s);
    if (dbd != NULL) {
        version = schema_version(p, dbd);
        close_fn(s, dbd);
    }
    apr_pool_destroy(p);

    if (version < 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, "BN00010: the "
                     "database does not answer at start-up; access "
                     "decisions answer 503 until it does");
    }
    else if (version < BN_SCHEMA_VERSION) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, "BN00011: the database "
                     "holds schema version %" APR_INT64_T_FMT ", this module "
                     "needs %d: load sql/schema.sql and the files of "
                     "sql/migrations/; until then every access decision "
                     "answers 503", version, BN_SCHEMA_VERSION);
    }
    else {
        schema_ok = 1;
    }
}

static apr_status_t check_schema(request_rec *r)
{
    bn_query q;
    apr_int64_t version;
    apr_status_t rv = bn_query_select(&q, r, "bn_schema", 0, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    version = schema_version(r->pool, q.dbd);
    if (version < 0) {
        return APR_EGENERAL;
    }
    if (version < BN_SCHEMA_VERSION) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "BN00004: the database "
                      "holds schema version %" APR_INT64_T_FMT ", this "
                      "module needs %d: load sql/schema.sql and the files "
                      "of sql/migrations/", version, BN_SCHEMA_VERSION);
        return APR_EINCOMPLETE;
    }
    schema_ok = 1;
    return APR_SUCCESS;
}

apr_status_t bn_store_check(request_rec *r)
{
    return check_schema(r);
}

/* Every query first makes sure the schema is one this module knows. */
static apr_status_t ready(request_rec *r)
{
    return schema_ok ? APR_SUCCESS : check_schema(r);
}

apr_status_t bn_store_decide(request_rec *r, const char *host,
                             const char *login, bn_decision *d)
{
    const char *args[2];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv = ready(r);

    memset(d, 0, sizeof(*d));
    if (rv != APR_SUCCESS) {
        return rv;
    }
    args[0] = login;
    args[1] = host;
    rv = bn_query_select(&q, r, "bn_decide", 2, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    while ((row = bn_query_row(&q)) != NULL) {
        d->known_account = 1;
        d->account_id = bn_query_int(&q, row, 0);
        d->network_id = bn_query_int(&q, row, 1);
        d->main_id = bn_query_int(&q, row, 2);
        d->main_host = bn_query_text(&q, row, 3);
        d->main_plan = bn_query_text(&q, row, 4);
        d->role = bn_query_text(&q, row, 5);
        d->main_role = bn_query_text(&q, row, 6);
    }
    return APR_SUCCESS;
}

apr_status_t bn_store_roles(request_rec *r, const char *login,
                            bn_decision *d)
{
    const char *args[3];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv = ready(r);

    d->role = d->main_role = NULL;
    if (rv != APR_SUCCESS) {
        return rv;
    }
    args[0] = bn_query_id(r, d->account_id);
    args[1] = bn_query_id(r, d->main_id);
    args[2] = login;
    rv = bn_query_select(&q, r, "bn_decide_roles", 3, args);
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        d->role = bn_query_text(&q, row, 0);
        d->main_role = bn_query_text(&q, row, 1);
    }
    return rv;
}

apr_status_t bn_store_member_accounts(request_rec *r, const char *login,
                                      apr_int64_t network_id,
                                      apr_array_header_t **out)
{
    const char *args[3];
    const char *net = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, network_id);
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv = ready(r);

    *out = apr_array_make(r->pool, 8, sizeof(bn_member_account));
    if (rv != APR_SUCCESS) {
        return rv;
    }
    args[0] = login;
    args[1] = net;
    args[2] = net;
    rv = bn_query_select(&q, r, "bn_member_accounts", 3, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    while ((row = bn_query_row(&q)) != NULL) {
        bn_member_account *a = apr_array_push(*out);

        a->id = bn_query_int(&q, row, 0);
        a->host = bn_query_text(&q, row, 1);
        a->name = bn_query_text(&q, row, 2);
        a->address = bn_query_text(&q, row, 3);
        a->plan = bn_query_text(&q, row, 4);
        a->role = bn_query_text(&q, row, 5);
        a->network_id = bn_query_int(&q, row, 6);
        a->is_main = (int)bn_query_int(&q, row, 7);
        a->facts.now = bn_query_int(&q, row, 8);
        a->facts.connected_at = bn_query_int(&q, row, 9);
        a->facts.trial_ends_at = bn_query_int(&q, row, 10);
        a->facts.plan_changed_at = bn_query_int(&q, row, 11);
        a->facts.plan = a->plan;
    }
    return APR_SUCCESS;
}

apr_status_t bn_store_user(request_rec *r, const char *login, bn_user *u)
{
    const char *args[1];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv = ready(r);
    int found = 0;

    memset(u, 0, sizeof(*u));
    if (rv != APR_SUCCESS) {
        return rv;
    }
    args[0] = login;
    rv = bn_query_select(&q, r, "bn_user", 1, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    while ((row = bn_query_row(&q)) != NULL) {
        found = 1;
        u->id = bn_query_int(&q, row, 0);
        u->login = bn_query_text(&q, row, 1);
        u->email = bn_query_text(&q, row, 2);
        u->display_name = bn_query_text(&q, row, 3);
    }
    return found ? APR_SUCCESS : APR_NOTFOUND;
}

apr_status_t bn_store_generation(request_rec *r, apr_int64_t *generation)
{
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv = bn_query_select(&q, r, "bn_generation", 0, NULL);

    *generation = 0;
    if (rv != APR_SUCCESS) {
        return rv;
    }
    while ((row = bn_query_row(&q)) != NULL) {
        *generation = bn_query_int(&q, row, 0);
    }
    return APR_SUCCESS;
}
