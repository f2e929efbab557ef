/* pack.c — the rule-pack manifest: DIR/pack.yaml parsed into a shn_pack (see rule.h).
 *
 * Keys (Contracts): name (required, [a-z0-9-]+), version, description, stdlib (a requirement on
 * SHN_STDLIB_VERSION such as ">=1" or ">=1, <3"), rules (required list of Lua files), lexicons (list of YAML
 * files), severities (map rule id -> error|warning|info). A known key with a value of the wrong type is an
 * error at pack.yaml:line:col; unknown keys are ignored so that newer manifests still load. File names must
 * be relative paths inside the pack folder (no absolute paths, no ".." components). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "rule.h"
#include "util.h"

#define PACK_MAX_BYTES ((size_t)4 << 20)

typedef struct {
    const char *file;   /* path of pack.yaml, for messages */
    shn_error *err;
} ctx_t;

static shn_status fail_at(ctx_t *c, const shn_node *n, const char *fmt, const char *arg) {
    unsigned line = n ? n->start.line : 0, col = n ? n->start.column : 0;
    return shn__err(c->err, SHN_E_RULE_SYNTAX, c->file, line, col, fmt, arg);
}

static shn_status nomem(ctx_t *c) {
    return shn__err(c->err, SHN_E_NOMEM, c->file, 0, 0, "メモリ不足 (out of memory)");
}

static int is_str(const shn_node *n) { return n && n->type == SHN_NODE_SCALAR && !shn__scalar_is_null(n); }

/* A string-valued key: absent or null leaves *out NULL. */
static shn_status get_str(ctx_t *c, const shn_node *root, const char *key, char **out) {
    const shn_node *v = shn__map_get(root, key);
    *out = NULL;
    if (!v || shn__scalar_is_null(v)) return SHN_OK;
    if (v->type != SHN_NODE_SCALAR)
        return fail_at(c, v, "項目の型が不正です、文字列が必要です (field must be a string): %s", key);
    return (*out = shn__strdup(v->value)) ? SHN_OK : nomem(c);
}

/* A file name inside the pack: relative, no "..", no empty components, no backslashes. */
static int safe_relpath(const char *p) {
    if (!p || !*p || *p == '/' || strchr(p, '\\')) return 0;
    const char *s = p;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 2 && s[0] == '.' && s[1] == '.')) return 0;
        if (!e) break;
        s = e + 1;
        if (!*s) return 0;   /* trailing slash */
    }
    return 1;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A list of file names. `required`: the key must be present. */
static shn_status get_files(ctx_t *c, const shn_node *root, const char *key, int required, int lua,
                            char ***out, size_t *nout) {
    const shn_node *v = shn__map_get(root, key);
    *out = NULL;
    *nout = 0;
    if (!v || shn__scalar_is_null(v)) {
        if (required) return fail_at(c, root, "必須の項目がありません (missing required field): %s", key);
        return SHN_OK;
    }
    if (v->type != SHN_NODE_SEQ)
        return fail_at(c, v, "項目の型が不正です、ファイル名のリストが必要です (field must be a list of file names): %s",
                       key);
    if (v->n == 0) return SHN_OK;
    char **files = calloc(v->n, sizeof *files);
    if (!files) return nomem(c);
    *out = files;
    for (size_t i = 0; i < v->n; i++) {
        const shn_node *it = v->items[i];
        if (!is_str(it))
            return fail_at(c, it ? it : v, "ファイル名は文字列で指定してください (file name must be a string): %s", key);
        if (!safe_relpath(it->value))
            return fail_at(c, it,
                           "パックのフォルダ内の相対パスを指定してください (file must be a relative path inside the pack "
                           "folder): %s",
                           it->value);
        if (lua && !ends_with(it->value, ".lua"))
            return fail_at(c, it, "ルールファイルは .lua で終わる必要があります (rule files must end in .lua): %s",
                           it->value);
        if (!lua && !ends_with(it->value, ".yaml") && !ends_with(it->value, ".yml") && !ends_with(it->value, ".json"))
            return fail_at(c, it,
                           "辞書ファイルは .yaml / .yml / .json で終わる必要があります (lexicon files must end in "
                           ".yaml, .yml or .json): %s",
                           it->value);
        if (!(files[i] = shn__strdup(it->value))) return nomem(c);
        (*nout)++;
    }
    return SHN_OK;
}

