/* test_report.c — reporters: json (shape, nulls, summary, determinism, schema), ndjson, text (golden
 * strings with and without colour, truncation, sanitising), shn_render dispatch (engine/render.c,
 * engine/report_json.c, engine/report_text.c). */
#include "testutil.h"

#include <cJSON.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"
#include "result_int.h"
#include "rule.h"
#include "unit.h"

/* ---- a small constructed result ---------------------------------------------------------------------- */

#define TEXT1 "事業者は、目視により点検しなければならない。"

static shn_rule rule_of(const char *id, shn_severity sev, const char *principle, char **types, size_t n) {
    shn_rule r;
    memset(&r, 0, sizeof r);
    r.id = (char *)id;
    r.severity = sev;
    r.principle = (char *)principle;
    r.analog_types = types;
    r.n_analog_types = n;
    return r;
}

static shn_unit law_unit(void) {
    shn_unit u;
    memset(&u, 0, sizeof u);
    u.kind = "law.sentence";
    u.text = (char *)TEXT1;
    u.text_cps = shn__utf8_len(TEXT1, strlen(TEXT1));
    u.file = (char *)"laws/347AC0000000057.xml";
    u.addr.kind = "law";
    u.addr.law_id = "347AC0000000057";
    u.addr.provision = "main";
    u.addr.article = "45";
    u.addr.paragraph = "1";
    u.addr.sentence = 1;
    u.address_str = (char *)"347AC0000000057#main:45:1::1";
    u.citation = (char *)"第四十五条第一項";
    u.start.line = 12;
    u.start.column = 4;
    u.end.line = 12;
    u.end.column = 26;
    return u;
}

static shn_unit measure_unit(const char *text, const char *id, const char *path, const char *citation) {
    shn_unit u;
    memset(&u, 0, sizeof u);
    u.kind = "measure";
    u.text = (char *)text;
    u.text_cps = shn__utf8_len(text, strlen(text));
    u.file = (char *)"measures.yaml";
    u.addr.kind = "measure";
    u.addr.measure = id;
    u.addr.path = path;
    u.address_str = (char *)"measures.yaml#1-1:kpi";
    u.citation = (char *)citation;
    u.start.line = 3;
    u.start.column = 5;
    u.end.line = 9;
    u.end.column = 1;
    return u;
}

static void set_loc(shn_finding *f, unsigned l, unsigned c, unsigned el, unsigned ec) {
    f->line = l;
    f->column = c;
    f->end_line = el;
    f->end_column = ec;
}

static void push_finding(shn_result *r, shn_finding *f) { assert_int_equal(shn__vec_push(&r->findings, f), 0); }

static shn_input *input_of(const char *file, const char *kind, const char *law_id, const char *status) {
    shn_input *in = calloc(1, sizeof *in);
    assert_non_null(in);
    in->file = strdup(file);
    in->kind = kind ? strdup(kind) : NULL;
    in->law_id = law_id ? strdup(law_id) : NULL;
    in->sha256 = strdup("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    in->status = strdup(status);
    return in;
}

/* Three findings (error / warning / info), two inputs, two diagnostics. */
static shn_result *sample(void) {
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *t1[] = {"visual-inspection", "on-site-audit"};
    char *t3[] = {"paper-document", "visual-inspection", "paper-document"};

    shn_rule r1 = rule_of("analog.visual-inspection", SHN_SEV_ERROR, "digital-completion", t1, 2);
    shn_unit u1 = law_unit();
    shn_finding *f = shn__finding_new(&r1, &u1);
    assert_non_null(f);
    assert_int_equal(shn__set_str(&f->message, "目視による確認を求めています"), 0);
    assert_int_equal(shn__set_str(&f->message_en, "requires visual inspection"), 0);
    assert_int_equal(shn__set_str(&f->suggestion, "「目視その他の方法」と改める"), 0);
    assert_int_equal(shn__finding_add_related(f, "laws/347AC0000000057.xml", "347AC0000000057#main:45:2::1",
                                              "第四十五条第二項", "政令で定める方法を確認"), 0);
    assert_int_equal(shn__finding_set_match(f, &u1, 5, 7), 0);
    f->confidence = 0.849999999;
    assert_int_equal(shn__finding_finish(f, &u1), 0);
    set_loc(f, 12, 9, 12, 11);
    push_finding(r, f);

    shn_rule r2 = rule_of("kpi.effect-missing", SHN_SEV_WARNING, "ebpm", NULL, 0);
    shn_unit u2 = measure_unit("デジタル社会の実現", "1-1", "kpi", "施策 1-1");
    f = shn__finding_new(&r2, &u2);
    assert_non_null(f);
    assert_int_equal(shn__set_str(&f->message, "効果KPIがありません (no effect KPI)"), 0);
    assert_int_equal(shn__finding_finish(f, &u2), 0);
    push_finding(r, f);

    shn_rule r3 = rule_of("analog.paper-document", SHN_SEV_INFO, NULL, t3, 3);
    shn_unit u3 = measure_unit("申請書を書面で提出する。", "1-2", NULL, "施策 1-2");
    u3.address_str = (char *)"measures.yaml#1-2:";
    f = shn__finding_new(&r3, &u3);
    assert_non_null(f);
    assert_int_equal(shn__set_str(&f->message, "書面の提出を求めています (requires paper)"), 0);
    assert_int_equal(shn__finding_set_match(f, &u3, 4, 6), 0);
    f->confidence = 1.0;
    assert_int_equal(shn__finding_finish(f, &u3), 0);
    set_loc(f, 4, 7, 4, 9);
    push_finding(r, f);

    assert_int_equal(shn__vec_push(&r->inputs, input_of("laws/347AC0000000057.xml", "law", "347AC0000000057", "ok")), 0);
    assert_int_equal(shn__vec_push(&r->inputs, input_of("measures.yaml", "measures", NULL, "ok")), 0);
    shn__diag_add(&r->diags, "measures.yaml", 2, 1, SHN_SEV_WARNING, NULL, "不明なキーです (unknown key): foo");
    shn__diag_add(&r->diags, NULL, 0, 0, SHN_SEV_ERROR, "kpi.broken", "ルールが失敗しました (rule failed)");
    assert_int_equal(r->diags.items.n, 2);
    return r;
}

static char *render(const shn_result *r, const char *format, int color, shn_severity min) {
    shn_render_options o = {.color = color, .min_severity = min};
    char *out = NULL;
    size_t len = 0;
    shn_error err;
    memset(&err, 0, sizeof err);
    shn_status st = shn_render(r, format, &o, &out, &len, &err);
    if (st != SHN_OK) fprintf(stderr, "render: %s\n", err.message);
    assert_int_equal(st, SHN_OK);
    assert_non_null(out);
    assert_int_equal(len, strlen(out));
    return out;
}

/* ---- a minimal JSON Schema validator (the subset report.schema.json uses) ----------------------------- */

typedef struct { const cJSON *root; char why[1024]; } vctx;

static int fail_at(vctx *c, const char *path, const char *what) {
    if (!c->why[0]) snprintf(c->why, sizeof c->why, "%s: %s", path, what);
    return 0;
}

static int type_ok(const char *t, const cJSON *v) {
    if (!strcmp(t, "object")) return cJSON_IsObject(v);
    if (!strcmp(t, "array")) return cJSON_IsArray(v);
    if (!strcmp(t, "string")) return cJSON_IsString(v);
    if (!strcmp(t, "number")) return cJSON_IsNumber(v);
    if (!strcmp(t, "integer")) return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble);
    if (!strcmp(t, "boolean")) return cJSON_IsBool(v);
    if (!strcmp(t, "null")) return cJSON_IsNull(v);
    return 0;
}

