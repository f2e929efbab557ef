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
 * scanning accepts at most 25,000 results per run and 10 MB per gzip-compressed file: past either the most
 * severe results are kept (in output order within a level) and a warning notification says how many were left
 * out (shn__sarif_write, shared with shn_merge). Shinsa's suggestions are remedies written as advice, not
 * replacement text, so results carry no `fixes`. */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
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

/* The notification when results were left out: `gzip` is the byte limit when that one was passed, else 0 (the
 * results limit was). Caller frees. */
static char *cut_message(size_t left_out, size_t max_results, size_t gzip) {
    if (gzip)
        return shn__printf("GitHub のコードスキャンの上限（結果 %zu 件、gzip 圧縮で %zu バイト）に収めるため、重大度の"
                           "低い %zu 件を省きました (the report had to fit GitHub code scanning's upload limits of %zu "
                           "results per run and %zu bytes gzip-compressed: the %zu least severe results were left out; "
                           "use --min-severity, upload the shards of --shard I/N one by one, or the json format for all)",
                           max_results, gzip, left_out, max_results, gzip, left_out);
    return shn__printf("GitHub のコードスキャンの上限 %zu 件を超えたため、重大度の低い %zu 件を省きました "
                       "(more than %zu results, GitHub code scanning's limit per run: the %zu least severe "
                       "were left out; use --min-severity or the json format for all)",
                       max_results, left_out, max_results, left_out);
}

cJSON *shn__sarif_summary(size_t ok_n, size_t skipped, size_t failed) {
    cJSON *s = cJSON_CreateObject(), *by = NULL;
    int ok = s && put(s, "inputs", cJSON_CreateNumber((double)(ok_n + skipped + failed))) &&
             (by = cJSON_CreateObject()) != NULL && put(s, "inputs_by_status", by) &&
             put(by, "ok", cJSON_CreateNumber((double)ok_n)) && put(by, "skipped", cJSON_CreateNumber((double)skipped)) &&
             put(by, "error", cJSON_CreateNumber((double)failed));
    if (!ok) { cJSON_Delete(s); return NULL; }
    return s;
}

size_t shn__gzip_size(const char *data, size_t len) {
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15 + 16: a gzip wrapper; level 6 and memLevel 8 are zlib's (and Node's zlib.gzipSync's) defaults */
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return (size_t)-1;
    unsigned char scratch[1 << 15];
    size_t total = 0;
    const unsigned char *p = (const unsigned char *)data;
    int rc = Z_OK;
    do {
        size_t chunk = len > (1u << 30) ? (1u << 30) : len;
        z.next_in = (unsigned char *)p;
        z.avail_in = (uInt)chunk;
        p += chunk;
        len -= chunk;
        int flush = len ? Z_NO_FLUSH : Z_FINISH;
        do {
            z.next_out = scratch;
            z.avail_out = sizeof scratch;
            rc = deflate(&z, flush);
            if (rc == Z_STREAM_ERROR) { deflateEnd(&z); return (size_t)-1; }
            total += sizeof scratch - z.avail_out;
        } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    } while (len);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? total : (size_t)-1;
}

int shn__sarif_res_text(const cJSON *v, shn__sarif_res *res) {
    shn_buf one = {0}, ind = {0};
    shn__json_write(&one, v, 1);
    if (one.failed) { shn__buf_free(&one); return -1; }
    /* re-indent the pretty object by 8 spaces (its depth in the log) and drop its final newline */
    for (size_t k = 0; k + 1 < one.len; k++) {
        shn__buf_add(&ind, one.data + k, 1);
        if (one.data[k] == '\n') shn__buf_puts(&ind, "        ");
    }
    shn__buf_free(&one);
    if (ind.failed || !ind.data) { shn__buf_free(&ind); return -1; }
    res->len = ind.len;
    res->text = shn__buf_take(&ind);
    return res->text ? 0 : -1;
}