/* "[op]N[, [op]N ...]" with op one of >= > <= < = == (none means ==). Returns 1 satisfied, 0 not,
 * -1 malformed. */
static int stdlib_satisfied(const char *req, long have) {
    const char *s = req;
    int all = 1;
    for (;;) {
        while (*s == ' ' || *s == '\t') s++;
        char op[3] = {0};
        size_t k = 0;
        while (k < 2 && (*s == '>' || *s == '<' || *s == '=')) op[k++] = *s++;
        while (*s == ' ' || *s == '\t') s++;
        if (!isdigit((unsigned char)*s)) return -1;
        long v = 0;
        while (isdigit((unsigned char)*s)) {
            if (v > 100000) return -1;
            v = v * 10 + (*s++ - '0');
        }
        while (*s == ' ' || *s == '\t') s++;
        int ok;
        if (!*op || !strcmp(op, "=") || !strcmp(op, "==")) ok = have == v;
        else if (!strcmp(op, ">=")) ok = have >= v;
        else if (!strcmp(op, ">")) ok = have > v;
        else if (!strcmp(op, "<=")) ok = have <= v;
        else if (!strcmp(op, "<")) ok = have < v;
        else return -1;
        if (!ok) all = 0;
        if (*s == ',') { s++; continue; }
        return *s ? -1 : all;
    }
}

