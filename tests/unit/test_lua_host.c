/* test_lua_host.c — the sandboxed Lua host: pack and rule loading with diagnostics, ctx:report, lexicons,
 * unit tables, one test per sandbox escape route, instruction and memory limits, inline examples.
 * Fixture packs live in tests/fixtures/packs/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "lua_host.h"
#include "lua_pattern.h"
#include "rule.h"
#include "testutil.h"
#include "unit.h"
#include "util.h"

/* ---- helpers ---------------------------------------------------------------------------------------- */

typedef struct {
    shn_lua *L;
    shn_vec rules;        /* shn_rule * */
    shn_diags diags;      /* loading diagnostics */
} fixture;

static void assert_contains(const char *hay, const char *needle) {
    if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = s ? strlen(s) : 0, m = strlen(suffix);
    return s && n >= m && strcmp(s + n - m, suffix) == 0;
}

static volatile int cancel_flag;   /* the states' cancel flag (shn_options.cancel): set by a "signal" */

static shn_lua *new_state(uint64_t instructions, size_t memory) {
    shn_lua_limits lim = {.stdlib_dir = tu_src("stdlib"), .instructions = instructions, .memory = memory,
                          .cancel = &cancel_flag};
    shn_error err = {0};
    shn_lua *L = shn__lua_new(&lim, &err);
    if (!L) fail_msg("shn__lua_new: %s", err.message);
    return L;
}

static shn_status load_pack(shn_lua *L, const char *name, shn_vec *rules, shn_diags *diags) {
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/packs/%s", name);
    shn_pack *p = NULL;
    shn_error err = {0};
    if (shn__pack_load(tu_src(rel), &p, &err) != SHN_OK) fail_msg("pack %s: %s", name, err.message);
    shn_status st = shn__lua_load_pack(L, p, rules, diags);
    shn__pack_free(p);   /* the state keeps what it needs */
    return st;
}

static fixture *fx_new(const char *pack, uint64_t instructions, size_t memory) {
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->L = new_state(instructions, memory);
    load_pack(f->L, pack, &f->rules, &f->diags);
    return f;
}

static void fx_free(fixture *f) {
    if (!f) return;
    shn__lua_free(f->L);
    for (size_t i = 0; i < f->rules.n; i++) shn__rule_free(f->rules.items[i]);
    shn__vec_free(&f->rules);
    shn__diags_free(&f->diags);
    free(f);
}

static const shn_rule *rule_of(const fixture *f, const char *id) {
    for (size_t i = 0; i < f->rules.n; i++) {
        const shn_rule *r = f->rules.items[i];
        if (strcmp(r->id, id) == 0) return r;
    }
    fail_msg("rule %s not loaded", id);
    return NULL;
}

/* A hand-built unit (no doc behind it unless data is set). */
static shn_unit *mk_unit(const char *kind, const char *text) {
    shn_unit *u = calloc(1, sizeof *u);
    assert_non_null(u);
    u->kind = kind;
    u->text = strdup(text);
    u->text_cps = shn__utf8_len(text, strlen(text));
    u->file = strdup("test.yaml");
    u->address_str = strdup("TEST#main:1:1::1");
    u->citation = strdup("第一条第一項");
    u->start.line = 3;
    u->start.column = 5;
    u->end.line = 3;
    u->end.column = 5 + (unsigned)u->text_cps;
    return u;
}

static void free_unit(shn_unit *u) {
    if (!u) return;
    free(u->text);
    free(u->file);
    free(u->address_str);
    free(u->citation);
    free(u->ctx_keys);
    free(u->ctx_vals);
    free(u);
}

static void free_findings(shn_vec *v) {
    for (size_t i = 0; i < v->n; i++) shn__finding_free(v->items[i]);
    shn__vec_free(v);
}

/* Result of one rule call. */
typedef struct {
    shn_status st;
    shn_vec found;
    shn_diags diags;
} call;

static call run(const fixture *f, const char *id, const char *kind, const char *text) {
    call c = {0};
    shn_unit *u = mk_unit(kind, text);
    shn__lua_input_start(f->L);   /* each call is an input of its own (a rule that hit a limit runs again) */
    c.st = shn__lua_run(f->L, rule_of(f, id), u, NULL, &c.found, &c.diags);
    free_unit(u);
    return c;
}

static void call_free(call *c) {
    free_findings(&c->found);
    shn__diags_free(&c->diags);
}

static const shn_diagnostic *diag(const shn_diags *d, size_t i) { return d->items.items[i]; }

/* The message of the single diagnostic of a failed call. */
static const char *only_diag(const call *c) {
    assert_int_equal(c->diags.items.n, 1);
    return diag(&c->diags, 0)->message;
}

/* The loading diagnostic about `file` (suffix match); fails when there is none. */
static const shn_diagnostic *diag_for(const shn_diags *d, const char *file) {
    for (size_t i = 0; i < d->items.n; i++)
        if (ends_with(diag(d, i)->file, file)) return diag(d, i);
    fail_msg("no diagnostic for %s", file);
    return NULL;
}

/* Run `code` with escape.eval; expect a runtime error mentioning `needle`. */
static void expect_blocked(const fixture *f, const char *code, const char *needle) {
    call c = run(f, "escape.eval", "law.sentence", code);
    if (c.st != SHN_E_RULE_RUNTIME) fail_msg("not blocked (%d): %s", c.st, code);
    assert_int_equal(c.found.n, 0);
    assert_contains(only_diag(&c), needle);
    call_free(&c);
}

/* Run `code` with escape.eval; expect success and a finding whose message is `want`. */
static void expect_result(const fixture *f, const char *rule, const char *code, const char *want) {
    call c = run(f, rule, strcmp(rule, "good.eval") == 0 ? "law.document" : "law.sentence", code);
    if (c.st != SHN_OK) fail_msg("failed: %s\n%s", code, c.diags.items.n ? diag(&c.diags, 0)->message : "");
    assert_int_equal(c.found.n, 1);
    assert_string_equal(((shn_finding *)c.found.items[0])->message, want);
    call_free(&c);
}

/* ---- loading ---------------------------------------------------------------------------------------- */