static int level_rank_of(shn_severity s) {
    return s == SHN_SEV_ERROR ? 3 : s == SHN_SEV_WARNING ? 2 : s == SHN_SEV_INFO ? 1 : 0;
}

/* the results in the order they are given up: least severe first, later before earlier within a level */
static int cmp_give_up(const void *pa, const void *pb, void *ud) {
    const shn__sarif_res *res = ud;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (res[a].rank != res[b].rank) return res[a].rank < res[b].rank ? -1 : 1;
    return a > b ? -1 : a < b;
}

/* qsort_r is not C11: a small merge sort over indices with a context */
static void sort_idx(size_t *v, size_t *tmp, size_t n, const shn__sarif_res *res) {
    if (n < 2) return;
    size_t h = n / 2;
    sort_idx(v, tmp, h, res);
    sort_idx(v + h, tmp, n - h, res);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp_give_up(&v[j], &v[i], (void *)res) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

shn_status shn__sarif_write(cJSON *log, cJSON *notes, shn__sarif_res *res, size_t n, size_t max_results,
                            size_t max_gzip, shn_buf *out, size_t *left_out) {
    shn_status st = SHN_OK;
    size_t *order = NULL, *tmp = NULL;
    unsigned char *drop = NULL;
    size_t keep = max_results && n > max_results ? max_results : n;
    size_t base = out->len;
    int sized = 0;   /* the byte limit was passed */
    if (left_out) *left_out = 0;
    if (n) {
        order = malloc(n * sizeof *order);
        tmp = malloc(n * sizeof *tmp);
        drop = calloc(n, 1);
        if (!order || !tmp || !drop) { st = SHN_E_NOMEM; goto done; }
        for (size_t i = 0; i < n; i++) order[i] = i;
        sort_idx(order, tmp, n, res);   /* order[0] is given up first */
    }
    for (;;) {
        size_t gone = n - keep;
        for (size_t i = 0; i < n; i++) drop[i] = 0;
        for (size_t i = 0; i < gone; i++) drop[order[i]] = 1;
        cJSON *note = NULL;
        if (gone) {
            char *msg = cut_message(gone, max_results ? max_results : SARIF_MAX_RESULTS, sized ? max_gzip : 0);
            cJSON *m = msg ? cJSON_CreateObject() : NULL;
            note = m ? cJSON_CreateObject() : NULL;
            int ok = note && put(note, "level", cJSON_CreateString("warning")) && put(note, "message", m) &&
                     put(m, "text", cJSON_CreateString(msg));
            free(msg);
            if (!note) cJSON_Delete(m);
            if (!ok || !push(notes, note)) { if (!ok) cJSON_Delete(note); st = SHN_E_NOMEM; goto done; }
        }
        /* everything but the results with the deterministic printer, then the results spliced into the empty
         * array (the last "results": [] of the text) */
        shn_buf head = {0};
        shn__json_write(&head, log, 1);
        if (note) cJSON_Delete(cJSON_DetachItemViaPointer(notes, note));
        const char *mark = NULL;
        for (const char *p = head.data ? strstr(head.data, "\"results\": []") : NULL; p; p = strstr(p + 1, "\"results\": []"))
            mark = p;
        if (head.failed || !mark) { shn__buf_free(&head); st = SHN_E_NOMEM; goto done; }
        size_t split = (size_t)(mark - head.data) + strlen("\"results\": [");
        out->len = base;
        shn__buf_add(out, head.data, split);
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            if (drop[i]) continue;
            shn__buf_puts(out, any ? ",\n        " : "\n        ");
            shn__buf_add(out, res[i].text, res[i].len);
            any = 1;
        }
        if (any) shn__buf_puts(out, "\n      ");
        shn__buf_puts(out, head.data + split);
        shn__buf_free(&head);
        if (out->failed) { st = SHN_E_NOMEM; goto done; }
        size_t len = out->len - base;
        /* Aim 1/32 (3%) below the limit: gzip implementations differ, and the upload action compresses with
         * Node's zlib, which here made a 40 KB report 1.4% bigger than zlib 1.2.13 at the same level. */
        size_t target = max_gzip - max_gzip / 32;
        /* gzip adds at most 5 bytes per 16 KiB block and 18 of wrapper: below this, the limit cannot be passed */
        if (!max_gzip || !keep || len + len / 1000 + 64 <= target) break;
        size_t gz = shn__gzip_size(out->data + base, len);
        if (gz == (size_t)-1) { st = SHN_E_NOMEM; goto done; }
        if (gz <= target) break;
        /* too big: keep fewer, in proportion to the bytes to lose (with 3% to spare), at least one fewer */
        size_t fewer = (size_t)((double)keep * ((double)target / (double)gz) * 0.97);
        keep = fewer < keep ? fewer : keep - 1;
        sized = 1;
    }
    if (left_out) *left_out = n - keep;
done:
    for (size_t i = 0; i < n; i++) free(res[i].text), res[i].text = NULL;
    free(order);
    free(tmp);
    free(drop);
    return st;
}

