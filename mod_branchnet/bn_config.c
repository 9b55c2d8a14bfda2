/* Configuration records and directives of mod_branchnet. */
#include <string.h>

#include "httpd.h"
#include "apr_strings.h"
#include "http_log.h"

#include "bn_config.h"
#include "bn_rules.h"

void *bn_create_server_conf(apr_pool_t *p, server_rec *s)
{
    bn_server_conf *sc = apr_pcalloc(p, sizeof(*sc));

    (void)s;
    sc->cache_ttl = BN_UNSET;
    sc->cache_size = BN_UNSET;
    sc->revalidate = BN_UNSET;
    sc->trial_days = BN_UNSET;
    sc->grace_days = BN_UNSET;
    sc->keep_identity_headers = BN_UNSET;
    return sc;
}

#define BN_MERGE_INT(field) \
    (add->field != BN_UNSET ? add->field : base->field)
#define BN_MERGE_PTR(field) \
    (add->field != NULL ? add->field : base->field)

void *bn_merge_server_conf(apr_pool_t *p, void *base_, void *add_)
{
    const bn_server_conf *base = base_, *add = add_;
    bn_server_conf *sc = apr_pcalloc(p, sizeof(*sc));

    sc->account_host = BN_MERGE_PTR(account_host);
    sc->cache_ttl = BN_MERGE_INT(cache_ttl);
    sc->cache_size = BN_MERGE_INT(cache_size);
    sc->revalidate = BN_MERGE_INT(revalidate);
    sc->trial_days = BN_MERGE_INT(trial_days);
    sc->grace_days = BN_MERGE_INT(grace_days);
    sc->keep_identity_headers = BN_MERGE_INT(keep_identity_headers);
    sc->operators = BN_MERGE_PTR(operators);
    return sc;
}

void *bn_create_dir_conf(apr_pool_t *p, char *path)
{
    bn_dir_conf *dc = apr_pcalloc(p, sizeof(*dc));

    (void)path;
    dc->identity_headers = BN_UNSET;
    dc->max_body = BN_UNSET;
    dc->uses_authz = BN_UNSET;
    return dc;
}

void *bn_merge_dir_conf(apr_pool_t *p, void *base_, void *add_)
{
    const bn_dir_conf *base = base_, *add = add_;
    bn_dir_conf *dc = apr_pcalloc(p, sizeof(*dc));

    dc->account_host = BN_MERGE_PTR(account_host);
    dc->identity_headers = BN_MERGE_INT(identity_headers);
    dc->max_body = BN_MERGE_INT(max_body);
    dc->uses_authz = BN_MERGE_INT(uses_authz);
    return dc;
}

bn_server_conf *bn_server_config(const server_rec *s)
{
    return ap_get_module_config(s->module_config, &branchnet_module);
}

bn_dir_conf *bn_dir_config(const request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &branchnet_module);
}

static int or_default(int value, int fallback)
{
    return value == BN_UNSET ? fallback : value;
}

int bn_conf_cache_ttl(const bn_server_conf *sc)
{
    return or_default(sc->cache_ttl, BN_DEFAULT_CACHE_TTL);
}

int bn_conf_cache_size(const bn_server_conf *sc)
{
    return or_default(sc->cache_size, BN_DEFAULT_CACHE_SIZE);
}

int bn_conf_revalidate(const bn_server_conf *sc)
{
    return or_default(sc->revalidate, BN_DEFAULT_REVALIDATE);
}

int bn_conf_trial_days(const bn_server_conf *sc)
{
    return or_default(sc->trial_days, BN_DEFAULT_TRIAL_DAYS);
}

int bn_conf_grace_days(const bn_server_conf *sc)
{
    return or_default(sc->grace_days, BN_DEFAULT_GRACE_DAYS);
}

int bn_conf_identity_headers(const bn_dir_conf *dc)
{
    return or_default(dc->identity_headers, 1);
}

apr_off_t bn_conf_max_body(const bn_dir_conf *dc)
{
    return dc->max_body == BN_UNSET ? BN_DEFAULT_MAX_BODY : dc->max_body;
}

int bn_conf_is_operator(const bn_server_conf *sc, const char *login)
{
    int i;

    if (sc->operators == NULL || login == NULL) {
        return 0;
    }
    for (i = 0; i < sc->operators->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(sc->operators, i, const char *),
                   login) == 0) {
            return 1;
        }
    }
    return 0;
}

const char *bn_conf_account_host(const request_rec *r)
{
    const bn_dir_conf *dc = bn_dir_config(r);
    const bn_server_conf *sc = bn_server_config(r->server);

    if (dc->account_host != NULL) {
        return dc->account_host;
    }
    if (sc->account_host != NULL) {
        return sc->account_host;
    }
    return r->hostname;
}

