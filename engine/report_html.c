/* report_html.c — the `html` report: one self-contained page for a reviewer or a committee.
 *
 * Everything is in the file: inline CSS and a small inline script, no network, no external script, style,
 * font or image (a Content-Security-Policy of default-src 'none' makes the browser refuse any). The page is
 * complete without JavaScript: the summary, the charts (CSS bars), the inputs with their status and every
 * finding are plain HTML written here. The script only adds the filters (severity, rule, analog type,
 * principle, law, free text) and sorting; it reads the findings from a <script type="application/json">
 * block (the Contracts' finding objects, "<", ">" and "&" written as \u escapes so no text can close the
 * block) and shows or hides the rows. The filter state lives in the URL fragment
 * (#sev=warning&type=physical-posting&q=掲示&sort=rule), so a filtered view can be linked and tested.
 *
 * Every string from an input or a rule is HTML-escaped; the bytes are deterministic (no clock, no random). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

/* ---- escaping ---------------------------------------------------------------------------------------- */

/* n bytes of s as HTML text or attribute value: & < > " ' escaped, controls other than \n and \t and
 * invalid UTF-8 as U+FFFD. */
static const char *html_map(uint32_t cp, size_t i, const unsigned char *s, char tmp[8]) {
    (void)i, (void)s, (void)tmp;
    if (cp == '&') return "&amp;";
    if (cp == '<') return "&lt;";
    if (cp == '>') return "&gt;";
    if (cp == '"') return "&quot;";
    if (cp == '\'') return "&#39;";
    if (cp == '\r') return "";
    if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) return "\xEF\xBF\xBD";
    return NULL;
}

static void put_html_n(shn_buf *b, const char *str, size_t n) {
    shn__buf_put_escaped(b, str, n, html_map);
}

static void put_html(shn_buf *b, const char *s) {
    if (s) put_html_n(b, s, strlen(s));
}

/* JSON for a <script> element: "<", ">" and "&" (only ever inside strings) as \u escapes, so neither
 * "</script>" nor "<!--" can appear. */
static void put_json_script(shn_buf *b, const struct cJSON *v) {
    shn_buf t = {0};
    shn__json_write(&t, v, 0);
    if (t.failed) { b->failed = 1; shn__buf_free(&t); return; }
    size_t run = 0;
    for (size_t i = 0; i < t.len; i++) {
        const char *rep = t.data[i] == '<' ? "\\u003c" : t.data[i] == '>' ? "\\u003e" : t.data[i] == '&' ? "\\u0026" : NULL;
        if (!rep) continue;
        shn__buf_add(b, t.data + run, i - run);
        shn__buf_puts(b, rep);
        run = i + 1;
    }
    shn__buf_add(b, t.data + run, t.len - run);
    shn__buf_free(&t);
}

/* ---- grouping ---------------------------------------------------------------------------------------- */

/* The law (or, for plans, the document) a finding belongs to: the law id of a law address, else the file.
 * The page's script computes the same key (lawKey). */
static const char *law_key(const shn_finding *f) {
    int measure = f->address.kind && strcmp(f->address.kind, "measure") == 0;
    if (!measure && f->address.law_id && *f->address.law_id) return f->address.law_id;
    return f->file && *f->file ? f->file : "-";
}

typedef struct { const char *key; size_t n; const char *label; } tally;   /* label: shown for key; NULL = key */

static int cmp_tally_count(const void *pa, const void *pb) {
    const tally *a = pa, *b = pb;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    return strcmp(a->key, b->key);
}

static int cmp_tally_key(const void *pa, const void *pb) {
    return strcmp(((const tally *)pa)->key, ((const tally *)pb)->key);
}

/* Count keys; `which` 0 = rule, 1 = analog type (each distinct type of a finding once), 2 = principle,
 * 3 = law (labelled with the law's title), 4 = ministry. Sorted by count (descending) then key. NULL on no memory. */
