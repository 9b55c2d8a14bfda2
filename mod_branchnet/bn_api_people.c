/* The API calls about the people and the structure of an account:
 * employees, invitations and departments (the branch menu's Invite
 * employees, Employees and Structure). */
#include <stdlib.h>
#include <string.h>

#include "httpd.h"
#include "apr_hash.h"
#include "apr_strings.h"
#include "util_script.h"
#include "http_log.h"
#include "http_protocol.h"

#include "bn_api.h"

APLOG_USE_MODULE(branchnet);

#define BN_INVITATION_DAYS 7
#define BN_INVITATIONS_MAX 100

static apr_int64_t network_of(const bn_account *a)
{
    return a->main_of ? a->main_of : a->branch_of;
}

/* The audit row of a change to account A; takes DETAILS. */
static apr_status_t audit(bn_call *c, const char *action, const bn_account *a,
                          json_t *details)
{
    return bn_api_audit(c, action, a->id, network_of(a), details);
}

static int body_role(bn_call *c, int required, const char **role)
{
    int rc = bn_api_string(c, "role", required, 16, role);

    if (rc == 0 && *role != NULL && strcmp(*role, "admin") != 0
        && strcmp(*role, "employee") != 0) {
        return bn_api_invalid(c, "role", "must be admin or employee");
    }
    return rc;
}

/* DEPARTMENT (0 for none) must be one of account A's: 404 otherwise. */
static int need_department(bn_call *c, const bn_account *a,
                           apr_int64_t department,
                           apr_array_header_t **all)
{
    apr_status_t rv = bn_store_departments(c->r, a->id, 1, all);
    int i;

    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    for (i = 0; department > 0 && i < (*all)->nelts; i++) {
        if (APR_ARRAY_IDX(*all, i, bn_department).id == department) {
            return 0;
        }
    }
    return department > 0 ? bn_api_fail(c, HTTP_NOT_FOUND, "not_found",
                                        "no such department in this account")
                          : 0;
}

static json_t *employee_json(const bn_employee *e)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
        "user_id", (json_int_t)e->user_id,
        "login", bn_json_text(e->login),
        "display_name", bn_json_text(e->display_name),
        "email", bn_json_text(e->email),
        "role", bn_json_text(e->role),
        "status", bn_json_text(e->status),
        "department", e->department_id == 0 ? json_null()
            : json_pack("{s:I, s:o}", "id", (json_int_t)e->department_id,
                        "name", bn_json_text(e->department)));
}

static int answer_employee(bn_call *c, int status, apr_int64_t account,
                           apr_int64_t user)
{
    bn_employee e;
    apr_status_t rv = bn_store_employee(c->r, account, user, &e);

    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, status, employee_json(&e));
}

int bn_api_employees_get(bn_call *c)
{
    apr_int64_t start, limit, total;
    apr_array_header_t *list;
    const char *q = NULL;
    bn_account a;
    json_t *items;
    apr_status_t rv;
    int rc, i;

    if ((rc = bn_api_paging(c, &start, &limit)) != 0
        || (rc = bn_api_path_account(c, 0, &a)) != 0
        || (rc = bn_api_need_reader(c, &a)) != 0) {
        return rc;
    }
    if (c->r->args != NULL) {
        apr_table_t *args;

        ap_args_to_table(c->r, &args);
        q = apr_table_get(args, "q");
    }
    if (q != NULL && strlen(q) > 255) {
        return bn_api_invalid(c, "q", "must be at most 255 bytes");
    }

    rv = bn_store_employees(c->r, a.id, q, start, limit, &list, &total);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    items = json_array();
    for (i = 0; i < list->nelts; i++) {
        json_array_append_new(items, employee_json(
            &APR_ARRAY_IDX(list, i, bn_employee)));
    }
    return bn_api_ok(c, HTTP_OK, bn_api_page(items, total, start, limit));
}

