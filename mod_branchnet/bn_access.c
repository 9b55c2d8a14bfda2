/* Access decisions of mod_branchnet; see bn_access.h. */
#include <string.h>

#include "apr_allocator.h"
#include "apr_hash.h"
#include "apr_strings.h"
#include "apr_thread_rwlock.h"
#include "ap_provider.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "mod_auth.h"

#include "bn_access.h"
#include "bn_config.h"
#include "bn_rules.h"
#include "bn_stats.h"

APLOG_USE_MODULE(branchnet);

/* The cache is per process: a hash of (host, login) to decision, and of
 * host to its account's place in a network, in a pool of its own,
 * emptied as a whole when it has grown past its bound
 * (BranchNetCacheSize decisions, or as many times BN_CACHE_ENTRY_BYTES);
 * whenever a process of this server has made a change (the shared
 * "changes" counter moved), seen on the next request; and whenever the
 * change generation in the database has moved, which each process checks
 * at most every BranchNetRevalidate seconds. Lookups share a read lock. */
#define BN_CACHE_ENTRY_BYTES 256

typedef struct {
    bn_decision d;
    apr_time_t stored;
} bn_cached;

static apr_pool_t *cache_pool;
static apr_hash_t *cache;
static apr_size_t cache_writes;
static apr_size_t cache_bytes;
static apr_int64_t cache_generation = -1;
static apr_time_t generation_checked;
static apr_uint64_t changes_seen;
/* Raised when cached decisions are dropped as out of date: a decision
 * read from the database before that is not stored after it. */
static apr_uint64_t cache_epoch;
#if APR_HAS_THREADS
static apr_thread_rwlock_t *cache_lock;
#endif

apr_status_t bn_access_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_allocator_t *allocator;
    apr_status_t rv = apr_allocator_create(&allocator);

    /* An allocator of its own: the cache's pool is only ever used under
     * the write lock, and its blocks stay with it from round to round. */
    if (rv == APR_SUCCESS) {
        rv = apr_pool_create_ex(&cache_pool, pchild, NULL, allocator);
        if (rv != APR_SUCCESS) {
            apr_allocator_destroy(allocator);
        }
    }
    if (rv == APR_SUCCESS) {
        apr_allocator_owner_set(allocator, cache_pool);
        cache = apr_hash_make(cache_pool);
#if APR_HAS_THREADS
        rv = apr_thread_rwlock_create(&cache_lock, pchild);
#endif
    }
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, "BN00005: cannot create "
                     "the access decision cache");
    }
    return rv;
}

static void cache_lock_read(void)
{
#if APR_HAS_THREADS
    apr_thread_rwlock_rdlock(cache_lock);
#endif
}

static void cache_lock_take(void)
{
#if APR_HAS_THREADS
    apr_thread_rwlock_wrlock(cache_lock);
#endif
}

static void cache_lock_give(void)
{
#if APR_HAS_THREADS
    apr_thread_rwlock_unlock(cache_lock);
#endif
}

static const char *dup_or_null(apr_pool_t *p, const char *s)
{
    return s != NULL ? apr_pstrdup(p, s) : NULL;
}

static void copy_decision(apr_pool_t *p, bn_decision *to,
                          const bn_decision *from)
{
    *to = *from;
    to->role = dup_or_null(p, from->role);
    to->main_host = dup_or_null(p, from->main_host);
    to->main_plan = dup_or_null(p, from->main_plan);
    to->main_role = dup_or_null(p, from->main_role);
}

/* Called with the lock held. */
static void cache_clear(void)
{
    apr_pool_clear(cache_pool);
    cache = apr_hash_make(cache_pool);
    cache_writes = 0;
    cache_bytes = 0;
}

/* Called with the lock held. */
static void cache_invalidate(void)
{
    cache_clear();
    __atomic_add_fetch(&cache_epoch, 1, __ATOMIC_RELAXED);
}

void bn_access_changed(void)
{
    bn_stats_add(BN_STAT_CHANGES, 1);
}

/* Drop every cached decision when a process of this server has made a
 * change since this one last looked: one load of shared memory. */
