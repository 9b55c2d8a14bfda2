/* Storage: the only place that knows SQL. Every statement is prepared
 * through mod_dbd at start-up and run on the request's pooled connection.
 * Functions return APR_SUCCESS, APR_NOTFOUND where a row was expected and
 * none is there, or another status when the database failed (logged here,
 * with the database's own error text). */
#ifndef BN_STORE_H
#define BN_STORE_H

#include "httpd.h"
#include "apr_tables.h"

#include "bn_rules.h"

/* The schema version this module needs (sql/schema.sql). */
#define BN_SCHEMA_VERSION 4

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

/* Fill in D's two roles for LOGIN, D's account and network being known
 * already (from an earlier bn_store_decide for its host). */
apr_status_t bn_store_roles(request_rec *r, const char *login,
                            bn_decision *d);

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
    bn_branch_facts facts;     /* what its status is computed from */
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

/* Transactions. Between begin and end, every query of the request runs
 * in the transaction (they share the request's connection). End commits
 * when COMMIT is nonzero and nothing failed, else rolls back; it returns
 * APR_SUCCESS only when the transaction was committed. */
typedef struct bn_tx bn_tx;

apr_status_t bn_tx_begin(request_rec *r, bn_tx **tx);
apr_status_t bn_tx_end(bn_tx *tx, int commit);

/* An account with its place in a network. */
typedef struct {
    apr_int64_t id;
    const char *host;
    const char *name;
    const char *address;
    const char *plan;
    int networked_before;      /* was ever connected as a branch */
    apr_int64_t main_of;       /* network it is the main account of */
    apr_int64_t branch_of;     /* network it is a branch of */
    apr_int64_t network_main;  /* that network's main account */
    const char *main_plan;     /* and its plan */
    bn_branch_facts facts;     /* what its status is computed from */
    apr_int64_t employees;     /* active memberships */
} bn_account;

/* The account of ID (or, with ID 0, of HOST); with LOCK, its row is locked
 * until the transaction ends. APR_NOTFOUND when there is none. */
apr_status_t bn_store_account(request_rec *r, apr_int64_t id,
                              const char *host, int lock, bn_account *a);

/* The active role of LOGIN in account ID, or NULL. */
apr_status_t bn_store_role(request_rec *r, const char *login,
                           apr_int64_t id, const char **role);

/* Branches of NETWORK, by name, START and LIMIT as in the API's paging;
 * an array of bn_account, and how many there are in all. */
apr_status_t bn_store_branches(request_rec *r, apr_int64_t network,
                               apr_int64_t start, apr_int64_t limit,
                               apr_array_header_t **out, apr_int64_t *total);

/* Changes: call them inside a transaction. */
apr_status_t bn_store_network_add(request_rec *r, apr_int64_t main_id,
                                  apr_int64_t *network);
apr_status_t bn_store_branch_add(request_rec *r, apr_int64_t network,
                                 apr_int64_t account, int trial_days);
apr_status_t bn_store_branch_remove(request_rec *r, apr_int64_t account);
apr_status_t bn_store_join_code_add(request_rec *r, apr_int64_t network,
                                    const char *code, const char *login);
/* Marks the code used by ACCOUNT and tells its network and that network's
 * main account; APR_NOTFOUND when it is unknown, used or expired. */
apr_status_t bn_store_join_code_take(request_rec *r, const char *code,
                                     apr_int64_t account,
                                     apr_int64_t *network,
                                     apr_int64_t *main_id);
/* APR_EEXIST when the host is taken. */
apr_status_t bn_store_account_add(request_rec *r, const char *name,
                                  const char *host, const char *address,
                                  const char *plan, apr_int64_t *id);
apr_status_t bn_store_plan_set(request_rec *r, apr_int64_t account,
                               const char *plan);
/* The user of LOGIN, recorded first when unknown. */
apr_status_t bn_store_user_ensure(request_rec *r, const char *login,
                                  apr_int64_t *id);
apr_status_t bn_store_member_set(request_rec *r, apr_int64_t user,
                                 apr_int64_t account, const char *role);
