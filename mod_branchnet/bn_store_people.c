/* Storage of the people and the structure of an account: memberships,
 * departments and invitations. */
#include <string.h>

#include "httpd.h"
#include "apr_dbd.h"
#include "apr_strings.h"
#include "http_log.h"

#include "bn_store.h"
#include "bn_store_db.h"

APLOG_USE_MODULE(branchnet);

#define BN_EMPLOYEE_COLS \
    "u.id, u.login, u.display_name, u.email, m.role, m.status," \
    " COALESCE(m.department_id, 0), d.name"

#define BN_EMPLOYEE_FROM \
    " FROM bn_memberships m JOIN bn_users u ON u.id = m.user_id" \
    " LEFT JOIN bn_departments d ON d.id = m.department_id"

/* ?q= matches the login, the name or the email; the pattern is escaped
 * by the caller and LIKE's escape character is '!'. */
#define BN_EMPLOYEE_FILTER \
    " WHERE m.account_id = %lld AND m.status <> 'removed'" \
    " AND (%s = '' OR u.login LIKE %s ESCAPE '!'" \
    "      OR u.display_name LIKE %s ESCAPE '!'" \
    "      OR u.email LIKE %s ESCAPE '!')"

#define BN_DEPARTMENT_COLS \
    "d.id, COALESCE(d.parent_id, 0), d.name, COALESCE(d.head_user_id, 0)," \
    " h.display_name, h.login, d.sort"

const bn_statement bn_people_statements[] = {
    {"bn_employees",
     "SELECT " BN_EMPLOYEE_COLS BN_EMPLOYEE_FROM BN_EMPLOYEE_FILTER
     " ORDER BY m.id LIMIT %lld OFFSET %lld"},
    /* Without ?q=, where the page begins: the account's total, the
     * first id of the block that holds member START, and how many
     * members come before that block (-1 and 0 past the end). */
    {"bn_employees_page_from",
     "SELECT CAST(COALESCE(MAX(upto), 0) AS SIGNED),"
     " CAST(COALESCE(MIN(IF(upto > %lld, block, NULL)) * 1024, -1)"
     "   AS SIGNED),"
     " CAST(COALESCE(MIN(IF(upto > %lld, upto - members, NULL)), 0)"
     "   AS SIGNED)"
     " FROM (SELECT block, members,"
     "   SUM(members) OVER (ORDER BY block) AS upto"
     "   FROM bn_member_blocks WHERE account_id = %lld) b"},
    /* Then a page of the index from there, and its rows. */
    {"bn_employees_page",
     "SELECT " BN_EMPLOYEE_COLS
     " FROM (SELECT id FROM bn_memberships FORCE INDEX (bn_memberships_page)"
     "   WHERE account_id = %lld AND id >= %lld"
     "   AND status <> 'removed' ORDER BY id LIMIT %lld OFFSET %lld) p"
     " JOIN bn_memberships m ON m.id = p.id"
     " JOIN bn_users u ON u.id = m.user_id"
     " LEFT JOIN bn_departments d ON d.id = m.department_id"
     " ORDER BY m.id"},
    {"bn_employees_count",
     "SELECT COUNT(*)" BN_EMPLOYEE_FROM BN_EMPLOYEE_FILTER},
    {"bn_employee",
     "SELECT " BN_EMPLOYEE_COLS BN_EMPLOYEE_FROM
     " WHERE m.account_id = %lld AND m.user_id = %lld"},
    {"bn_active_admins",
     "SELECT COUNT(*) FROM bn_memberships WHERE account_id = %lld"
     " AND role = 'admin' AND status = 'active'"},
    {"bn_member_insert",
     "INSERT INTO bn_memberships (user_id, account_id, role, status,"
     " department_id) VALUES (%lld, %lld, %s, 'active', %lld)"},
    {"bn_member_update",
     "UPDATE bn_memberships SET role = %s, department_id = %lld,"
     " status = %s WHERE account_id = %lld AND user_id = %lld"},
    {"bn_member_revive",
     "UPDATE bn_memberships SET role = %s, department_id = %lld,"
     " status = 'active' WHERE account_id = %lld AND user_id = %lld"
     " AND status <> 'active'"},

    {"bn_departments",
     "SELECT " BN_DEPARTMENT_COLS ","
     " (SELECT COUNT(*) FROM bn_memberships m WHERE m.department_id = d.id"
     "   AND m.status = 'active')"
     " FROM bn_departments d LEFT JOIN bn_users h ON h.id = d.head_user_id"
     " WHERE d.account_id = %lld ORDER BY d.sort, d.name, d.id"},
    {"bn_departments_lock",
     "SELECT " BN_DEPARTMENT_COLS ", 0"
     " FROM bn_departments d LEFT JOIN bn_users h ON h.id = d.head_user_id"
     " WHERE d.account_id = %lld ORDER BY d.id FOR UPDATE"},
    {"bn_department_add",
     "INSERT INTO bn_departments (account_id, parent_id, name,"
     " head_user_id, sort) VALUES (%lld, %lld, %s, %lld, %d)"},
    {"bn_last_id", "SELECT LAST_INSERT_ID()"},
    {"bn_department_update",
     "UPDATE bn_departments SET parent_id = %lld, name = %s,"
     " head_user_id = %lld, sort = %d WHERE id = %lld AND account_id = %lld"},
    {"bn_department_members",
     "SELECT COUNT(*) FROM bn_memberships WHERE department_id = %lld"
     " AND status <> 'removed'"},
    {"bn_department_children",
     "SELECT COUNT(*) FROM bn_departments WHERE parent_id = %lld"},
    {"bn_department_release",
     "UPDATE bn_memberships SET department_id = NULL"
     " WHERE department_id = %lld AND status = 'removed'"},
    {"bn_department_release_invitations",
     "UPDATE bn_invitations SET department_id = NULL"
     " WHERE department_id = %lld"},
    {"bn_department_remove",
     "DELETE FROM bn_departments WHERE id = %lld AND account_id = %lld"},

    {"bn_active_email",
     "SELECT COUNT(*) FROM bn_memberships m JOIN bn_users u"
     " ON u.id = m.user_id WHERE m.account_id = %lld"
     " AND m.status = 'active' AND u.email = %s"},
    {"bn_invitation_add",
     "INSERT INTO bn_invitations (account_id, email, role, department_id,"
     " token_hash, expires_at, created_by)"
     " SELECT %lld, %s, %s, %lld, UNHEX(SHA2(%s, 256)),"
     " NOW() + INTERVAL 7 DAY, u.id FROM bn_users u WHERE u.login = %s"},
    {"bn_invitation_find",
     "SELECT id, account_id, email, role, COALESCE(department_id, 0)"
     " FROM bn_invitations WHERE token_hash = UNHEX(SHA2(%s, 256))"
     " AND status = 'pending' AND expires_at > NOW() FOR UPDATE"},
    {"bn_invitation_use",
     "UPDATE bn_invitations SET status = 'accepted', accepted_at = NOW(),"
     " accepted_by = %lld WHERE id = %lld AND status = 'pending'"},
    {"bn_user_email_fill",
     "UPDATE bn_users SET email = COALESCE(email, %s) WHERE id = %lld"},

    {NULL, NULL}
};