int bn_api_employee_add(bn_call *c)
{
    static const char *const fields[] = {
        "login", "role", "department_id", NULL
    };
    apr_array_header_t *deps;
    const char *login, *role;
    apr_int64_t department, user;
    bn_account a;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = bn_api_string(c, "login", 1, 255, &login)) != 0
        || (rc = body_role(c, 0, &role)) != 0
        || (rc = bn_api_id(c, "department_id", 0, 1, &department)) != 0
        || (rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = need_department(c, &a, department, &deps)) != 0) {
        return rc;
    }
    if (strlen(login) > 255) {
        return bn_api_invalid(c, "login", "must be at most 255 bytes");
    }

    rv = bn_store_user_ensure(c->r, login, &user);
    if (rv == APR_SUCCESS) {
        rv = bn_store_member_add(c->r, user, a.id, role ? role : "employee",
                                 department > 0 ? department : 0);
    }
    if (rv == APR_EEXIST) {
        return bn_api_fail(c, HTTP_CONFLICT, "already_member",
                           "this person is an active member already");
    }
    if (rv == APR_SUCCESS) {
        rv = audit(c, "employee.add", &a, json_pack("{s:s, s:I}", "login",
                   login, "user_id", (json_int_t)user));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return answer_employee(c, HTTP_CREATED, a.id, user);
}

/* 0 unless the change leaves account A without an active admin. */
static int keep_an_admin(bn_call *c, const bn_account *a,
                         const bn_employee *e, const char *role,
                         const char *status)
{
    apr_int64_t admins;
    apr_status_t rv;

    if (strcmp(e->status, "active") != 0 || strcmp(e->role, "admin") != 0
        || (strcmp(role, "admin") == 0 && strcmp(status, "active") == 0)) {
        return 0;
    }
    rv = bn_store_active_admins(c->r, a->id, &admins);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return admins > 1 ? 0 : bn_api_fail(c, HTTP_CONFLICT, "last_admin",
                                        "an account keeps at least one "
                                        "active administrator");
}

/* Change the membership of the path's user: ROLE and DEPARTMENT (-1:
 * unchanged) and STATUS. */
static int change_member(bn_call *c, const bn_account *a, const char *role,
                         apr_int64_t department, const char *status,
                         const char *action)
{
    apr_array_header_t *deps;
    bn_employee e;
    apr_status_t rv = bn_store_employee(c->r, a->id, c->ids[1], &e);
    int rc;

    if (rv == APR_SUCCESS && strcmp(e.status, "removed") == 0) {
        rv = APR_NOTFOUND;
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    role = role != NULL ? role : e.role;
    department = department >= 0 ? department : e.department_id;
    if ((rc = need_department(c, a, department, &deps)) != 0
        || (rc = keep_an_admin(c, a, &e, role, status)) != 0) {
        return rc;
    }

    rv = bn_store_member_update(c->r, a->id, e.user_id, role, department,
                                status);
    if (rv == APR_SUCCESS) {
        rv = audit(c, action, a, json_pack("{s:I, s:s, s:s}",
                   "user_id", (json_int_t)e.user_id, "role", role,
                   "status", status));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return 0;
}

int bn_api_employee_update(bn_call *c)
{
    static const char *const fields[] = {"role", "department_id", NULL};
    apr_int64_t department;
    const char *role;
    bn_account a;
    int rc;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = body_role(c, 0, &role)) != 0
        || (rc = bn_api_id(c, "department_id", 0, 1, &department)) != 0
        || (rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = change_member(c, &a, role, department, "active",
                               "employee.update")) != 0) {
        return rc;
    }
    return answer_employee(c, HTTP_OK, a.id, c->ids[1]);
}

int bn_api_employee_remove(bn_call *c)
{
    static const char *const no_fields[] = {NULL};
    bn_account a;
    int rc;

    if ((rc = bn_api_fields(c, no_fields)) != 0
        || (rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = change_member(c, &a, NULL, -1, "removed",
                               "employee.remove")) != 0) {
        return rc;
    }
    return bn_api_ok(c, HTTP_NO_CONTENT, NULL);
}

/* The body's emails, normalized, each once; 0 or the 422 it set. */
static int body_emails(bn_call *c, apr_array_header_t **out)
{
    json_t *list = json_object_get(c->body, "emails"), *v;
    apr_hash_t *seen = apr_hash_make(c->r->pool);
    size_t i;

    *out = apr_array_make(c->r->pool, 8, sizeof(const char *));
    if (!json_is_array(list) || json_array_size(list) == 0
        || json_array_size(list) > BN_INVITATIONS_MAX) {
        return bn_api_invalid(c, "emails", "must be a list of 1 to 100 "
                              "email addresses");
    }
    json_array_foreach(list, i, v) {
        const char *email = json_is_string(v)
            ? bn_rules_normalize_email(c->r->pool, json_string_value(v))
            : NULL;

        if (email == NULL) {
            return bn_api_invalid(c, "emails", apr_psprintf(c->r->pool,
                                  "item %lu is not an email address",
                                  (unsigned long)i));
        }
        if (apr_hash_get(seen, email, APR_HASH_KEY_STRING) == NULL) {
            apr_hash_set(seen, email, APR_HASH_KEY_STRING, email);
            APR_ARRAY_PUSH(*out, const char *) = email;
        }
    }
    return 0;
}