static int validate(vctx *c, const cJSON *s, const cJSON *v, const char *path);

static const cJSON *resolve(vctx *c, const char *ref) {
    const char *prefix = "#/$defs/";
    if (strncmp(ref, prefix, strlen(prefix)) != 0) return NULL;
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->root, "$defs"),
                                            ref + strlen(prefix));
}

static int validate(vctx *c, const cJSON *s, const cJSON *v, const char *path) {
    if (!cJSON_IsObject(s)) return fail_at(c, path, "schema is not an object");
    char sub[512];
    for (const cJSON *k = s->child; k; k = k->next) {
        const char *kw = k->string;
        if (!strcmp(kw, "$schema") || !strcmp(kw, "$id") || !strcmp(kw, "title") || !strcmp(kw, "description") ||
            !strcmp(kw, "$defs") || !strcmp(kw, "$comment"))
            continue;
        if (!strcmp(kw, "$ref")) {
            const cJSON *t = resolve(c, k->valuestring);
            if (!t) return fail_at(c, path, "unresolvable $ref");
            if (!validate(c, t, v, path)) return 0;
        } else if (!strcmp(kw, "type")) {
            int ok = 0;
            if (cJSON_IsString(k)) ok = type_ok(k->valuestring, v);
            else
                for (const cJSON *t = k->child; t && !ok; t = t->next) ok = type_ok(t->valuestring, v);
            if (!ok) return fail_at(c, path, "wrong type");
        } else if (!strcmp(kw, "enum")) {
            int ok = 0;
            for (const cJSON *e = k->child; e && !ok; e = e->next) ok = cJSON_Compare(e, v, 1);
            if (!ok) return fail_at(c, path, "not in enum");
        } else if (!strcmp(kw, "const")) {
            if (!cJSON_Compare(k, v, 1)) return fail_at(c, path, "not the const value");
        } else if (!strcmp(kw, "required")) {
            if (!cJSON_IsObject(v)) continue;
            for (const cJSON *rq = k->child; rq; rq = rq->next)
                if (!cJSON_GetObjectItemCaseSensitive(v, rq->valuestring)) {
                    snprintf(sub, sizeof sub, "missing required key %s", rq->valuestring);
                    return fail_at(c, path, sub);
                }
        } else if (!strcmp(kw, "properties")) {
            if (!cJSON_IsObject(v)) continue;
            for (const cJSON *p = k->child; p; p = p->next) {
                const cJSON *pv = cJSON_GetObjectItemCaseSensitive(v, p->string);
                snprintf(sub, sizeof sub, "%s.%s", path, p->string);
                if (pv && !validate(c, p, pv, sub)) return 0;
            }
        } else if (!strcmp(kw, "additionalProperties")) {
            if (!cJSON_IsObject(v)) continue;
            const cJSON *props = cJSON_GetObjectItemCaseSensitive(s, "properties");
            for (const cJSON *m = v->child; m; m = m->next) {
                if (props && cJSON_GetObjectItemCaseSensitive(props, m->string)) continue;
                snprintf(sub, sizeof sub, "%s.%s", path, m->string);
                if (cJSON_IsFalse(k)) return fail_at(c, sub, "additional property");
                if (cJSON_IsObject(k) && !validate(c, k, m, sub)) return 0;
            }
        } else if (!strcmp(kw, "items")) {
            if (!cJSON_IsArray(v)) continue;
            int i = 0;
            for (const cJSON *e = v->child; e; e = e->next, i++) {
                snprintf(sub, sizeof sub, "%s[%d]", path, i);
                if (!validate(c, k, e, sub)) return 0;
            }
        } else if (!strcmp(kw, "uniqueItems")) {
            if (!cJSON_IsArray(v) || !cJSON_IsTrue(k)) continue;
            for (const cJSON *a = v->child; a; a = a->next)
                for (const cJSON *b = a->next; b; b = b->next)
                    if (cJSON_Compare(a, b, 1)) return fail_at(c, path, "repeated item");
        } else if (!strcmp(kw, "minimum") || !strcmp(kw, "maximum")) {
            if (!cJSON_IsNumber(v)) continue;
            int lo = kw[1] == 'i';
            if (lo ? v->valuedouble < k->valuedouble : v->valuedouble > k->valuedouble)
                return fail_at(c, path, lo ? "below minimum" : "above maximum");
        } else if (!strcmp(kw, "pattern")) {
            if (!cJSON_IsString(v)) continue;
            regex_t re;
            if (regcomp(&re, k->valuestring, REG_EXTENDED | REG_NOSUB) != 0) return fail_at(c, path, "bad pattern");
            int m = regexec(&re, v->valuestring, 0, NULL, 0);
            regfree(&re);
            if (m != 0) return fail_at(c, path, "pattern mismatch");
        } else if (!strcmp(kw, "oneOf")) {
            int n = 0;
            for (const cJSON *alt = k->child; alt; alt = alt->next) {
                vctx tmp = {c->root, ""};
                if (validate(&tmp, alt, v, path)) n++;
            }
            if (n != 1) return fail_at(c, path, n ? "matches more than one of oneOf" : "matches none of oneOf");
        } else {
            snprintf(sub, sizeof sub, "unsupported schema keyword %s", kw);
            return fail_at(c, path, sub);
        }
    }
    return 1;
}

