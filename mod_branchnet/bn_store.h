/* Storage: the only place that knows SQL. Every statement is prepared
 * through mod_dbd at start-up and run on the request's pooled connection.
 * Functions return APR_SUCCESS, APR_NOTFOUND where a row was expected and
 * none is there, or another status when the database failed (logged here,
 * with the database's own error text). */
#ifndef BN_STORE_H
#define BN_STORE_H

#include "httpd.h"
#include "apr_tables.h"

/* The schema version this module needs (sql/schema.sql). */
#define BN_SCHEMA_VERSION 1

/* Register every statement with mod_dbd for server S. Returns NULL, or
 * why it cannot (mod_dbd not loaded). */
const char *bn_store_prepare(server_rec *s, apr_pool_t *p);

/* What access a login has to the account of a host; the answer cached
 * by bn_access. Fields are NULL or 0 where nothing applies. */
typedef struct {
    int known_account;
    apr_int64_t account_id;
    const char *role;          /* active role in the account, or NULL */
    apr_int64_t network_id;    /* network it belongs to, or 0 */
    apr_int64_t main_id;       /* that network's main account, or 0 */
    const char *main_host;
    const char *main_plan;
    const char *main_role;     /* active role in the main account */
} bn_decision;

apr_status_t bn_store_decide(request_rec *r, const char *host,
                             const char *login, bn_decision *d);

/* In a new child process: log whether the database answers and holds a
 * schema this module can use. */
void bn_store_child_check(apr_pool_t *pchild, server_rec *s);

/* APR_SUCCESS when the database answers and holds a schema at least as
 * new as BN_SCHEMA_VERSION; APR_EINCOMPLETE when the schema is older. */
apr_status_t bn_store_check(request_rec *r);

typedef struct {
    apr_int64_t id;
    const char *host;
    const char *name;
    const char *address;
    const char *plan;
    const char *role;
    int is_main;
    apr_int64_t network_id;
    /* database clock, seconds; 0 for none */
    apr_int64_t now;
    apr_int64_t connected_at;
    apr_int64_t trial_ends_at;
    apr_int64_t plan_changed_at;
} bn_member_account;

/* Accounts where LOGIN has an active membership, as bn_member_account,
 * ordered by name. With NETWORK_ID nonzero, only those of that network. */
apr_status_t bn_store_member_accounts(request_rec *r, const char *login,
                                      apr_int64_t network_id,
                                      apr_array_header_t **out);

/* The change generation: raised by every change of state. */
apr_status_t bn_store_generation(request_rec *r, apr_int64_t *generation);

typedef struct {
    apr_int64_t id;
    const char *login;
    const char *email;
    const char *display_name;
} bn_user;

apr_status_t bn_store_user(request_rec *r, const char *login, bn_user *u);

#endif