/* One invitation; its item for the answer, or NULL when the database
 * failed (*RV says how). */
static json_t *invite_one(bn_call *c, const bn_account *a, const char *email,
                          const char *role, apr_int64_t department,
                          apr_status_t *rv)
{
    const char *token = bn_api_token(c->r);
    apr_int64_t id;
    int member;

    *rv = bn_store_active_email(c->r, a->id, email, &member);
    if (*rv != APR_SUCCESS) {
        return NULL;
    }
    if (member) {
        return json_pack("{s:s, s:i, s:{s:s, s:s}}", "email", email,
                         "status", HTTP_CONFLICT, "error",
                         "code", "already_member",
                         "message", "an active member has this email");
    }
    *rv = token == NULL ? APR_EGENERAL
          : bn_store_invitation_add(c->r, a->id, email, role, department,
                                    token, &id);
    if (*rv == APR_SUCCESS) {
        *rv = audit(c, "invitation.create", a, json_pack("{s:s, s:I}",
                    "email", email, "invitation_id", (json_int_t)id));
    }
    if (*rv != APR_SUCCESS) {
        return NULL;
    }
    return json_pack("{s:s, s:i, s:I, s:s, s:o}", "email", email,
                     "status", HTTP_CREATED, "invitation_id", (json_int_t)id,
                     "token", token, "expires_at",
                     bn_json_time(a->facts.now + BN_INVITATION_DAYS * 86400));
}

int bn_api_invitations_create(bn_call *c)
{
    static const char *const fields[] = {
        "emails", "role", "department_id", NULL
    };
    apr_array_header_t *emails, *deps;
    apr_int64_t department;
    const char *role;
    json_t *items;
    bn_account a;
    apr_status_t rv = APR_SUCCESS;
    int rc, i, created = 0;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = body_emails(c, &emails)) != 0
        || (rc = body_role(c, 0, &role)) != 0
        || (rc = bn_api_id(c, "department_id", 0, 1, &department)) != 0
        || (rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = need_department(c, &a, department, &deps)) != 0) {
        return rc;
    }

    items = bn_json_own(c->r->pool, json_array());
    for (i = 0; i < emails->nelts && rv == APR_SUCCESS; i++) {
        json_t *item = invite_one(c, &a, APR_ARRAY_IDX(emails, i,
                                  const char *), role ? role : "employee",
                                  department > 0 ? department : 0, &rv);

        created += item != NULL && json_integer_value(
                       json_object_get(item, "status")) == HTTP_CREATED;
        json_array_append_new(items, item);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if (created == 0) {
        return bn_api_fail(c, HTTP_CONFLICT, "already_member", "every "
                           "address belongs to an active member");
    }
    return bn_api_ok(c, HTTP_CREATED, json_pack("{s:O}", "items", items));
}

int bn_api_invitation_accept(bn_call *c)
{
    static const char *const fields[] = {"token", NULL};
    apr_array_header_t *deps;
    apr_int64_t user, department;
    bn_invitation inv;
    const char *token;
    bn_account a;
    apr_status_t rv;
    int rc, i;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = bn_api_string(c, "token", 1, 64, &token)) != 0) {
        return rc;
    }
    rv = bn_store_user_ensure(c->r, c->r->user, &user);
    if (rv == APR_SUCCESS) {
        rv = bn_store_invitation_take(c->r, token, user, &inv);
    }
    if (rv == APR_NOTFOUND) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "not_found", "the invitation "
                           "is unknown, used, revoked or expired");
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_account(c->r, inv.account_id, NULL, 1, &a);
    }
    if (rv == APR_SUCCESS) {
        rv = bn_store_departments(c->r, a.id, 1, &deps);
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }

    /* The department may have gone since the invitation was made. */
    department = 0;
    for (i = 0; i < deps->nelts; i++) {
        if (APR_ARRAY_IDX(deps, i, bn_department).id == inv.department_id) {
            department = inv.department_id;
        }
    }
    rv = bn_store_member_add(c->r, user, a.id, inv.role, department);
    if (rv == APR_EEXIST) {
        return bn_api_fail(c, HTTP_CONFLICT, "already_member",
                           "you are an active member of this account");
    }
    if (rv == APR_SUCCESS) {
        rv = audit(c, "invitation.accept", &a, json_pack("{s:I, s:I}",
                   "invitation_id", (json_int_t)inv.id,
                   "user_id", (json_int_t)user));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return answer_employee(c, HTTP_OK, a.id, user);
}