static cJSON *load_schema(void) {
    FILE *fp = fopen(tu_src("engine/schema/report.schema.json"), "rb");
    assert_non_null(fp);
    static const size_t cap = 1 << 20;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n = fread(buf, 1, cap - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    cJSON *s = cJSON_Parse(buf);
    free(buf);
    assert_non_null(s);
    return s;
}

/* Validate `v` against the schema root (def == NULL) or one of its $defs. */
static int schema_ok(const cJSON *schema, const char *def, const cJSON *v, char *why, size_t whylen) {
    vctx c = {schema, ""};
    const cJSON *s = def ? resolve(&c, def) : schema;
    assert_non_null(s);
    int ok = validate(&c, s, v, "$");
    snprintf(why, whylen, "%s", c.why);
    return ok;
}

/* ---- json -------------------------------------------------------------------------------------------- */

static const char *const finding_keys[] = {
    "rule", "severity", "message", "message_en", "principle", "analog_types", "confidence", "file", "location",
    "address", "citation", "snippet", "match", "suggestion", "related", "fingerprint"};

static void assert_keys(const cJSON *o, const char *const *keys, size_t n) {
    const cJSON *c = o->child;
    for (size_t i = 0; i < n; i++, c = c->next) {
        assert_non_null(c);
        assert_string_equal(c->string, keys[i]);
    }
    assert_null(c);
}

static const cJSON *get(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!v) fail_msg("missing key %s", k);
    return v;
}

static int num(const cJSON *o, const char *k) { return (int)get(o, k)->valuedouble; }

static void json_report_should_have_contract_shape(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = render(r, "json", 0, SHN_SEV_NONE);
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    static const char *const top[] = {"tool", "inputs", "findings", "diagnostics", "summary"};
    assert_keys(j, top, 5);
    assert_string_equal(get(get(j, "tool"), "name")->valuestring, "shinsa");
    assert_string_equal(get(get(j, "tool"), "version")->valuestring, SHN_VERSION);

    const cJSON *inputs = get(j, "inputs");
    assert_int_equal(cJSON_GetArraySize(inputs), 2);
    const cJSON *in1 = cJSON_GetArrayItem(inputs, 1);
    static const char *const in_keys[] = {"file", "kind", "law_id", "sha256", "status", "reason"};
    assert_keys(in1, in_keys, 6);
    assert_string_equal(get(in1, "kind")->valuestring, "measures");
    assert_true(cJSON_IsNull(get(in1, "law_id")));

    const cJSON *fs = get(j, "findings");
    assert_int_equal(cJSON_GetArraySize(fs), 3);
    for (int i = 0; i < 3; i++) assert_keys(cJSON_GetArrayItem(fs, i), finding_keys, SHN__ARRAY_LEN(finding_keys));

    const cJSON *f0 = cJSON_GetArrayItem(fs, 0);
    assert_string_equal(get(f0, "rule")->valuestring, "analog.visual-inspection");
    assert_string_equal(get(f0, "severity")->valuestring, "error");
    assert_string_equal(get(f0, "message_en")->valuestring, "requires visual inspection");
    assert_int_equal(cJSON_GetArraySize(get(f0, "analog_types")), 2);
    assert_true(fabs(get(f0, "confidence")->valuedouble - 0.85) < 1e-9);
    const cJSON *loc = get(f0, "location");
    static const char *const loc_keys[] = {"line", "column", "end_line", "end_column"};
    assert_keys(loc, loc_keys, 4);
    assert_int_equal(num(loc, "line"), 12);
    assert_int_equal(num(loc, "column"), 9);
    assert_int_equal(num(loc, "end_column"), 11);
    const cJSON *addr = get(f0, "address");
    static const char *const law_keys[] = {"kind", "law_id", "provision", "article", "paragraph", "item",
                                           "sentence", "table"};
    assert_keys(addr, law_keys, 8);
    assert_string_equal(get(addr, "article")->valuestring, "45");
    assert_true(cJSON_IsNull(get(addr, "item")));
    assert_true(cJSON_IsNull(get(addr, "table")));
    assert_int_equal(num(addr, "sentence"), 1);
    const cJSON *m = get(f0, "match");
    assert_string_equal(get(m, "text")->valuestring, "目視");
    assert_int_equal(num(m, "start"), 5);
    assert_int_equal(num(m, "end"), 7);
    assert_string_equal(get(f0, "snippet")->valuestring, TEXT1);
    const cJSON *rel = cJSON_GetArrayItem(get(f0, "related"), 0);
    static const char *const rel_keys[] = {"file", "address", "citation", "note"};
    assert_keys(rel, rel_keys, 4);
    assert_string_equal(get(rel, "citation")->valuestring, "第四十五条第二項");
    assert_string_equal(get(f0, "fingerprint")->valuestring, shn_result_finding(r, 0)->fingerprint);

    const cJSON *f1 = cJSON_GetArrayItem(fs, 1);
    assert_true(cJSON_IsNull(get(f1, "message_en")));
    assert_true(cJSON_IsNull(get(f1, "match")));
    assert_true(cJSON_IsNull(get(f1, "suggestion")));
    assert_int_equal(cJSON_GetArraySize(get(f1, "related")), 0);
    assert_int_equal(cJSON_GetArraySize(get(f1, "analog_types")), 0);
    static const char *const measure_keys[] = {"kind", "measure", "path"};
    assert_keys(get(f1, "address"), measure_keys, 3);
    assert_string_equal(get(get(f1, "address"), "measure")->valuestring, "1-1");
    assert_true(cJSON_IsNull(get(cJSON_GetArrayItem(fs, 2), "principle")));
    assert_true(cJSON_IsNull(get(get(cJSON_GetArrayItem(fs, 2), "address"), "path")));

    const cJSON *d = get(j, "diagnostics");
    assert_int_equal(cJSON_GetArraySize(d), 2);
    static const char *const d_keys[] = {"file", "line", "column", "level", "rule", "message"};
    assert_keys(cJSON_GetArrayItem(d, 0), d_keys, 6);
    assert_string_equal(get(cJSON_GetArrayItem(d, 0), "level")->valuestring, "warning");
    assert_int_equal(num(cJSON_GetArrayItem(d, 0), "line"), 2);
    const cJSON *d1 = cJSON_GetArrayItem(d, 1);
    assert_true(cJSON_IsNull(get(d1, "file")));
    assert_true(cJSON_IsNull(get(d1, "line")));
    assert_string_equal(get(d1, "rule")->valuestring, "kpi.broken");

    const cJSON *s = get(j, "summary");
    static const char *const s_keys[] = {"inputs", "inputs_by_status", "findings", "suppressed", "by_severity",
                                         "by_type", "by_rule"};
    assert_keys(s, s_keys, 7);
    assert_int_equal(num(s, "inputs"), 2);
    assert_int_equal(num(get(s, "inputs_by_status"), "ok") + num(get(s, "inputs_by_status"), "skipped") +
                         num(get(s, "inputs_by_status"), "error"),
                     2);
    assert_int_equal(num(s, "findings"), 3);
    assert_int_equal(num(get(s, "by_severity"), "error"), 1);
    assert_int_equal(num(get(s, "by_severity"), "warning"), 1);
    assert_int_equal(num(get(s, "by_severity"), "info"), 1);
    static const char *const type_keys[] = {"on-site-audit", "paper-document", "visual-inspection"};
    assert_keys(get(s, "by_type"), type_keys, 3); /* sorted */
    assert_int_equal(num(get(s, "by_type"), "visual-inspection"), 2);
    assert_int_equal(num(get(s, "by_type"), "paper-document"), 1); /* listed twice by the rule: once */
    assert_int_equal(cJSON_GetArraySize(get(cJSON_GetArrayItem(fs, 2), "analog_types")), 2);
    static const char *const rule_keys[] = {"analog.paper-document", "analog.visual-inspection",
                                            "kpi.effect-missing"};
    assert_keys(get(s, "by_rule"), rule_keys, 3);
    cJSON_Delete(j);
    free(out);
    shn_result_free(r);
}