static void lua_load_pack_should_register_valid_rules(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    for (size_t i = 0; i < f->diags.items.n; i++) fail_msg("unexpected diagnostic: %s", diag(&f->diags, i)->message);
    assert_int_equal(f->rules.n, 9);
    const shn_rule *r = rule_of(f, "good.basic");
    assert_string_equal(r->pack, "good");
    assert_string_equal(r->title, "書面の検出 (finds 書面)");
    assert_string_equal(r->principle, "digital-completion");
    assert_string_equal(r->target, "law.sentence");
    assert_string_equal(r->description, "テスト用 (test)");
    assert_string_equal(r->file, "good/basic.lua");
    assert_int_equal(r->severity, SHN_SEV_WARNING);
    assert_int_equal(r->n_analog_types, 1);
    assert_string_equal(r->analog_types[0], "paper-document");
    assert_int_equal(r->n_triggers, 1);
    assert_string_equal(r->triggers[0], "書面");
    assert_int_equal(r->n_fire, 1);
    assert_int_equal(r->n_quiet, 1);
    assert_true(r->enabled);
    /* a file returning a list of rules */
    assert_null(rule_of(f, "good.multi-one")->principle);
    assert_string_equal(rule_of(f, "good.multi-two")->target, "measure.kpi");
    /* severities of pack.yaml override the rule's own */
    assert_int_equal(rule_of(f, "good.sev-override")->severity, SHN_SEV_INFO);
    fx_free(f);
}

static void lua_load_pack_should_report_syntax_error_with_line(void **state) {
    (void)state;
    fixture *f = fx_new("bad-syntax", 0, 0);
    assert_int_equal(f->diags.items.n, 1);
    const shn_diagnostic *g = diag(&f->diags, 0);
    assert_true(ends_with(g->file, "packs/bad-syntax/syntax.lua"));
    assert_int_equal(g->line, 3);
    assert_int_equal(g->level, SHN_SEV_ERROR);
    assert_contains(g->message, "Lua syntax error");
    assert_contains(g->message, "'}' expected");
    /* the other file of the pack still loads */
    assert_int_equal(f->rules.n, 1);
    assert_string_equal(((shn_rule *)f->rules.items[0])->id, "bad-syntax.fine");
    fx_free(f);
}

static void lua_load_pack_should_reject_bad_metadata(void **state) {
    (void)state;
    fixture *f = fx_new("bad-meta", 0, 0);
    static const struct { const char *file, *needle; } cases[] = {
        {"missing-id.lua", "missing required field): id"},
        {"bad-severity.lua", "severity must be error, warning or info): high"},
        {"unknown-analog.lua", "unknown analog type): carrier-pigeon"},
        {"unknown-principle.lua", "unknown principle): paper-first"},
        {"unknown-target.lua", "unknown target): law.chapter"},
        {"wrong-prefix.lua", "must start with the pack name 'bad-meta.'): other.rule"},
        {"unknown-field.lua", "unknown field): trigers"},
        {"no-check.lua", "missing required field): check"},
        {"no-return.lua", "must return rule{...}"},
        {"global-write.lua", "assignment to undefined global 'helper'"},
        {"dup-b.lua", "duplicate rule id): bad-meta.dup"},
        {"pack.yaml", "bad-meta.no-such-rule"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const shn_diagnostic *g = diag_for(&f->diags, cases[i].file);
        assert_contains(g->message, cases[i].needle);
        assert_int_equal(g->level, SHN_SEV_ERROR);
    }
    assert_int_equal(f->diags.items.n, sizeof cases / sizeof cases[0]);
    assert_int_equal(diag_for(&f->diags, "global-write.lua")->line, 2);
    assert_int_equal(diag_for(&f->diags, "missing-id.lua")->line, 1);
    const shn_diagnostic *dup = diag_for(&f->diags, "dup-b.lua");
    assert_int_equal(dup->line, 2);
    assert_string_equal(dup->rule, "bad-meta.dup");
    assert_contains(dup->message, "dup-a.lua:1");
    /* only the first of the duplicates survives */
    assert_int_equal(f->rules.n, 1);
    assert_string_equal(((shn_rule *)f->rules.items[0])->title, "first");
    fx_free(f);
}

static void lua_load_pack_should_refuse_the_same_pack_twice(void **state) {
    (void)state;
    fixture *f = fx_new("bad-syntax", 0, 0);
    shn_diags d = {0};
    assert_int_not_equal(load_pack(f->L, "bad-syntax", NULL, &d), SHN_OK);
    assert_int_equal(d.items.n, 1);
    assert_contains(diag(&d, 0)->message, "already loaded");
    shn__diags_free(&d);
    fx_free(f);
}

/* ---- running rules and ctx:report ------------------------------------------------------------------- */

static void lua_run_should_build_finding_from_report(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    call c = run(f, "good.basic", "law.sentence", "申請は、書面で行う。");
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.diags.items.n, 0);
    assert_int_equal(c.found.n, 1);
    const shn_finding *x = c.found.items[0];
    assert_string_equal(x->rule, "good.basic");
    assert_int_equal(x->severity, SHN_SEV_WARNING);
    assert_string_equal(x->message, "書面が必要とされています。");
    assert_string_equal(x->message_en, "Paper is required.");
    assert_string_equal(x->suggestion, "電磁的方法を認める。");
    assert_string_equal(x->principle, "digital-completion");
    assert_int_equal(x->n_analog_types, 1);
    assert_string_equal(x->analog_types[0], "paper-document");
    assert_true(x->confidence > 0.89 && x->confidence < 0.91);
    assert_int_equal(x->match_start, 4);
    assert_int_equal(x->match_end, 6);
    assert_string_equal(x->match_text, "書面");
    assert_string_equal(x->address_str, "TEST#main:1:1::1");
    assert_string_equal(x->file, "test.yaml");
    assert_int_equal(x->n_related, 1);
    assert_string_equal(x->related[0].citation, "第一条");
    assert_string_equal(x->related[0].note, "委任先");
    assert_non_null(x->fingerprint);
    call_free(&c);
    /* no 書面: no finding */
    c = run(f, "good.basic", "law.sentence", "申請は、電子で行う。");
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.found.n, 0);
    call_free(&c);
    fx_free(f);
}

