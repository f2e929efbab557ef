/* merge.c — `shinsa merge`: join the json or sarif reports of the shards of one run (`shinsa check --shard I/N`)
 * into the report of a single run (shn_merge), and the options a shard records so that the merge can refuse
 * shards of different runs. */
#include <cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const merge_help =
    "使い方 (usage): shinsa merge [OPTIONS] REPORT...\n"
    "\n"
    "Join the reports of the shards of one run (shinsa check --shard I/N -f json|sarif, each shard 1..N once,\n"
    "in any order) into the report a single run over all the inputs gives, byte for byte: inputs, findings and\n"
    "diagnostics in the order of the whole run, the summary, the SARIF exit code and its 25,000-result limit.\n"
    "Reports of different runs (another version, other packs or options, other inputs or their order, a missing\n"
    "or repeated shard) are refused with a message saying which report differs and in what.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT      json (from json shards; default), sarif (from sarif shards), ndjson (from json shards)\n"
    "  -o, --output FILE     write the report to FILE (atomically); default standard output\n"
    "  -h, --help            this help\n"
    "\n"
    "Exit codes: those of the whole run (0 clean, 1 findings at or above the shards' --fail-on, 2 input error,\n"
    "also when no shard checked any document, 3 incomplete), or 2 when the reports cannot be merged.\n";

static char *read_all(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (!nb) { free(buf); buf = NULL; break; }
        buf = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    if (f != stdin) fclose(f);
    if (bad) { free(buf); errno = EIO; return NULL; }
    *len = n;
    return buf;
}

int cmd_merge(int argc, char **argv) {
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *format = NULL, *output = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h': fputs(merge_help, stdout); return 0;
        case ':': return usage_error("オプションに値がありません (option needs a value): %s", argv[optind - 1]);
        default: return usage_error("不明なオプション (unknown option): %s", argv[optind - 1]);
        }
    }
    if (format && strcmp(format, "json") != 0 && strcmp(format, "sarif") != 0 && strcmp(format, "ndjson") != 0)
        return usage_error("shinsa merge の形式は json, sarif, ndjson です (merge --format must be json, sarif or ndjson): %s",
                           format);
    if (optind >= argc)
        return usage_error("シャードの報告を渡してください (give the shard reports: shinsa merge a.json b.json …)%s", "");
    size_t n = (size_t)(argc - optind);
    const char **names = calloc(n, sizeof *names);
    char **texts = calloc(n, sizeof *texts);
    size_t *lens = calloc(n, sizeof *lens);
    int rc = EXIT_USAGE;
    if (!names || !texts || !lens) { fputs("shinsa: メモリ不足 (out of memory)\n", stderr); goto done; }
    for (size_t i = 0; i < n; i++) {
        names[i] = argv[optind + (int)i];
        if (!(texts[i] = read_all(names[i], &lens[i]))) {
            fprintf(stderr, "%s: error: 読めません (cannot read): %s\n", names[i], strerror(errno));
            goto done;
        }
    }
    char *out = NULL;
    size_t len = 0;
    int code = 0;
    shn_error err = {0};
    if (shn_merge(names, (const char *const *)texts, lens, n, format, &out, &len, &code, &err) != SHN_OK) {
        print_error(&err);
        goto done;
    }
    rc = code;
    if (output) {
        if (write_atomic(output, out, len) != 0) {
            fprintf(stderr, "%s: error: 書き込めません (cannot write report): %s\n", output, strerror(errno));
            rc = EXIT_USAGE;
        }
    } else {
        fwrite(out, 1, len, stdout);
    }
    shn_free(out);
done:
    for (size_t i = 0; texts && i < n; i++) free(texts[i]);
    free(names);
    free(texts);
    free(lens);
    return rc;
}

/* ---- what a shard records about its options ------------------------------------------------------------ */

static void fnv(uint64_t *h, const char *s) {
    for (const unsigned char *p = (const unsigned char *)(s ? s : "\x01"); *p; p++) {
        *h ^= *p;
        *h *= 0x100000001b3ULL;
    }
    *h ^= 0x1F;
    *h *= 0x100000001b3ULL;
}

static cJSON *str_list(const char *const *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

char *shard_options_json(shn_engine *e, const shard_opts *so) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    /* the rules as loaded (packs, --disable, --severity, config): one digest */
    uint64_t h = 0xcbf29ce484222325ULL;
    const shn_rule_info *rules = NULL;
    size_t n = 0;
    shn_error err = {0};
    if (shn_engine_rules(e, &rules, &n, &err) == SHN_OK)
        for (size_t i = 0; i < n; i++) {
            const shn_rule_info *r = &rules[i];
            fnv(&h, r->id); fnv(&h, r->pack); fnv(&h, r->title); fnv(&h, r->principle); fnv(&h, r->target);
            fnv(&h, shn_severity_name(r->severity)); fnv(&h, r->enabled ? "on" : "off");
            for (size_t k = 0; k < r->n_analog_types; k++) fnv(&h, r->analog_types[k]);
            for (size_t k = 0; k < r->n_triggers; k++) fnv(&h, r->triggers[k]);
        }
    for (size_t i = 0; i < so->n_lexicon; i++) fnv(&h, so->lexicon[i]);   /* the configuration's lexicon */
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    cJSON_AddItemToObject(o, "rules", cJSON_CreateString(hex));
    cJSON_AddItemToObject(o, "fail_on", cJSON_CreateString(so->fail_on));
    cJSON_AddItemToObject(o, "as_of", so->as_of ? cJSON_CreateString(so->as_of) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "law_id", so->law_id ? cJSON_CreateString(so->law_id) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "input_format", so->input_format ? cJSON_CreateString(so->input_format) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "exclude", str_list(so->exclude, so->n_exclude));
    cJSON_AddItemToObject(o, "min_severity", so->min_severity ? cJSON_CreateString(so->min_severity) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "rule", str_list(so->rule, so->n_rule));
    cJSON_AddItemToObject(o, "type", str_list(so->type, so->n_type));
    cJSON_AddItemToObject(o, "principle", str_list(so->principle, so->n_principle));
    cJSON_AddItemToObject(o, "baseline", so->baseline ? cJSON_CreateString(so->baseline) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "waivers", so->waivers ? cJSON_CreateString(so->waivers) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "waivers_today", so->today ? cJSON_CreateString(so->today) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "explain", cJSON_CreateBool(so->explain));
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}