static void json_report_should_be_pretty_utf8_and_deterministic(void **state) {
    (void)state;
    shn_result *r = sample();
    char *a = render(r, "json", 0, SHN_SEV_NONE);
    char *b = render(r, "json", 1, SHN_SEV_NONE); /* colour does not touch json */
    assert_string_equal(a, b);
    const char *head = "{\n  \"tool\": {\n    \"name\": \"shinsa\",\n    \"version\": \"" SHN_VERSION "\"\n  },\n"
                       "  \"inputs\": [\n    {\n      \"file\": \"laws/347AC0000000057.xml\",\n";
    assert_true(strncmp(a, head, strlen(head)) == 0);
    assert_null(strchr(a, '\t'));
    assert_null(strstr(a, "\\u"));                 /* non-ASCII as UTF-8 */
    assert_non_null(strstr(a, "\"snippet\": \"" TEXT1 "\""));
    assert_non_null(strstr(a, "\"confidence\": 0.85,")); /* not 0.849999999 */
    assert_non_null(strstr(a, "\"confidence\": 0.7,"));
    assert_non_null(strstr(a, "\"confidence\": 1.0,"));
    assert_non_null(strstr(a, "\"related\": [],"));
    assert_non_null(strstr(a, "\"match\": null,"));
    assert_non_null(strstr(a, "\"analog_types\": [\n        \"visual-inspection\",\n        \"on-site-audit\"\n      ],"));
    assert_true(a[strlen(a) - 1] == '\n' && a[strlen(a) - 2] == '}');
    free(a);
    free(b);
    shn_result_free(r);
}

static void json_report_should_escape_controls_and_invalid_utf8(void **state) {
    (void)state;
    shn_result *r = sample();
    shn_finding *f = r->findings.items[1];
    assert_int_equal(shn__set_str(&f->message, "a\"b\\c\nd\x01" "e\xff" "f/日"), 0);
    char *out = render(r, "json", 0, SHN_SEV_NONE);
    assert_non_null(strstr(out, "\"message\": \"a\\\"b\\\\c\\nd\\u0001e\xEF\xBF\xBD" "f/日\""));
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    cJSON_Delete(j);
    free(out);
    shn_result_free(r);
}

static void json_report_should_respect_min_severity(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = render(r, "json", 0, SHN_SEV_WARNING);
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    assert_int_equal(cJSON_GetArraySize(get(j, "findings")), 2);
    const cJSON *s = get(j, "summary");
    assert_int_equal(num(s, "findings"), 2);
    assert_int_equal(num(get(s, "by_severity"), "info"), 0);
    assert_null(cJSON_GetObjectItemCaseSensitive(get(s, "by_type"), "paper-document"));
    assert_int_equal(num(get(s, "by_type"), "visual-inspection"), 1);
    assert_null(cJSON_GetObjectItemCaseSensitive(get(s, "by_rule"), "analog.paper-document"));
    assert_int_equal(cJSON_GetArraySize(get(j, "diagnostics")), 2); /* diagnostics are not filtered */
    cJSON_Delete(j);
    free(out);
    shn_result_free(r);
}