static int valid_pack_name(const char *s) {
    if (!s || !*s || *s == '-') return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

static shn_status parse_severities(ctx_t *c, const shn_node *root, shn_pack *p) {
    const shn_node *v = shn__map_get(root, "severities");
    if (!v || shn__scalar_is_null(v)) return SHN_OK;
    if (v->type != SHN_NODE_MAP)
        return fail_at(c, v,
                       "項目の型が不正です、ルールIDから重大度への対応が必要です (field must be a map of rule id to "
                       "severity): %s",
                       "severities");
    if (v->n == 0) return SHN_OK;
    p->sev_rules = calloc(v->n, sizeof *p->sev_rules);
    p->sev_values = calloc(v->n, sizeof *p->sev_values);
    if (!p->sev_rules || !p->sev_values) return nomem(c);
    for (size_t i = 0; i < v->n; i++) {
        const shn_node *k = v->items[2 * i], *val = v->items[2 * i + 1];
        if (!is_str(k)) return fail_at(c, k, "ルールIDは文字列で指定してください (rule id must be a string): %s", "severities");
        int sev = is_str(val) ? shn_severity_parse(val->value) : -1;
        if (sev < SHN_SEV_INFO)
            return fail_at(c, val ? val : k,
                           "重大度は error / warning / info のいずれかです (severity must be error, warning or info): %s",
                           k->value);
        if (!(p->sev_rules[i] = shn__strdup(k->value))) return nomem(c);
        p->sev_values[i] = sev;
        p->n_sev++;
    }
    return SHN_OK;
}

static shn_status parse_manifest(ctx_t *c, const shn_node *root, shn_pack *p) {
    shn_status st;
    if (!root || root->type != SHN_NODE_MAP)
        return fail_at(c, root, "pack.yaml の最上位はマッピングである必要があります (pack.yaml must be a mapping)%s", "");
    const shn_node *name = shn__map_get(root, "name");
    if (!name || shn__scalar_is_null(name))
        return fail_at(c, root, "必須の項目がありません (missing required field): %s", "name");
    if (name->type != SHN_NODE_SCALAR || !valid_pack_name(name->value))
        return fail_at(c, name,
                       "パック名は英小文字・数字・ハイフンのみです (pack name must match [a-z0-9-]+): %s",
                       name->type == SHN_NODE_SCALAR ? name->value : "");
    if (!(p->name = shn__strdup(name->value))) return nomem(c);
    if ((st = get_str(c, root, "version", &p->version)) != SHN_OK) return st;
    if ((st = get_str(c, root, "description", &p->description)) != SHN_OK) return st;
    if ((st = get_str(c, root, "stdlib", &p->stdlib)) != SHN_OK) return st;
    if (p->stdlib) {
        int ok = stdlib_satisfied(p->stdlib, SHN_STDLIB_VERSION);
        const shn_node *sn = shn__map_get(root, "stdlib");
        if (ok < 0)
            return fail_at(c, sn, "stdlib の指定が不正です (invalid stdlib requirement, e.g. \">=1\"): %s", p->stdlib);
        if (ok == 0) {
            unsigned line = sn->start.line, col = sn->start.column;
            return shn__err(c->err, SHN_E_RULE_SYNTAX, c->file, line, col,
                            "このパックは stdlib %s を必要としますが、このshinsaの stdlib は %d です (pack requires "
                            "stdlib %s, this shinsa provides stdlib %d)",
                            p->stdlib, SHN_STDLIB_VERSION, p->stdlib, SHN_STDLIB_VERSION);
        }
    }
    if ((st = get_files(c, root, "rules", 1, 1, &p->rule_files, &p->n_rule_files)) != SHN_OK) return st;
    if ((st = get_files(c, root, "lexicons", 0, 0, &p->lexicon_files, &p->n_lexicon_files)) != SHN_OK) return st;
    return parse_severities(c, root, p);
}

shn_status shn__pack_load(const char *dir, shn_pack **out, shn_error *err) {
    *out = NULL;
    if (!dir || !*dir) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "引数が不正です (invalid argument): dir");
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
    shn_pack *p = calloc(1, sizeof *p);
    char *path = NULL, *buf = NULL;
    shn_doc **docs = NULL;
    size_t ndocs = 0, len = 0;
    shn_status st;
    if (!p || !(p->dir = shn__strndup(dir, dlen)) || !(path = shn__printf("%s/pack.yaml", p->dir))) {
        st = shn__err(err, SHN_E_NOMEM, dir, 0, 0, "メモリ不足 (out of memory)");
        goto done;
    }
    ctx_t c = {path, err};
    if ((st = shn__read_file(path, PACK_MAX_BYTES, &buf, &len, err)) != SHN_OK) goto done;
    if ((st = shn__yaml_load(path, buf, len, NULL, &docs, &ndocs, err)) != SHN_OK) goto done;
    if (ndocs == 0 || !docs[0]->root) {
        st = shn__err(err, SHN_E_RULE_SYNTAX, path, 1, 1, "pack.yaml が空です (pack.yaml is empty)");
        goto done;
    }
    if (ndocs > 1) {
        st = shn__err(err, SHN_E_RULE_SYNTAX, path, docs[1]->root ? docs[1]->root->start.line : 0, 0,
                      "pack.yaml は1つの文書である必要があります (pack.yaml must hold a single document)");
        goto done;
    }
    st = parse_manifest(&c, docs[0]->root, p);
done:
    for (size_t i = 0; i < ndocs; i++) shn__doc_free(docs[i]);
    free(docs);
    free(buf);
    free(path);
    if (st != SHN_OK) { shn__pack_free(p); return st; }
    *out = p;
    return SHN_OK;
}

static void free_strv(char **v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void shn__pack_free(shn_pack *p) {
    if (!p) return;
    free(p->name);
    free(p->version);
    free(p->description);
    free(p->stdlib);
    free(p->dir);
    free_strv(p->rule_files, p->n_rule_files);
    free_strv(p->lexicon_files, p->n_lexicon_files);
    free_strv(p->sev_rules, p->n_sev);
    free(p->sev_values);
    free(p);
}
