/* Unit tests of bn_rules.c: host names, header names and values, plans
 * and the status of a branch. */
#include <stdio.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"

#include "bn_rules.h"

#define DAY 86400

static int failures, checks;

static void check(int ok, const char *what)
{
    checks++;
    if (!ok) {
        failures++;
        printf("not ok %d - %s\n", checks, what);
    }
    else {
        printf("ok %d - %s\n", checks, what);
    }
}

static void check_str(const char *got, const char *want, const char *what)
{
    check((got == NULL && want == NULL)
          || (got != NULL && want != NULL && strcmp(got, want) == 0), what);
}

static void test_hosts(apr_pool_t *p)
{
    check_str(bn_rules_normalize_host(p, "North.Example.COM."),
              "north.example.com", "host: lowercase, trailing dot");
    check_str(bn_rules_normalize_host(p, "a-b.c1"), "a-b.c1", "host: dash");
    check_str(bn_rules_normalize_host(p, "north.example.com.."), NULL,
              "host: two trailing dots");
    check_str(bn_rules_normalize_host(p, "."), NULL, "host: a dot");
    check_str(bn_rules_normalize_host(p, "x.example.com:80"), NULL,
              "host: no port");
    check_str(bn_rules_normalize_host(p, ""), NULL, "host: empty");
    check_str(bn_rules_normalize_host(p, "a..b"), NULL, "host: empty label");
    check_str(bn_rules_normalize_host(p, "-a.b"), NULL, "host: leading dash");
    check_str(bn_rules_normalize_host(p, "a-.b"), NULL, "host: label dash");
    check_str(bn_rules_normalize_host(p, "a b"), NULL, "host: space");
    check_str(bn_rules_normalize_host(p, "\xc3\xa9.com"), NULL,
              "host: not ASCII");
}

static void test_headers(apr_pool_t *p)
{
    check(bn_rules_is_identity_header("X-Branchnet-User"), "header: exact");
    check(bn_rules_is_identity_header("x_branchnet_role"), "header: '_'");
    check(bn_rules_is_identity_header("X-BRANCHNET-"), "header: prefix");
    check(!bn_rules_is_identity_header("X-Branchnet"), "header: short");
    check(!bn_rules_is_identity_header("X-Branch-User"), "header: other");
    check_str(bn_rules_header_value(p, "ann"), "ann", "value: unchanged");
    check_str(bn_rules_header_value(p, "a b\r\n%"), "a%20b%0D%0A%25",
              "value: controls, space and % encoded");
    check_str(bn_rules_header_value(p, "\xc3\xa9"), "%C3%A9",
              "value: UTF-8 encoded");
}

static void status_of(const char *plan, apr_int64_t trial_end,
                      apr_int64_t plan_changed, bn_branch_status *st)
{
    bn_branch_facts f;

    f.plan = plan;
    f.now = 100 * DAY;
    f.connected_at = 50 * DAY;
    f.trial_ends_at = trial_end;
    f.plan_changed_at = plan_changed;
    bn_rules_branch_status(&f, 15, st);
}

static void test_status(void)
{
    bn_branch_status st;

    status_of("standard", 0, 10 * DAY, &st);
    check(st.state == BN_BRANCH_ACTIVE, "status: paid is active");
    status_of("free", 110 * DAY, 10 * DAY, &st);
    check(st.state == BN_BRANCH_TRIAL && st.days_left == 10,
          "status: trial with 10 days left");
    status_of("free", 95 * DAY, 10 * DAY, &st);
    check(st.state == BN_BRANCH_GRACE && st.days_left == 10,
          "status: grace after the trial");
    status_of("free", 80 * DAY, 10 * DAY, &st);
    check(st.state == BN_BRANCH_SUSPENDED, "status: suspended after grace");
    status_of("free", 0, 99 * DAY, &st);
    check(st.state == BN_BRANCH_GRACE && st.days_left == 14,
          "status: grace since moving to free while connected");
    status_of("free", 95 * DAY, 60 * DAY, &st);
    check(st.state == BN_BRANCH_GRACE && st.days_left == 10,
          "status: a move to free during the trial does not extend grace");
    status_of("enterprise", 80 * DAY, 10 * DAY, &st);
    check(st.state == BN_BRANCH_ACTIVE, "status: paid again is active");
    check(bn_rules_network_active("enterprise"), "network: enterprise");
    check(!bn_rules_network_active("professional"), "network: disabled");
    check(!bn_rules_plan_is_valid("gold"), "plan: unknown");
    check(!bn_rules_plan_is_paid("free"), "plan: free is not paid");
}

static void test_people(apr_pool_t *p)
{
    static const apr_int64_t ids[] = {1, 2, 3, 4};
    static const apr_int64_t parents[] = {0, 1, 2, 1};

    check_str(bn_rules_normalize_email(p, " Ann@Example.TEST "),
              "ann@example.test", "email: trimmed and lowercased");
    check_str(bn_rules_normalize_email(p, "ann"), NULL, "email: no @");
    check_str(bn_rules_normalize_email(p, "a@b@c"), NULL, "email: two @");
    check_str(bn_rules_normalize_email(p, "@b.c"), NULL, "email: no local");
    check_str(bn_rules_normalize_email(p, "a b@c.d"), NULL, "email: space");
    check(bn_rules_makes_cycle(ids, parents, 4, 1, 3),
          "tree: a department under its grandchild is a cycle");
    check(bn_rules_makes_cycle(ids, parents, 4, 2, 2),
          "tree: a department under itself is a cycle");
    check(!bn_rules_makes_cycle(ids, parents, 4, 3, 4),
          "tree: moving to a sibling branch is fine");
    check(!bn_rules_makes_cycle(ids, parents, 4, 2, 0),
          "tree: moving to the root is fine");
}

int main(void)
{
    apr_pool_t *p;

    apr_initialize();
    apr_pool_create(&p, NULL);
    test_hosts(p);
    test_headers(p);
    test_status();
    test_people(p);
    apr_pool_destroy(p);
    apr_terminate();
    printf("1..%d\n", checks);
    return failures ? 1 : 0;
}