static tally *count_by(const shn_result *r, const shn_render_options *o, int which, size_t *n_out) {
    size_t cap = 1;
    for (size_t i = 0; i < r->findings.n; i++)
        cap += which == 1 ? ((const shn_finding *)r->findings.items[i])->n_analog_types : 1;
    tally *t = calloc(cap, sizeof *t);
    if (!t) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        size_t m = which == 1 ? f->n_analog_types : 1;
        for (size_t k = 0; k < m; k++) {
            const char *key = which == 0 ? f->rule : which == 1 ? f->analog_types[k] : which == 2 ? f->principle
                              : which == 4 ? f->ministry : law_key(f);
            if (!key || !*key) continue;
            int dup = 0;
            for (size_t u = 0; which == 1 && u < k && !dup; u++)
                dup = f->analog_types[u] && strcmp(f->analog_types[u], key) == 0;
            if (dup) continue;
            size_t j = 0;
            while (j < n && strcmp(t[j].key, key) != 0) j++; /* few distinct keys in practice */
            if (j == n) t[n++].key = key;
            t[j].n++;
            if (which == 3 && !t[j].label && f->law_title)
                t[j].label = f->law_title;   /* a law: its title (the key: its law id, else the file) */
        }
    }
    qsort(t, n, sizeof *t, cmp_tally_count);
    *n_out = n;
    return t;
}

/* ---- page parts -------------------------------------------------------------------------------------- */

