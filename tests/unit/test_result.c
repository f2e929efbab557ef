/* test_result.c — findings, fingerprints, ordering, diagnostics, accessors and exit codes (engine/result.c). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "result_int.h"
#include "rule.h"
#include "unit.h"

/* ---- hand-built rules and units ---------------------------------------------------------------------- */

static char *types_vi[] = {"visual-inspection", "on-site-audit"};

static shn_rule make_rule(const char *id, shn_severity sev) {
    shn_rule r;
    memset(&r, 0, sizeof r);
    r.id = (char *)id;
    r.pack = (char *)"analog";
    r.principle = (char *)"digital-completion";
    r.target = (char *)"law.sentence";
    r.severity = sev;
    r.analog_types = types_vi;
    r.n_analog_types = 2;
    r.enabled = 1;
    return r;
}

/* A law sentence unit; segs stay NULL/0. */
static shn_unit make_unit(const char *text, const char *address_str, unsigned line) {
    shn_unit u;
    memset(&u, 0, sizeof u);
    u.kind = "law.sentence";
    u.text = (char *)text;
    u.text_cps = shn__utf8_len(text, strlen(text));
    u.file = (char *)"laws/347AC0000000057.xml";
    u.addr.kind = "law";
    u.addr.law_id = "347AC0000000057";
    u.addr.provision = "main";
    u.addr.article = "45";
    u.addr.paragraph = "1";
    u.addr.sentence = 1;
    u.address_str = (char *)address_str;
    u.citation = (char *)"第四十五条第一項";
    u.start.line = line;
    u.start.column = 5;
    u.end.line = line;
    u.end.column = 40;
    return u;
}

#define ADDR "347AC0000000057#main:45:1::1"
#define TEXT "事業者は、目視により点検しなければならない。"

/* ---- findings ---------------------------------------------------------------------------------------- */

static void finding_new_should_fill_fields_from_rule_and_unit(void **state) {
    (void)state;
    shn_rule r = make_rule("analog.visual-inspection", SHN_SEV_WARNING);
    shn_unit u = make_unit(TEXT, ADDR, 12);
    shn_finding *f = shn__finding_new(&r, &u);
    assert_non_null(f);
    assert_string_equal(f->rule, "analog.visual-inspection");
    assert_int_equal(f->severity, SHN_SEV_WARNING);
    assert_string_equal(f->principle, "digital-completion");
    assert_int_equal(f->n_analog_types, 2);
    assert_string_equal(f->analog_types[0], "visual-inspection");
    assert_string_equal(f->analog_types[1], "on-site-audit");
    assert_ptr_not_equal(f->analog_types[0], types_vi[0]); /* copied */
    assert_string_equal(f->file, "laws/347AC0000000057.xml");
    assert_ptr_not_equal(f->file, u.file);
    assert_string_equal(f->address.kind, "law");
    assert_string_equal(f->address.law_id, "347AC0000000057");
    assert_string_equal(f->address.provision, "main");
    assert_string_equal(f->address.article, "45");
    assert_string_equal(f->address.paragraph, "1");
    assert_null(f->address.item);
    assert_null(f->address.table);
    assert_null(f->address.measure);
    assert_int_equal(f->address.sentence, 1);
    assert_ptr_not_equal(f->address.law_id, u.addr.law_id);
    assert_string_equal(f->address_str, ADDR);
    assert_string_equal(f->citation, "第四十五条第一項");
    assert_string_equal(f->snippet, TEXT);
    assert_int_equal(f->line, 12);
    assert_int_equal(f->column, 5);
    assert_int_equal(f->end_line, 12);
    assert_int_equal(f->end_column, 40);
    assert_true(f->confidence > 0.69 && f->confidence < 0.71);
    assert_int_equal(f->match_start, -1);
    assert_int_equal(f->match_end, -1);
    assert_null(f->match_text);
    assert_null(f->message);
    assert_null(f->fingerprint);
    shn__finding_free(f);
}

static void finding_new_should_reject_null_arguments(void **state) {
    (void)state;
    shn_rule r = make_rule("analog.x", SHN_SEV_INFO);
    shn_unit u = make_unit(TEXT, ADDR, 1);
    assert_null(shn__finding_new(NULL, &u));
    assert_null(shn__finding_new(&r, NULL));
    shn__finding_free(NULL); /* no-op */
}

