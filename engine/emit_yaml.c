/* emit_yaml.c — document tree → block YAML with libyaml's emitter (see emit_yaml.h). */
#include "emit_yaml.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "util.h"

#define MAX_NODES ((size_t)10000000)
#define MAX_DEPTH 1000u

typedef struct {
    yaml_emitter_t em;
    shn_buf out;
    size_t nodes, max_nodes;
    shn_status st;
    shn_error *err;
    const char *file;
} emitter;

static int write_handler(void *data, unsigned char *buffer, size_t size) {
    shn_buf *b = data;
    shn__buf_add(b, (const char *)buffer, size);
    return !b->failed;
}

static int word_in(const char *s, const char *const *words, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, words[i]) == 0) return 1;
    return 0;
}

/* Nonzero when `s` written plain would not read back as the string s (null, boolean, number, date …). */
static int needs_quotes(const char *s) {
    static const char *const words[] = {
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
        "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", ".inf", ".Inf", ".INF",
        "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN", "<<", "="};
    if (!*s) return 1;
    if (word_in(s, words, SHN__ARRAY_LEN(words))) return 1;
    const char *p = s;
    if (*p == '+' || *p == '-' || *p == '.') p++;
    if (*p == '.') p++;
    return *p >= '0' && *p <= '9';
}

static void fail_emit(emitter *e) {
    if (e->st != SHN_OK) return;
    if (e->out.failed || e->em.error == YAML_MEMORY_ERROR)
        e->st = shn__err(e->err, SHN_E_NOMEM, e->file, 0, 0, "メモリ不足 (out of memory)");
    else
        e->st = shn__err(e->err, SHN_E_PARSE, e->file, 0, 0, "YAMLを書き出せません (cannot write YAML): %s",
                         e->em.problem ? e->em.problem : "unknown error");
}

static int emit(emitter *e, yaml_event_t *ev) {
    if (e->st != SHN_OK) { yaml_event_delete(ev); return -1; }
    if (!yaml_emitter_emit(&e->em, ev)) { fail_emit(e); return -1; }
    return 0;
}

static int emit_scalar(emitter *e, const shn_node *n) {
    yaml_event_t ev;
    const char *v = n->value ? n->value : "";
    yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
    if (n->style == SHN_STYLE_PLAIN) style = YAML_PLAIN_SCALAR_STYLE;
    else if (needs_quotes(v)) style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)v, (int)n->len, 1, 1, style)) {
        e->st = shn__err(e->err, SHN_E_NOMEM, e->file, 0, 0, "メモリ不足 (out of memory)");
        return -1;
    }
    return emit(e, &ev);
}

static int emit_node(emitter *e, const shn_node *n, unsigned depth) {
    if (e->st != SHN_OK) return -1;
    if (++e->nodes > e->max_nodes || depth > MAX_DEPTH) {
        e->st = shn__err(e->err, SHN_E_LIMIT, e->file, n ? n->start.line : 0, n ? n->start.column : 0,
                         "書き出す文書が大きすぎます (document too large or too deep to write: more than %zu nodes "
                         "or %u levels)",
                         e->max_nodes, MAX_DEPTH);
        return -1;
    }
    yaml_event_t ev;
    if (!n) {
        static const shn_node null_node = {.type = SHN_NODE_SCALAR, .value = "null", .len = 4};
        return emit_scalar(e, &null_node);
    }
    switch (n->type) {
    case SHN_NODE_SCALAR: return emit_scalar(e, n);
    case SHN_NODE_SEQ:
        if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) || emit(e, &ev))
            break;
        for (size_t i = 0; i < n->n; i++)
            if (emit_node(e, n->items[i], depth + 1)) return -1;
        if (!yaml_sequence_end_event_initialize(&ev) || emit(e, &ev)) break;
        return 0;
    case SHN_NODE_MAP:
        if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) || emit(e, &ev))
            break;
        for (size_t i = 0; i < 2 * n->n; i++)
            if (emit_node(e, n->items[i], depth + 1)) return -1;
        if (!yaml_mapping_end_event_initialize(&ev) || emit(e, &ev)) break;
        return 0;
    }
    if (e->st == SHN_OK) e->st = shn__err(e->err, SHN_E_NOMEM, e->file, 0, 0, "メモリ不足 (out of memory)");
    return -1;
}

shn_status shn__yaml_emit(const shn_doc *d, size_t max_nodes, char **out, size_t *len, shn_error *err) {
    if (!out || !len) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "引数が不正です (invalid argument)");
    *out = NULL;
    *len = 0;
    emitter e;
    memset(&e, 0, sizeof e);
    e.err = err;
    e.max_nodes = max_nodes ? max_nodes : MAX_NODES;
    e.file = d && d->file ? d->file : "";
    if (!yaml_emitter_initialize(&e.em))
        return shn__err(err, SHN_E_NOMEM, e.file, 0, 0, "メモリ不足 (out of memory)");
    yaml_emitter_set_output(&e.em, write_handler, &e.out);
    yaml_emitter_set_unicode(&e.em, 1);
    yaml_emitter_set_width(&e.em, -1);
    yaml_emitter_set_indent(&e.em, 2);
    yaml_emitter_set_break(&e.em, YAML_LN_BREAK);
    yaml_event_t ev;
    if (yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && !emit(&e, &ev) &&
        yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && !emit(&e, &ev) &&
        !emit_node(&e, d ? d->root : NULL, 0) && yaml_document_end_event_initialize(&ev, 1) && !emit(&e, &ev) &&
        yaml_stream_end_event_initialize(&ev) && !emit(&e, &ev) && yaml_emitter_flush(&e.em)) {
        /* done */
    } else if (e.st == SHN_OK) {
        fail_emit(&e);
    }
    yaml_emitter_delete(&e.em);
    if (e.st == SHN_OK && e.out.failed)
        e.st = shn__err(err, SHN_E_NOMEM, e.file, 0, 0, "メモリ不足 (out of memory)");
    if (e.st != SHN_OK) {
        shn__buf_free(&e.out);
        return e.st;
    }
    *len = e.out.len;
    *out = shn__buf_take(&e.out);
    if (!*out) return shn__err(err, SHN_E_NOMEM, e.file, 0, 0, "メモリ不足 (out of memory)");
    return SHN_OK;
}
