/* floor.c — the benchmark floor: what reading the archive costs with no engine at all.
 *
 *   floor -j N TERMS_FILE LIST_FILE
 *
 * TERMS_FILE holds one literal a line (the trigger terms of the loaded packs); LIST_FILE one e-Gov XML path a
 * line. N threads take files from the list; each file is parsed with expat and the text of every <Sentence> is
 * scanned with one PCRE2 JIT alternation of all the terms. Prints files, bytes, sentences and matches, so a
 * run that read nothing is seen. Not part of libshinsa; built by tests/bench/run.sh. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <expat.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char **paths;
    size_t n, next;
    pthread_mutex_t lock;
    pcre2_code *re;
    unsigned long long bytes, sentences, matches;
} shared;

typedef struct {
    pcre2_match_data *md;
    const pcre2_code *re;
    char *text; size_t len, cap;
    int depth;                 /* > 0 inside a <Sentence> */
    unsigned long long sentences, matches;
} parse_state;

static void add_text(parse_state *p, const char *s, size_t n) {
    if (p->len + n + 1 > p->cap) {
        p->cap = (p->len + n + 1) * 2;
        p->text = realloc(p->text, p->cap);
        if (!p->text) { perror("floor"); exit(1); }
    }
    memcpy(p->text + p->len, s, n);
    p->len += n;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    (void)atts;
    parse_state *p = ud;
    if (strcmp(name, "Sentence") == 0 && p->depth++ == 0) p->len = 0;
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
    parse_state *p = ud;
    if (strcmp(name, "Sentence") != 0 || --p->depth != 0) return;
    p->sentences++;
    PCRE2_SIZE off = 0;
    while (off <= p->len) {
        int rc = pcre2_jit_match(p->re, (PCRE2_SPTR)p->text, p->len, off, 0, p->md, NULL);
        if (rc < 0) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
        p->matches++;
        off = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
    parse_state *p = ud;
    if (p->depth > 0) add_text(p, s, (size_t)len);
}

static void *worker(void *arg) {
    shared *sh = arg;
    parse_state p = {0};
    p.re = sh->re;
    p.md = pcre2_match_data_create_from_pattern(sh->re, NULL);
    unsigned long long bytes = 0;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        size_t i = sh->next < sh->n ? sh->next++ : sh->n;
        pthread_mutex_unlock(&sh->lock);
        if (i >= sh->n) break;
        FILE *f = fopen(sh->paths[i], "rb");
        if (!f) { perror(sh->paths[i]); continue; }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *buf = malloc((size_t)size + 1);
        if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) { perror(sh->paths[i]); fclose(f); free(buf); continue; }
        fclose(f);
        bytes += (unsigned long long)size;
        XML_Parser xp = XML_ParserCreate("UTF-8");
        XML_SetUserData(xp, &p);
        XML_SetElementHandler(xp, on_start, on_end);
        XML_SetCharacterDataHandler(xp, on_text);
        p.depth = 0;
        if (XML_Parse(xp, buf, (int)size, 1) == XML_STATUS_ERROR)
            fprintf(stderr, "%s: %s\n", sh->paths[i], XML_ErrorString(XML_GetErrorCode(xp)));
        XML_ParserFree(xp);
        free(buf);
    }
    pthread_mutex_lock(&sh->lock);
    sh->bytes += bytes;
    sh->sentences += p.sentences;
    sh->matches += p.matches;
    pthread_mutex_unlock(&sh->lock);
    pcre2_match_data_free(p.md);
    free(p.text);
    return NULL;
}

static char **read_lines(const char *path, size_t *n) {
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(2); }
    char **v = NULL, *line = NULL;
    size_t cap = 0, lcap = 0;
    ssize_t len;
    *n = 0;
    while ((len = getline(&line, &lcap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (!len) continue;
        if (*n == cap) { cap = cap ? cap * 2 : 256; v = realloc(v, cap * sizeof *v); }
        v[(*n)++] = strdup(line);
    }
    free(line);
    fclose(f);
    return v;
}

int main(int argc, char **argv) {
    if (argc != 5 || strcmp(argv[1], "-j") != 0) {
        fprintf(stderr, "usage: floor -j N TERMS_FILE LIST_FILE\n");
        return 2;
    }
    int jobs = atoi(argv[2]);
    if (jobs < 1) jobs = 1;
    size_t nterms = 0;
    char **terms = read_lines(argv[3], &nterms);
    /* one alternation of the terms, each quoted (\Q…\E) so that no term is read as a pattern */
    size_t plen = 1;
    for (size_t i = 0; i < nterms; i++) plen += strlen(terms[i]) + 5;
    char *pat = calloc(plen, 1);
    for (size_t i = 0; i < nterms; i++) {
        if (i) strcat(pat, "|");
        strcat(pat, "\\Q");
        strcat(pat, terms[i]);
        strcat(pat, "\\E");
    }
    int code;
    PCRE2_SIZE eoff;
    shared sh = {0};
    sh.re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &eoff, NULL);
    if (!sh.re || pcre2_jit_compile(sh.re, PCRE2_JIT_COMPLETE) != 0) { fprintf(stderr, "floor: pattern\n"); return 2; }
    sh.paths = read_lines(argv[4], &sh.n);
    pthread_mutex_init(&sh.lock, NULL);
    pthread_t tid[64];
    if (jobs > 64) jobs = 64;
    for (int i = 0; i < jobs; i++) pthread_create(&tid[i], NULL, worker, &sh);
    for (int i = 0; i < jobs; i++) pthread_join(tid[i], NULL);
    printf("files %zu bytes %llu sentences %llu matches %llu terms %zu\n", sh.n, sh.bytes, sh.sentences, sh.matches,
           nterms);
    pcre2_code_free(sh.re);
    free(pat);
    for (size_t i = 0; i < nterms; i++) free(terms[i]);
    free(terms);
    for (size_t i = 0; i < sh.n; i++) free(sh.paths[i]);
    free(sh.paths);
    return 0;
}
