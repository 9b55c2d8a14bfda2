/* Counters of access decisions, the decision cache and the database,
 * shared by every process of a server and shown on server-status and in
 * GET /health?detail=1. */
#ifndef BN_STATS_H
#define BN_STATS_H

#include "httpd.h"
#include "apr_tables.h"

typedef enum {
    BN_STAT_GRANTED,
    BN_STAT_DENIED,
    BN_STAT_CACHE_HITS,
    BN_STAT_CACHE_MISSES,
    BN_STAT_DB_QUERIES,
    BN_STAT_DB_ERRORS,
    BN_STAT_DB_USEC,
    BN_STAT_CHANGES,
    BN_STAT_COUNT
} bn_stat;

/* In post_config: the shared memory the children inherit. */
apr_status_t bn_stats_init(apr_pool_t *pconf, server_rec *s);
void bn_stats_add(bn_stat which, apr_uint64_t n);
apr_uint64_t bn_stats_get(bn_stat which);
const char *bn_stats_name(bn_stat which);

/* mod_status's hook. */
void bn_stats_register(void);

#endif