static void cache_follow_changes(void)
{
    apr_uint64_t changes;

    if (bn_stats_get(BN_STAT_CHANGES)
        == __atomic_load_n(&changes_seen, __ATOMIC_RELAXED)) {
        return;
    }
    cache_lock_take();
    /* Read again under the lock, so that what is seen never goes back. */
    changes = bn_stats_get(BN_STAT_CHANGES);
    if (changes != changes_seen) {
        cache_invalidate();
        __atomic_store_n(&changes_seen, changes, __ATOMIC_RELAXED);
    }
    cache_lock_give();
}

/* Drop every cached decision when the database's change generation has
 * moved. The first thread past the interval checks; the others go on
 * with the cache meanwhile. */
static void cache_revalidate(request_rec *r, int interval)
{
    apr_time_t last = __atomic_load_n(&generation_checked, __ATOMIC_RELAXED);
    apr_int64_t generation;

    if (r->request_time - last < apr_time_from_sec(interval)
        || !__atomic_compare_exchange_n(&generation_checked, &last,
                                        r->request_time, 0,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED)
        || bn_store_generation(r, &generation) != APR_SUCCESS) {
        return;
    }

    cache_lock_take();
    if (generation != cache_generation) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "change generation "
                      "%" APR_INT64_T_FMT ": cached decisions dropped",
                      generation);
        cache_invalidate();
        cache_generation = generation;
    }
    cache_lock_give();
}

static int cache_get(request_rec *r, const char *key, int ttl,
                     bn_decision *out)
{
    const bn_cached *c;
    int hit = 0;

    if (ttl <= 0 || cache == NULL) {
        return 0;
    }
    cache_lock_read();
    c = apr_hash_get(cache, key, APR_HASH_KEY_STRING);
    if (c != NULL && r->request_time - c->stored < apr_time_from_sec(ttl)
        && r->request_time >= c->stored) {
        copy_decision(r->pool, out, &c->d);
        hit = 1;
    }
    cache_lock_give();
    return hit;
}

static apr_size_t text_size(const char *s)
{
    return s != NULL ? strlen(s) + 1 : 0;
}

static void cache_put(request_rec *r, const char *key, int ttl,
                      int entries, apr_uint64_t epoch, const bn_decision *d)
{
    apr_size_t size = sizeof(bn_cached) + 64 + strlen(key) + 1
                      + text_size(d->role) + text_size(d->main_host)
                      + text_size(d->main_plan) + text_size(d->main_role);
    bn_cached *c;

    if (ttl <= 0 || cache == NULL) {
        return;
    }
    cache_lock_take();
    if (epoch != cache_epoch) {
        cache_lock_give();
        return;
    }
    /* Entries cannot be freed one by one from a pool: bound the memory by
     * counting writes and bytes (a key holds a client's Host header), and
     * start over when either is past its bound. The pool keeps its blocks
     * for the next round, so the process never grows beyond that. */
    cache_bytes += size;
    if (++cache_writes > (apr_size_t)entries
        || cache_bytes > (apr_size_t)entries * BN_CACHE_ENTRY_BYTES) {
        cache_clear();
        cache_writes = 1;
        cache_bytes = size;
    }
    c = apr_palloc(cache_pool, sizeof(*c));
    copy_decision(cache_pool, &c->d, d);
    c->stored = r->request_time;
    apr_hash_set(cache, apr_pstrdup(cache_pool, key), APR_HASH_KEY_STRING, c);
    cache_lock_give();
}

/* A decision from the database. The account's place in its network is
 * cached too, under the host alone (a host holds no newline), so that
 * the next person's miss on that host only looks up their roles: one
 * query either way, the second far cheaper. */
static apr_status_t decide(request_rec *r, const bn_server_conf *sc,
                           const char *host, apr_uint64_t epoch,
                           bn_decision *d)
{
    int ttl = bn_conf_cache_ttl(sc);
    apr_status_t rv;

    if (cache_get(r, host, ttl, d)) {
        return d->known_account ? bn_store_roles(r, r->user, d)
                                : APR_SUCCESS;
    }
    rv = bn_store_decide(r, host, r->user, d);
    if (rv == APR_SUCCESS) {
        bn_decision place = *d;

        place.role = place.main_role = NULL;
        cache_put(r, host, ttl, bn_conf_cache_size(sc), epoch, &place);
    }
    return rv;
}