static void lua_run_should_use_pack_lexicons_and_stdlib(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    call c = run(f, "good.lexicon-user", "law.sentence", "事業者は、標識を掲示しなければならない。");
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.found.n, 1);
    const shn_finding *x = c.found.items[0];
    assert_string_equal(x->message, "掲示義務: 掲示");
    assert_int_equal(x->match_start, 8);
    assert_string_equal(x->suggestion, "インターネットで公表する。");
    assert_int_equal(x->severity, SHN_SEV_ERROR);
    call_free(&c);
    c = run(f, "good.lexicon-user", "law.sentence", "何人も、ここに掲示してはならない。");   /* exception */
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.found.n, 0);
    call_free(&c);
    c = run(f, "good.lexicon-user", "law.sentence", "掲示しなかった者は、罰金に処する。");   /* negative context */
    assert_int_equal(c.found.n, 0);
    call_free(&c);
    c = run(f, "good.lexicon-user", "law.sentence", "許可証を掲げておかなければならない。");   /* {re = …} entry */
    assert_int_equal(c.found.n, 1);
    assert_string_equal(((shn_finding *)c.found.items[0])->match_text, "掲げておかなければ");
    call_free(&c);
    fx_free(f);
}

static void lua_load_pack_should_convert_lexicon_values(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    expect_result(f, "good.eval",
                 "local v = ctx.lexicon.values\n"
                 "return table.concat({math.type(v.int), v.int, v.neg, v.float, v.exp, v.hex, v.oct,\n"
                 "  tostring(v.yes), tostring(v.no), tostring(v.nothing), tostring(v.tilde), type(v.quoted),\n"
                 "  v.date, v.id, #v.list, tostring(v.list[3]), v.list[2], tostring(v.alias == v.shared), v.alias.k}, ',')",
                 "integer,42,-7,2.5,1000.0,31,15,true,false,nil,nil,string,2024-06-21,03-01,4,nil,two,true,v");
    /* both lexicon files are merged by top-level key */
    expect_result(f, "good.eval", "return #ctx.lexicon.posting.triggers + #ctx.lexicon.common.digital_alternatives", "4");
    expect_result(f, "good.eval",
                 "local keys = {} for k in pairs(ctx.lexicon) do keys[#keys+1] = k end table.sort(keys)\n"
                 "return table.concat(keys, ' ')",
                 "common posting values");
    fx_free(f);
}

static void lua_run_should_apply_pack_severity_over_report_severity(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    call c = run(f, "good.sev-override", "law.sentence", "何か");
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.found.n, 1);
    assert_int_equal(((shn_finding *)c.found.items[0])->severity, SHN_SEV_INFO);
    assert_int_equal(((shn_finding *)c.found.items[0])->match_start, 0);
    assert_int_equal(((shn_finding *)c.found.items[0])->match_end, 2);
    call_free(&c);
    fx_free(f);
}

static void lua_run_should_turn_rule_error_into_diagnostic(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    call c = run(f, "good.runtime-error", "law.sentence", "何か");
    assert_int_equal(c.st, SHN_E_RULE_RUNTIME);
    assert_int_equal(c.found.n, 0);
    const shn_diagnostic *g = diag(&c.diags, 0);
    assert_int_equal(c.diags.items.n, 1);
    assert_string_equal(g->rule, "good.runtime-error");
    assert_string_equal(g->file, "test.yaml");
    assert_int_equal(g->line, 3);
    assert_int_equal(g->level, SHN_SEV_ERROR);
    assert_contains(g->message, "TEST#main:1:1::1");
    assert_contains(g->message, "good.runtime-error");
    assert_contains(g->message, "runtime-error.lua:9:");
    assert_contains(g->message, "attempt to index a nil value");
    assert_null(strchr(g->message, '\n'));   /* first useful line, not the whole traceback */
    call_free(&c);
    /* the next call on the same state works */
    c = run(f, "good.basic", "law.sentence", "書面");
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.found.n, 1);
    call_free(&c);
    fx_free(f);
}

