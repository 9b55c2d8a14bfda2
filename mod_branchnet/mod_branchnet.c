/* mod_branchnet: a branch network of accounts, and per-account access on
 * whatever Apache serves or proxies. This file ties the parts together:
 * configuration (bn_config), access (bn_access), the API (bn_api) and
 * storage (bn_store). */
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"

#include "bn_access.h"
#include "bn_api.h"
#include "bn_config.h"
#include "bn_stats.h"
#include "bn_store.h"

/* Statements are registered with mod_dbd on the main server, before
 * mod_dbd sorts its connection pools in its own post_config: virtual hosts
 * with the main server's DBDParams share its pool and so its statements.
 * XXX: a virtual host with DBDParams of its own gets none of them. */
static int bn_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp, server_rec *s)
{
    const char *err = bn_store_prepare(s, pconf);

    (void)plog;
    (void)ptemp;
    bn_stats_init(pconf, s);
    if (err != NULL) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "BN00009: %s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

static void bn_child_init(apr_pool_t *pchild, server_rec *s)
{
    bn_access_child_init(pchild, s);
    bn_store_child_check(pchild, s);
}

static void bn_register_hooks(apr_pool_t *p)
{
    static const char *const before_dbd[] = {"mod_dbd.c", NULL};
    static const char *const after_dbd[] = {"mod_dbd.c", NULL};

    ap_hook_post_config(bn_post_config, NULL, before_dbd, APR_HOOK_MIDDLE);
    ap_hook_child_init(bn_child_init, after_dbd, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_read_request(bn_access_strip_headers, NULL, NULL,
                              APR_HOOK_REALLY_FIRST);
    ap_hook_handler(bn_api_handler, NULL, NULL, APR_HOOK_MIDDLE);
    bn_access_register(p);
    bn_stats_register();
}

AP_DECLARE_MODULE(branchnet) = {
    STANDARD20_MODULE_STUFF,
    bn_create_dir_conf,
    bn_merge_dir_conf,
    bn_create_server_conf,
    bn_merge_server_conf,
    bn_directives,
    bn_register_hooks,
    AP_MODULE_FLAG_NONE
};