/* An audit row (DETAILS is JSON text) and a new change generation. */
apr_status_t bn_store_audit(request_rec *r, const char *action,
                            apr_int64_t account, apr_int64_t network,
                            const char *details);

typedef struct {
    apr_int64_t id;
    apr_int64_t at;            /* seconds since the epoch */
    const char *actor;
    const char *action;
    apr_int64_t account;
    apr_int64_t network;
    const char *details;       /* JSON text */
} bn_audit_entry;

/* Audit rows of NETWORK (or, with NETWORK 0, of ACCOUNT), newest first. */
apr_status_t bn_store_audit_list(request_rec *r, apr_int64_t network,
                                 apr_int64_t account, apr_int64_t start,
                                 apr_int64_t limit, apr_array_header_t **out,
                                 apr_int64_t *total);

/* People and structure of an account (bn_store_people.c). */
typedef struct {
    apr_int64_t user_id;
    const char *login;
    const char *display_name;
    const char *email;
    const char *role;
    const char *status;
    apr_int64_t department_id;  /* 0 for none */
    const char *department;
} bn_employee;

/* Members of ACCOUNT that are not removed, in the order they were added;
 * Q (may be NULL) filters by login, name or email. */
apr_status_t bn_store_employees(request_rec *r, apr_int64_t account,
                                const char *q, apr_int64_t start,
                                apr_int64_t limit, apr_array_header_t **out,
                                apr_int64_t *total);
/* The membership of USER in ACCOUNT, whatever its status. */
apr_status_t bn_store_employee(request_rec *r, apr_int64_t account,
                               apr_int64_t user, bn_employee *e);
apr_status_t bn_store_active_admins(request_rec *r, apr_int64_t account,
                                    apr_int64_t *count);
/* An active membership; APR_EEXIST when USER is an active member. */
apr_status_t bn_store_member_add(request_rec *r, apr_int64_t user,
                                 apr_int64_t account, const char *role,
                                 apr_int64_t department);
apr_status_t bn_store_member_update(request_rec *r, apr_int64_t account,
                                    apr_int64_t user, const char *role,
                                    apr_int64_t department,
                                    const char *status);

typedef struct {
    apr_int64_t id;
    apr_int64_t parent_id;      /* 0 for a root */
    const char *name;
    apr_int64_t head_user_id;   /* 0 for none */
    const char *head_name;
    const char *head_login;
    int sort;
    apr_int64_t employees;      /* active members (not when locked) */
} bn_department;

/* Every department of ACCOUNT; with LOCK, locked for the transaction. */
apr_status_t bn_store_departments(request_rec *r, apr_int64_t account,
                                  int lock, apr_array_header_t **out);
apr_status_t bn_store_department_add(request_rec *r, apr_int64_t account,
                                     const bn_department *d,
                                     apr_int64_t *id);
apr_status_t bn_store_department_update(request_rec *r, apr_int64_t account,
                                        const bn_department *d);
apr_status_t bn_store_department_usage(request_rec *r, apr_int64_t id,
                                       apr_int64_t *children,
                                       apr_int64_t *members);
apr_status_t bn_store_department_remove(request_rec *r, apr_int64_t account,
                                        apr_int64_t id);

typedef struct {
    apr_int64_t id;
    apr_int64_t account_id;
    const char *email;
    const char *role;
    apr_int64_t department_id;
} bn_invitation;

/* Is EMAIL (normalized) the email of an active member of ACCOUNT? */
apr_status_t bn_store_active_email(request_rec *r, apr_int64_t account,
                                   const char *email, int *found);
apr_status_t bn_store_invitation_add(request_rec *r, apr_int64_t account,
                                     const char *email, const char *role,
                                     apr_int64_t department,
                                     const char *token, apr_int64_t *id);
/* Marks the invitation of TOKEN accepted by USER, gives the user its
 * email when they have none; APR_NOTFOUND when the token is unknown,
 * used, revoked or expired. */
apr_status_t bn_store_invitation_take(request_rec *r, const char *token,
                                      apr_int64_t user, bn_invitation *inv);

#endif