static void lua_run_should_validate_report_arguments(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    static const struct { const char *text, *needle; } bad[] = {
        {"申請書|{}", "message is required"},
        {"申請書|{message = 1}", "message must be a string"},
        {"申請書|{message = 'm', severity = 'high'}", "severity must be error, warning or info"},
        {"申請書|{message = 'm', match = {start = 2, ['end'] = 99}}", "match range outside unit.text"},
        {"申請書|{message = 'm', match = {start = 2, ['end'] = 2}}", "match range outside unit.text"},
        {"申請書|{message = 'm', match = {start = 'a'}}", "integer start and end"},
        {"申請書|{message = 'm', match_text = '押' .. '印'}", "match_text not found"},
        {"申請書|{message = 'm', match_text = '申請', match = {start = 0, ['end'] = 1}}", "not both"},
        {"申請書|{message = 'm', confidence = 1.5}", "confidence must be a number from 0 to 1"},
        {"申請書|{message = 'm', confidence = 0/0}", "confidence must be a number from 0 to 1"},
        {"申請書|{message = 'm', analog_types = {'carrier-pigeon'}}", "unknown analog type): carrier-pigeon"},
        {"申請書|{message = 'm', mesage = 'typo'}", "unknown field): mesage"},
        {"申請書|{message = 'm', related = {{file = 'a', page = 2}}}", "unknown field in related): page"},
        {"申請書|{message = 'm', related = {'a'}}", "related entries must be tables"},
        {"申請書|{message = 'm', __dot = true}", "with a colon"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        call c = run(f, "good.report-args", "law.article", bad[i].text);
        if (c.st != SHN_E_RULE_RUNTIME) fail_msg("accepted: %s", bad[i].text);
        assert_int_equal(c.found.n, 0);
        assert_contains(only_diag(&c), bad[i].needle);
        call_free(&c);
    }
    call c = run(f, "good.report-args", "law.article",
                 "申請書|{message = 'm', match_text = '請書', analog_types = {'seal-signature', 'paper-document'},"
                 " related = {{file = 'a.xml', note = 'n'}, {address = 'B#1'}}, severity = 'error'}");
    assert_int_equal(c.st, SHN_OK);
    assert_int_equal(c.found.n, 1);
    const shn_finding *x = c.found.items[0];
    assert_int_equal(x->match_start, 1);
    assert_int_equal(x->match_end, 3);
    assert_int_equal(x->n_analog_types, 2);
    assert_string_equal(x->analog_types[1], "paper-document");
    assert_int_equal(x->n_related, 2);
    assert_null(x->related[0].address);
    assert_string_equal(x->related[1].address, "B#1");
    assert_int_equal(x->severity, SHN_SEV_ERROR);   /* no override: the report's own severity holds */
    assert_true(x->confidence > 0.69 && x->confidence < 0.71);   /* default 0.7 */
    call_free(&c);
    fx_free(f);
}

static void lua_run_should_expose_unit_data_context_and_as_of(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    const char *yaml = "{id: '03-01', title: T, kpi: {effect: [a, b]}}";
    shn_doc **docs = NULL;
    size_t nd = 0;
    shn_error err = {0};
    assert_int_equal(shn__yaml_load("m.yaml", yaml, strlen(yaml), NULL, &docs, &nd, &err), SHN_OK);
    char *keys[] = {"measure_title"}, *vals[] = {"タイトル"};
    shn_unit *u = mk_unit("measure", "T");
    u->data = docs[0]->root;
    u->addr.measure = "03-01";
    u->ctx_keys = malloc(sizeof keys);
    u->ctx_vals = malloc(sizeof vals);
    memcpy(u->ctx_keys, keys, sizeof keys);
    memcpy(u->ctx_vals, vals, sizeof vals);
    u->n_ctx = 1;
    shn_vec found = {0};
    shn_diags d = {0};
    assert_int_equal(shn__lua_run(f->L, rule_of(f, "good.data"), u, "2025-01-01", &found, &d), SHN_OK);
    assert_int_equal(found.n, 1);
    assert_string_equal(((shn_finding *)found.items[0])->message, "03-01|2|nil|タイトル|03-01|nil|2025-01-01");
    free_findings(&found);
    /* a second unit right after: no stale cached table */
    shn_unit *u2 = mk_unit("measure", "T");
    u2->addr.sentence = 4;
    assert_int_equal(shn__lua_run(f->L, rule_of(f, "good.data"), u2, NULL, &found, &d), SHN_OK);
    assert_string_equal(((shn_finding *)found.items[0])->message, "nil|nil|nil|nil|nil|4|nil");
    free_findings(&found);
    assert_int_equal(d.items.n, 0);
    u->addr.measure = NULL;
    free_unit(u);
    free_unit(u2);
    shn__doc_free(docs[0]);
    free(docs);
    fx_free(f);
}

static void lua_run_should_work_in_a_worker_state_loaded_without_rules(void **state) {
    (void)state;
    fixture *probe = fx_new("good", 0, 0);
    shn_lua *worker = new_state(0, 0);
    shn_diags d = {0};
    assert_int_equal(load_pack(worker, "good", NULL, &d), SHN_OK);
    assert_int_equal(d.items.n, 0);
    shn_unit *u = mk_unit("law.sentence", "書面で");
    shn_vec found = {0};
    assert_int_equal(shn__lua_run(worker, rule_of(probe, "good.basic"), u, NULL, &found, &d), SHN_OK);
    assert_int_equal(found.n, 1);
    free_findings(&found);
    /* a rule this state never loaded */
    shn_rule ghost = *rule_of(probe, "good.basic");
    ghost.id = "good.ghost";
    assert_int_equal(shn__lua_run(worker, &ghost, u, NULL, &found, &d), SHN_E_RULE_RUNTIME);
    assert_contains(diag(&d, 0)->message, "not loaded");
    free_unit(u);
    shn__diags_free(&d);
    shn__lua_free(worker);
    shn__lua_free(NULL);
    fx_free(probe);
}

/* ---- stdlib helpers -------------------------------------------------------------------------------- */

static void stdlib_text_should_find_entries_in_code_points(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    expect_result(f, "good.eval",
                  "local text = require 'shinsa.text'\n"
                  "local m = text.find_any('第三条の掲示と書面', {'書面', {re = '掲.'}})\n"
                  "return m.start .. ',' .. m['end'] .. ',' .. m.text .. ',' .. m.index",
                  "4,6,掲示,2");
    expect_result(f, "good.eval",
                  "local text = require 'shinsa.text'\n"
                  "local out = {}\n"
                  "for _, m in ipairs(text.find_all('書面と書面の掲示', {'書面', {re = '掲示'}, '面'})) do\n"
                  "  out[#out + 1] = m.start .. '-' .. m['end'] end\n"
                  "return table.concat(out, ' ')",
                  "0-2 1-2 3-5 4-5 6-8");
    expect_result(f, "good.eval",
                  "local text = require 'shinsa.text'\n"
                  "return table.concat({tostring(text.contains_any('オンライン申請', {'電子', 'オンライン'})),\n"
                  "  tostring(text.contains_any('窓口', {{re = '^電'}})), text.normalize('ＦＤ－１'),\n"
                  "  text.window('あいうえおかきくけこ', 4, 5, 2), text.sub('あいう', 1), text.len('あいう'),\n"
                  "  tostring(text.find_any('x', nil))}, '|')",
                  "true|false|FD-1|うえおかき|いう|3|nil");
    expect_result(f, "good.eval",
                  "local text = require 'shinsa.text'\n"
                  "local ok, err = pcall(text.find_any, 'x', {42})\n"
                  "return tostring(ok) .. ' ' .. tostring(err:find('lexicon entry', 1, true) ~= nil)",
                  "false true");
    fx_free(f);
}

static void stdlib_lexicon_should_search_groups(void **state) {
    (void)state;
    fixture *f = fx_new("good", 0, 0);
    expect_result(f, "good.eval",
                  "local lexicon = require 'shinsa.lexicon'\n"
                  "local neg = ctx.lexicon.common.negative_contexts\n"
                  "local entries = lexicon.entries(neg)\n"
                  "local which, m = lexicon.which(neg, '前条の規定に違反した者は、罰金に処する。')\n"
                  "return table.concat({#entries, tostring(entries[1].re), which, m.text,\n"
                  "  tostring(lexicon.which(neg, '申請する。')),\n"
                  "  tostring(lexicon.any(ctx.lexicon.common.digital_alternatives, 'オンラインで')),\n"
                  "  tostring(lexicon.match(ctx.lexicon.posting.triggers, '掲げておかなければ').text)}, '|')",
                  "2|をいう。$|penalty|罰金に処する|nil|true|掲げておかなければ");
    expect_result(f, "good.eval",
                  "local lexicon = require 'shinsa.lexicon'\n"
                  "local m = lexicon.find_trigger(ctx.lexicon.posting, 'ここに掲示してはならない。標識を掲示する。')\n"
                  "local sp = lexicon.span(m)\n"
                  "return m.start .. ',' .. sp['end'] .. ',' .. tostring(sp.text) .. ',' ..\n"
                  "  tostring(lexicon.find_trigger(ctx.lexicon.posting, '掲示してはならない。'))",
                  "16,18,nil,nil");
    fx_free(f);
}

/* ---- sandbox escape routes (one each) --------------------------------------------------------------- */

static void sandbox_should_block_os_and_io(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_blocked(f, "os.execute('echo pwned')", "undefined global 'os'");
    expect_blocked(f, "return io.open('/etc/passwd')", "undefined global 'io'");
    expect_blocked(f, "return debug.getinfo(1)", "undefined global 'debug'");
    expect_blocked(f, "return package.loadlib('libc.so.6', 'system')", "undefined global 'package'");
    expect_blocked(f, "return coroutine.create(print)", "undefined global 'coroutine'");
    expect_blocked(f, "dofile('/etc/passwd')", "undefined global 'dofile'");
    expect_blocked(f, "loadfile('/etc/passwd')", "undefined global 'loadfile'");
    expect_blocked(f, "print('x')", "undefined global 'print'");
    expect_blocked(f, "return _G", "undefined global '_G'");
    fx_free(f);
}

static void sandbox_should_limit_require(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_blocked(f, "return require 'os'", "module not found");
    expect_blocked(f, "return require 'io'", "module not found");
    expect_blocked(f, "return require '../../x'", "module name not allowed");
    expect_blocked(f, "return require '/etc/passwd'", "module name not allowed");
    expect_blocked(f, "return require 'shinsa..text'", "module name not allowed");
    expect_blocked(f, "return require 'shinsa.nonexistent'", "module not found");
    expect_blocked(f, "return require 'good.lib.helpers'", "module not found");   /* another pack's module */
    expect_result(f, "escape.eval", "return type(require 'shinsa.core'.find)", "function");
    expect_result(f, "escape.eval", "return require 'shinsa.text' == require 'shinsa.text'", "true");
    fx_free(f);
}

static void sandbox_should_refuse_bytecode_and_dump(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_blocked(f, "return load(string.dump(function() end))", "field 'dump'");
    expect_blocked(f, "return ('').dump(function() end)", "field 'dump'");
    expect_blocked(f, "local fn, e = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n', 'x', 'b'); error(e)",
                   "attempt to load a binary chunk");
    /* text chunks load, in the caller's environment or a given one that cannot reach the host */
    expect_result(f, "escape.eval", "return load('return 1 + 1')()", "2");
    expect_result(f, "escape.eval", "return tostring(load('return os', 'x', 't', {})())", "nil");
    expect_blocked(f, "return load('return os')()", "undefined global 'os'");
    fx_free(f);
}

static void sandbox_should_make_globals_strict(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_blocked(f, "x = 1", "グローバル変数への代入は禁止 (assignment to undefined global 'x')");
    expect_blocked(f, "string = nil", "assignment to undefined global 'string'");
    expect_blocked(f, "return undefined_thing", "未定義のグローバル変数 (undefined global 'undefined_thing')");
    expect_result(f, "escape.eval", "local t = {} rawset(t, 'a', 1) return t.a", "1");
    fx_free(f);
}

static void sandbox_should_keep_shared_tables_read_only(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_blocked(f, "ctx.lexicon.words[1] = 'z'", "read-only table");
    expect_blocked(f, "ctx.lexicon.extra = {}", "read-only table");
    expect_blocked(f, "table.insert(ctx.lexicon.words, 'c')", "read-only table");
    expect_blocked(f, "rawset(ctx.lexicon, 'k', 1)", "read-only table");
    expect_blocked(f, "setmetatable(ctx.lexicon, nil)", "protected metatable");
    expect_blocked(f, "local t = require 'shinsa.text'; t.find_any = nil", "read-only table");
    expect_blocked(f, "string.upper = nil", "read-only table");
    expect_blocked(f, "math.pi = 3", "read-only table");
    expect_blocked(f, "unit.text = 'x'", "read-only table");
    expect_blocked(f, "ctx.as_of = '2099-01-01'", "read-only table");
    expect_blocked(f, "getmetatable('').__index = {}", "attempt to index a boolean value");
    expect_result(f, "escape.eval", "return tostring(getmetatable(ctx.lexicon))", "false");
    /* reading and iterating still work, also through next/rawget/rawlen */
    expect_result(f, "escape.eval",
                 "local w = ctx.lexicon.words\n"
                 "local s = '' for i, v in ipairs(w) do s = s .. v end\n"
                 "return s .. #w .. rawlen(w) .. rawget(w, 2) .. tostring(next(ctx.lexicon)) .. table.concat(w)",
                 "ab22bwordsab");
    fx_free(f);
}

/* LPeg is opened host-side: it works, its table is read-only, setmaxstack is gone and the pattern metatable
 * (shared by every rule of the worker) cannot be reached. */
static void sandbox_should_expose_lpeg_frozen(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_result(f, "escape.eval",
                  "local l = require 'lpeg'; return l.match(l.C(l.R('09')^1) * '件', '250件')", "250");
    expect_result(f, "escape.eval", "return tostring(require 'lpeg'.setmaxstack)", "nil");
    expect_result(f, "escape.eval", "return tostring(getmetatable(require 'lpeg'.P('a')))", "false");
    expect_blocked(f, "require 'lpeg'.P = nil", "read-only table");
    expect_blocked(f, "setmetatable(require 'lpeg'.P('a'), {})", "table expected");
    expect_result(f, "escape.eval", "return require 'lpeg' == require 'lpeg'", "true");
    fx_free(f);
}

static void sandbox_should_restrict_collectgarbage_and_gc_metamethods(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    expect_blocked(f, "collectgarbage('stop')", "only \"count\"");
    expect_blocked(f, "collectgarbage()", "only \"count\"");
    expect_blocked(f, "collectgarbage('generational')", "only \"count\"");
    expect_blocked(f, "setmetatable({}, {__gc = function() while true do end end})", "__gc");
    expect_blocked(f, "return math.random()", "field 'random'");
    expect_result(f, "escape.eval", "return math.type(collectgarbage('count'))", "float");
    fx_free(f);
}

/* ---- limits ----------------------------------------------------------------------------------------- */

static void lua_run_should_stop_infinite_loops(void **state) {
    (void)state;
    fixture *f = fx_new("loop", 2000000, 0);
    /* the loop at file level is a loading diagnostic; the other rules load */
    const shn_diagnostic *g = diag_for(&f->diags, "toplevel.lua");
    assert_contains(g->message, "instruction limit");
    assert_int_equal(f->rules.n, 3);
    const char *ids[] = {"loop.infinite", "loop.pcall-infinite"};
    for (size_t i = 0; i < 2; i++) {
        call c = run(f, ids[i], "law.sentence", "何か");
        assert_int_equal(c.st, SHN_E_LIMIT);
        assert_contains(only_diag(&c), "instruction limit of 2000000 reached");
        assert_contains(only_diag(&c), ids[i]);
        assert_contains(only_diag(&c), "TEST#main:1:1::1");
        assert_string_equal(diag(&c.diags, 0)->rule, ids[i]);
        call_free(&c);
        /* the next rule still runs on the same state */
        c = run(f, "loop.ok", "law.sentence", "何か");
        assert_int_equal(c.st, SHN_OK);
        assert_int_equal(c.found.n, 1);
        assert_string_equal(((shn_finding *)c.found.items[0])->message, "sum 500500");
        call_free(&c);
    }
    fx_free(f);
}

/* Lua's pattern functions run in C, out of the hook's reach: a backtracking pattern must still be stopped. */
static void lua_run_should_stop_runaway_lua_patterns(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 2000000, 0);
    const char *hostile[] = {
        "return (('a'):rep(3000)):find('(.-)(.-)(.-)(.-)b')",
        "return (('a'):rep(3000)):match('(.-)(.-)(.-)(.-)b')",
        "local n = 0 for _ in (('a'):rep(3000)):gmatch('(.-)(.-)(.-)b') do n = n + 1 end return n",
        "return (select(2, (('a'):rep(3000)):gsub('(.-)(.-)(.-)b', 'x')))",
        "return (('a'):rep(200000)):find('a*b')",   /* one quantifier, but n^2 on a long subject */
    };
    for (size_t i = 0; i < SHN__ARRAY_LEN(hostile); i++) {
        call c = run(f, "escape.eval", "law.sentence", hostile[i]);
        if (c.st != SHN_E_LIMIT) fail_msg("not stopped (%d): %s", c.st, hostile[i]);
        assert_contains(only_diag(&c), "instruction limit of 2000000 reached");
        call_free(&c);
    }
    /* cheap calls run in C; long subjects with a costly-looking but tame pattern take the Lua path and
     * still give Lua's answers */
    expect_result(f, "escape.eval", "return (('x'):rep(5000) .. '  '):match('^%s*(.-)%s*$') == ('x'):rep(5000)",
                  "true");
    expect_result(f, "escape.eval", "return ('第一条 第二条'):gsub('第(%S+)条', '<%1>')", "<一> <二>");
    expect_result(f, "escape.eval", "return select(2, (('ab'):rep(2000)):gsub('(a)(b)', '%2%1'))", "2000");
    expect_result(f, "escape.eval", "return ('key = value'):match('^(%w+)%s*=%s*(%w+)$')", "key");
    expect_result(f, "escape.eval", "return ('a.b'):find('.', 1, true)", "2");
    fx_free(f);
}