/* The department at DEPS[I] with its children, nested. A tree of N
 * departments is at most N deep; the bound only guards against a cycle
 * written into the table by something else. */
static json_t *department_json(apr_array_header_t *deps, int i, int depth)
{
    const bn_department *d = &APR_ARRAY_IDX(deps, i, bn_department);
    json_t *children = json_array();
    int j;

    for (j = 0; depth < deps->nelts && j < deps->nelts; j++) {
        if (APR_ARRAY_IDX(deps, j, bn_department).parent_id == d->id) {
            json_array_append_new(children,
                                  department_json(deps, j, depth + 1));
        }
    }
    return json_pack("{s:I, s:o, s:o, s:I, s:i, s:o}",
        "id", (json_int_t)d->id,
        "name", bn_json_text(d->name),
        "head", d->head_user_id == 0 ? json_null()
            : json_pack("{s:I, s:o, s:o}", "user_id",
                        (json_int_t)d->head_user_id,
                        "display_name", bn_json_text(d->head_name),
                        "login", bn_json_text(d->head_login)),
        "employees", (json_int_t)d->employees,
        "sort", d->sort,
        "children", children);
}

int bn_api_structure_get(bn_call *c)
{
    apr_array_header_t *deps;
    json_t *roots;
    bn_account a;
    apr_status_t rv;
    int rc, i;

    if ((rc = bn_api_path_account(c, 0, &a)) != 0
        || (rc = bn_api_need_reader(c, &a)) != 0) {
        return rc;
    }
    rv = bn_store_departments(c->r, a.id, 0, &deps);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    roots = json_array();
    for (i = 0; i < deps->nelts; i++) {
        if (APR_ARRAY_IDX(deps, i, bn_department).parent_id == 0) {
            json_array_append_new(roots, department_json(deps, i, 0));
        }
    }
    return bn_api_ok(c, HTTP_OK, json_pack("{s:I, s:o}", "account_id",
                                           (json_int_t)a.id,
                                           "departments", roots));
}

/* The fields of a department from the body over D, checked against the
 * account's departments DEPS and members; 0 or the error it set. */
static int body_department(bn_call *c, const bn_account *a,
                           apr_array_header_t *deps, int creating,
                           bn_department *d)
{
    static const char *const fields[] = {
        "name", "parent_id", "head_user_id", "sort", NULL
    };
    apr_int64_t parent, head;
    const char *name;
    bn_employee e;
    int rc, i, found = 0;

    if ((rc = bn_api_fields(c, fields)) != 0
        || (rc = bn_api_string(c, "name", creating, 255, &name)) != 0
        || (rc = bn_api_id(c, "parent_id", 0, 1, &parent)) != 0
        || (rc = bn_api_id(c, "head_user_id", 0, 1, &head)) != 0
        || (rc = bn_api_int(c, "sort", -1000000, 1000000, &d->sort)) != 0) {
        return rc;
    }
    d->name = name != NULL ? name : d->name;
    d->parent_id = parent >= 0 ? parent : d->parent_id;
    d->head_user_id = head >= 0 ? head : d->head_user_id;

    for (i = 0; i < deps->nelts; i++) {
        found |= APR_ARRAY_IDX(deps, i, bn_department).id == d->parent_id;
    }
    if (d->parent_id != 0 && !found) {
        return bn_api_fail(c, HTTP_NOT_FOUND, "not_found",
                           "no such parent department in this account");
    }
    if (head > 0) {
        apr_status_t rv = bn_store_employee(c->r, a->id, head, &e);

        if (rv == APR_SUCCESS && strcmp(e.status, "active") != 0) {
            rv = APR_NOTFOUND;
        }
        if (rv != APR_SUCCESS) {
            return rv == APR_NOTFOUND
                   ? bn_api_fail(c, HTTP_NOT_FOUND, "not_found", "the head "
                                 "must be an active member of the account")
                   : bn_api_store_failed(c, rv);
        }
    }
    return 0;
}