static void json_report_should_render_empty_result(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *out = render(r, "json", 0, SHN_SEV_NONE);
    assert_non_null(strstr(out, "\"inputs\": [],\n  \"findings\": [],\n  \"diagnostics\": [],"));
    assert_non_null(strstr(out, "\"by_type\": {},\n    \"by_rule\": {}\n  }\n}\n"));
    cJSON *schema = load_schema();
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    char why[1024];
    assert_true(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_Delete(j);
    cJSON_Delete(schema);
    free(out);
    shn_result_free(r);
}

static void json_report_should_match_schema(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = render(r, "json", 0, SHN_SEV_NONE);
    cJSON *schema = load_schema();
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    char why[1024];
    int ok = schema_ok(schema, NULL, j, why, sizeof why);
    if (!ok) fail_msg("schema: %s", why);

    /* the validator really checks: break the report in several ways */
    cJSON *f0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "findings"), 0);
    cJSON *taken = cJSON_DetachItemFromObjectCaseSensitive(f0, "suggestion");
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    assert_non_null(strstr(why, "suggestion"));
    cJSON_AddItemToObject(f0, "suggestion", taken);
    assert_true(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_AddStringToObject(f0, "extra", "x");
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_DeleteItemFromObjectCaseSensitive(f0, "extra");
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "severity", cJSON_CreateString("fatal"));
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "severity", cJSON_CreateString("error"));
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "fingerprint", cJSON_CreateString("XYZ"));
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "fingerprint", cJSON_CreateString("0123456789abcdef"));
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "confidence", cJSON_CreateNumber(1.5));
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "confidence", cJSON_CreateNumber(0.5));
    assert_true(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON *types = cJSON_GetObjectItemCaseSensitive(f0, "analog_types");
    cJSON_AddItemToArray(types, cJSON_CreateString("visual-inspection")); /* repeated */
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_DeleteItemFromArray(types, 2);
    cJSON_AddItemToArray(types, cJSON_CreateString("telepathy")); /* unknown type */
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_DeleteItemFromArray(types, 2);
    cJSON_ReplaceItemInObjectCaseSensitive(f0, "address", cJSON_CreateObject());
    assert_false(schema_ok(schema, NULL, j, why, sizeof why));
    cJSON_Delete(j);
    cJSON_Delete(schema);
    free(out);
    shn_result_free(r);
}

/* ---- ndjson ------------------------------------------------------------------------------------------ */

static void ndjson_should_write_one_finding_per_line(void **state) {
    (void)state;
    shn_result *r = sample();
    /* a newline inside a field must not split the line */
    assert_int_equal(shn__set_str(&((shn_finding *)r->findings.items[1])->suggestion, "一行目\n二行目"), 0);
    char *out = render(r, "ndjson", 0, SHN_SEV_NONE);
    cJSON *schema = load_schema();
    size_t lines = 0;
    char *save = NULL;
    assert_true(out[strlen(out) - 1] == '\n');
    /* the findings first, each the json report's finding object; then a record per input and per diagnostic
     * and the summary last, each valid as the schema's ndjsonLine */
    size_t n_in = shn_result_input_count(r), n_diag = shn_result_diagnostic_count(r);
    assert_true(n_in >= 1);
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        cJSON *f = cJSON_Parse(line);
        assert_non_null(f);
        char why[1024];
        if (!schema_ok(schema, "#/$defs/ndjsonLine", f, why, sizeof why)) fail_msg("schema: %s: %s", why, line);
        if (lines < 3) {
            assert_keys(f, finding_keys, SHN__ARRAY_LEN(finding_keys));
            assert_string_equal(get(f, "rule")->valuestring, shn_result_finding(r, lines)->rule);
            if (!schema_ok(schema, "#/$defs/finding", f, why, sizeof why)) fail_msg("schema: %s", why);
        } else if (lines < 3 + n_in) {
            assert_string_equal(get(f, "record")->valuestring, "input");
            assert_string_equal(get(f, "file")->valuestring, shn_result_input(r, lines - 3)->file);
            assert_string_equal(get(f, "status")->valuestring, shn_result_input(r, lines - 3)->status);
        } else if (lines < 3 + n_in + n_diag) {
            assert_string_equal(get(f, "record")->valuestring, "diagnostic");
        } else {
            assert_string_equal(get(f, "record")->valuestring, "summary");
            assert_int_equal(num(f, "findings"), 3);
            assert_int_equal(num(f, "inputs"), (int)n_in);
        }
        cJSON_Delete(f);
        lines++;
    }
    assert_int_equal(lines, 3 + n_in + n_diag + 1);
    free(out);
    out = render(r, "ndjson", 0, SHN_SEV_ERROR);
    const char *first = "{\"rule\":\"analog.visual-inspection\",\"severity\":\"error\",", *rec = "{\"record\":\"input\",";
    assert_memory_equal(out, first, strlen(first));
    char *second = strchr(out, '\n') + 1;   /* exactly one finding line: the next is a record */
    assert_memory_equal(second, rec, strlen(rec));
    assert_non_null(strstr(out, "\"findings\":1,"));
    free(out);
    shn_result *empty = shn__result_new();
    assert_non_null(empty);
    out = render(empty, "ndjson", 0, SHN_SEV_NONE);
    /* no input and no finding: the summary alone, so a consumer still sees that nothing was checked */
    assert_string_equal(out, "{\"record\":\"summary\",\"inputs\":0,\"inputs_by_status\":{\"ok\":0,\"skipped\":0,"
                             "\"error\":0},\"findings\":0,\"suppressed\":{\"inline\":0,\"waiver\":0,\"baseline\":0},"
                             "\"by_severity\":{\"error\":0,\"warning\":0,\"info\":0},\"by_type\":{},\"by_rule\":{}}\n");
    free(out);
    shn_result_free(empty);
    cJSON_Delete(schema);
    shn_result_free(r);
}

/* ---- text -------------------------------------------------------------------------------------------- */

static const char *const golden_plain =
    "laws/347AC0000000057.xml:12:9: error analog.visual-inspection  第四十五条第一項\n"
    "  目視による確認を求めています\n"
    "  (requires visual inspection)\n"
    "  │ 事業者は、【目視】により点検しなければならない。\n"
    "  → 提案 (suggestion): 「目視その他の方法」と改める\n"
    "  関連 (related): 347AC0000000057#main:45:2::1 第四十五条第二項 政令で定める方法を確認\n"
    "\n"
    "measures.yaml:3:5: warning kpi.effect-missing  施策 1-1\n"
    "  効果KPIがありません (no effect KPI)\n"
    "  │ デジタル社会の実現\n"
    "\n"
    "measures.yaml:4:7: info analog.paper-document  施策 1-2\n"
    "  書面の提出を求めています (requires paper)\n"
    "  │ 申請書を【書面】で提出する。\n"
    "\n"
    "measures.yaml:2:1: warning: 不明なキーです (unknown key): foo\n"
    "shinsa: error: ルールが失敗しました (rule failed) [kpi.broken]\n"
    "\n"
    "3 件の指摘 (3 findings: 1 error, 1 warning, 1 info) in 2 files; 2 diagnostics\n";

