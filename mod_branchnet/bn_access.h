/* Access decisions: the two Require providers, the per-process decision
 * cache, the identity headers and the removal of client-sent ones. */
#ifndef BN_ACCESS_H
#define BN_ACCESS_H

#include "httpd.h"

#include "bn_store.h"

void bn_access_register(apr_pool_t *p);

/* Create the cache of this child process. */
apr_status_t bn_access_child_init(apr_pool_t *pchild, server_rec *s);

/* The decision for r->user on the request's account, from the cache or
 * the database; the result lives in r->pool. R must have a user. */
apr_status_t bn_access_decide(request_rec *r, const bn_decision **out);

/* This process changed the database: every process of this server drops
 * its cached decisions before its next request (other servers notice the
 * new generation). */
void bn_access_changed(void);

/* post_read_request: drop every client-sent X-Branchnet-* header. */
int bn_access_strip_headers(request_rec *r);

#endif
