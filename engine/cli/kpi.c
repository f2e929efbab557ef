/* kpi.c — `shinsa kpi [--json] TEXT...`: how the KPI grammar reads each string (indicator, baseline, target,
 * deadline, reference year, unit, direction, level, source, what is missing), for officials drafting a KPI.
 * `-` reads one KPI a line from standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "shinsa.h"

static const char kpi_help[] =
    "usage: shinsa kpi [--json] TEXT...\n"
    "KPIの文をKPI文法で読み、指標・基準値・目標値・目標年度・単位・方向・区分・出典と不足する要素を示す。\n"
    "Show how the KPI grammar reads each TEXT: indicator, baseline, target, deadline, reference year, unit,\n"
    "direction, level (activity/output/outcome), source and the parts a complete KPI has and this one lacks.\n"
    "  --json    one JSON object a line (the fields of kpi.parse) instead of text\n"
    "  -         read one KPI a line from standard input\n";

static int read_one(const char *text, int json, int many) {
    char *out = NULL;
    shn_error err = {0};
    if (shn_kpi_reading(NULL, text, strlen(text), json, &out, &err) != SHN_OK) {
        print_error(&err);
        return EXIT_USAGE;
    }
    if (json) {
        printf("%s\n", out);
    } else {
        if (many) printf("== %s\n", text);
        printf("%s\n", out);
    }
    shn_free(out);
    return 0;
}

int cmd_kpi(int argc, char **argv) {
    int json = 0, rc = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) { fputs(kpi_help, stdout); return 0; }
        else if (argv[i][0] == '-' && argv[i][1] == '-') return usage_error("不明なオプション (unknown option): %s", argv[i]);
        else n++;
    }
    if (n == 0) { fputs(kpi_help, stderr); return EXIT_USAGE; }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] == '-') continue;
        if (strcmp(argv[i], "-") == 0) {
            char *line = NULL;
            size_t cap = 0;
            ssize_t len;
            while ((len = getline(&line, &cap, stdin)) > 0) {
                while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
                if (len == 0) continue;
                int r = read_one(line, json, 1);
                if (r > rc) rc = r;
            }
            free(line);
        } else {
            int r = read_one(argv[i], json, n > 1);
            if (r > rc) rc = r;
        }
    }
    return rc;
}
