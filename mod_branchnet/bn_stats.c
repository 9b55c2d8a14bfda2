/* Shared counters; see bn_stats.h. */
#include <string.h>

#include "httpd.h"
#include "apr_shm.h"
#include "http_log.h"
#include "http_protocol.h"
#include "mod_status.h"

#include "bn_stats.h"

APLOG_USE_MODULE(branchnet);

static apr_uint64_t *counters;

static const char *const names[BN_STAT_COUNT] = {
    "decisions_granted", "decisions_denied", "cache_hits", "cache_misses",
    "db_queries", "db_errors", "db_query_usec", "changes"
};

apr_status_t bn_stats_init(apr_pool_t *pconf, server_rec *s)
{
    apr_shm_t *shm;
    apr_status_t rv = apr_shm_create(&shm, sizeof(apr_uint64_t)
                                            * BN_STAT_COUNT, NULL, pconf);

    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, "BN00020: cannot create "
                     "the shared memory of the counters; they stay at 0");
        counters = NULL;
        return rv;
    }
    counters = apr_shm_baseaddr_get(shm);
    memset(counters, 0, sizeof(apr_uint64_t) * BN_STAT_COUNT);
    return APR_SUCCESS;
}

void bn_stats_add(bn_stat which, apr_uint64_t n)
{
    if (counters != NULL) {
        __atomic_fetch_add(&counters[which], n, __ATOMIC_RELAXED);
    }
}

apr_uint64_t bn_stats_get(bn_stat which)
{
    return counters != NULL
           ? __atomic_load_n(&counters[which], __ATOMIC_RELAXED) : 0;
}

const char *bn_stats_name(bn_stat which)
{
    return names[which];
}

static int status_hook(request_rec *r, int flags)
{
    int i;

    if (flags & AP_STATUS_SHORT) {
        for (i = 0; i < BN_STAT_COUNT; i++) {
            ap_rprintf(r, "Branchnet_%s: %" APR_UINT64_T_FMT "\n", names[i],
                       bn_stats_get(i));
        }
        return OK;
    }
    ap_rputs("<hr>\n<h2>mod_branchnet</h2>\n<table>\n", r);
    for (i = 0; i < BN_STAT_COUNT; i++) {
        ap_rprintf(r, "<tr><th>%s</th><td>%" APR_UINT64_T_FMT "</td></tr>\n",
                   names[i], bn_stats_get(i));
    }
    ap_rputs("</table>\n", r);
    return OK;
}

void bn_stats_register(void)
{
    APR_OPTIONAL_HOOK(ap, status_hook, status_hook, NULL, NULL,
                      APR_HOOK_MIDDLE);
}