static void employee_row(bn_query *q, apr_dbd_row_t *row, bn_employee *e)
{
    e->user_id = bn_query_int(q, row, 0);
    e->login = bn_query_text(q, row, 1);
    e->display_name = bn_query_text(q, row, 2);
    e->email = bn_query_text(q, row, 3);
    e->role = bn_query_text(q, row, 4);
    e->status = bn_query_text(q, row, 5);
    e->department_id = bn_query_int(q, row, 6);
    e->department = bn_query_text(q, row, 7);
}

/* '%' + TEXT with LIKE's wildcards escaped + '%', or "" for no filter. */
static const char *like_pattern(request_rec *r, const char *text)
{
    char *out, *o;

    if (text == NULL || *text == '\0') {
        return "";
    }
    o = out = apr_palloc(r->pool, strlen(text) * 2 + 3);
    *o++ = '%';
    for (; *text; text++) {
        if (*text == '%' || *text == '_' || *text == '!') {
            *o++ = '!';
        }
        *o++ = *text;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* A page of the account's people without a filter: the block that holds
 * member START first, so that the index skips less than a block. APR_EOF
 * when START is past the last member. */
static apr_status_t employees_page(request_rec *r, bn_query *q,
                                   apr_int64_t account, apr_int64_t start,
                                   apr_int64_t limit, apr_int64_t *total)
{
    const char *args[4];
    apr_dbd_row_t *row;
    apr_int64_t from = -1, before = 0;
    apr_status_t rv;

    args[0] = args[1] = bn_query_id(r, start);
    args[2] = bn_query_id(r, account);
    rv = bn_query_select(q, r, "bn_employees_page_from", 3, args);
    while (rv == APR_SUCCESS && (row = bn_query_row(q)) != NULL) {
        *total = bn_query_int(q, row, 0);
        from = bn_query_int(q, row, 1);
        before = bn_query_int(q, row, 2);
    }
    if (rv != APR_SUCCESS || from < 0) {
        return rv != APR_SUCCESS ? rv : APR_EOF;
    }

    args[0] = bn_query_id(r, account);
    args[1] = bn_query_id(r, from);
    args[2] = bn_query_id(r, limit);
    args[3] = bn_query_id(r, start - before);
    return bn_query_select(q, r, "bn_employees_page", 4, args);
}

apr_status_t bn_store_employees(request_rec *r, apr_int64_t account,
                                const char *q_text, apr_int64_t start,
                                apr_int64_t limit, apr_array_header_t **out,
                                apr_int64_t *total)
{
    const char *pattern = like_pattern(r, q_text);
    const char *args[7];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;

    *out = apr_array_make(r->pool, 50, sizeof(bn_employee));
    *total = 0;
    if (*pattern == '\0') {
        rv = employees_page(r, &q, account, start, limit, total);
        if (rv == APR_EOF) {
            return APR_SUCCESS;
        }
    }
    else {
        args[0] = bn_query_id(r, account);
        args[1] = args[2] = args[3] = args[4] = pattern;
        args[5] = bn_query_id(r, limit);
        args[6] = bn_query_id(r, start);
        rv = bn_query_number(r, "bn_employees_count", 5, args, total);
        if (rv == APR_SUCCESS) {
            rv = bn_query_select(&q, r, "bn_employees", 7, args);
        }
    }
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        employee_row(&q, row, apr_array_push(*out));
    }
    return rv;
}

apr_status_t bn_store_employee(request_rec *r, apr_int64_t account,
                               apr_int64_t user, bn_employee *e)
{
    const char *args[2];
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;
    int found = 0;

    memset(e, 0, sizeof(*e));
    args[0] = bn_query_id(r, account);
    args[1] = bn_query_id(r, user);
    rv = bn_query_select(&q, r, "bn_employee", 2, args);
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        employee_row(&q, row, e);
        found = 1;
    }
    return rv == APR_SUCCESS && !found ? APR_NOTFOUND : rv;
}