/* Directive handlers. Every value is checked here, so that a mistake
 * stops start-up with a message naming the directive. */

static const char *set_account_host(cmd_parms *cmd, void *dconf,
                                    const char *arg)
{
    const char *host = bn_rules_normalize_host(cmd->pool, arg);

    if (host == NULL) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a valid host name",
                            cmd->cmd->name, arg);
    }
    if (cmd->path == NULL) {
        bn_server_config(cmd->server)->account_host = host;
    }
    else {
        ((bn_dir_conf *)dconf)->account_host = host;
    }
    return NULL;
}

static const char *parse_count(cmd_parms *cmd, const char *arg, int min,
                               int max, int *out)
{
    char *end;
    apr_int64_t n;

    n = apr_strtoi64(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || n < min || n > max) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a whole number "
                            "from %d to %d", cmd->cmd->name, arg, min, max);
    }
    *out = (int)n;
    return NULL;
}

static const char *set_server_int(cmd_parms *cmd, void *dconf,
                                  const char *arg)
{
    bn_server_conf *sc = bn_server_config(cmd->server);
    int *field = (int *)((char *)sc + (apr_size_t)cmd->info);

    (void)dconf;
    if (field == &sc->cache_ttl) {
        return parse_count(cmd, arg, 0, 86400, field);
    }
    if (field == &sc->cache_size) {
        return parse_count(cmd, arg, 1, 10000000, field);
    }
    if (field == &sc->revalidate) {
        return parse_count(cmd, arg, 1, 3600, field);
    }
    return parse_count(cmd, arg, 1, 3650, field);
}

static const char *set_identity_headers(cmd_parms *cmd, void *dconf, int on)
{
    (void)cmd;
    ((bn_dir_conf *)dconf)->identity_headers = on;
    return NULL;
}

static const char *set_keep_headers(cmd_parms *cmd, void *dconf, int on)
{
    (void)dconf;
    bn_server_config(cmd->server)->keep_identity_headers = on;
    return NULL;
}

static const char *set_max_body(cmd_parms *cmd, void *dconf, const char *arg)
{
    int n = 0;
    const char *err = parse_count(cmd, arg, 1, 64 * 1024 * 1024, &n);

    if (err == NULL) {
        ((bn_dir_conf *)dconf)->max_body = n;
    }
    return err;
}

static const char *add_operator(cmd_parms *cmd, void *dconf, const char *arg)
{
    bn_server_conf *sc = bn_server_config(cmd->server);

    (void)dconf;
    if (*arg == '\0') {
        return apr_psprintf(cmd->pool, "%s: a login cannot be empty",
                            cmd->cmd->name);
    }
    if (sc->operators == NULL) {
        sc->operators = apr_array_make(cmd->pool, 2, sizeof(const char *));
    }
    APR_ARRAY_PUSH(sc->operators, const char *) = arg;
    return NULL;
}

#define BN_SERVER_INT(name, field, help) \
    AP_INIT_TAKE1(name, set_server_int, \
                  (void *)APR_OFFSETOF(bn_server_conf, field), \
                  RSRC_CONF, help)

const command_rec bn_directives[] = {
    AP_INIT_TAKE1("BranchNetAccountHost", set_account_host, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "host name of the account this scope belongs to"),
    AP_INIT_FLAG("BranchNetIdentityHeaders", set_identity_headers, NULL,
                 RSRC_CONF | ACCESS_CONF,
                 "On to pass X-Branchnet-* identity headers upstream"),
    AP_INIT_FLAG("BranchNetKeepIdentityHeaders", set_keep_headers, NULL,
                 RSRC_CONF,
                 "On only in a virtual host that is itself the upstream "
                 "of a branchnet proxy: keep the X-Branchnet-* headers"),
    BN_SERVER_INT("BranchNetCacheTTL", cache_ttl,
                  "seconds an access decision stays cached"),
    BN_SERVER_INT("BranchNetCacheSize", cache_size,
                  "access decisions each process keeps at most"),
    BN_SERVER_INT("BranchNetRevalidate", revalidate,
                  "seconds between checks of the change generation"),
    BN_SERVER_INT("BranchNetTrialDays", trial_days,
                  "days of the trial of a free branch"),
    BN_SERVER_INT("BranchNetGraceDays", grace_days,
                  "days a branch out of plan stays connected"),
    AP_INIT_TAKE1("BranchNetMaxBody", set_max_body, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "largest API request body in bytes"),
    AP_INIT_ITERATE("BranchNetOperator", add_operator, NULL, RSRC_CONF,
                    "logins allowed to create accounts and change plans"),
    {NULL}
};