static void finding_set_match_should_copy_code_point_span(void **state) {
    (void)state;
    shn_rule r = make_rule("analog.visual-inspection", SHN_SEV_WARNING);
    shn_unit u = make_unit(TEXT, ADDR, 1);
    shn_finding *f = shn__finding_new(&r, &u);
    assert_non_null(f);
    assert_int_equal(shn__finding_set_match(f, &u, 5, 7), 0); /* 目視 */
    assert_string_equal(f->match_text, "目視");
    assert_int_equal(f->match_start, 5);
    assert_int_equal(f->match_end, 7);
    /* replacing a match frees the previous one (ASan checks) */
    assert_int_equal(shn__finding_set_match(f, &u, 0, 3), 0);
    assert_string_equal(f->match_text, "事業者");
    /* whole text */
    assert_int_equal(shn__finding_set_match(f, &u, 0, (long)u.text_cps), 0);
    assert_string_equal(f->match_text, TEXT);
    shn__finding_free(f);
}

static void finding_set_match_should_reject_out_of_range(void **state) {
    (void)state;
    shn_rule r = make_rule("analog.visual-inspection", SHN_SEV_WARNING);
    shn_unit u = make_unit(TEXT, ADDR, 1);
    shn_finding *f = shn__finding_new(&r, &u);
    assert_non_null(f);
    assert_int_equal(shn__finding_set_match(f, &u, -1, 2), -1);
    assert_int_equal(shn__finding_set_match(f, &u, 3, 3), -1);
    assert_int_equal(shn__finding_set_match(f, &u, 4, 2), -1);
    assert_int_equal(shn__finding_set_match(f, &u, 0, (long)u.text_cps + 1), -1);
    assert_int_equal(shn__finding_set_match(f, &u, 100, 200), -1);
    assert_null(f->match_text);
    assert_int_equal(f->match_start, -1);
    assert_int_equal(f->match_end, -1);
    shn__finding_free(f);
}

static void fingerprint_should_hash_rule_address_and_match(void **state) {
    (void)state;
    char fp[17];
    /* sha256("analog.visual-inspection" 0x1F "347AC0000000057#main:45:1::1" 0x1F "目視")[:16] */
    shn__fingerprint("analog.visual-inspection", ADDR, "目視", fp);
    assert_string_equal(fp, "9b8d0a80e29fd024");
    shn__fingerprint("analog.visual-inspection", ADDR, NULL, fp);
    assert_string_equal(fp, "101abbb449f24679");
    char fp2[17];
    shn__fingerprint("analog.visual-inspection", ADDR, "", fp2);
    assert_string_equal(fp, fp2);
    /* the separators matter: moving a character across a boundary changes the hash */
    shn__fingerprint("a", "bc", "", fp);
    shn__fingerprint("ab", "c", "", fp2);
    assert_string_not_equal(fp, fp2);
}

static shn_finding *finished(const char *rule, const shn_unit *u, long ms, long me) {
    shn_rule r = make_rule(rule, SHN_SEV_WARNING);
    shn_finding *f = shn__finding_new(&r, u);
    assert_non_null(f);
    if (ms >= 0) assert_int_equal(shn__finding_set_match(f, u, ms, me), 0);
    assert_int_equal(shn__finding_finish(f, u), 0);
    return f;
}

static void fingerprint_should_not_depend_on_line_numbers(void **state) {
    (void)state;
    shn_unit u1 = make_unit(TEXT, ADDR, 10);
    shn_unit u2 = make_unit(TEXT, ADDR, 250);   /* lines added above: the same clause further down */
    u2.start.column = 1;
    shn_unit u3 = make_unit("前文が変わった。" TEXT, ADDR, 10);   /* the clause itself changed */
    shn_finding *a = finished("analog.visual-inspection", &u1, 5, 7);
    shn_finding *b = finished("analog.visual-inspection", &u2, 5, 7);
    shn_finding *c = finished("analog.visual-inspection", &u3, 13, 15);
    assert_string_equal(c->match_text, "目視");
    assert_string_equal(a->fingerprint, b->fingerprint);
    assert_string_not_equal(a->fingerprint, c->fingerprint);
    shn__finding_free(a);
    shn__finding_free(b);
    shn__finding_free(c);
}