/* LPeg matches and compiles in C: loop iterations and rule calls take steps that charge the budget, the first
 * match charges the compilation, patterns too large to compile quickly and grammars too complex are refused. */
static void lua_run_should_stop_runaway_lpeg(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 2000000, 0);
    const char *hostile[] = {
        /* a loop of look-aheads that scan to the end: n^2 over 10^6 characters */
        "local l = require 'lpeg' return l.match((#(l.P(1)^0 * -1) * 1)^0, ('a'):rep(1000000))",
        /* a simple loop over a long subject, matched again and again */
        "local l = require 'lpeg' local p, s = l.P'a'^0, ('a'):rep(100000) while true do p:match(s) end",
        /* patterns compiled again and again (each new pattern compiles at its first match) */
        "local l = require 'lpeg' local s = l.P'ab' for _ = 1, 11 do s = s + s end "
        "while true do (s * 'c'):match('x') end",
    };
    for (size_t i = 0; i < SHN__ARRAY_LEN(hostile); i++) {
        call c = run(f, "escape.eval", "law.sentence", hostile[i]);
        if (c.st != SHN_E_LIMIT) fail_msg("not stopped (%d): %s", c.st, hostile[i]);
        assert_contains(only_diag(&c), "instruction limit of 2000000 reached");
        call_free(&c);
    }
    /* 2^14 alternatives (65,000 nodes) would compile for seconds: refused before compiling */
    expect_blocked(f, "local l = require 'lpeg' local s = l.P'ab' for _ = 1, 14 do s = s + s end return s:match('x')",
                   "LPeg pattern too large");
    /* grammars compile in time exponential in the depth of their references (40 rules that each call the next
     * twice: days): at most 16 references, no grammar inside a grammar */
    expect_blocked(f, "local l = require 'lpeg' local g = {'A0'} "
                      "for i = 0, 39 do g['A' .. i] = l.V('A' .. (i + 1)) * 'x' + l.V('A' .. (i + 1)) * 'y' end "
                      "g.A40 = l.P'a'^0 return l.match(g, 'aaz')", "LPeg grammar too complex");
    expect_blocked(f, "local l = require 'lpeg' local g = l.P'a' for _ = 1, 40 do "
                      "g = l.P{'S', S = l.V'T' * 'x' + l.V'T' * 'y', T = g} end return g:match('ax')",
                      "grammar inside a grammar");
    expect_blocked(f, "local l = require 'lpeg' local v = l.V'A' for _ = 1, 5 do v = v + v end "
                      "return l.P{'A', A = 'a' * v + 'b'}", "LPeg grammar too complex");
    /* a grammar whose rules call one another exponentially often while matching is stopped by the steps */
    call c = run(f, "escape.eval", "law.sentence",
                 "local l = require 'lpeg' local g = l.P{'S', S = 'a' * l.V'S' * 'b' + 'a' * l.V'S' * 'c' + l.P''} "
                 "return g:match(('a'):rep(60))");
    if (c.st != SHN_E_LIMIT) fail_msg("exponential grammar match not stopped (%d)", c.st);
    call_free(&c);
    fx_free(f);
}

