/* Pure rules of the branch network; see bn_rules.h. */
#include <string.h>

#include "apr_strings.h"
#include "apr_lib.h"

#include "bn_rules.h"

#define BN_DAY 86400

const char *bn_rules_normalize_host(apr_pool_t *p, const char *name)
{
    apr_size_t len, label = 0, i;
    char *host;

    if (name == NULL) {
        return NULL;
    }
    len = strlen(name);
    if (len > 0 && name[len - 1] == '.') {
        len--;
    }
    if (len == 0 || len > 253) {
        return NULL;
    }

    host = apr_pstrmemdup(p, name, len);
    for (i = 0; i < len; i++) {
        char c = (char)apr_tolower(host[i]);

        host[i] = c;
        if (c == '.') {
            /* no empty label, none ending in '-' */
            if (label == 0 || host[i - 1] == '-') {
                return NULL;
            }
            label = 0;
            continue;
        }
        if (!(apr_isalnum(c) || c == '-') || (c == '-' && label == 0)) {
            return NULL;
        }
        if (++label > 63) {
            return NULL;
        }
    }
    if (host[len - 1] == '-' || host[len - 1] == '.') {
        return NULL;
    }
    return host;
}

int bn_rules_is_identity_header(const char *name)
{
    const char *want = BN_HEADER_PREFIX;

    for (; *want; want++, name++) {
        char c = (char)apr_tolower(*name);

        if (c == '_') {
            c = '-';
        }
        if (c != *want) {
            return 0;
        }
    }
    return 1;
}

const char *bn_rules_header_value(apr_pool_t *p, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s;
    apr_size_t extra = 0;
    char *out, *o;

    for (s = (const unsigned char *)value; *s; s++) {
        if (*s < 0x21 || *s > 0x7e || *s == '%') {
            extra += 2;
        }
    }
    if (extra == 0) {
        return value;
    }

    o = out = apr_palloc(p, strlen(value) + extra + 1);
    for (s = (const unsigned char *)value; *s; s++) {
        if (*s < 0x21 || *s > 0x7e || *s == '%') {
            *o++ = '%';
            *o++ = hex[*s >> 4];
            *o++ = hex[*s & 0x0f];
        }
        else {
            *o++ = (char)*s;
        }
    }
    *o = '\0';
    return out;
}

int bn_rules_plan_is_paid(const char *plan)
{
    return plan != NULL && bn_rules_plan_is_valid(plan)
           && strcmp(plan, "free") != 0;
}

int bn_rules_plan_is_valid(const char *plan)
{
    static const char *const plans[] = {
        "free", "basic", "standard", "professional", "enterprise", NULL
    };
    int i;

    for (i = 0; plan != NULL && plans[i] != NULL; i++) {
        if (strcmp(plan, plans[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int days_until(apr_int64_t now, apr_int64_t when)
{
    if (when <= now) {
        return 0;
    }
    return (int)((when - now + BN_DAY - 1) / BN_DAY);
}

void bn_rules_branch_status(const bn_branch_facts *f, int grace_days,
                            bn_branch_status *out)
{
    apr_int64_t grace_from;

    memset(out, 0, sizeof(*out));
    if (bn_rules_plan_is_paid(f->plan)) {
        out->state = BN_BRANCH_ACTIVE;
        return;
    }
    if (f->trial_ends_at > f->now) {
        out->state = BN_BRANCH_TRIAL;
        out->ends_at = f->trial_ends_at;
        out->days_left = days_until(f->now, f->trial_ends_at);
        return;
    }

    /* Out of plan since the trial ended, or since the account moved to
     * free while connected, whichever came last. */
    grace_from = f->trial_ends_at ? f->trial_ends_at : f->connected_at;
    if (f->plan_changed_at > f->connected_at
        && f->plan_changed_at > grace_from) {
        grace_from = f->plan_changed_at;
    }
    out->ends_at = grace_from + (apr_int64_t)grace_days * BN_DAY;
    if (f->now < out->ends_at) {
        out->state = BN_BRANCH_GRACE;
        out->days_left = days_until(f->now, out->ends_at);
    }
    else {
        out->state = BN_BRANCH_SUSPENDED;
    }
}

const char *bn_rules_state_name(bn_branch_state state)
{
    switch (state) {
    case BN_BRANCH_TRIAL:
        return "trial";
    case BN_BRANCH_GRACE:
        return "grace";
    case BN_BRANCH_SUSPENDED:
        return "suspended";
    default:
        return "active";
    }
}

int bn_rules_network_active(const char *main_plan)
{
    return main_plan != NULL && strcmp(main_plan, "enterprise") == 0;
}

static const bn_refusal in_network = {
    409, "already_in_network",
    "the account already belongs to a network; disconnect it there first"
};
static const bn_refusal main_needs_enterprise = {
    403, "plan_required",
    "only an account on the enterprise plan can be a main account"
};
static const bn_refusal network_disabled = {
    403, "plan_required",
    "the network is disabled until its main account is on enterprise"
};
static const bn_refusal trial_used = {
    403, "plan_required",
    "this free account had its trial already: move it to a paid plan"
};

const bn_refusal *bn_rules_become_main(const char *plan, int in_network_)
{
    if (in_network_) {
        return &in_network;
    }
    if (!bn_rules_network_active(plan)) {
        return &main_needs_enterprise;
    }
    return NULL;
}

const bn_refusal *bn_rules_connect(const char *plan, int networked_before,
                                   int in_network_, const char *main_plan,
                                   int *trial)
{
    *trial = 0;
    if (!bn_rules_network_active(main_plan)) {
        return &network_disabled;
    }
    if (in_network_) {
        return &in_network;
    }
    if (!bn_rules_plan_is_paid(plan)) {
        if (networked_before) {
            return &trial_used;
        }
        *trial = 1;
    }
    return NULL;
}

/* XXX: only ASCII letters are lowercased and only ASCII white space is
 * trimmed; the database's collation still finds "Ü" and "ü" equal when it
 * compares, but one request may invite both spellings. */
const char *bn_rules_normalize_email(apr_pool_t *p, const char *email)
{
    const char *start = email, *end;
    char *out, *at;
    apr_size_t i, n;

    if (email == NULL) {
        return NULL;
    }
    while (apr_isspace(*start)) {
        start++;
    }
    end = start + strlen(start);
    while (end > start && apr_isspace(end[-1])) {
        end--;
    }
    n = (apr_size_t)(end - start);
    if (n < 3 || n > 254) {
        return NULL;
    }
    out = apr_pstrmemdup(p, start, n);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];

        if (c <= 0x20 || c == 0x7f) {
            return NULL;
        }
        out[i] = (char)apr_tolower(c);
    }
    at = strchr(out, '@');
    if (at == NULL || at == out || at[1] == '\0'
        || strchr(at + 1, '@') != NULL) {
        return NULL;
    }
    return out;
}

static apr_int64_t parent_of(const apr_int64_t *ids,
                             const apr_int64_t *parents, int n,
                             apr_int64_t id)
{
    int i;

    for (i = 0; i < n; i++) {
        if (ids[i] == id) {
            return parents[i];
        }
    }
    return 0;
}

int bn_rules_makes_cycle(const apr_int64_t *ids, const apr_int64_t *parents,
                         int n, apr_int64_t id, apr_int64_t parent)
{
    int steps;

    /* Walk up from the new parent; meeting ID means a cycle. A walk longer
     * than the tree means the tree has one already. */
    for (steps = 0; parent != 0 && steps <= n; steps++) {
        if (parent == id) {
            return 1;
        }
        parent = parent_of(ids, parents, n, parent);
    }
    return parent != 0;
}