static void fingerprint_should_differ_for_other_match_rule_or_address(void **state) {
    (void)state;
    shn_unit u = make_unit(TEXT, ADDR, 10);
    shn_unit other = make_unit(TEXT, "347AC0000000057#main:45:2::1", 10);
    shn_finding *base = finished("analog.visual-inspection", &u, 5, 7);
    shn_finding *m = finished("analog.visual-inspection", &u, 8, 10);
    shn_finding *r = finished("analog.on-site-audit", &u, 5, 7);
    shn_finding *a = finished("analog.visual-inspection", &other, 5, 7);
    shn_finding *none = finished("analog.visual-inspection", &u, -1, -1);
    assert_string_not_equal(base->fingerprint, m->fingerprint);
    assert_string_not_equal(base->fingerprint, r->fingerprint);
    assert_string_not_equal(base->fingerprint, a->fingerprint);
    assert_string_not_equal(base->fingerprint, none->fingerprint);
    assert_int_equal(strlen(none->fingerprint), 16);
    assert_int_equal(strlen(base->fingerprint), 16);
    shn__finding_free(base);
    shn__finding_free(m);
    shn__finding_free(r);
    shn__finding_free(a);
    shn__finding_free(none);
}

static void finding_finish_should_keep_unit_span_without_match(void **state) {
    (void)state;
    shn_unit u = make_unit(TEXT, ADDR, 7);
    shn_finding *f = finished("analog.visual-inspection", &u, -1, -1);
    assert_int_equal(f->line, 7);
    assert_int_equal(f->column, 5);
    assert_int_equal(f->end_line, 7);
    assert_int_equal(f->end_column, 40);
    shn__finding_free(f);
}

static void finding_finish_should_locate_match_through_unit(void **state) {
    (void)state;
    shn_unit u = make_unit(TEXT, ADDR, 7);
    shn_finding *f = finished("analog.visual-inspection", &u, 5, 7);
    unsigned l = 0, c = 0, el = 0, ec = 0;
    shn__unit_locate(&u, 5, 7, &l, &c, &el, &ec);
    if (l) {
        assert_int_equal(f->line, l);
        assert_int_equal(f->column, c);
        assert_int_equal(f->end_line, el);
        assert_int_equal(f->end_column, ec);
    } else { /* locate knows nothing: the unit's span stays */
        assert_int_equal(f->line, 7);
        assert_int_equal(f->column, 5);
    }
    shn__finding_free(f);
}

static void finding_finish_should_map_match_to_file_position(void **state) {
    (void)state;
    /* the unit's text is one double-quoted single-line scalar at 3:10 */
    shn_unit u = make_unit(TEXT, ADDR, 3);
    size_t cps = u.text_cps;
    shn_node n;
    memset(&n, 0, sizeof n);
    n.type = SHN_NODE_SCALAR;
    n.style = SHN_STYLE_QUOTED;
    n.value = TEXT;
    n.len = strlen(TEXT);
    n.start.line = n.end.line = 3;
    n.start.column = 10;
    n.end.column = (unsigned)(10 + cps + 2);
    n.start.offset = 100;
    n.end.offset = 100 + cps + 2;
    shn_segment seg = {0, cps, &n};
    u.segs = &seg;
    u.n_segs = 1;
    shn_finding *f = finished("analog.visual-inspection", &u, 5, 7); /* 目視 */
    assert_int_equal(f->line, 3);
    assert_int_equal(f->column, 16);   /* 10 + opening quote + 5 */
    assert_int_equal(f->end_line, 3);
    assert_int_equal(f->end_column, 18); /* exclusive */
    shn__finding_free(f);
}

