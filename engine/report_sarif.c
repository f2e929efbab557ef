/* report_sarif.c — the `sarif` report: SARIF 2.1.0 (OASIS), one run, for GitHub code scanning and other SARIF
 * viewers.
 *
 *   tool.driver        name, version, every rule of the run (id, name, short/full description, help, helpUri
 *                      when shn_render_options.rules_url is set, default level and enabled, properties:
 *                      pack, principle, analog_types, tags)
 *   invocations[0]     exit code and success (from fail_on), every diagnostic as a toolExecutionNotification
 *                      (inputs that could not be read among them)
 *   artifacts          every input with its status and reason (properties), sha-256
 *   results            ruleId/ruleIndex, level (error/warning/note), message (Japanese, English alongside),
 *                      physicalLocation (region: start/end line and column in code points, snippet = the
 *                      matched text), logicalLocations (the citation, and the address string as the fully
 *                      qualified name), partialFingerprints, properties (analog_types, principle, confidence,
 *                      citation, suggestion, address)
 *
 * Columns count Unicode code points (run.columnKind "unicodeCodePoints"), as everywhere in shinsa. GitHub code
 * scanning accepts at most 25,000 results per run: past that the most severe are kept (in output order within
 * a level) and a warning notification says how many were left out. Shinsa's suggestions are remedies written
 * as advice, not replacement text, so results carry no `fixes`. */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static int (*const put)(cJSON *, const char *, cJSON *) = shn__json_put;   /* report_json.c */
static int (*const push)(cJSON *, cJSON *) = shn__json_push;

static cJSON *text_obj(const char *text) {
    cJSON *o = cJSON_CreateObject();
    if (o && !put(o, "text", cJSON_CreateString(text && *text ? text : "-"))) { cJSON_Delete(o); return NULL; }
    return o;
}

static const char *level_of(shn_severity s) {
    return s == SHN_SEV_ERROR ? "error" : s == SHN_SEV_WARNING ? "warning" : s == SHN_SEV_INFO ? "note" : "none";
}

/* A file name as a URI reference: relative paths stay relative ('/'-separated, percent-encoded outside the
 * unreserved set), absolute paths become file:// URIs. */
static char *file_uri(const char *file) {
    if (!file) file = "-";
    shn_buf b = {0};
    if (file[0] == '/') shn__buf_puts(&b, "file://");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
        unsigned c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/') {
            char ch = (char)c;
            shn__buf_add(&b, &ch, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            shn__buf_add(&b, esc, 3);
        }
    }
    if (b.failed) { shn__buf_free(&b); return NULL; }
    return shn__buf_take(&b);
}

static cJSON *artifact_location(const char *file) {
    char *uri = file_uri(file);
    cJSON *o = cJSON_CreateObject();
    int ok = uri && o && put(o, "uri", cJSON_CreateString(uri));
    if (ok && file && file[0] != '/') ok = put(o, "uriBaseId", cJSON_CreateString("%SRCROOT%"));
    free(uri);
    if (!ok) { cJSON_Delete(o); return NULL; }
    return o;
}

static cJSON *str_array(const char *const *items, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        if (items[i] && !push(a, cJSON_CreateString(items[i]))) { cJSON_Delete(a); return NULL; }
    return a;
}

/* "0.85" as a number with at most two decimals, locale-independent. */
cJSON *shn__sarif_confidence(double c) {
    if (!(c >= 0.0)) c = 0.0;
    if (c > 1.0) c = 1.0;
    int h = (int)lround(c * 100.0);
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%d.%02d", h / 100, h % 100);
    return cJSON_CreateRaw(tmp);
}

/* The rule's anchor on its generated page: the id with '.' removed (GitHub's heading slugs). */
static char *help_uri(const char *base, const shn_rule_info *ri) {
    shn_buf b = {0};
    shn__buf_printf(&b, "%s%s%s.md#", base, *base && base[strlen(base) - 1] != '/' ? "/" : "", ri->pack);
    for (const char *p = ri->id; *p; p++)
        if (*p != '.') shn__buf_add(&b, p, 1);
    if (b.failed) { shn__buf_free(&b); return NULL; }
    return shn__buf_take(&b);
}

