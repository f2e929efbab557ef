/* import.c — `shinsa import FORMAT FILE [-o OUT]`: convert an input to shinsa YAML. Each importer loads FILE
 * into document trees (the same loaders `shinsa check` uses), and the trees are written as block YAML, so
 * checking the YAML gives the same findings as checking FILE. Another importer is one row in `importers`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "emit_yaml.h"
#include "import_sakushu.h"
#include "load.h"
#include "util.h"

typedef shn_status (*importer_fn)(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                                  shn_doc ***docs, size_t *ndocs, shn_error *err);

static const struct {
    const char *name;
    importer_fn load;
    const char *help;
} importers[] = {
    {"egov", shn__egov_load, "e-Gov 法令標準XML → kind: law"},
    {"sakushu", shn__sakushu_import, "重点計画 施策集 TSV → kind: measures"},
    {"text", shn__text_load, "条文テキスト (plain 条文 text: drafts, 条例) → kind: law"},
};

static const char *const import_help =
    "使い方 (usage): shinsa import FORMAT FILE [OPTIONS]\n"
    "\n"
    "Convert FILE (- for standard input) to shinsa YAML, written to standard output unless -o is given.\n"
    "Checking the YAML gives the same findings as checking FILE.\n"
    "\n"
    "Formats:\n"
    "%s"
    "\n"
    "Options:\n"
    "  -o, --output FILE     write the YAML to FILE (atomically: temporary file, then rename)\n"
    "      --law-id ID       法令ID to record as law.id (default: from the file name or its folder)\n"
    "  -h, --help            this help\n"
    "\n"
    "Exit codes: 0 written, 2 usage or input error.\n";

static void print_help(void) {
    char list[1024] = "";
    size_t off = 0;
    for (size_t i = 0; i < SHN__ARRAY_LEN(importers) && off < sizeof list; i++) {
        int n = snprintf(list + off, sizeof list - off, "  %-20s  %s\n", importers[i].name, importers[i].help);
        if (n > 0) off += (size_t)n;
    }
    printf(import_help, list);
}

enum { OPT_LAW_ID = 256 };

int cmd_import(int argc, char **argv) {
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"law-id", required_argument, NULL, OPT_LAW_ID},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *output = NULL, *law_id = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case OPT_LAW_ID: law_id = optarg; break;
        case 'h': print_help(); return 0;
        case ':': return usage_error("オプションに値がありません (option needs a value): %s", argv[optind - 1]);
        default: return usage_error("不明なオプション (unknown option): %s", argv[optind - 1]);
        }
    }
    if (argc - optind < 1) return usage_error("形式を指定してください (missing FORMAT, e.g. egov)%s", "");
    const char *format = argv[optind];
    size_t which = SHN__ARRAY_LEN(importers);
    for (size_t i = 0; i < SHN__ARRAY_LEN(importers); i++)
        if (strcmp(format, importers[i].name) == 0) which = i;
    if (which == SHN__ARRAY_LEN(importers)) return usage_error("不明な取り込み形式 (unknown import format): %s", format);
    if (argc - optind != 2) return usage_error("ファイルを一つ指定してください (expected exactly one FILE)%s", "");
    const char *file = argv[optind + 1];

    shn_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    if (shn__read_file(file, (size_t)64 << 20, &buf, &len, &err) != SHN_OK) {
        print_error(&err);
        return EXIT_USAGE;
    }
    shn_load_opts lo = {{64, 1000000, 0}, law_id};
    shn_doc **docs = NULL;
    size_t ndocs = 0;
    shn_status st = importers[which].load(file, buf, len, &lo, &docs, &ndocs, &err);
    free(buf);
    if (st != SHN_OK) {
        print_error(&err);
        return EXIT_USAGE;
    }
    shn_buf all = {0};
    for (size_t i = 0; i < ndocs && st == SHN_OK; i++) {
        char *y = NULL;
        size_t ylen = 0;
        st = shn__yaml_emit(docs[i], 0, &y, &ylen, &err);
        if (st != SHN_OK) break;
        if (ndocs > 1) shn__buf_puts(&all, "---\n");
        shn__buf_add(&all, y, ylen);
        free(y);
    }
    for (size_t i = 0; i < ndocs; i++) shn__doc_free(docs[i]);
    free(docs);
    if (st == SHN_OK && all.failed) st = shn__err(&err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    if (st != SHN_OK) {
        print_error(&err);
        shn__buf_free(&all);
        return EXIT_USAGE;
    }
    int rc = 0;
    const char *data = all.data ? all.data : "";
    if (output) {
        if (write_atomic(output, data, all.len) != 0) {
            fprintf(stderr, "%s: error: 書き込めません (cannot write): %s\n", output, strerror(errno));
            rc = EXIT_USAGE;
        }
    } else if (fwrite(data, 1, all.len, stdout) != all.len || fflush(stdout) != 0) {
        fprintf(stderr, "shinsa: error: 書き込めません (cannot write to standard output): %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    shn__buf_free(&all);
    return rc;
}