static void finding_finish_should_clamp_confidence(void **state) {
    (void)state;
    shn_rule r = make_rule("analog.visual-inspection", SHN_SEV_WARNING);
    shn_unit u = make_unit(TEXT, ADDR, 7);
    shn_finding *f = shn__finding_new(&r, &u);
    assert_non_null(f);
    f->confidence = 1.7;
    assert_int_equal(shn__finding_finish(f, &u), 0);
    assert_true(f->confidence == 1.0);
    f->confidence = -0.2;
    assert_int_equal(shn__finding_finish(f, &u), 0); /* finishing twice replaces the fingerprint */
    assert_true(f->confidence == 0.0);
    shn__finding_free(f);
}

static void finding_helpers_should_replace_and_append(void **state) {
    (void)state;
    shn_rule r = make_rule("analog.visual-inspection", SHN_SEV_WARNING);
    shn_unit u = make_unit(TEXT, ADDR, 7);
    shn_finding *f = shn__finding_new(&r, &u);
    assert_non_null(f);
    char msg[] = "目視による点検 (visual inspection)";
    assert_int_equal(shn__set_str(&f->message, msg), 0);
    msg[0] = 'X';
    assert_string_equal(f->message, "目視による点検 (visual inspection)");
    assert_int_equal(shn__set_str(&f->message, "second"), 0);
    assert_string_equal(f->message, "second");
    assert_int_equal(shn__set_str(&f->message_en, NULL), 0);
    assert_null(f->message_en);
    const char *types[] = {"paper-document", NULL, "seal-signature", "paper-document"};
    assert_int_equal(shn__finding_set_analog_types(f, types, 4), 0);
    assert_int_equal(f->n_analog_types, 2); /* NULL entries and repeats dropped */
    assert_string_equal(f->analog_types[0], "paper-document");
    assert_string_equal(f->analog_types[1], "seal-signature");
    assert_int_equal(shn__finding_set_analog_types(f, NULL, 0), 0);
    assert_int_equal(f->n_analog_types, 0);
    assert_int_equal(shn__finding_add_related(f, "a.xml", "X#main:1:1::1", "第一条", NULL), 0);
    assert_int_equal(shn__finding_add_related(f, NULL, NULL, NULL, "政令を確認 (check the order)"), 0);
    assert_int_equal(f->n_related, 2);
    assert_string_equal(f->related[0].file, "a.xml");
    assert_string_equal(f->related[0].citation, "第一条");
    assert_null(f->related[0].note);
    assert_null(f->related[1].file);
    assert_string_equal(f->related[1].note, "政令を確認 (check the order)");
    shn__finding_free(f);
}

/* ---- ordering ---------------------------------------------------------------------------------------- */

typedef struct { shn_finding *f; size_t unit; } ordered;

static int cmp_ordered(const void *a, const void *b) {
    const ordered *x = a, *y = b;
    return shn__finding_cmp(x->f, x->unit, y->f, y->unit);
}

static shn_finding *fake(const char *file, const char *rule, long ms, const char *msg, const char *fp) {
    shn_finding *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->file = file ? strdup(file) : NULL;
    f->rule = strdup(rule);
    f->match_start = ms;
    f->match_end = ms < 0 ? -1 : ms + 1;
    f->message = msg ? strdup(msg) : NULL;
    f->fingerprint = fp ? strdup(fp) : NULL;
    return f;
}

static void finding_cmp_should_order_by_file_unit_rule_match_message_fingerprint(void **state) {
    (void)state;
    /* expected order */
    ordered want[] = {
        {fake(NULL, "z.z", 0, "m", "0"), 0},          /* NULL file first */
        {fake("a.yaml", "z.z", 0, "m", "0"), 0},
        {fake("a.yaml", "a.a", 0, "m", "0"), 1},      /* unit order before rule id */
        {fake("a.yaml", "b.b", -1, "m", "0"), 1},
        {fake("a.yaml", "b.b", 3, "m", "0"), 1},      /* match start */
        {fake("a.yaml", "b.b", 3, "n", "0"), 1},      /* message */
        {fake("a.yaml", "b.b", 3, "n", "1"), 1},      /* fingerprint */
        {fake("a.yaml", "b.b", 3, "n", "1"), 2},
        {fake("b.yaml", "a.a", 0, "m", "0"), 0},      /* file before unit */
    };
    size_t n = SHN__ARRAY_LEN(want);
    ordered got[SHN__ARRAY_LEN(want)];
    /* a fixed shuffle */
    size_t perm[] = {5, 8, 1, 7, 0, 3, 6, 2, 4};
    for (size_t i = 0; i < n; i++) got[i] = want[perm[i]];
    qsort(got, n, sizeof *got, cmp_ordered);
    for (size_t i = 0; i < n; i++) assert_ptr_equal(got[i].f, want[i].f);
    for (size_t i = 0; i + 1 < n; i++) {
        assert_true(shn__finding_cmp(want[i].f, want[i].unit, want[i + 1].f, want[i + 1].unit) < 0);
        assert_true(shn__finding_cmp(want[i + 1].f, want[i + 1].unit, want[i].f, want[i].unit) > 0);
    }
    assert_int_equal(shn__finding_cmp(want[3].f, 1, want[3].f, 1), 0);
    for (size_t i = 0; i < n; i++) shn__finding_free(want[i].f);
}