apr_status_t bn_access_decide(request_rec *r, const bn_decision **out)
{
    bn_decision *d = ap_get_module_config(r->request_config,
                                          &branchnet_module);
    const bn_server_conf *sc = bn_server_config(r->server);
    const char *host = bn_conf_account_host(r);
    const char *key;
    apr_uint64_t epoch = 0;
    apr_status_t rv;

    if (d != NULL) {
        *out = d;
        return APR_SUCCESS;
    }
    d = apr_pcalloc(r->pool, sizeof(*d));
    if (host != NULL) {
        /* A login never holds a NUL byte, so the key is unambiguous. */
        key = apr_pstrcat(r->pool, host, "\n", r->user, NULL);
        if (cache != NULL) {
            cache_follow_changes();
            cache_revalidate(r, bn_conf_revalidate(sc));
            epoch = __atomic_load_n(&cache_epoch, __ATOMIC_RELAXED);
        }
        if (cache_get(r, key, bn_conf_cache_ttl(sc), d)) {
            bn_stats_add(BN_STAT_CACHE_HITS, 1);
        }
        /* Only valid host names reach the cache or the database: any
         * other name is no account's, and a client could send many. */
        else if (bn_rules_normalize_host(r->pool, host) != NULL) {
            bn_stats_add(BN_STAT_CACHE_MISSES, 1);
            if ((rv = decide(r, sc, host, epoch, d)) != APR_SUCCESS) {
                return rv;
            }
            cache_put(r, key, bn_conf_cache_ttl(sc), bn_conf_cache_size(sc),
                      epoch, d);
        }
    }
    ap_set_module_config(r->request_config, &branchnet_module, d);
    *out = d;
    return APR_SUCCESS;
}

int bn_access_strip_headers(request_rec *r)
{
    const apr_array_header_t *arr = apr_table_elts(r->headers_in);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_array_header_t *names = NULL;
    int i;

    if (bn_server_config(r->server)->keep_identity_headers == 1) {
        return DECLINED;
    }
    for (i = 0; i < arr->nelts; i++) {
        if (e[i].key != NULL && bn_rules_is_identity_header(e[i].key)) {
            if (names == NULL) {
                names = apr_array_make(r->pool, 4, sizeof(const char *));
            }
            APR_ARRAY_PUSH(names, const char *) = e[i].key;
        }
    }
    for (i = 0; names != NULL && i < names->nelts; i++) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, "BN00006: removed a "
                      "client-sent %s header",
                      APR_ARRAY_IDX(names, i, const char *));
        apr_table_unset(r->headers_in, APR_ARRAY_IDX(names, i, const char *));
    }
    return DECLINED;
}

static void set_identity(request_rec *r, const bn_decision *d,
                         const char *role)
{
    const char *host = bn_conf_account_host(r);

    bn_stats_add(BN_STAT_GRANTED, 1);
    apr_table_setn(r->subprocess_env, "BRANCHNET_ACCOUNT", host);
    apr_table_setn(r->subprocess_env, "BRANCHNET_DECISION", "granted");
    if (!bn_conf_identity_headers(bn_dir_config(r))) {
        return;
    }
    apr_table_setn(r->headers_in, "X-Branchnet-User",
                   bn_rules_header_value(r->pool, r->user));
    apr_table_setn(r->headers_in, "X-Branchnet-Account", host);
    apr_table_setn(r->headers_in, "X-Branchnet-Role", role);
    if (d->main_host != NULL) {
        apr_table_setn(r->headers_in, "X-Branchnet-Network", d->main_host);
    }
    else {
        apr_table_unset(r->headers_in, "X-Branchnet-Network");
    }
}

static authz_status deny(request_rec *r, const bn_decision *d,
                         const char *why)
{
    bn_stats_add(BN_STAT_DENIED, 1);
    apr_table_setn(r->subprocess_env, "BRANCHNET_DECISION", "denied");
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, "BN00007: access of user "
                  "'%s' to account '%s' denied: %s", r->user,
                  d->known_account ? bn_conf_account_host(r) : "(unknown)",
                  why);
    return AUTHZ_DENIED;
}

/* The decision for a provider; AUTHZ_GENERAL_ERROR only when the database
 * failed and the check_authz hook below did not already answer 503. */
