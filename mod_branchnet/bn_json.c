/* JSON helpers; see bn_json.h. */
#include <stdlib.h>
#include <string.h>

#include "apr_strings.h"
#include "http_protocol.h"

#include "bn_json.h"

static apr_status_t release_json(void *v)
{
    json_decref(v);
    return APR_SUCCESS;
}

json_t *bn_json_own(apr_pool_t *p, json_t *v)
{
    if (v != NULL) {
        apr_pool_cleanup_register(p, v, release_json,
                                  apr_pool_cleanup_null);
    }
    return v;
}

/* Length of the valid UTF-8 sequence at S (1 to 4), or 0 if invalid. */
static apr_size_t utf8_sequence(const unsigned char *s)
{
    apr_size_t n, i;
    unsigned int cp;

    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2, cp = s[0] & 0x1f;
    }
    else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3, cp = s[0] & 0x0f;
    }
    else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4, cp = s[0] & 0x07;
    }
    else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* overlong forms, surrogates and values past U+10FFFF */
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)
        || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
        return 0;
    }
    return n;
}

json_t *bn_json_text(const char *s)
{
    const unsigned char *in = (const unsigned char *)s;
    json_t *v;
    char *buf, *o;
    apr_size_t len;

    if (s == NULL) {
        return json_null();
    }
    len = strlen(s);
    v = json_stringn(s, len);
    if (v != NULL) {
        return v;
    }

    /* At most 3 bytes of U+FFFD for each byte of input. */
    o = buf = malloc(len * 3 + 1);
    if (buf == NULL) {
        return json_string("");
    }
    while (*in) {
        apr_size_t n = utf8_sequence(in);

        if (n == 0) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            in++;
            continue;
        }
        memcpy(o, in, n);
        o += n;
        in += n;
    }
    v = json_stringn(buf, (size_t)(o - buf));
    free(buf);
    return v != NULL ? v : json_string("");
}

json_t *bn_json_time(apr_int64_t secs)
{
    apr_time_exp_t t;
    char buf[32];

    if (secs == 0) {
        return json_null();
    }
    apr_time_exp_gmt(&t, apr_time_from_sec(secs));
    apr_snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ",
                 t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour,
                 t.tm_min, t.tm_sec);
    return json_string(buf);
}

int bn_json_send(request_rec *r, int status, json_t *body)
{
    char *text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;

    r->status = status;
    ap_set_content_type(r, "application/json; charset=utf-8");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    if (text == NULL) {
        ap_rputs("{}\n", r);
        return OK;
    }
    ap_rputs(text, r);
    ap_rputs("\n", r);
    free(text);
    return OK;
}

int bn_json_error(request_rec *r, int status, const char *code,
                  const char *message, const char *field)
{
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
    json_t *body;

    if (field != NULL && err != NULL) {
        json_object_set_new(err, "field", bn_json_text(field));
    }
    body = bn_json_own(r->pool, json_pack("{s:o*}", "error", err));
    return bn_json_send(r, status, body);
}