apr_status_t bn_store_active_admins(request_rec *r, apr_int64_t account,
                                    apr_int64_t *count)
{
    const char *arg = bn_query_id(r, account);

    return bn_query_number(r, "bn_active_admins", 1, &arg, count);
}

apr_status_t bn_store_member_add(request_rec *r, apr_int64_t user,
                                 apr_int64_t account, const char *role,
                                 apr_int64_t department)
{
    const char *args[4];
    int n = 0;
    apr_status_t rv;

    args[0] = role;
    args[1] = bn_query_id_or_null(r, department);
    args[2] = bn_query_id(r, account);
    args[3] = bn_query_id(r, user);
    rv = bn_query_exec(r, "bn_member_revive", 4, args, &n);
    if (rv != APR_SUCCESS || n == 1) {
        return rv;
    }
    args[0] = bn_query_id(r, user);
    args[1] = bn_query_id(r, account);
    args[2] = role;
    args[3] = bn_query_id_or_null(r, department);
    return bn_query_exec(r, "bn_member_insert", 4, args, NULL);
}

apr_status_t bn_store_member_update(request_rec *r, apr_int64_t account,
                                    apr_int64_t user, const char *role,
                                    apr_int64_t department,
                                    const char *status)
{
    const char *args[5];

    args[0] = role;
    args[1] = bn_query_id_or_null(r, department);
    args[2] = status;
    args[3] = bn_query_id(r, account);
    args[4] = bn_query_id(r, user);
    return bn_query_exec(r, "bn_member_update", 5, args, NULL);
}

apr_status_t bn_store_departments(request_rec *r, apr_int64_t account,
                                  int lock, apr_array_header_t **out)
{
    const char *arg = bn_query_id(r, account);
    apr_dbd_row_t *row;
    bn_query q;
    apr_status_t rv;

    *out = apr_array_make(r->pool, 16, sizeof(bn_department));
    rv = bn_query_select(&q, r, lock ? "bn_departments_lock"
                                     : "bn_departments", 1, &arg);
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        bn_department *d = apr_array_push(*out);

        d->id = bn_query_int(&q, row, 0);
        d->parent_id = bn_query_int(&q, row, 1);
        d->name = bn_query_text(&q, row, 2);
        d->head_user_id = bn_query_int(&q, row, 3);
        d->head_name = bn_query_text(&q, row, 4);
        d->head_login = bn_query_text(&q, row, 5);
        d->sort = (int)bn_query_int(&q, row, 6);
        d->employees = bn_query_int(&q, row, 7);
    }
    return rv;
}