/* The steps change no result: captures, substitutions, tables, back-captures, predicates, look-behinds and
 * grammars give what plain LPeg gives; empty loops and left recursion are still refused. */
static void lpeg_should_match_as_plain_lpeg_does(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    const char *L = "local l = require 'lpeg' local P, R, S, C, Cs, Ct, Cg, Cb, Cc, Cp, V, B = "
                    "l.P, l.R, l.S, l.C, l.Cs, l.Ct, l.Cg, l.Cb, l.Cc, l.Cp, l.V, l.B ";
    struct { const char *code, *want; } cases[] = {
        {"return l.match(C(R'09'^1) * '件', '250件')", "250"},
        {"return Cs(((P'a' / 'b') + 1)^0):match('xaax')", "xbbx"},
        {"return table.concat(Ct((C(1) * Cp())^0):match('abc'), ',')", "a,2,b,3,c,4"},
        {"return (Cg(C(R'az'^1), 'w') * ' ' * Cb('w')):match('ab cd')", "ab"},
        {"return (C(P'x'^1) * -1):match('xxx')", "xxx"},
        {"local g = P{'S', S = '(' * V'S' * ')' + V'T', T = C(R'az'^1)} return g:match('((abc))')", "abc"},
        {"return l.match({'S', S = C(P'x'^1) * V'E', E = P(-1)}, 'xxx')", "xxx"},
        {"return P{Cp() * 'b' + 1 * V(1)}:match('aab')", "3"},
        {"return l.match('ab', 'abc')", "3"},
        {"return (P'b' * B'a'):match('b') == nil and (1 * B'a' * C'b'):match('ab') or 'no'", "b"},
        {"return (S'ab'^-2 * C(1)):match('abbc')", "b"},
        {"return tostring(l.match((P'a'^1)^2 * Cp(), 'aaa'))", "nil"},
        {"return (C(P'a'^0) / string.upper):match('aab')", "AA"},
        {"return tostring(l.match(#P'a' * Cp(), 'a')) .. tostring(l.match(-P'a' * Cp(), 'a'))", "1nil"},
    };
    for (size_t i = 0; i < SHN__ARRAY_LEN(cases); i++) {
        char code[1024];
        snprintf(code, sizeof code, "%s%s", L, cases[i].code);
        expect_result(f, "escape.eval", code, cases[i].want);
    }
    char code[1024];
    snprintf(code, sizeof code, "%s%s", L, "return (P'a'^0)^0");
    expect_blocked(f, code, "loop body may accept empty string");
    snprintf(code, sizeof code, "%s%s", L, "return P{'A', A = V'A' * 'x'}");
    expect_blocked(f, code, "left recursive");
    fx_free(f);
}