/* ---- diagnostics ------------------------------------------------------------------------------------- */

static void diag_add_should_format_and_copy(void **state) {
    (void)state;
    shn_diags d = {0};
    char file[] = "x.yaml";
    shn__diag_add(&d, file, 3, 7, SHN_SEV_ERROR, "analog.x", "必須の項目がありません (missing required field): %s", "id");
    file[0] = 'y';
    shn__diag_add(&d, "", 0, 0, SHN_SEV_WARNING, "", "plain %d", 5);
    assert_int_equal(d.items.n, 2);
    shn_diagnostic *g = d.items.items[0];
    assert_string_equal(g->file, "x.yaml");
    assert_int_equal(g->line, 3);
    assert_int_equal(g->column, 7);
    assert_int_equal(g->level, SHN_SEV_ERROR);
    assert_string_equal(g->rule, "analog.x");
    assert_string_equal(g->message, "必須の項目がありません (missing required field): id");
    g = d.items.items[1];
    assert_null(g->file); /* empty strings become absent */
    assert_null(g->rule);
    assert_string_equal(g->message, "plain 5");
    shn__diags_free(&d);
    assert_int_equal(d.items.n, 0);
    shn__diags_free(&d); /* twice is harmless */
}

static void diag_add_error_should_copy_error_struct(void **state) {
    (void)state;
    shn_diags d = {0};
    shn_error e;
    memset(&e, 0, sizeof e);
    e.code = SHN_E_PARSE;
    snprintf(e.file, sizeof e.file, "bad.yaml");
    e.line = 4;
    e.column = 2;
    snprintf(e.message, sizeof e.message, "構文エラー (syntax error)");
    shn__diag_add_error(&d, &e, SHN_SEV_ERROR);
    memset(&e, 0, sizeof e);
    e.code = SHN_E_LIMIT;
    snprintf(e.rule, sizeof e.rule, "kpi.x");
    shn__diag_add_error(&d, &e, SHN_SEV_WARNING); /* empty message: the status text */
    assert_int_equal(d.items.n, 2);
    shn_diagnostic *g = d.items.items[0];
    assert_string_equal(g->file, "bad.yaml");
    assert_int_equal(g->line, 4);
    assert_int_equal(g->column, 2);
    assert_null(g->rule);
    assert_string_equal(g->message, "構文エラー (syntax error)");
    g = d.items.items[1];
    assert_null(g->file);
    assert_string_equal(g->rule, "kpi.x");
    assert_string_equal(g->message, shn_strerror(SHN_E_LIMIT));
    assert_int_equal(g->level, SHN_SEV_WARNING);
    shn__diags_free(&d);
}

/* ---- results ----------------------------------------------------------------------------------------- */

static shn_input *make_input(const char *file) {
    shn_input *in = calloc(1, sizeof *in);
    assert_non_null(in);
    in->file = strdup(file);
    in->kind = strdup("law");
    in->status = strdup("ok");
    return in;
}

static void add_finding(shn_result *r, const char *rule, shn_severity sev) {
    shn_rule ru = make_rule(rule, sev);
    shn_unit u = make_unit(TEXT, ADDR, 1);
    shn_finding *f = shn__finding_new(&ru, &u);
    assert_non_null(f);
    assert_int_equal(shn__finding_finish(f, &u), 0);
    assert_int_equal(shn__vec_push(&r->findings, f), 0);
}