static cJSON *rule_json(const shn_rule_info *ri, const shn_render_options *o) {
    cJSON *r = cJSON_CreateObject();
    if (!r) return NULL;
    const char *name = strchr(ri->id, '.');
    name = name ? name + 1 : ri->id;
    char *help = shn__printf("%s\n\n%s", ri->title ? ri->title : ri->id, ri->description ? ri->description : "");
    int ok = help && put(r, "id", cJSON_CreateString(ri->id)) && put(r, "name", cJSON_CreateString(name)) &&
             put(r, "shortDescription", text_obj(ri->title ? ri->title : ri->id)) &&
             put(r, "fullDescription", text_obj(ri->description ? ri->description : ri->title)) &&
             put(r, "help", text_obj(help));
    free(help);
    if (ok && o->rules_url && *o->rules_url) {
        char *uri = help_uri(o->rules_url, ri);
        ok = uri && put(r, "helpUri", cJSON_CreateString(uri));
        free(uri);
    }
    cJSON *conf = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(r, "defaultConfiguration", conf) &&
         put(conf, "level", cJSON_CreateString(level_of(ri->severity))) &&
         put(conf, "enabled", cJSON_CreateBool(ri->enabled != 0));
    cJSON *props = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(r, "properties", props) && put(props, "pack", cJSON_CreateString(ri->pack)) &&
         put(props, "principle", ri->principle ? cJSON_CreateString(ri->principle) : cJSON_CreateNull()) &&
         put(props, "analog_types", str_array(ri->analog_types, ri->n_analog_types));
    cJSON *tags = ok ? str_array(ri->analog_types, ri->n_analog_types) : NULL;
    ok = ok && tags && (!ri->principle || push(tags, cJSON_CreateString(ri->principle))) && put(props, "tags", tags);
    if (!ok) { cJSON_Delete(r); return NULL; }
    return r;
}

static size_t rule_index(const shn_result *r, const char *id, int *found) {
    size_t lo = 0, hi = r->rules.n;   /* rules are in id order */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(((const shn_rule_info *)r->rules.items[mid])->id, id);
        if (c == 0) { *found = 1; return mid; }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    *found = 0;
    return 0;
}

static cJSON *region_json(const shn_finding *f) {
    cJSON *g = cJSON_CreateObject();
    if (!g) return NULL;
    int ok = put(g, "startLine", cJSON_CreateNumber(f->line ? f->line : 1));
    if (ok && f->column) ok = put(g, "startColumn", cJSON_CreateNumber(f->column));
    if (ok && f->end_line) ok = put(g, "endLine", cJSON_CreateNumber(f->end_line));
    if (ok && f->end_column) ok = put(g, "endColumn", cJSON_CreateNumber(f->end_column));
    const char *snip = f->match_text ? f->match_text : f->snippet;
    if (ok && snip && *snip) ok = put(g, "snippet", text_obj(snip));
    if (!ok) { cJSON_Delete(g); return NULL; }
    return g;
}

