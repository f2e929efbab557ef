/* config.c — .shinsa.yaml: found upward from a folder, read with the YAML loader so errors have positions.
 *
 *   shinsa: 1                 # optional
 *   packs: [../my-pack]       # folders, relative to this file
 *   default_packs: true       # load the shipped packs (default true)
 *   disable: [analog.seal-signature, structure]
 *   severities: {kpi.baseline-missing: info}
 *   fail_on: warning
 *   format: text
 *   as_of: 2025-06-13
 *   jobs: 4
 *   baseline: shinsa-baseline.json   # --baseline, relative to this file
 *   waivers: waivers.yaml             # --waivers, relative to this file
 *   lexicon:                  # entries appended to the packs' lexicon lists, by top-level key
 *     physical-posting: {triggers: [掲出], exceptions: [{re: "掲示板を設置"}]}
 *     common: {digital_alternatives: [電子掲示板]}
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "shinsa.h"
#include "util.h"

shn_status shn_config_find(const char *start_dir, char **path) {
    *path = NULL;
    char *dir = start_dir ? shn__strdup(start_dir) : getcwd(NULL, 0);
    if (!dir) return SHN_E_NOMEM;
    for (;;) {
        char *cand = shn__printf("%s%s.shinsa.yaml", dir, strcmp(dir, "/") == 0 ? "" : "/");
        if (!cand) { free(dir); return SHN_E_NOMEM; }
        if (access(cand, R_OK) == 0) { *path = cand; break; }
        free(cand);
        char *slash = strrchr(dir, '/');
        if (!slash || strcmp(dir, "/") == 0) break;
        if (slash == dir) slash[1] = '\0';
        else *slash = '\0';
    }
    free(dir);
    return SHN_OK;
}

void shn_config_free(shn_config *c) {
    if (!c) return;
    free(c->path);
    for (size_t i = 0; i < c->n_packs; i++) free(c->packs[i]);
    free(c->packs);
    for (size_t i = 0; i < c->n_disable; i++) free(c->disable[i]);
    free(c->disable);
    for (size_t i = 0; i < c->n_sev; i++) free(c->sev_rules[i]);
    free(c->sev_rules);
    free(c->sev_values);
    free(c->format);
    free(c->as_of);
    free(c->baseline);
    free(c->waivers);
    for (size_t i = 0; i < c->n_lexicon; i++) {
        free(c->lexicon[i].key);
        free(c->lexicon[i].field);
        free(c->lexicon[i].entry);
    }
    free(c->lexicon);
    free(c);
}

static shn_status bad(shn_error *err, const char *file, const shn_node *n, const char *what) {
    return shn__err(err, SHN_E_SCHEMA, file, n->start.line, n->start.column,
                    "設定ファイルの誤り (invalid configuration): %s", what);
}

/* A sequence of scalars → malloc'd string array; `base` non-NULL resolves relative paths against it. */
static shn_status str_list(const char *file, const shn_node *n, const char *base, char ***out, size_t *count,
                           shn_error *err) {
    if (n->type != SHN_NODE_SEQ) return bad(err, file, n, "expected a list of strings");
    char **arr = calloc(n->n ? n->n : 1, sizeof *arr);
    if (!arr) return SHN_E_NOMEM;
    *out = arr;
    for (size_t i = 0; i < n->n; i++) {
        const shn_node *it = n->items[i];
        if (it->type != SHN_NODE_SCALAR) return bad(err, file, it, "expected a string");
        arr[i] = base && it->value[0] != '/' ? shn__printf("%s/%s", base, it->value) : shn__strdup(it->value);
        if (!arr[i]) return SHN_E_NOMEM;
        (*count)++;
    }
    return SHN_OK;
}

/* lexicon: {KEY: {FIELD: [entry, …]}}, entry a string or {re: pattern}. */
static shn_status lexicon_entries(shn_config *c, const char *file, const shn_node *v, shn_error *err) {
    if (v->type != SHN_NODE_MAP) return bad(err, file, v, "lexicon: expected a mapping key → {field: [entries]}");
    for (size_t i = 0; i < v->n; i++) {
        const shn_node *key = v->items[2 * i], *fields = v->items[2 * i + 1];
        if (fields->type != SHN_NODE_MAP) return bad(err, file, fields, "lexicon: expected a mapping field → [entries]");
        for (size_t k = 0; k < fields->n; k++) {
            const shn_node *field = fields->items[2 * k], *list = fields->items[2 * k + 1];
            if (list->type != SHN_NODE_SEQ) return bad(err, file, list, "lexicon: expected a list of entries");
            for (size_t j = 0; j < list->n; j++) {
                const shn_node *it = list->items[j], *val = it;
                int is_regex = 0;
                if (it->type == SHN_NODE_MAP) {
                    val = it->n == 1 && strcmp(it->items[0]->value, "re") == 0 ? it->items[1] : NULL;
                    is_regex = 1;
                }
                if (!val || val->type != SHN_NODE_SCALAR || !val->value[0])
                    return bad(err, file, it, "lexicon: an entry is a string or {re: pattern}");
                shn_config_lexicon *arr = realloc(c->lexicon, (c->n_lexicon + 1) * sizeof *arr);
                if (!arr) return SHN_E_NOMEM;
                c->lexicon = arr;
                shn_config_lexicon *x = &arr[c->n_lexicon];
                x->key = shn__strdup(key->value);
                x->field = shn__strdup(field->value);
                x->entry = shn__strdup(val->value);
                x->is_regex = is_regex;
                x->line = it->start.line;
                x->column = it->start.column;
                if (!x->key || !x->field || !x->entry) {
                    free(x->key); free(x->field); free(x->entry);
                    return SHN_E_NOMEM;
                }
                c->n_lexicon++;
            }
        }
    }
    return SHN_OK;
}

