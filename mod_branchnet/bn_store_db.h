/* Inside storage only: statements and the query helpers the bn_store*.c
 * files share. */
#ifndef BN_STORE_DB_H
#define BN_STORE_DB_H

#include "httpd.h"
#include "apr_dbd.h"
#include "mod_dbd.h"

typedef struct {
    const char *label;
    const char *sql;
} bn_statement;

/* Statements of bn_store_network.c and bn_store_people.c, registered
 * with the others. */
extern const bn_statement bn_network_statements[];
extern const bn_statement bn_people_statements[];

/* The request's pooled connection, or NULL when the database cannot be
 * reached (mod_dbd logged why). */
ap_dbd_t *bn_store_connection(request_rec *r);

typedef struct {
    request_rec *r;
    ap_dbd_t *dbd;
    apr_dbd_results_t *res;
    const char *label;
} bn_query;

/* Run the SELECT LABEL on the request's connection (inside its open
 * transaction, if any). Read it to the end with bn_query_row. */
apr_status_t bn_query_select(bn_query *q, request_rec *r, const char *label,
                             int nargs, const char **args);
apr_dbd_row_t *bn_query_row(bn_query *q);
const char *bn_query_text(bn_query *q, apr_dbd_row_t *row, int n);
apr_int64_t bn_query_int(bn_query *q, apr_dbd_row_t *row, int n);

/* Run the change LABEL. APR_EEXIST when a unique key refused it, APR_EBUSY
 * when it lost a lock to a concurrent change, another error when the
 * database failed (logged). NROWS may be NULL. */
apr_status_t bn_query_exec(request_rec *r, const char *label, int nargs,
                           const char **args, int *nrows);

/* N as a statement argument; bn_query_id_or_null gives SQL NULL for 0. */
const char *bn_query_id(request_rec *r, apr_int64_t n);
const char *bn_query_id_or_null(request_rec *r, apr_int64_t n);

/* The single number the SELECT LABEL answers (a count, an id), or 0. */
apr_status_t bn_query_number(request_rec *r, const char *label, int nargs,
                             const char **args, apr_int64_t *out);

#endif
