/* Rules of the branch network that need no request, no server and no
 * database: host names, header names, plan and branch status. Everything
 * here is a pure function, unit-tested without httpd. */
#ifndef BN_RULES_H
#define BN_RULES_H

#include "apr_pools.h"
#include "apr_time.h"

#define BN_HEADER_PREFIX "x-branchnet-"

/* The canonical form of an account host (lowercase, no trailing dot, no
 * port), or NULL when NAME is not a valid DNS host name. */
const char *bn_rules_normalize_host(apr_pool_t *p, const char *name);

/* Nonzero when NAME is read by some upstream as one of our identity
 * headers: "X-Branchnet-" in any case, with '_' standing for '-' as CGI,
 * PHP and many frameworks treat it. */
int bn_rules_is_identity_header(const char *name);

/* VALUE made safe for a request header: bytes outside printable ASCII and
 * '%' itself are percent-encoded. Returns VALUE when nothing changes. */
const char *bn_rules_header_value(apr_pool_t *p, const char *value);

/* Nonzero for the plans a branch may have without a trial. */
int bn_rules_plan_is_paid(const char *plan);
int bn_rules_plan_is_valid(const char *plan);

typedef enum {
    BN_BRANCH_ACTIVE,
    BN_BRANCH_TRIAL,
    BN_BRANCH_GRACE,
    BN_BRANCH_SUSPENDED
} bn_branch_state;

/* What the database says of a connected branch; times are seconds since
 * the epoch by the database clock, 0 for "none". */
typedef struct {
    const char *plan;
    apr_int64_t now;
    apr_int64_t connected_at;
    apr_int64_t trial_ends_at;
    apr_int64_t plan_changed_at;
} bn_branch_facts;

typedef struct {
    bn_branch_state state;
    apr_int64_t ends_at;     /* end of the trial or of the grace, or 0 */
    int days_left;           /* whole days, rounded up, in trial or grace */
} bn_branch_status;

void bn_rules_branch_status(const bn_branch_facts *f, int grace_days,
                            bn_branch_status *out);
const char *bn_rules_state_name(bn_branch_state state);

/* A network is active only while its main account is on enterprise. */
int bn_rules_network_active(const char *main_plan);

/* Why a change is refused: an HTTP status, an API error code, a message. */
typedef struct {
    int status;
    const char *code;
    const char *message;
} bn_refusal;

/* NULL when an account on PLAN, in a network or not (IN_NETWORK), may
 * become the main account of a new network; else why not. */
const bn_refusal *bn_rules_become_main(const char *plan, int in_network);

/* NULL when an account on PLAN (NETWORKED_BEFORE: it was a branch once)
 * may be connected as a branch of a network whose main account is on
 * MAIN_PLAN; *TRIAL is then set when it connects on a free trial. */
const bn_refusal *bn_rules_connect(const char *plan, int networked_before,
                                   int in_network, const char *main_plan,
                                   int *trial);

/* EMAIL trimmed and lowercased, or NULL when it is not a plausible
 * address (one '@', something on both sides, no spaces or controls, at
 * most 254 bytes). */
const char *bn_rules_normalize_email(apr_pool_t *p, const char *email);

/* Nonzero when giving department ID the parent PARENT would make a cycle
 * in the tree whose N departments are IDS[i] with parents PARENTS[i]
 * (0 for a root). */
int bn_rules_makes_cycle(const apr_int64_t *ids, const apr_int64_t *parents,
                         int n, apr_int64_t id, apr_int64_t parent);

#endif