static shn_status apply(shn_config *c, const char *file, const shn_node *root, const char *base, shn_error *err) {
    if (!root) return SHN_OK;   /* an empty file is an empty configuration */
    if (root->type != SHN_NODE_MAP) return bad(err, file, root, "the file must be a mapping");
    for (size_t i = 0; i < root->n; i++) {
        const char *key = root->items[2 * i]->value;
        const shn_node *v = root->items[2 * i + 1];
        shn_status st = SHN_OK;
        if (strcmp(key, "shinsa") == 0) {
            if (v->type != SHN_NODE_SCALAR || strcmp(v->value, "1") != 0) return bad(err, file, v, "shinsa: must be 1");
        } else if (strcmp(key, "packs") == 0) {
            st = str_list(file, v, base, &c->packs, &c->n_packs, err);
        } else if (strcmp(key, "disable") == 0) {
            st = str_list(file, v, NULL, &c->disable, &c->n_disable, err);
        } else if (strcmp(key, "severities") == 0) {
            if (v->type != SHN_NODE_MAP) return bad(err, file, v, "severities: expected a mapping rule → level");
            c->sev_rules = calloc(v->n ? v->n : 1, sizeof *c->sev_rules);
            c->sev_values = calloc(v->n ? v->n : 1, sizeof *c->sev_values);
            if (!c->sev_rules || !c->sev_values) return SHN_E_NOMEM;
            for (size_t k = 0; k < v->n; k++) {
                const shn_node *lv = v->items[2 * k + 1];
                int sev = lv->type == SHN_NODE_SCALAR ? shn_severity_parse(lv->value) : -1;
                if (sev < 0) return bad(err, file, lv, "severity must be error, warning, info or none");
                if (!(c->sev_rules[k] = shn__strdup(v->items[2 * k]->value))) return SHN_E_NOMEM;
                c->sev_values[k] = (shn_severity)sev;
                c->n_sev++;
            }
        } else if (strcmp(key, "lexicon") == 0) {
            st = lexicon_entries(c, file, v, err);
        } else if (strcmp(key, "fail_on") == 0) {
            c->fail_on = v->type == SHN_NODE_SCALAR ? shn_severity_parse(v->value) : -1;
            if (c->fail_on < 0) return bad(err, file, v, "fail_on must be error, warning, info or none");
        } else if (strcmp(key, "format") == 0 && v->type == SHN_NODE_SCALAR) {
            if (!shn_format_known(v->value)) return bad(err, file, v, "unknown format");
            if (!(c->format = shn__strdup(v->value))) return SHN_E_NOMEM;
        } else if ((strcmp(key, "baseline") == 0 || strcmp(key, "waivers") == 0) && v->type == SHN_NODE_SCALAR) {
            char **slot = strcmp(key, "baseline") == 0 ? &c->baseline : &c->waivers;
            free(*slot);
            *slot = base && v->value[0] != '/' ? shn__printf("%s/%s", base, v->value) : shn__strdup(v->value);
            if (!*slot) return SHN_E_NOMEM;
        } else if (strcmp(key, "as_of") == 0 && v->type == SHN_NODE_SCALAR) {
            if (!(c->as_of = shn__strdup(v->value))) return SHN_E_NOMEM;
        } else if (strcmp(key, "default_packs") == 0 && v->type == SHN_NODE_SCALAR &&
                   (strcmp(v->value, "true") == 0 || strcmp(v->value, "false") == 0)) {
            c->default_packs = strcmp(v->value, "true") == 0;
        } else if (strcmp(key, "jobs") == 0 && v->type == SHN_NODE_SCALAR && atoi(v->value) > 0) {
            c->jobs = (unsigned)atoi(v->value);
        } else {
            return shn__err(err, SHN_E_SCHEMA, file, root->items[2 * i]->start.line,
                            root->items[2 * i]->start.column,
                            "設定ファイルの未知のキーまたは誤った値 (unknown key or bad value in configuration): %s", key);
        }
        if (st != SHN_OK) return st;
    }
    return SHN_OK;
}

shn_status shn_config_load(const char *path, shn_config **out, shn_error *err) {
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    shn_status st = shn__read_file(path, (size_t)1 << 20, &buf, &len, err);
    if (st != SHN_OK) return st;
    shn_doc **docs = NULL;
    size_t ndocs = 0;
    shn_load_limits lim = {32, 10000, 0};
    st = shn__yaml_load(path, buf, len, &lim, &docs, &ndocs, err);
    free(buf);
    if (st != SHN_OK) return st;
    shn_config *c = calloc(1, sizeof *c);
    char *base = shn__strdup(path);
    if (c && base) {
        c->fail_on = -1;
        c->default_packs = -1;
        char *slash = strrchr(base, '/');
        if (slash) *slash = '\0';
        else strcpy(base, ".");
        c->path = shn__strdup(path);
        st = c->path ? apply(c, path, ndocs ? docs[0]->root : NULL, base, err) : SHN_E_NOMEM;
    } else {
        st = SHN_E_NOMEM;
    }
    free(base);
    for (size_t i = 0; i < ndocs; i++) shn__doc_free(docs[i]);
    free(docs);
    if (st == SHN_E_NOMEM) shn__err(err, st, path, 0, 0, "メモリ不足 (out of memory)");
    if (st != SHN_OK) { shn_config_free(c); return st; }
    *out = c;
    return SHN_OK;
}