static void result_accessors_should_bound_check(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    assert_int_equal(shn_result_finding_count(r), 0);
    assert_null(shn_result_finding(r, 0));
    add_finding(r, "analog.a", SHN_SEV_INFO);
    add_finding(r, "analog.b", SHN_SEV_ERROR);
    assert_int_equal(shn__vec_push(&r->inputs, make_input("a.xml")), 0);
    shn__diag_add(&r->diags, "a.xml", 1, 1, SHN_SEV_WARNING, NULL, "w");
    assert_int_equal(shn_result_finding_count(r), 2);
    assert_string_equal(shn_result_finding(r, 1)->rule, "analog.b");
    assert_null(shn_result_finding(r, 2));
    assert_int_equal(shn_result_input_count(r), 1);
    assert_string_equal(shn_result_input(r, 0)->file, "a.xml");
    assert_null(shn_result_input(r, 1));
    assert_int_equal(shn_result_diagnostic_count(r), 1);
    assert_string_equal(shn_result_diagnostic(r, 0)->message, "w");
    assert_null(shn_result_diagnostic(r, 1));
    /* NULL result */
    assert_int_equal(shn_result_finding_count(NULL), 0);
    assert_null(shn_result_finding(NULL, 0));
    assert_int_equal(shn_result_diagnostic_count(NULL), 0);
    assert_null(shn_result_diagnostic(NULL, 0));
    assert_int_equal(shn_result_input_count(NULL), 0);
    assert_null(shn_result_input(NULL, 0));
    shn_result_free(r); /* frees findings, inputs and diagnostics (leak check under ASan) */
    shn_result_free(NULL);
    shn__input_free(NULL);
}

static void result_exit_code_should_follow_precedence(void **state) {
    (void)state;
    shn_result *r = shn__result_new();
    assert_non_null(r);
    /* clean */
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 0);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_INFO), 0);
    /* an info finding: 1 only when failing on info */
    add_finding(r, "analog.a", SHN_SEV_INFO);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 0);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_ERROR), 0);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_INFO), 1);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_NONE), 0);
    /* a warning */
    add_finding(r, "analog.b", SHN_SEV_WARNING);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 1);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_ERROR), 0);
    /* an error */
    add_finding(r, "analog.c", SHN_SEV_ERROR);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_ERROR), 1);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_NONE), 0);
    /* incomplete beats findings */
    r->incomplete = 1;
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 3);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_NONE), 3);
    /* input error beats incomplete */
    r->input_error = 1;
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 2);
    r->incomplete = 0;
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_NONE), 2);
    assert_int_equal(shn_result_exit_code(NULL, SHN_SEV_WARNING), 2);
    shn_result_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finding_new_should_fill_fields_from_rule_and_unit),
        cmocka_unit_test(finding_new_should_reject_null_arguments),
        cmocka_unit_test(finding_set_match_should_copy_code_point_span),
        cmocka_unit_test(finding_set_match_should_reject_out_of_range),
        cmocka_unit_test(fingerprint_should_hash_rule_address_and_match),
        cmocka_unit_test(fingerprint_should_not_depend_on_line_numbers),
        cmocka_unit_test(fingerprint_should_differ_for_other_match_rule_or_address),
        cmocka_unit_test(finding_finish_should_keep_unit_span_without_match),
        cmocka_unit_test(finding_finish_should_locate_match_through_unit),
        cmocka_unit_test(finding_finish_should_map_match_to_file_position),
        cmocka_unit_test(finding_finish_should_clamp_confidence),
        cmocka_unit_test(finding_helpers_should_replace_and_append),
        cmocka_unit_test(finding_cmp_should_order_by_file_unit_rule_match_message_fingerprint),
        cmocka_unit_test(diag_add_should_format_and_copy),
        cmocka_unit_test(diag_add_error_should_copy_error_struct),
        cmocka_unit_test(result_accessors_should_bound_check),
        cmocka_unit_test(result_exit_code_should_follow_precedence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