#define DIM "\x1b[2m"
#define RST "\x1b[0m"
#define BOLD "\x1b[1m"
static const char *const golden_color =
    DIM "laws/347AC0000000057.xml:12:9:" RST " \x1b[31m" "error" RST " " BOLD "analog.visual-inspection" RST
    "  第四十五条第一項\n"
    "  目視による確認を求めています\n"
    "  (requires visual inspection)\n"
    "  " DIM "│" RST " 事業者は、\x1b[1;4m目視" RST "により点検しなければならない。\n"
    "  → 提案 (suggestion): 「目視その他の方法」と改める\n"
    "  関連 (related): 347AC0000000057#main:45:2::1 第四十五条第二項 政令で定める方法を確認\n"
    "\n"
    DIM "measures.yaml:3:5:" RST " \x1b[33m" "warning" RST " " BOLD "kpi.effect-missing" RST "  施策 1-1\n"
    "  効果KPIがありません (no effect KPI)\n"
    "  " DIM "│" RST " デジタル社会の実現\n"
    "\n"
    DIM "measures.yaml:4:7:" RST " \x1b[34m" "info" RST " " BOLD "analog.paper-document" RST "  施策 1-2\n"
    "  書面の提出を求めています (requires paper)\n"
    "  " DIM "│" RST " 申請書を\x1b[1;4m書面" RST "で提出する。\n"
    "\n"
    DIM "measures.yaml:2:1:" RST " \x1b[33m" "warning" RST ": 不明なキーです (unknown key): foo\n"
    DIM "shinsa:" RST " \x1b[31m" "error" RST ": ルールが失敗しました (rule failed) [kpi.broken]\n"
    "\n"
    BOLD "3 件の指摘 (3 findings: 1 error, 1 warning, 1 info) in 2 files; 2 diagnostics" RST "\n";

static void text_report_should_match_golden_without_colour(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = render(r, "text", 0, SHN_SEV_NONE);
    assert_string_equal(out, golden_plain);
    assert_null(strchr(out, '\x1b'));
    char *again = render(r, "text", 0, SHN_SEV_NONE);
    assert_string_equal(out, again);
    free(again);
    free(out);
    shn_result_free(r);
}

static void text_report_should_match_golden_with_colour(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = render(r, "text", 1, SHN_SEV_NONE);
    assert_string_equal(out, golden_color);
    free(out);
    shn_result_free(r);
}

static void text_report_should_filter_and_count_shown_findings(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = render(r, "text", 0, SHN_SEV_ERROR);
    assert_null(strstr(out, "kpi.effect-missing  "));
    assert_non_null(strstr(out, "\n1 件の指摘 (1 finding: 1 error, 0 warnings, 0 info) in 1 file; 2 diagnostics\n"));
    free(out);
    shn_result_free(r);
}

static void text_report_should_say_no_findings(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *out = render(r, "text", 0, SHN_SEV_NONE);
    assert_string_equal(out, "問題は見つかりませんでした (no findings)\n");
    free(out);
    shn__diag_add(&r->diags, "x.yaml", 0, 0, SHN_SEV_ERROR, NULL, "読めません (cannot read)");
    out = render(r, "text", 0, SHN_SEV_NONE);
    assert_string_equal(out, "x.yaml: error: 読めません (cannot read)\n\n"
                             "問題は見つかりませんでした (no findings); 1 diagnostic\n");
    free(out);
    shn_result_free(r);
}

static shn_finding *snippet_finding(const char *snippet, long ms, long me) {
    shn_finding *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->rule = strdup("analog.x");
    f->severity = SHN_SEV_WARNING;
    f->file = strdup("a.txt");
    f->line = 1;
    f->column = 1;
    f->snippet = strdup(snippet);
    f->match_start = ms;
    f->match_end = me;
    f->match_text = ms >= 0 ? strdup("m") : NULL;
    return f;
}

static char *repeat(const char *s, int n) {
    size_t len = strlen(s);
    char *p = malloc(len * (size_t)n + 1);
    assert_non_null(p);
    for (int i = 0; i < n; i++) memcpy(p + len * (size_t)i, s, len);
    p[len * (size_t)n] = '\0';
    return p;
}

/* The "  │ …" line of a one-finding text report. */
static char *snippet_line(const char *snippet, long ms, long me) {
    shn_result *r = shn__result_new();
    assert_non_null(r);
    push_finding(r, snippet_finding(snippet, ms, me));
    char *out = render(r, "text", 0, SHN_SEV_NONE);
    char *p = strstr(out, "  │ ");
    assert_non_null(p);
    char *e = strchr(p, '\n');
    char *line = strndup(p, (size_t)(e - p));
    free(out);
    shn_result_free(r);
    return line;
}

static void text_report_should_cut_long_snippets_around_match(void **state) {
    (void)state;
    char *a100 = repeat("あ", 100), *i98 = repeat("い", 98), *a40 = repeat("あ", 40), *i40 = repeat("い", 40);
    char snippet[2048], want[2048];
    snprintf(snippet, sizeof snippet, "%s目視%s", a100, i98);
    snprintf(want, sizeof want, "  │ …%s【目視】%s…", a40, i40);
    char *line = snippet_line(snippet, 100, 102);
    assert_string_equal(line, want);
    free(line);

    /* near the start: nothing cut before */
    char *a3 = repeat("あ", 3);
    snprintf(snippet, sizeof snippet, "%s目視%s", a3, i98);
    snprintf(want, sizeof want, "  │ %s【目視】%s…", a3, i40);
    line = snippet_line(snippet, 3, 5);
    assert_string_equal(line, want);
    free(line);

    /* exactly 40 after the match: nothing cut after */
    snprintf(snippet, sizeof snippet, "%s目視%s", a3, i40);
    snprintf(want, sizeof want, "  │ %s【目視】%s", a3, i40);
    line = snippet_line(snippet, 3, 5);
    assert_string_equal(line, want);
    free(line);

    /* no match: the first 80 code points */
    char *a80 = repeat("あ", 80);
    snprintf(snippet, sizeof snippet, "%s%s", a100, i98);
    snprintf(want, sizeof want, "  │ %s…", a80);
    line = snippet_line(snippet, -1, -1);
    assert_string_equal(line, want);
    free(line);

    /* a match beyond the snippet is ignored, not trusted */
    line = snippet_line("短い文", 2, 50);
    assert_string_equal(line, "  │ 短い文");
    free(line);
    free(a100);
    free(i98);
    free(a40);
    free(i40);
    free(a3);
    free(a80);
}