static cJSON *result_json(const shn_result *r, const shn_finding *f) {
    cJSON *res = cJSON_CreateObject();
    if (!res) return NULL;
    int found = 0;
    size_t idx = rule_index(r, f->rule ? f->rule : "", &found);
    char *msg = f->message_en && *f->message_en ? shn__printf("%s (%s)", f->message ? f->message : "", f->message_en)
                                                : shn__strdup(f->message ? f->message : f->rule);
    int ok = msg && put(res, "ruleId", cJSON_CreateString(f->rule ? f->rule : "-"));
    if (ok && found) ok = put(res, "ruleIndex", cJSON_CreateNumber((double)idx));
    ok = ok && put(res, "level", cJSON_CreateString(level_of(f->severity))) && put(res, "message", text_obj(msg));
    free(msg);
    /* location: physical + logical */
    cJSON *locs = ok ? cJSON_CreateArray() : NULL, *loc = ok ? cJSON_CreateObject() : NULL;
    cJSON *phys = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(res, "locations", locs) && push(locs, loc) && put(loc, "physicalLocation", phys) &&
         put(phys, "artifactLocation", artifact_location(f->file)) && put(phys, "region", region_json(f));
    if (ok && (f->citation || f->address_str)) {
        cJSON *logs = cJSON_CreateArray(), *lg = cJSON_CreateObject();
        ok = put(loc, "logicalLocations", logs) && push(logs, lg);
        if (ok && f->citation) ok = put(lg, "name", cJSON_CreateString(f->citation));
        if (ok && f->address_str) ok = put(lg, "fullyQualifiedName", cJSON_CreateString(f->address_str));
        if (ok) ok = put(lg, "kind", cJSON_CreateString(f->address.kind && strcmp(f->address.kind, "measure") == 0
                                                            ? "measure" : "provision"));
        if (!ok) { /* put/push deleted what failed; the rest is owned by res */ }
    }
    cJSON *fp = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(res, "partialFingerprints", fp) &&
         put(fp, "shinsaFingerprint/v1", cJSON_CreateString(f->fingerprint ? f->fingerprint : ""));
    cJSON *props = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(res, "properties", props) &&
         put(props, "analog_types", str_array(f->analog_types, f->n_analog_types)) &&
         put(props, "principle", f->principle ? cJSON_CreateString(f->principle) : cJSON_CreateNull()) &&
         put(props, "confidence", shn__sarif_confidence(f->confidence)) &&
         put(props, "citation", f->citation ? cJSON_CreateString(f->citation) : cJSON_CreateNull()) &&
         put(props, "address", shn__json_address(&f->address)) &&
         put(props, "suggestion", f->suggestion ? cJSON_CreateString(f->suggestion) : cJSON_CreateNull());
    if (ok && r->baseline_applied)
        ok = put(res, "baselineState", cJSON_CreateString(f->suppressed && strcmp(f->suppressed, "baseline") == 0
                                                              ? "unchanged" : "new"));
    if (ok && f->suppressed) {
        /* inline ignores are in the source; waivers and baselines are kept outside it */
        cJSON *sups = cJSON_CreateArray(), *sup = cJSON_CreateObject();
        const char *why = f->suppress_reason ? f->suppress_reason
                                             : "ベースラインに含まれる指摘 (in the baseline: not new)";
        ok = put(res, "suppressions", sups) && push(sups, sup) &&
             put(sup, "kind", cJSON_CreateString(strcmp(f->suppressed, "inline") == 0 ? "inSource" : "external")) &&
             put(sup, "status", cJSON_CreateString("accepted")) && put(sup, "justification", cJSON_CreateString(why));
    }
    if (!ok) { cJSON_Delete(res); return NULL; }
    return res;
}

static cJSON *notification_json(const shn_diagnostic *g) {
    cJSON *n = cJSON_CreateObject();
    if (!n) return NULL;
    int ok = put(n, "level", cJSON_CreateString(level_of(g->level))) && put(n, "message", text_obj(g->message));
    if (ok && g->file) {
        cJSON *locs = cJSON_CreateArray(), *loc = cJSON_CreateObject(), *phys = cJSON_CreateObject();
        ok = put(n, "locations", locs) && push(locs, loc) && put(loc, "physicalLocation", phys) &&
             put(phys, "artifactLocation", artifact_location(g->file));
        if (ok && g->line) {
            cJSON *reg = cJSON_CreateObject();
            ok = put(phys, "region", reg) && put(reg, "startLine", cJSON_CreateNumber(g->line)) &&
                 (!g->column || put(reg, "startColumn", cJSON_CreateNumber(g->column)));
        }
    }
    if (ok && g->rule) {
        cJSON *ar = cJSON_CreateObject();
        ok = put(n, "associatedRule", ar) && put(ar, "id", cJSON_CreateString(g->rule));
    }
    if (!ok) { cJSON_Delete(n); return NULL; }
    return n;
}

