/* prefilter.c — one Aho–Corasick automaton over the bytes of every rule's literal triggers (see prefilter.h).
 * Built as a trie with failure links, then turned into a full transition table over byte classes (bytes that
 * occur in no trigger share class 0 and lead back to the root), 16-bit states; each state carries the mask of
 * the rules whose trigger ends there or at a suffix of it. Scanning costs one table lookup per byte. */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#define MAX_STATES 65535

struct shn_prefilter {
    size_t nwords, ncls, nstates;
    uint8_t cls[256];
    uint16_t *delta;       /* nstates × ncls */
    uint8_t *has_out;      /* per state */
    uint64_t *masks;       /* nstates × nwords */
    uint64_t *always;      /* nwords: rules without triggers, or with an empty one */
    uint64_t *no_triggers; /* nwords: rules without triggers (all that run on a unit without text) */
};

void shn__prefilter_free(shn_prefilter *pf) {
    if (!pf) return;
    free(pf->delta);
    free(pf->has_out);
    free(pf->masks);
    free(pf->always);
    free(pf->no_triggers);
    free(pf);
}

size_t shn__prefilter_words(const shn_prefilter *pf) { return pf ? pf->nwords : 0; }

shn_prefilter *shn__prefilter_new(shn_rule *const *rules, size_t n) {
    shn_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf) return NULL;
    pf->nwords = n ? (n + 63) / 64 : 1;
    size_t total = 1;   /* trie nodes needed at most: the root plus one per trigger byte */
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < rules[i]->n_triggers; k++)
            total += rules[i]->triggers[k] ? strlen(rules[i]->triggers[k]) : 0;
    if (total > MAX_STATES) { shn__prefilter_free(pf); return NULL; }
    int32_t *go = malloc(total * 256 * sizeof *go);      /* trie, then the full byte-wise automaton */
    uint64_t *mk = calloc(total * pf->nwords, sizeof *mk);
    uint32_t *fail = calloc(total, sizeof *fail), *queue = calloc(total, sizeof *queue);
    pf->always = calloc(pf->nwords, sizeof *pf->always);
    pf->no_triggers = calloc(pf->nwords, sizeof *pf->no_triggers);
    if (!go || !mk || !fail || !queue || !pf->always || !pf->no_triggers) goto nomem;
    for (size_t i = 0; i < 256; i++) go[i] = -1;
    size_t nodes = 1;
    for (size_t i = 0; i < n; i++) {
        const shn_rule *r = rules[i];
        uint64_t bit = (uint64_t)1 << (i % 64);
        if (r->n_triggers == 0) { pf->always[i / 64] |= bit; pf->no_triggers[i / 64] |= bit; }
        for (size_t k = 0; k < r->n_triggers; k++) {
            const unsigned char *t = (const unsigned char *)r->triggers[k];
            if (!t || !*t) { pf->always[i / 64] |= bit; continue; }
            size_t s = 0;
            for (; *t; t++) {
                if (go[s * 256 + *t] < 0) {
                    for (size_t c = 0; c < 256; c++) go[nodes * 256 + c] = -1;
                    go[s * 256 + *t] = (int32_t)nodes++;
                }
                s = (size_t)go[s * 256 + *t];
                pf->cls[*t] = 1;
            }
            mk[s * pf->nwords + i / 64] |= bit;
        }
    }
    /* failure links, breadth first; missing edges become the failure state's edge */
    size_t qh = 0, qt = 0;
    for (size_t c = 0; c < 256; c++) {
        if (go[c] < 0) go[c] = 0;
        else { fail[go[c]] = 0; queue[qt++] = (uint32_t)go[c]; }
    }
    while (qh < qt) {
        size_t s = queue[qh++];
        for (size_t w = 0; w < pf->nwords; w++) mk[s * pf->nwords + w] |= mk[fail[s] * pf->nwords + w];
        for (size_t c = 0; c < 256; c++) {
            int32_t t = go[s * 256 + c];
            if (t < 0) { go[s * 256 + c] = go[fail[s] * 256 + c]; continue; }
            fail[t] = (uint32_t)go[fail[s] * 256 + c];
            queue[qt++] = (uint32_t)t;
        }
    }
    /* byte classes: 0 for bytes in no trigger (always back to the root), then one per byte that occurs */
    size_t ncls = 1;
    for (size_t c = 0; c < 256; c++) pf->cls[c] = pf->cls[c] ? (uint8_t)ncls++ : 0;
    pf->ncls = ncls;
    pf->nstates = nodes;
    pf->delta = malloc(nodes * ncls * sizeof *pf->delta);
    pf->has_out = calloc(nodes, 1);
    pf->masks = malloc(nodes * pf->nwords * sizeof *pf->masks);
    if (!pf->delta || !pf->has_out || !pf->masks) goto nomem;
    for (size_t s = 0; s < nodes; s++) {
        pf->delta[s * ncls] = 0;
        for (size_t c = 0; c < 256; c++)
            if (pf->cls[c]) pf->delta[s * ncls + pf->cls[c]] = (uint16_t)go[s * 256 + c];
        for (size_t w = 0; w < pf->nwords; w++) {
            pf->masks[s * pf->nwords + w] = mk[s * pf->nwords + w];
            if (mk[s * pf->nwords + w]) pf->has_out[s] = 1;
        }
    }
    free(go);
    free(mk);
    free(fail);
    free(queue);
    return pf;
nomem:
    free(go);
    free(mk);
    free(fail);
    free(queue);
    shn__prefilter_free(pf);
    return NULL;
}

void shn__prefilter_scan(const shn_prefilter *pf, const char *text, uint64_t *mask) {
    memcpy(mask, text ? pf->always : pf->no_triggers, pf->nwords * sizeof *mask);
    if (!text) return;
    const uint16_t *delta = pf->delta;
    const uint8_t *cls = pf->cls, *has_out = pf->has_out;
    size_t ncls = pf->ncls, nwords = pf->nwords, s = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        s = delta[s * ncls + cls[*p]];
        if (has_out[s])
            for (size_t w = 0; w < nwords; w++) mask[w] |= pf->masks[s * nwords + w];
    }
}