static void text_report_should_neutralise_control_characters(void **state) {
    (void)state;
    char *line = snippet_line("a\x1b[31mb\nc\td\xff", 0, 1);
    assert_string_equal(line, "  │ 【a】\xEF\xBF\xBD[31mb c d\xEF\xBF\xBD");
    free(line);
}

/* ---- dispatch ---------------------------------------------------------------------------------------- */

static void render_should_reject_unknown_format(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *out = (char *)"sentinel";
    size_t len = 99;
    shn_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(shn_render(r, "xml", NULL, &out, &len, &err), SHN_E_USAGE);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_int_equal(err.code, SHN_E_USAGE);
    assert_non_null(strstr(err.message, "xml"));
    assert_non_null(strstr(err.message, "unknown format"));
    assert_non_null(strstr(err.message, "text, json, ndjson"));
    assert_int_equal(shn_render(r, NULL, NULL, &out, &len, NULL), SHN_E_USAGE);
    assert_int_equal(shn_render(NULL, "json", NULL, &out, &len, NULL), SHN_E_USAGE);
    assert_int_equal(shn_render(r, "json", NULL, NULL, &len, NULL), SHN_E_USAGE);
    assert_true(shn_format_known("text"));
    assert_true(shn_format_known("json"));
    assert_true(shn_format_known("ndjson"));
    assert_false(shn_format_known("JSON"));
    assert_false(shn_format_known("xml"));
    assert_false(shn_format_known(""));
    assert_false(shn_format_known(NULL));
    /* NULL options and NULL len are fine */
    assert_int_equal(shn_render(r, "text", NULL, &out, NULL, NULL), SHN_OK);
    assert_string_equal(out, "問題は見つかりませんでした (no findings)\n");
    shn_free(out);
    shn_result_free(r);
}


/* GitHub code scanning takes at most 25,000 results a run: past that the most severe are kept and a warning
 * notification says how many were left out. */
static void sarif_should_keep_the_most_severe_within_the_results_limit(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *types[] = {"visual-inspection"};
    shn_rule info = rule_of("analog.visual-inspection", SHN_SEV_INFO, "digital-completion", types, 1);
    shn_rule err = rule_of("analog.on-site-audit", SHN_SEV_ERROR, "digital-completion", types, 1);
    shn_unit u = law_unit();
    for (int i = 0; i < 25003; i++) {   /* info findings first, two errors last */
        shn_finding *f = shn__finding_new(i >= 25001 ? &err : &info, &u);
        assert_non_null(f);
        assert_int_equal(shn__set_str(&f->message, "目視"), 0);
        assert_int_equal(shn__finding_finish(f, &u), 0);
        push_finding(r, f);
    }
    char *out = NULL;
    size_t len = 0;
    shn_error e = {0};
    shn_render_options o = {.min_severity = SHN_SEV_NONE, .fail_on = SHN_SEV_WARNING};
    assert_int_equal(shn_render(r, "sarif", &o, &out, &len, &e), SHN_OK);
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    const cJSON *run = cJSON_GetArrayItem(get(j, "runs"), 0);
    const cJSON *results = get(run, "results");
    assert_int_equal(cJSON_GetArraySize(results), 25000);
    size_t errors = 0;
    for (const cJSON *x = results->child; x; x = x->next) errors += strcmp(get(x, "level")->valuestring, "error") == 0;
    assert_int_equal(errors, 2);
    const cJSON *inv = cJSON_GetArrayItem(get(run, "invocations"), 0);
    assert_int_equal(num(inv, "exitCode"), 1);
    const cJSON *notes = get(inv, "toolExecutionNotifications");
    assert_int_equal(cJSON_GetArraySize(notes), 1);
    assert_non_null(strstr(get(get(notes->child, "message"), "text")->valuestring, "the 3 least severe"));
    cJSON_Delete(j);
    shn_free(out);
    shn_result_free(r);
}


/* GitHub code scanning takes at most 10 MB of gzip-compressed SARIF: past the byte limit the most severe
 * results are kept, the file compresses to no more than the limit, and a warning notification says how many
 * were left out and why; *left_out says it to the caller. The texts are made hard to compress. */