apr_status_t bn_store_department_add(request_rec *r, apr_int64_t account,
                                     const bn_department *d, apr_int64_t *id)
{
    const char *args[5];
    apr_status_t rv;

    args[0] = bn_query_id(r, account);
    args[1] = bn_query_id_or_null(r, d->parent_id);
    args[2] = d->name;
    args[3] = bn_query_id_or_null(r, d->head_user_id);
    args[4] = apr_itoa(r->pool, d->sort);
    rv = bn_query_exec(r, "bn_department_add", 5, args, NULL);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    return bn_query_number(r, "bn_last_id", 0, NULL, id);
}

apr_status_t bn_store_department_update(request_rec *r, apr_int64_t account,
                                        const bn_department *d)
{
    const char *args[6];

    args[0] = bn_query_id_or_null(r, d->parent_id);
    args[1] = d->name;
    args[2] = bn_query_id_or_null(r, d->head_user_id);
    args[3] = apr_itoa(r->pool, d->sort);
    args[4] = bn_query_id(r, d->id);
    args[5] = bn_query_id(r, account);
    return bn_query_exec(r, "bn_department_update", 6, args, NULL);
}

apr_status_t bn_store_department_usage(request_rec *r, apr_int64_t id,
                                       apr_int64_t *children,
                                       apr_int64_t *members)
{
    const char *arg = bn_query_id(r, id);
    apr_status_t rv = bn_query_number(r, "bn_department_children", 1,
                                      &arg, children);

    if (rv == APR_SUCCESS) {
        rv = bn_query_number(r, "bn_department_members", 1, &arg, members);
    }
    return rv;
}

apr_status_t bn_store_department_remove(request_rec *r, apr_int64_t account,
                                        apr_int64_t id)
{
    const char *args[2];
    apr_status_t rv;

    args[0] = bn_query_id(r, id);
    args[1] = bn_query_id(r, account);
    rv = bn_query_exec(r, "bn_department_release", 1, args, NULL);
    if (rv == APR_SUCCESS) {
        rv = bn_query_exec(r, "bn_department_release_invitations", 1, args,
                           NULL);
    }
    if (rv == APR_SUCCESS) {
        rv = bn_query_exec(r, "bn_department_remove", 2, args, NULL);
    }
    return rv;
}

apr_status_t bn_store_active_email(request_rec *r, apr_int64_t account,
                                   const char *email, int *found)
{
    const char *args[2];
    apr_int64_t n;
    apr_status_t rv;

    args[0] = bn_query_id(r, account);
    args[1] = email;
    rv = bn_query_number(r, "bn_active_email", 2, args, &n);
    *found = n > 0;
    return rv;
}

apr_status_t bn_store_invitation_add(request_rec *r, apr_int64_t account,
                                     const char *email, const char *role,
                                     apr_int64_t department,
                                     const char *token, apr_int64_t *id)
{
    const char *args[6];
    int n = 0;
    apr_status_t rv;

    args[0] = bn_query_id(r, account);
    args[1] = email;
    args[2] = role;
    args[3] = bn_query_id_or_null(r, department);
    args[4] = token;
    args[5] = r->user;
    rv = bn_query_exec(r, "bn_invitation_add", 6, args, &n);
    if (rv == APR_SUCCESS && n != 1) {
        return APR_NOTFOUND;
    }
    return rv == APR_SUCCESS ? bn_query_number(r, "bn_last_id", 0, NULL, id)
                             : rv;
}

apr_status_t bn_store_invitation_take(request_rec *r, const char *token,
                                      apr_int64_t user, bn_invitation *inv)
{
    const char *args[2];
    apr_dbd_row_t *row;
    bn_query q;
    int n = 0;
    apr_status_t rv = bn_query_select(&q, r, "bn_invitation_find", 1,
                                      &token);

    memset(inv, 0, sizeof(*inv));
    while (rv == APR_SUCCESS && (row = bn_query_row(&q)) != NULL) {
        inv->id = bn_query_int(&q, row, 0);
        inv->account_id = bn_query_int(&q, row, 1);
        inv->email = bn_query_text(&q, row, 2);
        inv->role = bn_query_text(&q, row, 3);
        inv->department_id = bn_query_int(&q, row, 4);
    }
    if (rv != APR_SUCCESS || inv->id == 0) {
        return rv != APR_SUCCESS ? rv : APR_NOTFOUND;
    }
    args[0] = bn_query_id(r, user);
    args[1] = bn_query_id(r, inv->id);
    rv = bn_query_exec(r, "bn_invitation_use", 2, args, &n);
    if (rv == APR_SUCCESS && n != 1) {
        return APR_NOTFOUND;
    }
    args[0] = inv->email;
    args[1] = bn_query_id(r, user);
    return rv == APR_SUCCESS
           ? bn_query_exec(r, "bn_user_email_fill", 2, args, NULL) : rv;
}