/* A run interrupted by a signal stops the rule call at its next charge, also inside a long C call, with a
 * diagnostic that says so (not a limit); once the flag is clear, calls run again. */
static void lua_run_should_stop_when_the_run_is_cancelled(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    const char *code[] = {
        "local n = 0 while true do n = n + 1 end",
        "local l = require 'lpeg' return l.match((#(l.P(1)^0 * -1) * 1)^0, ('a'):rep(1000000))",
        "return #string.rep('x', 1 << 25)",
    };
    cancel_flag = 1;
    for (size_t i = 0; i < SHN__ARRAY_LEN(code); i++) {
        call c = run(f, "escape.eval", "law.sentence", code[i]);
        if (c.st != SHN_E_LIMIT) fail_msg("not stopped (%d): %s", c.st, code[i]);
        assert_contains(only_diag(&c), "rule call interrupted");
        assert_null(strstr(only_diag(&c), "上限"));
        call_free(&c);
    }
    cancel_flag = 0;
    expect_result(f, "escape.eval", "local n = 0 for i = 1, 1000 do n = n + i end return n", "500500");
    fx_free(f);
}

static void pattern_cost_should_grow_with_quantifiers_and_length(void **state) {
    (void)state;
    /* no specials: a plain search, linear */
    assert_true(shn__lua_pattern_cost(SHN__PAT_FIND, "abc", 3, 1000) <= 1001.0);
    /* unanchored: every start position, times n per unbounded quantifier */
    assert_true(shn__lua_pattern_cost(SHN__PAT_FIND, "a*b", 3, 999) >= 1e6);
    assert_true(shn__lua_pattern_cost(SHN__PAT_FIND, "(.-)(.-)b", 9, 999) >= 1e9);
    /* an anchor saves the start positions in find and match, not in gmatch and gsub */
    assert_true(shn__lua_pattern_cost(SHN__PAT_MATCH, "^a*b", 4, 999) <= 1000.0);
    assert_true(shn__lua_pattern_cost(SHN__PAT_GMATCH, "^a*b", 4, 999) >= 1e6);
    /* ? is bounded; escapes, sets and back-references take no part */
    assert_true(shn__lua_pattern_cost(SHN__PAT_FIND, "%a?[*+-]%1", 10, 999) <= 1000.0);
    assert_true(shn__lua_pattern_cost(SHN__PAT_FIND, "[%]*]", 5, 999) <= 1000.0);
    /* %b scans like a quantifier */
    assert_true(shn__lua_pattern_cost(SHN__PAT_FIND, "%b()", 4, 999) >= 1e6);
}

static void lua_run_should_discard_findings_of_a_failed_call(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 1000000, 0);
    call c = run(f, "escape.eval", "law.sentence", "ctx:report{message = 'early'} while true do end");
    assert_int_equal(c.st, SHN_E_LIMIT);
    assert_int_equal(c.found.n, 0);
    call_free(&c);
    fx_free(f);
}