static void sarif_should_fit_the_gzip_size_limit(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *types[] = {"visual-inspection"};
    shn_rule info = rule_of("analog.visual-inspection", SHN_SEV_INFO, "digital-completion", types, 1);
    shn_rule err = rule_of("analog.on-site-audit", SHN_SEV_ERROR, "digital-completion", types, 1);
    shn_unit u = law_unit();
    unsigned long x = 12345;
    for (int i = 0; i < 400; i++) {   /* errors at 0, 100, 200, 300; the rest info */
        shn_finding *f = shn__finding_new(i % 100 == 0 ? &err : &info, &u);
        assert_non_null(f);
        char msg[400];
        size_t k = 0;
        for (; k < 300; k++) {   /* pseudo-random letters: little for gzip to take away */
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            msg[k] = (char)('a' + (x >> 33) % 26);
        }
        msg[k] = 0;
        assert_int_equal(shn__set_str(&f->message, msg), 0);
        assert_int_equal(shn__finding_finish(f, &u), 0);
        push_finding(r, f);
    }
    char *out = NULL;
    size_t len = 0, left = 0;
    shn_error e = {0};
    shn_render_options o = {.min_severity = SHN_SEV_NONE, .fail_on = SHN_SEV_WARNING};
    assert_int_equal(shn_render(r, "sarif", &o, &out, &len, &e), SHN_OK);
    size_t whole = shn__gzip_size(out, len);
    assert_true(whole > 60000 && whole < 400000);   /* every result kept by default: 400 × 300 random letters */
    shn_free(out);
    o.sarif_max_bytes = 60000;
    o.left_out = &left;
    assert_int_equal(shn_render(r, "sarif", &o, &out, &len, &e), SHN_OK);
    assert_true(shn__gzip_size(out, len) <= 60000);
    cJSON *j = cJSON_Parse(out);
    assert_non_null(j);
    const cJSON *run = cJSON_GetArrayItem(get(j, "runs"), 0);
    const cJSON *results = get(run, "results");
    size_t kept = (size_t)cJSON_GetArraySize(results), errors = 0;
    for (const cJSON *y = results->child; y; y = y->next) errors += strcmp(get(y, "level")->valuestring, "error") == 0;
    assert_int_equal(errors, 4);                  /* the most severe stay */
    assert_true(kept > 100 && kept < 400);        /* close to the limit, not far below it */
    assert_int_equal(left, 400 - kept);
    const cJSON *notes = get(cJSON_GetArrayItem(get(run, "invocations"), 0), "toolExecutionNotifications");
    assert_int_equal(cJSON_GetArraySize(notes), 1);
    assert_string_equal(get(notes->child, "level")->valuestring, "warning");
    char want[64];
    snprintf(want, sizeof want, "the %zu least severe", left);
    assert_non_null(strstr(get(get(notes->child, "message"), "text")->valuestring, want));
    assert_non_null(strstr(get(get(notes->child, "message"), "text")->valuestring, "60000 bytes gzip-compressed"));
    /* the gzip size is what gzip(1) writes: a known value */
    assert_int_equal(shn__gzip_size("", 0), 20);
    cJSON_Delete(j);
    shn_free(out);
    shn_result_free(r);
}


/* A pull-request comment stays within GitHub's 65,536 characters, saying how many findings it left out; a
 * CSV cell that a spreadsheet would take for a formula is defused. */
static void markdown_should_stay_within_the_comment_limit_and_csv_defuses_formulas(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    char *types[] = {"visual-inspection"};
    shn_rule rule = rule_of("analog.visual-inspection", SHN_SEV_WARNING, "digital-completion", types, 1);
    shn_unit u = law_unit();
    for (int i = 0; i < 3000; i++) {
        shn_finding *f = shn__finding_new(&rule, &u);
        assert_non_null(f);
        assert_int_equal(shn__set_str(&f->message, "=HYPERLINK(\"x\") 目視による確認を求めています"), 0);
        assert_int_equal(shn__finding_finish(f, &u), 0);
        push_finding(r, f);
    }
    char *out = NULL;
    size_t len = 0;
    shn_error e = {0};
    shn_render_options o = {.min_severity = SHN_SEV_NONE, .fail_on = SHN_SEV_WARNING};
    assert_int_equal(shn_render(r, "markdown", &o, &out, &len, &e), SHN_OK);
    size_t chars = shn__utf8_len(out, len);
    assert_true(chars < 65536);
    assert_non_null(strstr(out, "findings not shown"));
    assert_non_null(strstr(out, "all 3000 findings"));
    shn_free(out);
    assert_int_equal(shn_render(r, "csv", &o, &out, &len, &e), SHN_OK);
    assert_non_null(strstr(out, ",\"'=HYPERLINK(\"\"x\"\") 目視"));
    assert_null(strstr(out, ",\"=HYPERLINK"));
    shn_free(out);
    shn_result_free(r);
}


/* On a terminal the summary line comes first too; --summary prints the counts only. */
static void text_report_should_put_the_summary_first_or_alone(void **state) {
    (void)state;
    shn_result *r = sample();
    char *out = NULL;
    size_t len = 0;
    shn_error e = {0};
    shn_render_options o = {.min_severity = SHN_SEV_NONE, .summary_first = 1};
    assert_int_equal(shn_render(r, "text", &o, &out, &len, &e), SHN_OK);
    const char *line = "3 件の指摘 (3 findings: 1 error, 1 warning, 1 info) in 2 files";
    assert_true(strncmp(out, line, strlen(line)) == 0);
    assert_non_null(strstr(out + strlen(line), line));   /* and last, as always */
    shn_free(out);
    shn_render_options so = {.min_severity = SHN_SEV_NONE, .summary_only = 1};
    assert_int_equal(shn_render(r, "text", &so, &out, &len, &e), SHN_OK);
    assert_true(strncmp(out, line, strlen(line)) == 0);
    assert_non_null(strstr(out, "規則別 (by rule):\n       1  analog.paper-document\n"));
    assert_non_null(strstr(out, "類型別 (by analog type):\n"));
    assert_null(strstr(out, "目視による確認を求めています"));   /* no finding itself */
    shn_free(out);
    shn_result_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_report_should_have_contract_shape),
        cmocka_unit_test(json_report_should_be_pretty_utf8_and_deterministic),
        cmocka_unit_test(json_report_should_escape_controls_and_invalid_utf8),
        cmocka_unit_test(json_report_should_respect_min_severity),
        cmocka_unit_test(json_report_should_render_empty_result),
        cmocka_unit_test(json_report_should_match_schema),
        cmocka_unit_test(ndjson_should_write_one_finding_per_line),
        cmocka_unit_test(text_report_should_match_golden_without_colour),
        cmocka_unit_test(text_report_should_match_golden_with_colour),
        cmocka_unit_test(text_report_should_filter_and_count_shown_findings),
        cmocka_unit_test(text_report_should_say_no_findings),
        cmocka_unit_test(text_report_should_cut_long_snippets_around_match),
        cmocka_unit_test(text_report_should_neutralise_control_characters),
        cmocka_unit_test(render_should_reject_unknown_format),
        cmocka_unit_test(sarif_should_keep_the_most_severe_within_the_results_limit),
        cmocka_unit_test(sarif_should_fit_the_gzip_size_limit),
        cmocka_unit_test(markdown_should_stay_within_the_comment_limit_and_csv_defuses_formulas),
        cmocka_unit_test(text_report_should_put_the_summary_first_or_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
