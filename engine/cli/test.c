/* test.c — `shinsa test [PACK_DIR...]`: load each rule pack, run its rules' inline examples and its fixtures
 * under <pack>/tests/ (expectations in `# expect:` comments), and report failures, rules without fixture
 * and dead rules. The last line of standard output is `N passed, N failed`. Exit 0 all passed, 1 a failure,
 * 2 usage error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "shinsa.h"

static const char *const test_help =
    "使い方 (usage): shinsa test [OPTIONS] [PACK_DIR...]\n"
    "\n"
    "Test rule packs: load each pack, run every rule's inline examples (fire / quiet), and check the fixture\n"
    "files under PACK_DIR/tests/ against the expectations written as trailing comments on their lines:\n"
    "  # expect: RULE          RULE must report on this line\n"
    "  # expect: RULE@info     ... with this severity\n"
    "  # expect-not: RULE      RULE must not report on this line\n"
    "  # strict: true          (own line) any other finding of the pack is a failure\n"
    "Rules named by no expectation are listed as \"no fixture\"; rules whose triggers occur in no fixture nor\n"
    "example as \"dead rule\". Without PACK_DIR, every shipped pack is tested.\n"
    "\n"
    "Options:\n"
    "      --as-of DATE      the date rules judge against (YYYY-MM-DD)\n"
    "  -q, --quiet           print failures and the totals only\n"
    "  -h, --help            this help\n"
    "\n"
    "Exit codes: 0 every check passed, 1 a check failed, 2 usage error.\n";

enum { OPT_AS_OF = 256 };

static void print_pack(const shn_pack_test_result *r, int quiet) {
    size_t warnings = 0;
    if (!quiet) printf("== %s (%s)\n", r->pack ? r->pack : "?", r->dir);
    for (size_t i = 0; i < r->n_items; i++) {
        const shn_pack_test_item *it = &r->items[i];
        if (it->level == SHN_SEV_ERROR) {
            printf("FAIL %s\n", it->message);
        } else {
            warnings++;
            if (!quiet) printf("warning: %s\n", it->message);
        }
    }
    if (!quiet)
        printf("%s: %zu passed, %zu failed, %zu warning%s (%zu rule%s, %zu fixture file%s)\n\n",
               r->pack ? r->pack : r->dir, r->passed, r->failed, warnings, warnings == 1 ? "" : "s", r->n_rules,
               r->n_rules == 1 ? "" : "s", r->n_fixtures, r->n_fixtures == 1 ? "" : "s");
}

int cmd_test(int argc, char **argv) {
    static const struct option opts[] = {{"as-of", required_argument, NULL, OPT_AS_OF},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    shn_options eo;
    shn_options_init(&eo);
    eo.load_default_packs = 0;
    int quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qh", opts, NULL)) != -1) {
        switch (c) {
        case OPT_AS_OF: eo.as_of = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(test_help, stdout); return 0;
        case ':': return usage_error("オプションに値がありません (option needs a value): %s", argv[optind - 1]);
        default: return usage_error("不明なオプション (unknown option): %s", argv[optind - 1]);
        }
    }
    char **dirs = NULL;
    size_t n = 0;
    int own = 0;
    shn_error err = {0};
    if (optind < argc) {
        dirs = argv + optind;
        n = (size_t)(argc - optind);
    } else {
        if (shn_default_pack_dirs(&eo, &dirs, &n, &err) != SHN_OK) { print_error(&err); return EXIT_USAGE; }
        own = 1;
        if (!n) {
            fprintf(stderr, "shinsa: 同梱のパックが見つかりません (no shipped pack found)\n");
            shn_pack_dirs_free(dirs, n);
            return EXIT_USAGE;
        }
    }
    size_t passed = 0, failed = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        shn_pack_test_result *r = NULL;
        memset(&err, 0, sizeof err);
        shn_status st = shn_pack_test(&eo, dirs[i], &r, &err);
        if (st != SHN_OK) {
            print_error(&err);
            rc = st == SHN_E_USAGE ? EXIT_USAGE : 1;
            failed++;
            continue;
        }
        print_pack(r, quiet);
        passed += r->passed;
        failed += r->failed;
        shn_pack_test_free(r);
    }
    if (own) shn_pack_dirs_free(dirs, n);
    printf("%zu passed, %zu failed\n", passed, failed);
    if (rc) return rc;
    return failed ? 1 : 0;
}