int bn_api_department_add(bn_call *c)
{
    apr_array_header_t *deps;
    bn_department d;
    apr_int64_t id;
    bn_account a;
    apr_status_t rv;
    int rc;

    memset(&d, 0, sizeof(d));
    if ((rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = need_department(c, &a, 0, &deps)) != 0
        || (rc = body_department(c, &a, deps, 1, &d)) != 0) {
        return rc;
    }
    rv = bn_store_department_add(c->r, a.id, &d, &id);
    if (rv == APR_SUCCESS) {
        rv = audit(c, "department.create", &a, json_pack("{s:I, s:s}",
                   "department_id", (json_int_t)id, "name", d.name));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    d.id = id;
    d.employees = 0;
    return bn_api_ok(c, HTTP_CREATED, json_pack("{s:I, s:o, s:o, s:o, s:i}",
        "id", (json_int_t)id, "name", bn_json_text(d.name),
        "parent_id", d.parent_id ? json_integer(d.parent_id) : json_null(),
        "head_user_id", d.head_user_id ? json_integer(d.head_user_id)
                                       : json_null(),
        "sort", d.sort));
}

/* The path's department among DEPS, or NULL. */
static bn_department *path_department(bn_call *c, apr_array_header_t *deps)
{
    int i;

    for (i = 0; i < deps->nelts; i++) {
        if (APR_ARRAY_IDX(deps, i, bn_department).id == c->ids[1]) {
            return &APR_ARRAY_IDX(deps, i, bn_department);
        }
    }
    return NULL;
}

static int makes_cycle(bn_call *c, apr_array_header_t *deps,
                       const bn_department *d)
{
    apr_int64_t *ids = apr_palloc(c->r->pool, sizeof(*ids) * deps->nelts);
    apr_int64_t *parents = apr_palloc(c->r->pool,
                                      sizeof(*parents) * deps->nelts);
    int i;

    for (i = 0; i < deps->nelts; i++) {
        ids[i] = APR_ARRAY_IDX(deps, i, bn_department).id;
        parents[i] = APR_ARRAY_IDX(deps, i, bn_department).parent_id;
    }
    return bn_rules_makes_cycle(ids, parents, deps->nelts, d->id,
                                d->parent_id);
}

int bn_api_department_update(bn_call *c)
{
    apr_array_header_t *deps;
    bn_department *found, d;
    bn_account a;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = need_department(c, &a, 0, &deps)) != 0) {
        return rc;
    }
    if ((found = path_department(c, deps)) == NULL) {
        return bn_api_store_failed(c, APR_NOTFOUND);
    }
    d = *found;
    if ((rc = body_department(c, &a, deps, 0, &d)) != 0) {
        return rc;
    }
    if (makes_cycle(c, deps, &d)) {
        return bn_api_fail(c, HTTP_CONFLICT, "cycle", "a department cannot "
                           "be moved below itself");
    }

    rv = bn_store_department_update(c->r, a.id, &d);
    if (rv == APR_SUCCESS) {
        rv = audit(c, "department.update", &a, json_pack("{s:I, s:s}",
                   "department_id", (json_int_t)d.id, "name", d.name));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, HTTP_OK, json_pack("{s:I, s:o, s:o, s:o, s:i}",
        "id", (json_int_t)d.id, "name", bn_json_text(d.name),
        "parent_id", d.parent_id ? json_integer(d.parent_id) : json_null(),
        "head_user_id", d.head_user_id ? json_integer(d.head_user_id)
                                       : json_null(),
        "sort", d.sort));
}

int bn_api_department_remove(bn_call *c)
{
    static const char *const no_fields[] = {NULL};
    apr_int64_t children, members;
    apr_array_header_t *deps;
    bn_account a;
    apr_status_t rv;
    int rc;

    if ((rc = bn_api_fields(c, no_fields)) != 0
        || (rc = bn_api_path_account(c, 1, &a)) != 0
        || (rc = bn_api_need_writer(c, &a)) != 0
        || (rc = need_department(c, &a, 0, &deps)) != 0) {
        return rc;
    }
    if (path_department(c, deps) == NULL) {
        return bn_api_store_failed(c, APR_NOTFOUND);
    }
    rv = bn_store_department_usage(c->r, c->ids[1], &children, &members);
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    if (children > 0 || members > 0) {
        return bn_api_fail(c, HTTP_CONFLICT, "not_empty", "a department "
                           "with employees or sub-departments cannot be "
                           "deleted");
    }
    rv = bn_store_department_remove(c->r, a.id, c->ids[1]);
    if (rv == APR_SUCCESS) {
        rv = audit(c, "department.delete", &a, json_pack("{s:I}",
                   "department_id", (json_int_t)c->ids[1]));
    }
    if (rv != APR_SUCCESS) {
        return bn_api_store_failed(c, rv);
    }
    return bn_api_ok(c, HTTP_NO_CONTENT, NULL);
}