static cJSON *artifact_json(const shn_input *in) {
    cJSON *a = cJSON_CreateObject();
    if (!a) return NULL;
    int ok = put(a, "location", artifact_location(in->file));
    if (ok && in->sha256) {
        cJSON *h = cJSON_CreateObject();
        ok = put(a, "hashes", h) && put(h, "sha-256", cJSON_CreateString(in->sha256));
    }
    cJSON *props = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(a, "properties", props) &&
         put(props, "status", cJSON_CreateString(in->status ? in->status : "error")) &&
         put(props, "reason", in->reason ? cJSON_CreateString(in->reason) : cJSON_CreateNull()) &&
         put(props, "kind", in->kind ? cJSON_CreateString(in->kind) : cJSON_CreateNull()) &&
         put(props, "law_id", in->law_id ? cJSON_CreateString(in->law_id) : cJSON_CreateNull());
    if (!ok) { cJSON_Delete(a); return NULL; }
    return a;
}

char *shn__sarif_cut_message(size_t left_out) {
    return shn__printf("GitHub のコードスキャンの上限 %d 件を超えたため、重大度の低い %zu 件を省きました "
                       "(more than %d results, GitHub code scanning's limit per run: the %zu least severe "
                       "were left out; use --min-severity or the json format for all)",
                       SARIF_MAX_RESULTS, left_out, SARIF_MAX_RESULTS, left_out);
}