static void lua_run_should_survive_memory_bombs(void **state) {
    (void)state;
    fixture *f = fx_new("membomb", 0, (size_t)16 << 20);
    assert_int_equal(f->diags.items.n, 0);
    const char *ids[] = {"membomb.string", "membomb.table", "membomb.rep"};
    for (size_t i = 0; i < 3; i++) {
        call c = run(f, ids[i], "law.sentence", "何か");
        assert_int_equal(c.st, SHN_E_LIMIT);
        assert_contains(only_diag(&c), "memory limit of 16777216 bytes reached");
        assert_string_equal(diag(&c.diags, 0)->rule, ids[i]);
        call_free(&c);
        c = run(f, "membomb.ok", "law.sentence", "何か");
        assert_int_equal(c.st, SHN_OK);
        assert_int_equal(c.found.n, 1);
        assert_string_equal(((shn_finding *)c.found.items[0])->message, "1,2,3,4,5");
        call_free(&c);
    }
    fx_free(f);
}

static void lua_run_should_turn_regex_match_limit_into_limit(void **state) {
    (void)state;
    fixture *f = fx_new("escape", 0, 0);
    call c = run(f, "escape.eval", "law.sentence",
                 "return require 'shinsa.core'.find(string.rep('a', 40) .. 'b', '(a+)+$')");
    assert_int_equal(c.st, SHN_E_LIMIT);
    assert_contains(only_diag(&c), "regex match limit");
    call_free(&c);
    c = run(f, "escape.eval", "law.sentence", "return require 'shinsa.core'.compile('(')");
    assert_int_equal(c.st, SHN_E_RULE_RUNTIME);
    assert_contains(only_diag(&c), "offset 1");
    call_free(&c);
    fx_free(f);
}

/* ---- examples --------------------------------------------------------------------------------------- */

static void lua_check_examples_should_report_each_failure(void **state) {
    (void)state;
    fixture *f = fx_new("examples", 0, 0);
    assert_int_equal(f->diags.items.n, 0);
    shn_diags d = {0};
    assert_int_equal(shn__lua_check_examples(f->L, rule_of(f, "examples.pass"), &d), 0);
    assert_int_equal(d.items.n, 0);
    assert_int_equal(shn__lua_check_examples(f->L, rule_of(f, "examples.fire-fails"), &d), 2);
    assert_int_equal(d.items.n, 2);
    assert_contains(diag(&d, 0)->message,
                    "例が期待どおりではありません (example did not behave as declared): fire example 1 produced no finding");
    assert_contains(diag(&d, 1)->message, "fire example 2 produced no finding");
    assert_true(ends_with(diag(&d, 0)->file, "examples/fire-fails.lua"));
    assert_int_equal(diag(&d, 0)->line, 1);
    assert_string_equal(diag(&d, 0)->rule, "examples.fire-fails");
    shn__diags_free(&d);
    assert_int_equal(shn__lua_check_examples(f->L, rule_of(f, "examples.quiet-fails"), &d), 1);
    assert_contains(diag(&d, 0)->message, "quiet example 1 produced 1 finding(s): always");
    shn__diags_free(&d);
    assert_int_equal(shn__lua_check_examples(f->L, rule_of(f, "examples.no-trigger"), &d), 1);
    assert_contains(diag(&d, 0)->message, "fire example 1 does not contain any trigger");
    shn__diags_free(&d);
    assert_int_equal(shn__lua_check_examples(f->L, rule_of(f, "examples.errors"), &d), 1);
    assert_contains(diag(&d, 0)->message, "boom");
    shn__diags_free(&d);
    fx_free(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lua_load_pack_should_register_valid_rules),
        cmocka_unit_test(lua_load_pack_should_report_syntax_error_with_line),
        cmocka_unit_test(lua_load_pack_should_reject_bad_metadata),
        cmocka_unit_test(lua_load_pack_should_refuse_the_same_pack_twice),
        cmocka_unit_test(lua_load_pack_should_convert_lexicon_values),
        cmocka_unit_test(lua_run_should_build_finding_from_report),
        cmocka_unit_test(lua_run_should_use_pack_lexicons_and_stdlib),
        cmocka_unit_test(lua_run_should_apply_pack_severity_over_report_severity),
        cmocka_unit_test(lua_run_should_turn_rule_error_into_diagnostic),
        cmocka_unit_test(lua_run_should_validate_report_arguments),
        cmocka_unit_test(lua_run_should_expose_unit_data_context_and_as_of),
        cmocka_unit_test(lua_run_should_work_in_a_worker_state_loaded_without_rules),
        cmocka_unit_test(stdlib_text_should_find_entries_in_code_points),
        cmocka_unit_test(stdlib_lexicon_should_search_groups),
        cmocka_unit_test(sandbox_should_block_os_and_io),
        cmocka_unit_test(sandbox_should_limit_require),
        cmocka_unit_test(sandbox_should_refuse_bytecode_and_dump),
        cmocka_unit_test(sandbox_should_make_globals_strict),
        cmocka_unit_test(sandbox_should_keep_shared_tables_read_only),
        cmocka_unit_test(sandbox_should_expose_lpeg_frozen),
        cmocka_unit_test(lpeg_should_match_as_plain_lpeg_does),
        cmocka_unit_test(lua_run_should_stop_runaway_lpeg),
        cmocka_unit_test(lua_run_should_stop_when_the_run_is_cancelled),
        cmocka_unit_test(sandbox_should_restrict_collectgarbage_and_gc_metamethods),
        cmocka_unit_test(lua_run_should_stop_infinite_loops),
        cmocka_unit_test(lua_run_should_stop_runaway_lua_patterns),
        cmocka_unit_test(pattern_cost_should_grow_with_quantifiers_and_length),
        cmocka_unit_test(lua_run_should_discard_findings_of_a_failed_call),
        cmocka_unit_test(lua_run_should_survive_memory_bombs),
        cmocka_unit_test(lua_run_should_turn_regex_match_limit_into_limit),
        cmocka_unit_test(lua_check_examples_should_report_each_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