static authz_status provider_decision(request_rec *r, const bn_decision **d)
{
    if (r->user == NULL) {
        return AUTHZ_DENIED_NO_USER;
    }
    if (bn_access_decide(r, d) != APR_SUCCESS) {
        return AUTHZ_GENERAL_ERROR;
    }
    if (!(*d)->known_account) {
        bn_stats_add(BN_STAT_DENIED, 1);
        apr_table_setn(r->subprocess_env, "BRANCHNET_DECISION", "denied");
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, "BN00008: no account "
                      "for host '%s'; user '%s' denied",
                      bn_conf_account_host(r) ? bn_conf_account_host(r)
                                              : "(none)", r->user);
        return AUTHZ_DENIED;
    }
    return AUTHZ_GRANTED;
}

static authz_status member_check(request_rec *r, const char *line,
                                 const void *parsed)
{
    const bn_decision *d;
    authz_status st = provider_decision(r, &d);

    (void)line;
    (void)parsed;
    if (st != AUTHZ_GRANTED) {
        return st;
    }
    if (d->role == NULL) {
        return deny(r, d, "no active membership");
    }
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "branchnet-member: "
                  "'%s' is %s of '%s'", r->user, d->role,
                  bn_conf_account_host(r));
    set_identity(r, d, d->role);
    return AUTHZ_GRANTED;
}

static authz_status admin_check(request_rec *r, const char *line,
                                const void *parsed)
{
    const bn_decision *d;
    authz_status st = provider_decision(r, &d);
    int admin_here, admin_main;

    (void)line;
    (void)parsed;
    if (st != AUTHZ_GRANTED) {
        return st;
    }
    admin_here = d->role != NULL && strcmp(d->role, "admin") == 0;
    admin_main = d->main_role != NULL && strcmp(d->main_role, "admin") == 0;
    if (!admin_here && !admin_main) {
        return deny(r, d, "not an administrator of it or of its main "
                          "account");
    }
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "branchnet-admin: '%s' "
                  "granted on '%s' (%s)", r->user, bn_conf_account_host(r),
                  admin_here ? "admin" : "main admin");
    set_identity(r, d, admin_here ? "admin" : "main-admin");
    return AUTHZ_GRANTED;
}

/* The Require lines take no arguments. Parsing one also marks its section
 * so that the check_authz hook knows a decision will be needed there. */
static const char *parse_require(cmd_parms *cmd, const char *line,
                                 const void **parsed)
{
    bn_dir_conf *dc;

    *parsed = NULL;
    if (line != NULL && *line != '\0') {
        return "Require branchnet-member and branchnet-admin take no "
               "arguments";
    }
    dc = ap_set_config_vectors(cmd->server, cmd->context, cmd->path,
                               &branchnet_module, cmd->pool);
    if (dc != NULL) {
        dc->uses_authz = 1;
    }
    return NULL;
}

/* Nonzero when the request is for the API, which answers a database
 * outage itself, in JSON. SetHandler is applied only after authorization,
 * so read it from core's configuration. */
static int is_api_request(request_rec *r)
{
    core_dir_config *core = ap_get_core_module_config(r->per_dir_config);
    const char *err = NULL, *handler;

    if (core->expr_handler == NULL) {
        return 0;
    }
    handler = ap_expr_str_exec(r, core->expr_handler, &err);
    return err == NULL && handler != NULL
           && strcmp(handler, "branchnet-api") == 0;
}

/* Runs before mod_authz_core's providers: where a branchnet Require line
 * applies, decide first, so that a database outage answers 503 (the
 * providers themselves could only make it a 500).
 * XXX: a section nested in a branchnet-protected one inherits the mark
 * even when its own Require lines name other providers only; there, an
 * outage answers 503 instead of letting those providers decide. */
static int check_authz(request_rec *r)
{
    const bn_decision *d;

    if (r->user == NULL || bn_dir_config(r)->uses_authz != 1
        || is_api_request(r)) {
        return DECLINED;
    }
    if (bn_access_decide(r, &d) != APR_SUCCESS) {
        apr_table_setn(r->subprocess_env, "BRANCHNET_DECISION",
                       "unavailable");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    return DECLINED;
}

static const authz_provider member_provider = {
    member_check, parse_require
};

static const authz_provider admin_provider = {
    admin_check, parse_require
};

void bn_access_register(apr_pool_t *p)
{
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "branchnet-member",
                              AUTHZ_PROVIDER_VERSION, &member_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "branchnet-admin",
                              AUTHZ_PROVIDER_VERSION, &admin_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_authz(check_authz, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
}
