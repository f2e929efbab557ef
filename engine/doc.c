/* doc.c — arena and builders of the document tree (see doc.h). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

/* A bump allocator: blocks of at least 64 KiB, freed all at once with the doc. */
typedef struct shn_block { struct shn_block *next; size_t used, cap; max_align_t data[]; } shn_block;
struct shn_arena { shn_block *head; };

static void *arena_alloc(shn_arena *a, size_t n) {
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    shn_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

shn_doc *shn__doc_new(const char *file) {
    shn_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->arena = calloc(1, sizeof *d->arena);
    d->file = shn__strdup(file ? file : "");
    if (!d->arena || !d->file) { shn__doc_free(d); return NULL; }
    return d;
}

void shn__doc_free(shn_doc *d) {
    if (!d) return;
    if (d->arena) {
        shn_block *b = d->arena->head;
        while (b) { shn_block *next = b->next; free(b); b = next; }
        free(d->arena);
    }
    free(d->file);
    free(d);
}

static shn_node *node_new(shn_doc *d, shn_node_type t, shn_mark start) {
    shn_node *n = arena_alloc(d->arena, sizeof *n);
    if (!n) return NULL;
    memset(n, 0, sizeof *n);
    n->type = t;
    n->start = n->end = start;
    return n;
}

shn_node *shn__node_scalar(shn_doc *d, const char *s, size_t len, shn_scalar_style style, shn_mark start,
                           shn_mark end) {
    shn_node *n = node_new(d, SHN_NODE_SCALAR, start);
    if (!n) return NULL;
    char *v = arena_alloc(d->arena, len + 1);
    if (!v) return NULL;
    if (len) memcpy(v, s, len);
    v[len] = '\0';
    n->value = v;
    n->len = len;
    n->style = style;
    n->end = end;
    return n;
}

shn_node *shn__node_map(shn_doc *d, shn_mark start) { return node_new(d, SHN_NODE_MAP, start); }
shn_node *shn__node_seq(shn_doc *d, shn_mark start) { return node_new(d, SHN_NODE_SEQ, start); }

/* Slots grow by doubling inside the arena; the old array is abandoned (the arena frees it with the doc). */
static int reserve(shn_doc *d, shn_node *n, size_t want) {
    if (want <= n->cap) return 0;
    size_t cap = n->cap ? n->cap * 2 : 8;
    while (cap < want) cap *= 2;
    shn_node **items = arena_alloc(d->arena, cap * sizeof *items);
    if (!items) return -1;
    if (n->items) memcpy(items, n->items, n->cap * sizeof *items);
    n->items = items;
    n->cap = cap;
    return 0;
}

int shn__node_append(shn_doc *d, shn_node *seq, shn_node *item) {
    if (reserve(d, seq, seq->n + 1)) return -1;
    seq->items[seq->n++] = item;
    return 0;
}

int shn__map_put(shn_doc *d, shn_node *map, shn_node *key, shn_node *value) {
    if (reserve(d, map, 2 * (map->n + 1))) return -1;
    map->items[2 * map->n] = key;
    map->items[2 * map->n + 1] = value;
    map->n++;
    return 0;
}

int shn__map_put_str(shn_doc *d, shn_node *map, const char *key, shn_node *value) {
    shn_node *k = shn__node_scalar(d, key, strlen(key), SHN_STYLE_PLAIN, map->start, map->start);
    return k ? shn__map_put(d, map, k, value) : -1;
}

const shn_node *shn__map_get(const shn_node *map, const char *key) {
    if (!map || map->type != SHN_NODE_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const shn_node *k = map->items[2 * i];
        if (k->type == SHN_NODE_SCALAR && strcmp(k->value, key) == 0) return map->items[2 * i + 1];
    }
    return NULL;
}

const char *shn__map_get_str(const shn_node *map, const char *key) {
    const shn_node *v = shn__map_get(map, key);
    return v && v->type == SHN_NODE_SCALAR && !shn__scalar_is_null(v) ? v->value : NULL;
}

int shn__scalar_is_null(const shn_node *n) {
    if (!n) return 1;
    if (n->type != SHN_NODE_SCALAR || n->style != SHN_STYLE_PLAIN) return 0;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(nulls); i++)
        if (strcmp(n->value, nulls[i]) == 0) return 1;
    return 0;
}