shn_status shn__render_sarif(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    /* which findings go in: shown ones, the most severe first when over the limit */
    size_t shown = 0;
    for (size_t i = 0; i < r->findings.n; i++) shown += shn__render_shown_or_suppressed(r->findings.items[i], o) != 0;
    shn_severity cut = SHN_SEV_NONE;   /* findings below `cut` are left out; at `cut`, only `room` of them */
    size_t room = (size_t)-1;
    if (shown > SARIF_MAX_RESULTS && !r->shard.count) {   /* a share is cut when merged */
        size_t left = SARIF_MAX_RESULTS;
        for (int s = SHN_SEV_ERROR; s >= SHN_SEV_INFO; s--) {
            size_t n = 0;
            for (size_t i = 0; i < r->findings.n; i++) {
                const shn_finding *f = r->findings.items[i];
                n += shn__render_shown_or_suppressed(f, o) && (int)f->severity == s;
            }
            if (n >= left) { cut = (shn_severity)s; room = left; break; }
            left -= n;
        }
    }
    int exit_code = shn_result_exit_code(r, o->fail_on);
    cJSON *log = cJSON_CreateObject(), *runs = cJSON_CreateArray(), *run = cJSON_CreateObject();
    cJSON *tool = cJSON_CreateObject(), *driver = cJSON_CreateObject(), *rules = cJSON_CreateArray();
    int ok = log && runs && run && tool && driver && rules &&
             put(log, "$schema", cJSON_CreateString("https://json.schemastore.org/sarif-2.1.0.json")) &&
             put(log, "version", cJSON_CreateString("2.1.0")) && put(log, "runs", runs) && push(runs, run);
    if (!ok) {
        if (!log || !cJSON_IsObject(log)) cJSON_Delete(runs);
        cJSON_Delete(log); cJSON_Delete(tool); cJSON_Delete(driver); cJSON_Delete(rules);
        return SHN_E_NOMEM;
    }
    ok = put(run, "tool", tool) && put(tool, "driver", driver) && put(driver, "name", cJSON_CreateString("shinsa")) &&
         put(driver, "version", cJSON_CreateString(SHN_VERSION)) &&
         put(driver, "semanticVersion", cJSON_CreateString(SHN_VERSION)) && put(driver, "rules", rules);
    for (size_t i = 0; ok && i < r->rules.n; i++) ok = push(rules, rule_json(r->rules.items[i], o));
    /* invocation */
    cJSON *invs = ok ? cJSON_CreateArray() : NULL, *inv = ok ? cJSON_CreateObject() : NULL;
    cJSON *notes = ok ? cJSON_CreateArray() : NULL;
    ok = ok && put(run, "invocations", invs) && push(invs, inv) &&
         put(inv, "executionSuccessful", cJSON_CreateBool(exit_code == 0 || exit_code == 1)) &&
         put(inv, "exitCode", cJSON_CreateNumber(exit_code)) && put(inv, "toolExecutionNotifications", notes);
    for (size_t i = 0; ok && i < r->diags.items.n; i++) ok = push(notes, notification_json(r->diags.items.items[i]));
    if (ok && cut != SHN_SEV_NONE) {
        char *msg = shn__sarif_cut_message(shown - SARIF_MAX_RESULTS);
        cJSON *n = msg ? cJSON_CreateObject() : NULL;
        ok = n && put(n, "level", cJSON_CreateString("warning")) && put(n, "message", text_obj(msg)) && push(notes, n);
        free(msg);
    }
    /* artifacts: every input with its status */
    cJSON *arts = ok ? cJSON_CreateArray() : NULL;
    ok = ok && put(run, "artifacts", arts);
    for (size_t i = 0; ok && i < r->inputs.n; i++) ok = push(arts, artifact_json(r->inputs.items[i]));
    ok = ok && put(run, "columnKind", cJSON_CreateString("unicodeCodePoints"));
    if (ok && r->shard.count) {   /* what shn_merge needs; the merged report has no properties here */
        cJSON *props = cJSON_CreateObject(), *sh = NULL;
        shn_status st = shn__shard_json(r, o, 1, &sh);
        if (st != SHN_OK) { cJSON_Delete(props); cJSON_Delete(log); return st; }
        ok = put(run, "properties", props) && put(props, "shinsa_shard", sh);
    }
    if (!ok) { cJSON_Delete(log); return SHN_E_NOMEM; }

    /* Write everything but the results with the deterministic printer, then stream the results into the
     * empty array, so memory stays bounded by one result at a time. */
    cJSON *results = cJSON_CreateArray();
    if (!results || !put(run, "results", results)) { cJSON_Delete(log); return SHN_E_NOMEM; }
    shn_buf head = {0};
    shn__json_write(&head, log, 1);
    cJSON_Delete(log);
    if (head.failed || !head.data) { shn__buf_free(&head); return SHN_E_NOMEM; }
    /* the printer writes an empty array as "[]": split there (the last "[]" is the results array) */
    const char *mark = NULL;
    for (const char *p = strstr(head.data, "\"results\": []"); p; p = strstr(p + 1, "\"results\": []")) mark = p;
    if (!mark) { shn__buf_free(&head); return SHN_E_NOMEM; }
    size_t split = (size_t)(mark - head.data) + strlen("\"results\": [");
    shn__buf_add(out, head.data, split);
    size_t kept_at_cut = 0;
    int any = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown_or_suppressed(f, o)) continue;
        if (cut != SHN_SEV_NONE && f->severity < cut) continue;
        if (cut != SHN_SEV_NONE && f->severity == cut && kept_at_cut++ >= room) continue;
        cJSON *v = result_json(r, f);
        if (!v) { shn__buf_free(&head); return SHN_E_NOMEM; }
        shn__buf_puts(out, any ? ",\n        " : "\n        ");
        shn_buf one = {0};
        shn__json_write(&one, v, 1);
        cJSON_Delete(v);
        if (one.failed) { shn__buf_free(&one); shn__buf_free(&head); return SHN_E_NOMEM; }
        /* re-indent the pretty object by 8 spaces (its depth in the log) and drop its final newline */
        for (size_t k = 0; k + 1 < one.len; k++) {
            shn__buf_add(out, one.data + k, 1);
            if (one.data[k] == '\n') shn__buf_puts(out, "        ");
        }
        shn__buf_free(&one);
        any = 1;
    }
    if (any) shn__buf_puts(out, "\n      ");
    shn__buf_puts(out, head.data + split);
    shn__buf_free(&head);
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}
