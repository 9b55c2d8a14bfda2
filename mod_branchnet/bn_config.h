/* Configuration of mod_branchnet: per-server and per-directory records,
 * their defaults and merge rules, and the directive table. */
#ifndef BN_CONFIG_H
#define BN_CONFIG_H

#include "httpd.h"
#include "http_config.h"
#include "apr_tables.h"

#define BN_UNSET -1

#define BN_DEFAULT_CACHE_TTL   5
#define BN_DEFAULT_REVALIDATE  1
#define BN_DEFAULT_TRIAL_DAYS  15
#define BN_DEFAULT_GRACE_DAYS  15
#define BN_DEFAULT_MAX_BODY    65536
#define BN_DEFAULT_CACHE_SIZE  100000

typedef struct {
    const char *account_host;        /* BranchNetAccountHost, or NULL */
    int cache_ttl;                   /* seconds */
    int cache_size;                  /* decisions a process keeps */
    int revalidate;                  /* seconds */
    int trial_days;
    int grace_days;
    int keep_identity_headers;       /* BranchNetKeepIdentityHeaders */
    apr_array_header_t *operators;   /* of const char *, or NULL */
} bn_server_conf;

typedef struct {
    const char *account_host;        /* BranchNetAccountHost, or NULL */
    int identity_headers;
    apr_off_t max_body;
    int uses_authz;                  /* a branchnet Require line is here */
} bn_dir_conf;

extern module AP_MODULE_DECLARE_DATA branchnet_module;
extern const command_rec bn_directives[];

void *bn_create_server_conf(apr_pool_t *p, server_rec *s);
void *bn_merge_server_conf(apr_pool_t *p, void *base, void *add);
void *bn_create_dir_conf(apr_pool_t *p, char *path);
void *bn_merge_dir_conf(apr_pool_t *p, void *base, void *add);

bn_server_conf *bn_server_config(const server_rec *s);
bn_dir_conf *bn_dir_config(const request_rec *r);

/* Effective values: the directive's value, or its default when unset. */
int bn_conf_cache_ttl(const bn_server_conf *sc);
int bn_conf_cache_size(const bn_server_conf *sc);
int bn_conf_revalidate(const bn_server_conf *sc);
int bn_conf_trial_days(const bn_server_conf *sc);
int bn_conf_grace_days(const bn_server_conf *sc);
int bn_conf_identity_headers(const bn_dir_conf *dc);
apr_off_t bn_conf_max_body(const bn_dir_conf *dc);
int bn_conf_is_operator(const bn_server_conf *sc, const char *login);

/* The host of the request's account: BranchNetAccountHost of the
 * directory or server, else r->hostname; NULL when there is none. */
const char *bn_conf_account_host(const request_rec *r);

#endif