shn_status shn__render_sarif(const shn_result *r, const shn_render_options *o, shn_buf *out) {
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
    /* artifacts: every input with its status */
    cJSON *arts = ok ? cJSON_CreateArray() : NULL;
    ok = ok && put(run, "artifacts", arts);
    for (size_t i = 0; ok && i < r->inputs.n; i++) ok = push(arts, artifact_json(r->inputs.items[i]));
    ok = ok && put(run, "columnKind", cJSON_CreateString("unicodeCodePoints"));
    /* the inputs counted by status, as in the json report's summary */
    shn_render_counts c;
    shn__render_counts(r, o, &c);
    cJSON *props = ok ? cJSON_CreateObject() : NULL;
    ok = ok && put(run, "properties", props) &&
         put(props, "summary", shn__sarif_summary(c.inputs_ok, c.inputs_skipped, c.inputs_failed));
    if (ok && r->shard.count) {   /* what shn_merge needs; the merged report has the whole run's summary only */
        cJSON *sh = NULL;
        shn_status st = shn__shard_json(r, o, 1, &sh);
        if (st != SHN_OK) { cJSON_Delete(log); return st; }
        ok = put(props, "shinsa_shard", sh);
    }
    cJSON *results = ok ? cJSON_CreateArray() : NULL;
    ok = ok && put(run, "results", results);
    if (!ok) { cJSON_Delete(log); return SHN_E_NOMEM; }

    /* the results, rendered one at a time (the cJSON tree holds one result at a time) */
    size_t n = 0;
    for (size_t i = 0; i < r->findings.n; i++) n += shn__render_shown_or_suppressed(r->findings.items[i], o) != 0;
    shn__sarif_res *res = n ? calloc(n, sizeof *res) : NULL;
    if (n && !res) { cJSON_Delete(log); return SHN_E_NOMEM; }
    size_t k = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown_or_suppressed(f, o)) continue;
        cJSON *v = result_json(r, f);
        int bad = !v || shn__sarif_res_text(v, &res[k]) != 0;
        cJSON_Delete(v);
        if (bad) {
            for (size_t j = 0; j < k; j++) free(res[j].text);
            free(res);
            cJSON_Delete(log);
            return SHN_E_NOMEM;
        }
        res[k++].rank = level_rank_of(f->severity);
    }
    /* a share is not cut: the merge cuts the whole run */
    size_t max_results = r->shard.count ? 0 : o->sarif_max_results ? o->sarif_max_results : SARIF_MAX_RESULTS;
    size_t max_gzip = r->shard.count ? 0 : o->sarif_max_bytes ? o->sarif_max_bytes : SARIF_MAX_GZIP_BYTES;
    shn_status st = shn__sarif_write(log, notes, res, n, max_results, max_gzip, out, o->left_out);
    free(res);
    cJSON_Delete(log);
    return st;
}