static const char css[] =
    ":root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--soft:#f6f8fa;--error:#cf222e;--warning:#9a6700;"
    "--warnbg:#fff8c5;--info:#0969da;--mark:#ffe58f}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.6 system-ui,-apple-system,'Hiragino Sans','Noto Sans CJK JP','Yu Gothic',sans-serif;"
    "color:var(--fg);background:var(--bg)}\n"
    "header,main{max-width:1200px;margin:0 auto;padding:0 16px}\n"
    "header{padding-top:16px;border-bottom:1px solid var(--line)}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .5em}h1 small,h2 small{color:var(--muted);"
    "font-weight:normal}\n"
    ".meta{color:var(--muted);margin:.2em 0 .8em}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:8px}\n"
    ".card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;background:var(--soft)}\n"
    ".card .n{display:block;font-size:1.6em;font-weight:bold}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px;margin-top:16px}\n"
    "figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px}\n"
    "figcaption{font-weight:bold;margin-bottom:6px}\n"
    "table{border-collapse:collapse;width:100%}\n"
    ".bars th{font-weight:normal;text-align:left;width:45%;overflow-wrap:anywhere;padding:2px 6px 2px 0}\n"
    ".bars td{padding:2px 0}.bars td.num{text-align:right;width:3.5em;padding-left:6px}\n"
    ".bar{display:block;height:14px;min-width:2px;background:#8c959f;border-radius:2px;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    ".bar.sev-error{background:var(--error)}.bar.sev-warning{background:#d4a72c}.bar.sev-info{background:var(--info)}\n"
    ".scroll{overflow-x:auto}\n"
    ".inputs th,.inputs td,.findings th,.findings td{border-bottom:1px solid var(--line);padding:6px 8px;"
    "text-align:left;vertical-align:top}\n"
    ".inputs td{overflow-wrap:anywhere}\n"
    ".status-ok{color:#1a7f37}.status-skipped{color:var(--warning)}.status-error{color:var(--error);font-weight:bold}\n"
    ".findings thead th{background:var(--soft);position:sticky;top:0}\n"
    ".findings th[data-sort]{cursor:pointer;text-decoration:underline dotted}\n"
    ".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.85em;font-weight:bold;color:#fff}\n"
    ".badge.sev-error{background:var(--error)}.badge.sev-warning{background:var(--warnbg);color:var(--warning);"
    "border:1px solid #d4a72c}.badge.sev-info{background:var(--info)}\n"
    "code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}\n"
    ".findings th:nth-child(1){width:7em}.findings th:nth-child(2),.findings th:nth-child(3){width:13em}\n"
    ".tags span{display:inline-block;background:var(--soft);border:1px solid var(--line);border-radius:4px;"
    "padding:0 5px;margin:2px 2px 0 0;font-size:.85em}\n"
    ".place,.law,.msg-en,.small{color:var(--muted);font-size:.9em;overflow-wrap:anywhere}\n"
    ".citation{font-weight:bold}\n"
    ".msg{margin:0 0 .2em}.msg-en{margin:0 0 .4em}\n"
    "blockquote.clause{margin:.4em 0;padding:.4em .8em;border-left:4px solid var(--line);background:var(--soft);"
    "white-space:pre-wrap}\n"
    "mark{background:var(--mark);font-weight:bold;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    ".remedy{margin:.4em 0}.remedy b{color:#1a7f37}\n"
    ".related{margin:.2em 0;padding-left:1.2em;font-size:.9em;color:var(--muted)}\n"
    "#filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;margin:0 0 10px}\n"
    "#filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted)}\n"
    "#filters select,#filters input{font:inherit;font-size:1rem;max-width:15em;padding:3px}\n"
    "#filters[hidden],tr[hidden]{display:none}\n"
    ".empty{color:var(--muted);font-style:italic}\n"
    "footer{max-width:1200px;margin:24px auto;padding:0 16px;color:var(--muted);font-size:.85em}\n"
    "@media (max-width:700px){body{font-size:14px}.card{min-width:0;flex:1 1 40%}"
    ".findings thead{display:none}.findings,.findings tbody,.findings tr,.findings td{display:block;width:100%}"
    ".findings tr{border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:4px 0}"
    ".findings td{border:0;padding:3px 10px}#filters select,#filters input{max-width:100%}#filters label{flex:1 1 45%}}\n"
    "@media print{body{font-size:11pt}header,main{max-width:none;padding:0}#filters,noscript,.noprint{display:none}"
    ".findings thead th{position:static}.findings tr,figure{break-inside:avoid}a{color:inherit;text-decoration:none}"
    ".scroll{overflow:visible}}\n";

/* The script: filters and sorting over the rows, state in the URL fragment. Rows are tbody.rows[i] for
 * findings[i]. No text from the data is ever written as HTML (only .hidden and row order change). */
static const char script[] =
    "(function(){'use strict';\n"
    "var data=JSON.parse(document.getElementById('shinsa-data').textContent);\n"
    "var F=data.findings,tbody=document.querySelector('#findings-table tbody');\n"
    "var rows=Array.prototype.slice.call(tbody.rows);\n"
    "var SEV={error:3,warning:2,info:1};\n"
    "function lawKey(f){var a=f.address||{};return (a.kind!=='measure'&&a.law_id)||f.file||'-';}\n"
    "var hay=F.map(function(f){return [f.rule,f.severity,f.message,f.message_en,f.principle,(f.analog_types||[]).join(' '),"
    "f.file,f.citation,f.snippet,f.suggestion,lawKey(f)].join('\\n').toLowerCase();});\n"
    "var form=document.getElementById('filters');form.hidden=false;\n"
    "var names=['sev','rule','type','principle','law','q','sort'],ctl={};\n"
    "names.forEach(function(n){ctl[n]=document.getElementById('f-'+n);});\n"
    "function key(f,s){switch(s){case 'severity':return -(SEV[f.severity]||0);case 'rule':return f.rule||'';"
    "case 'type':return (f.analog_types||[])[0]||'\\uffff';case 'principle':return f.principle||'\\uffff';"
    "case 'law':return lawKey(f);default:return 0;}}\n"
    "function apply(write){var s={};names.forEach(function(n){s[n]=ctl[n].value;});\n"
    " var q=s.q.trim().toLowerCase(),shown=0,idx=F.map(function(f,i){return i;});\n"
    " if(s.sort){idx.sort(function(a,b){var x=key(F[a],s.sort),y=key(F[b],s.sort);return x<y?-1:x>y?1:a-b;});}\n"
    " idx.forEach(function(i){var f=F[i],ok=(!s.sev||f.severity===s.sev)&&(!s.rule||f.rule===s.rule)&&"
    "(!s.type||(f.analog_types||[]).indexOf(s.type)>=0)&&(!s.principle||f.principle===s.principle)&&"
    "(!s.law||lawKey(f)===s.law)&&(!q||hay[i].indexOf(q)>=0);\n"
    "  rows[i].hidden=!ok;if(ok)shown++;tbody.appendChild(rows[i]);});\n"
    " document.getElementById('shown').textContent=String(shown);\n"
    " document.getElementById('none-shown').hidden=shown>0;\n"
    " if(write){var p=new URLSearchParams();names.forEach(function(n){if(s[n])p.set(n,s[n]);});\n"
    "  history.replaceState(null,'',p.toString()?'#'+p.toString():location.pathname+location.search);}}\n"
    "function fromHash(){var p=new URLSearchParams(location.hash.slice(1));"
    "names.forEach(function(n){ctl[n].value=p.get(n)||'';if(ctl[n].value!==(p.get(n)||''))ctl[n].value='';});apply(false);}\n"
    "names.forEach(function(n){ctl[n].addEventListener(n==='q'?'input':'change',function(){apply(true);});});\n"
    "document.getElementById('f-reset').addEventListener('click',function(){names.forEach(function(n){ctl[n].value='';});"
    "apply(true);});\n"
    "Array.prototype.forEach.call(document.querySelectorAll('#findings-table th[data-sort]'),function(th){"
    "th.addEventListener('click',function(){ctl.sort.value=th.getAttribute('data-sort');apply(true);});});\n"
    "window.addEventListener('hashchange',fromHash);fromHash();\n"
    "document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n";

/* Bar chart as a table of rows: label, bar (width relative to the largest), count. */
/* A tally's key as shown: "労働安全衛生法 (347AC0000000057)" for a law with a title, else the key. */
static void put_label(shn_buf *b, const tally *t) {
    if (t->label) {
        put_html(b, t->label);
        shn__buf_puts(b, " (");
        put_html(b, t->key);
        shn__buf_puts(b, ")");
    } else {
        put_html(b, t->key);
    }
}

static void put_chart(shn_buf *b, const char *id, const char *caption, const tally *t, size_t n, size_t limit,
                      int sev_classes) {
    shn__buf_printf(b, "<figure class=\"chart\" id=\"%s\"><figcaption>%s</figcaption>\n", id, caption);
    if (!n) {
        shn__buf_puts(b, "<p class=\"empty\">なし (none)</p></figure>\n");
        return;
    }
    size_t max = 0, rest = 0, rest_keys = 0;
    for (size_t i = 0; i < n; i++) if (t[i].n > max) max = t[i].n;
    shn__buf_puts(b, "<table class=\"bars\">\n");
    for (size_t i = 0; i < n; i++) {
        if (i >= limit) { rest += t[i].n; rest_keys++; continue; }
        size_t permille = max ? t[i].n * 1000 / max : 0;
        shn__buf_puts(b, "<tr data-key=\"");
        put_html(b, t[i].key);
        shn__buf_puts(b, "\"><th scope=\"row\">");
        put_label(b, &t[i]);
        shn__buf_printf(b, "</th><td><span class=\"bar%s%s\" style=\"width:%zu.%zu%%\"></span></td>"
                           "<td class=\"num\">%zu</td></tr>\n",
                        sev_classes ? " sev-" : "", sev_classes ? t[i].key : "", permille / 10, permille % 10, t[i].n);
    }
    if (rest_keys)
        shn__buf_printf(b, "<tr><th scope=\"row\">その他 %zu 件 (%zu others)</th><td></td><td class=\"num\">%zu</td></tr>\n",
                        rest_keys, rest_keys, rest);
    shn__buf_puts(b, "</table></figure>\n");
}

/* <select> of the distinct values of a tally (sorted by key), first option "all". */
static void put_select(shn_buf *b, const char *name, const char *label, tally *t, size_t n) {
    qsort(t, n, sizeof *t, cmp_tally_key);
    shn__buf_printf(b, "<label>%s<select id=\"f-%s\"><option value=\"\">すべて (all)</option>", label, name);
    for (size_t i = 0; i < n; i++) {
        shn__buf_puts(b, "<option value=\"");
        put_html(b, t[i].key);
        shn__buf_puts(b, "\">");
        put_label(b, &t[i]);
        shn__buf_printf(b, " (%zu)</option>", t[i].n);
    }
    shn__buf_puts(b, "</select></label>\n");
}

/* The clause text with the match in <mark>. */
static void put_clause(shn_buf *b, const shn_finding *f) {
    const char *s = f->snippet;
    size_t bytes = strlen(s), cps = shn__utf8_len(s, bytes);
    shn__buf_puts(b, "<blockquote class=\"clause\">");
    if (f->match_start >= 0 && f->match_end > f->match_start && (size_t)f->match_end <= cps) {
        size_t bs = shn__utf8_byte_offset(s, bytes, (size_t)f->match_start);
        size_t be = shn__utf8_byte_offset(s, bytes, (size_t)f->match_end);
        put_html_n(b, s, bs);
        shn__buf_puts(b, "<mark>");
        put_html_n(b, s + bs, be - bs);
        shn__buf_puts(b, "</mark>");
        put_html_n(b, s + be, bytes - be);
    } else {
        put_html_n(b, s, bytes);
    }
    shn__buf_puts(b, "</blockquote>");
}

/* The title of rule `id` among the run's rules, or NULL. */
static const char *rule_title(const shn_result *r, const char *id) {
    size_t n = id ? shn_result_rule_count(r) : 0;
    for (size_t i = 0; i < n; i++) {
        const shn_rule_info *ri = shn_result_rule(r, i);
        if (ri && ri->id && strcmp(ri->id, id) == 0) return ri->title;
    }
    return NULL;
}

static void put_finding_row(shn_buf *b, const shn_result *res, const shn_finding *f, size_t n) {
    const char *sev = shn_severity_name(f->severity);
    const char *title = rule_title(res, f->rule);
    shn__buf_printf(b, "<tr id=\"finding-%zu\" class=\"finding sev-%s\">\n<td><span class=\"badge sev-%s\">%s</span></td>\n",
                    n, sev, sev, sev);
    shn__buf_puts(b, "<td><code>");
    put_html(b, f->rule ? f->rule : "?");
    shn__buf_puts(b, "</code>");
    if (title && *title) {
        shn__buf_puts(b, "<div class=\"small\">");
        put_html(b, title);
        shn__buf_puts(b, "</div>");
    }
    if (f->n_analog_types) {
        shn__buf_puts(b, "<div class=\"tags\" title=\"種別 (analog type)\">");
        for (size_t i = 0; i < f->n_analog_types; i++) {
            shn__buf_puts(b, "<span>");
            put_html(b, f->analog_types[i]);
            shn__buf_puts(b, "</span>");
        }
        shn__buf_puts(b, "</div>");
    }
    if (f->principle && *f->principle) {
        shn__buf_puts(b, "<div class=\"small\">原則 (principle): ");
        put_html(b, f->principle);
        shn__buf_puts(b, "</div>");
    }
    shn__buf_puts(b, "</td>\n<td>");
    if (f->citation && *f->citation) {
        shn__buf_puts(b, "<div class=\"citation\">");
        put_html(b, f->citation);
        shn__buf_puts(b, "</div>");
    }
    shn__buf_puts(b, "<div class=\"law\">");
    put_html(b, law_key(f));
    shn__buf_puts(b, "</div><div class=\"place\">");
    put_html(b, f->file ? f->file : "-");
    if (f->line) {
        shn__buf_printf(b, ":%u", f->line);
        if (f->column) shn__buf_printf(b, ":%u", f->column);
    }
    shn__buf_puts(b, "</div></td>\n<td>");
    shn__buf_puts(b, "<p class=\"msg\">");
    put_html(b, f->message ? f->message : "");
    shn__buf_puts(b, "</p>");
    if (f->message_en && *f->message_en) {
        shn__buf_puts(b, "<p class=\"msg-en\" lang=\"en\">");
        put_html(b, f->message_en);
        shn__buf_puts(b, "</p>");
    }
    if (f->snippet && *f->snippet) put_clause(b, f);
    if (f->suggestion && *f->suggestion) {
        shn__buf_puts(b, "<p class=\"remedy\"><b>提案 (remedy)</b> ");
        put_html(b, f->suggestion);
        shn__buf_puts(b, "</p>");
    }
    if (f->n_related) {
        shn__buf_puts(b, "<ul class=\"related\">");
        for (size_t i = 0; i < f->n_related; i++) {
            const shn_related *r = &f->related[i];
            const char *parts[3] = {r->address ? r->address : r->file, r->citation, r->note};
            shn__buf_puts(b, "<li>関連 (related):");
            for (size_t k = 0; k < 3; k++) {
                if (!parts[k] || !*parts[k]) continue;
                shn__buf_add(b, " ", 1);
                put_html(b, parts[k]);
            }
            shn__buf_puts(b, "</li>");
        }
        shn__buf_puts(b, "</ul>");
    }
    shn__buf_puts(b, "</td>\n</tr>\n");
}

static void put_inputs(shn_buf *b, const shn_result *r) {
    shn__buf_printf(b, "<section id=\"inputs\"><h2>入力 <small>(inputs: %zu)</small></h2>\n", r->inputs.n);
    if (!r->inputs.n) {
        shn__buf_puts(b, "<p class=\"empty\">なし (none)</p></section>\n");
        return;
    }
    shn__buf_puts(b, "<div class=\"scroll\"><table class=\"inputs\"><thead><tr><th>ファイル (file)</th><th>種類 (kind)</th>"
                     "<th>法令ID (law id)</th><th>状態 (status)</th><th>理由 (reason)</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        const char *st = in->status ? in->status : "error";
        const char *cls = strcmp(st, "ok") == 0 ? "ok" : strcmp(st, "skipped") == 0 ? "skipped" : "error";
        shn__buf_puts(b, "<tr><td>");
        put_html(b, in->file ? in->file : "-");
        shn__buf_puts(b, "</td><td>");
        put_html(b, in->kind ? in->kind : "-");
        shn__buf_puts(b, "</td><td>");
        put_html(b, in->law_id ? in->law_id : "-");
        shn__buf_printf(b, "</td><td class=\"status-%s\">", cls);
        put_html(b, st);
        shn__buf_puts(b, "</td><td>");
        put_html(b, in->reason ? in->reason : "");
        shn__buf_puts(b, "</td></tr>\n");
    }
    shn__buf_puts(b, "</tbody></table></div></section>\n");
}

static void put_diagnostics(shn_buf *b, const shn_result *r) {
    size_t n = r->diags.items.n;
    if (!n) return;
    shn__buf_printf(b, "<section id=\"diagnostics\"><h2>診断 <small>(diagnostics: %zu)</small></h2><ul>\n", n);
    for (size_t i = 0; i < n; i++) {
        const shn_diagnostic *g = r->diags.items.items[i];
        shn__buf_printf(b, "<li><span class=\"badge sev-%s\">%s</span> ", shn_severity_name(g->level),
                        shn_severity_name(g->level));
        if (g->file) {
            shn__buf_puts(b, "<span class=\"place\">");
            put_html(b, g->file);
            if (g->line) {
                shn__buf_printf(b, ":%u", g->line);
                if (g->column) shn__buf_printf(b, ":%u", g->column);
            }
            shn__buf_puts(b, "</span> ");
        }
        put_html(b, g->message ? g->message : "");
        if (g->rule) {
            shn__buf_puts(b, " <code>");
            put_html(b, g->rule);
            shn__buf_puts(b, "</code>");
        }
        shn__buf_puts(b, "</li>\n");
    }
    shn__buf_puts(b, "</ul></section>\n");
}

/* ---- the report -------------------------------------------------------------------------------------- */

shn_status shn__render_html(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    shn_render_counts c;
    shn__render_counts(r, o, &c);
    size_t shown = c.shown, *by_sev = c.by_sev;
    size_t n_rule = 0, n_type = 0, n_pr = 0, n_law = 0, n_min = 0;
    tally *t_rule = count_by(r, o, 0, &n_rule), *t_type = count_by(r, o, 1, &n_type);
    tally *t_pr = count_by(r, o, 2, &n_pr), *t_law = count_by(r, o, 3, &n_law), *t_min = count_by(r, o, 4, &n_min);
    if (!t_rule || !t_type || !t_pr || !t_law || !t_min) {
        free(t_rule), free(t_type), free(t_pr), free(t_law), free(t_min);
        return SHN_E_NOMEM;
    }

    shn__buf_puts(out, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                       "<meta name=\"generator\" content=\"shinsa " SHN_VERSION "\">\n"
                       "<title>shinsa 審査レポート (review report)</title>\n<style>\n");
    shn__buf_puts(out, css);
    shn__buf_puts(out, "</style>\n</head>\n<body>\n<header>\n<h1>shinsa 審査レポート <small>(review report)</small></h1>\n");
    shn__buf_printf(out, "<p class=\"meta\">shinsa %s · 入力 %zu 件 (inputs) · 指摘 %zu 件 (findings)</p>\n</header>\n<main>\n",
                    SHN_VERSION, r->inputs.n, shown);

    /* summary */
    shn__buf_puts(out, "<section id=\"summary\"><h2>概要 <small>(summary)</small></h2>\n<div class=\"cards\">\n");
    shn__buf_printf(out, "<div class=\"card\"><span class=\"n\" id=\"count-findings\">%zu</span>指摘 (findings)</div>\n", shown);
    static const char *const sev_names[] = {"error", "warning", "info"};
    static const shn_severity sev_vals[] = {SHN_SEV_ERROR, SHN_SEV_WARNING, SHN_SEV_INFO};
    for (int i = 0; i < 3; i++)
        shn__buf_printf(out, "<div class=\"card\"><span class=\"n\" id=\"count-%s\">%zu</span><span class=\"badge sev-%s\">%s</span></div>\n",
                        sev_names[i], by_sev[sev_vals[i]], sev_names[i], sev_names[i]);
    shn__buf_printf(out, "<div class=\"card\"><span class=\"n\" id=\"count-inputs\">%zu</span>入力 (inputs): "
                         "<span class=\"status-ok\">検査 %zu (checked)</span>, <span class=\"status-skipped\">読み飛ばし %zu "
                         "(skipped)</span>, <span class=\"status-error\">失敗 %zu (failed)</span></div>\n",
                    r->inputs.n, c.inputs_ok, c.inputs_skipped, c.inputs_failed);
    size_t n_sup = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        n_sup += f->suppressed && shn__render_shown_or_suppressed(f, o);
    }
    if (n_sup)
        shn__buf_printf(out, "<div class=\"card\"><span class=\"n\" id=\"count-suppressed\">%zu</span>除外 (suppressed: "
                             "ignores, waivers, baseline; not listed)</div>\n", n_sup);
    tally t_sev[3] = {{0}};   /* label NULL: put_label reads it (valgrind: uninitialised, cli/html-hostile) */
    size_t n_sev = 0;
    for (int i = 0; i < 3; i++)
        if (by_sev[sev_vals[i]]) t_sev[n_sev].key = sev_names[i], t_sev[n_sev++].n = by_sev[sev_vals[i]];
    shn__buf_puts(out, "</div>\n<div class=\"charts\">\n");
    put_chart(out, "chart-severity", "重大度別 (by severity)", t_sev, n_sev, 3, 1);
    put_chart(out, "chart-type", "アナログ規制の種別 (by analog type)", t_type, n_type, 20, 0);
    put_chart(out, "chart-law", "法令・文書別 (by law or document)", t_law, n_law, 20, 0);
    if (n_min) {   /* measures: the lead ministry of the measure; ordinances: the ministry of their 法令番号 */
        put_chart(out, "chart-ministry", "府省庁別 (by ministry: a measure's lead ministry, an ordinance's issuer)",
                  t_min, n_min, 20, 0);
        size_t unknown = 0;   /* findings of laws whose number names no ministry: Acts, Cabinet Orders */
        for (size_t i = 0; i < r->findings.n; i++) {
            const shn_finding *f = r->findings.items[i];
            unknown += shn__render_shown(f, o) && !f->ministry && f->address.kind && strcmp(f->address.kind, "law") == 0;
        }
        if (unknown) {   /* inside the figure, before its closing tag */
            out->len -= strlen("</figure>\n");
            shn__buf_printf(out, "<p class=\"small\" id=\"ministry-unknown\">ほかに法律・政令の指摘 %zu 件: 所管府省は e-Gov XML "
                                 "にないため、法令別の図を参照 (%zu more findings of Acts and Cabinet Orders: e-Gov XML names "
                                 "no competent ministry; see the chart by law)</p></figure>\n", unknown, unknown);
        }
    }
    free(t_min);
    put_chart(out, "chart-rule", "ルール別 (by rule)", t_rule, n_rule, 20, 0);
    shn__buf_puts(out, "</div>\n</section>\n");

    put_inputs(out, r);
    put_diagnostics(out, r);

    /* findings */
    shn__buf_printf(out, "<section id=\"findings\"><h2>指摘 <small>(findings: %zu)</small></h2>\n", shown);
    shn__buf_puts(out, "<noscript><p class=\"small\">JavaScript が無効のため、すべての指摘を表示しています。絞り込みと並べ替えには "
                       "JavaScript が必要です (JavaScript is off: every finding is listed; filtering and sorting need it).</p></noscript>\n");
    shn__buf_puts(out, "<form id=\"filters\" hidden onsubmit=\"return false\">\n");
    tally t_sev_sel[3];
    for (size_t i = 0; i < n_sev; i++) t_sev_sel[i] = t_sev[i];
    put_select(out, "sev", "重大度 (severity)", t_sev_sel, n_sev);
    put_select(out, "rule", "ルール (rule)", t_rule, n_rule);
    put_select(out, "type", "種別 (analog type)", t_type, n_type);
    put_select(out, "principle", "原則 (principle)", t_pr, n_pr);
    put_select(out, "law", "法令・文書 (law or document)", t_law, n_law);
    shn__buf_puts(out, "<label>検索 (text)<input id=\"f-q\" type=\"search\" placeholder=\"条文・指摘・提案\"></label>\n"
                       "<label>並べ替え (sort)<select id=\"f-sort\"><option value=\"\">位置 (place)</option>"
                       "<option value=\"severity\">重大度 (severity)</option><option value=\"rule\">ルール (rule)</option>"
                       "<option value=\"type\">種別 (type)</option><option value=\"principle\">原則 (principle)</option>"
                       "<option value=\"law\">法令 (law)</option></select></label>\n"
                       "<button type=\"button\" id=\"f-reset\">解除 (reset)</button>\n");
    shn__buf_printf(out, "<p class=\"small\"><output id=\"shown\">%zu</output> / %zu 件を表示 (shown)</p>\n</form>\n",
                    shown, shown);
    shn__buf_puts(out, "<table class=\"findings\" id=\"findings-table\"><thead><tr>"
                       "<th data-sort=\"severity\">重大度 (severity)</th><th data-sort=\"rule\">ルール・種別・原則 (rule)</th>"
                       "<th data-sort=\"law\">箇所 (citation)</th><th>指摘・条文・提案 (finding)</th></tr></thead>\n<tbody>\n");
    size_t k = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (shn__render_shown(f, o)) put_finding_row(out, r, f, ++k);
    }
    shn__buf_puts(out, "</tbody></table>\n");
    shn__buf_printf(out, "<p id=\"none-shown\" class=\"empty\"%s>該当する指摘はありません (no findings match)</p>\n",
                    shown ? " hidden" : "");
    shn__buf_puts(out, "</section>\n</main>\n<footer>shinsa " SHN_VERSION
                       " — 指摘は確認のための手がかりであり、法的判断ではありません (findings are leads for review, not legal advice).</footer>\n");

    /* data for the script: the findings as in the JSON report */
    shn__buf_puts(out, "<script type=\"application/json\" id=\"shinsa-data\">{\"findings\":[");
    int first = 1;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        struct cJSON *v = shn__json_finding(f);
        if (!v) {
            free(t_rule), free(t_type), free(t_pr), free(t_law);
            return SHN_E_NOMEM;
        }
        if (!first) shn__buf_add(out, ",\n", 2);
        put_json_script(out, v);
        cJSON_Delete(v);
        first = 0;
    }
    shn__buf_puts(out, "]}</script>\n<script>\n");
    shn__buf_puts(out, script);
    shn__buf_puts(out, "</script>\n</body>\n</html>\n");
    free(t_rule), free(t_type), free(t_pr), free(t_law);
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}
