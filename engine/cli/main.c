/* shinsa — the command-line client. A thin client of libshinsa's public API (shinsa.h): it parses options,
 * reads .shinsa.yaml, runs the engine, renders and writes the report atomically, and maps the result to the
 * exit codes of the Contracts (0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 incomplete). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "shinsa.h"

static const char *const check_help =
    "使い方 (usage): shinsa check [OPTIONS] [PATH...]\n"
    "\n"
    "Check policy documents (YAML/JSON: kind measures or law) with the rule packs and report findings.\n"
    "PATH is a file, a folder or - for standard input. A folder is walked in sorted order and every file of a\n"
    "format check reads is checked: .yaml .yml .json (shinsa documents; other YAML is skipped), .xml (e-Gov\n"
    "法令XML), .txt (plain 条文). Hidden entries are skipped; a symbolic link to a folder already walked is\n"
    "reported, not walked again. Without PATH, the current folder is checked. A run that checks no document\n"
    "(nothing found, or all skipped) exits 2 and says what was skipped and why.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT      text (default), json, ndjson (a finding a line, then a record per input and\n"
    "                        diagnostic, the summary last), sarif (SARIF 2.1.0, for code scanning), junit\n"
    "                        (JUnit XML), markdown (a pull-request comment), github (Actions annotations),\n"
    "                        rdjson (reviewdog), csv (UTF-8 with BOM, for spreadsheets), html (one\n"
    "                        self-contained page: charts, filters; docs/reports.md); every format says each\n"
    "                        input's status (docs/formats.md)\n"
    "      --rules-url URL   base URL of the published rule pages (docs/rules/): SARIF rules get helpUri\n"
    "                        URL<pack>.md#<rule id without dots>\n"
    "  -o, --output FILE     write the report to FILE (atomically: temporary file, then rename)\n"
    "      --pack DIR        add a rule pack folder (repeatable)\n"
    "      --no-default-packs  do not load the shipped packs\n"
    "      --disable RULE    disable a rule id or a whole pack (repeatable)\n"
    "      --severity RULE=LEVEL  override a rule's severity (error|warning|info|none)\n"
    "      --fail-on LEVEL   exit 1 when a finding is at or above LEVEL: error|warning|info|none (default warning)\n"
    "      --as-of DATE      the date rules judge against (YYYY-MM-DD); default: the input's own date\n"
    "      --min-severity L  report only findings at or above L (error|warning|info); the others do not count\n"
    "      --rule RULE       report only this rule id or pack (repeatable); likewise --type TYPE (analog type,\n"
    "                        e.g. physical-posting) and --principle P (e.g. digital-completion)\n"
    "      --summary         text: counts only (by severity, rule and analog type), no finding\n"
    "      --baseline-write FILE  write the fingerprints of this run's findings to FILE (JSON) and exit 0\n"
    "                        unless an input failed; later runs with --baseline FILE fail only on new findings\n"
    "      --baseline FILE   findings in the baseline FILE do not count and are not reported (SARIF keeps\n"
    "                        them with baselineState unchanged)\n"
    "      --waivers FILE    waivers.yaml: `waivers: [{rule, where (address or fingerprint), reason, expires,\n"
    "                        approved_by}]`; reason required; an expired waiver (--as-of or today) counts again;\n"
    "                        unused waivers are reported. In YAML inputs, `# shinsa-ignore: RULE-ID reason`\n"
    "                        ignores that rule on its line (or, alone on a line, on the next line)\n"
    "      --law-id ID       法令ID for inputs that do not carry one (^[0-9]{3}[A-Z][0-9A-Z]{11}$)\n"
    "      --input-format F  format of the files named and of -: yaml (or json), xml, text, sakushu (施策集 TSV);\n"
    "                        default: by extension; for - by the content (XML, TSV, YAML/JSON, else text)\n"
    "      --exclude GLOB    do not read walked files or folders whose name or path matches GLOB (repeatable)\n"
    "      --text TEXT       check TEXT instead of files: a draft 条文 (default), with --kind measures the\n"
    "                        summary of one measure, with --kind kpi one KPI (the text report shows its reading\n"
    "                        first, as `shinsa kpi` does); findings name the file <text>\n"
    "      --kind KIND       what --text holds: law (default), measures or kpi\n"
    "      --explain         show under each finding why it was reported (lexicon entries matched, contexts\n"
    "                        and digital alternatives tested, downgrades); json/ndjson add a key \"explain\"\n"
    "      --explain-unit ADDR  check only the unit at address ADDR (e.g. 358AC1000000032#main:23:1::1) and\n"
    "                        report every rule's verdict on it (with --explain's traces)\n"
    "  -j, --jobs N          worker threads (default: number of cores); output is identical for any N\n"
    "      --progress, --no-progress  a progress line on standard error (files done/total, files per second,\n"
    "                        findings so far, time left), redrawn in place and cleared at the end: by default\n"
    "                        only when standard error is a terminal and the run takes over 2 seconds;\n"
    "                        --progress also on a file or pipe (a plain line at most each second)\n"
    "      --timing FILE     write the time spent per phase and per rule to FILE (tab-separated; tests/bench)\n"
    "      --config FILE     read FILE instead of the nearest .shinsa.yaml\n"
    "      --no-config       do not read .shinsa.yaml\n"
    "      --strict          a lexicon trigger that an exception always covers is a pack error (exit 2)\n"
    "      --color WHEN      auto (default), always, never; NO_COLOR is honoured\n"
    "      --rule-timeout MS  CPU time limit of one rule on one unit (default 10000; wall clock: 10x as much,\n"
    "                        at least 60 s); a rule that hits any limit is reported once and not run on the rest\n"
    "                        of that input (docs/security.md)\n"
    "      --max-findings N  findings per run (default 1000000); further ones are dropped, exit 3\n"
    "      --limit NAME=N    set a limit (repeatable; N may end in K, M or G): input-bytes, depth,\n"
    "                        alias-nodes, unit-text, rule-instructions, rule-memory, rule-timeout (ms),\n"
    "                        rule-findings, rule-bytes, input-findings, input-finding-bytes, findings,\n"
    "                        finding-bytes, sarif-results, sarif-bytes (SARIF: results per run, default\n"
    "                        25000, and gzip-compressed bytes, default 10000000: GitHub code scanning's);\n"
    "                        defaults and what each bounds: docs/security.md\n"
    "  -h, --help            this help\n"
    "\n"
    "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or input error (also: no document\n"
    "checked), 3 incomplete run, 130/143 interrupted by SIGINT/SIGTERM (no report is written).\n";

static const char *const rules_help =
    "使い方 (usage): shinsa rules [OPTIONS]\n"
    "\n"
    "List the loaded rules: id, severity, principle, analog types, target.\n"
    "\n"
    "Options:\n"
    "      --pack DIR        add a rule pack folder (repeatable)\n"
    "      --no-default-packs  do not load the shipped packs\n"
    "      --filter TEXT     only rules whose id, pack, principle, type or target contains TEXT\n"
    "      --doc DIR         write a Markdown page per pack (DIR/<pack>.md) and DIR/index.md\n"
    "  -f, --format FMT      text (default) or json\n"
    "  -h, --help            this help\n";

static const char *const main_help =
    "shinsa (審査) — policy evaluation engine for Japanese digital-government review\n"
    "\n"
    "使い方 (usage): shinsa COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  check [PATH...]   check policy documents and report findings\n"
    "  rules             list the rules of the loaded packs (--doc DIR: Markdown reference pages)\n"
    "  test [PACK...]    test rule packs: inline examples and fixtures (default: the shipped packs)\n"
    "  new-pack NAME     create a new rule pack with a working rule, lexicon and fixture\n"
    "  import FORMAT FILE  convert to shinsa YAML: egov (e-Gov 法令XML), sakushu (施策集 TSV)\n"
    "  kpi TEXT...        show how the KPI grammar reads a KPI (indicator, baseline, target, deadline …)\n"
    "  merge REPORT...   join the json/sarif reports of check --shard I/N into the report of a single run\n"
    "  version           print the version\n"
    "  help              this help\n"
    "\n"
    "Run `shinsa COMMAND --help` for the options of a command.\n";

#define N_LIMITS 15

typedef struct {
    const char *format, *output, *fail_on, *as_of, *law_id, *config, *color, *filter, *doc, *text, *kind, *unit;
    const char *input_format, *rules_url, *baseline, *baseline_write, *waivers, *min_severity;
    const char *sel_rules[64]; size_t n_sel_rules;
    const char *sel_types[64]; size_t n_sel_types;
    const char *sel_principles[64]; size_t n_sel_principles;
    int summary;
    const char *exclude[64]; size_t n_exclude;
    const char *timing;
    const char *packs[64]; size_t n_packs;
    const char *disable[64]; size_t n_disable;
    const char *sev[64]; size_t n_sev;
    unsigned jobs, rule_timeout_ms;
    size_t max_findings;
    unsigned shard_index, shard_count;
    int progress;              /* 0 auto (terminal, long run), 1 --progress, 2 --no-progress */
    void *progress_state;      /* progress_state * when a line may be drawn */
    unsigned long long limit_val[N_LIMITS];   /* --limit, by index of limit_names */
    unsigned char limit_set[N_LIMITS];
    int no_default_packs, no_config, explain, strict;
} cli_opts;

int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "shinsa: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n`shinsa help` で使い方を表示します (see `shinsa help`).\n");
    return EXIT_USAGE;
}

void print_error(const shn_error *err) {
    if (err->file[0] && err->line)
        fprintf(stderr, "%s:%u:%u: error: %s\n", err->file, err->line, err->column, err->message);
    else if (err->file[0])
        fprintf(stderr, "%s: error: %s\n", err->file, err->message);
    else
        fprintf(stderr, "shinsa: error: %s\n", err->message);
}

enum { OPT_PACK = 256, OPT_NO_DEFAULT, OPT_DISABLE, OPT_SEVERITY, OPT_FAIL_ON, OPT_AS_OF, OPT_LAW_ID, OPT_CONFIG,
       OPT_NO_CONFIG, OPT_COLOR, OPT_FILTER, OPT_DOC, OPT_TEXT, OPT_KIND, OPT_EXPLAIN, OPT_EXPLAIN_UNIT, OPT_STRICT,
       OPT_INPUT_FORMAT, OPT_EXCLUDE, OPT_RULES_URL, OPT_BASELINE, OPT_BASELINE_WRITE, OPT_WAIVERS,
       OPT_MIN_SEVERITY, OPT_RULE, OPT_TYPE, OPT_PRINCIPLE, OPT_SUMMARY,
       OPT_TIMING, OPT_RULE_TIMEOUT, OPT_MAX_FINDINGS, OPT_SHARD, OPT_PROGRESS,
       OPT_NO_PROGRESS, OPT_LIMIT };

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},   {"output", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},     {"help", no_argument, NULL, 'h'},
    {"pack", required_argument, NULL, OPT_PACK}, {"no-default-packs", no_argument, NULL, OPT_NO_DEFAULT},
    {"disable", required_argument, NULL, OPT_DISABLE}, {"severity", required_argument, NULL, OPT_SEVERITY},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON}, {"as-of", required_argument, NULL, OPT_AS_OF},
    {"law-id", required_argument, NULL, OPT_LAW_ID}, {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG}, {"color", required_argument, NULL, OPT_COLOR},
    {"filter", required_argument, NULL, OPT_FILTER}, {"doc", required_argument, NULL, OPT_DOC},
    {"text", required_argument, NULL, OPT_TEXT},     {"kind", required_argument, NULL, OPT_KIND},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT}, {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"timing", required_argument, NULL, OPT_TIMING},
    {"rules-url", required_argument, NULL, OPT_RULES_URL},
    {"baseline", required_argument, NULL, OPT_BASELINE}, {"baseline-write", required_argument, NULL, OPT_BASELINE_WRITE},
    {"waivers", required_argument, NULL, OPT_WAIVERS},
    {"min-severity", required_argument, NULL, OPT_MIN_SEVERITY}, {"rule", required_argument, NULL, OPT_RULE},
    {"type", required_argument, NULL, OPT_TYPE}, {"principle", required_argument, NULL, OPT_PRINCIPLE},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"explain", no_argument, NULL, OPT_EXPLAIN},     {"explain-unit", required_argument, NULL, OPT_EXPLAIN_UNIT},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"progress", no_argument, NULL, OPT_PROGRESS}, {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"rule-timeout", required_argument, NULL, OPT_RULE_TIMEOUT}, {"max-findings", required_argument, NULL, OPT_MAX_FINDINGS},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {NULL, 0, NULL, 0}};

/* --limit NAME=N: every limit of docs/security.md by name, stored into shn_options. N is a whole number,
 * optionally followed by K, M or G (KiB, MiB, GiB). */
typedef enum { LIM_SIZE, LIM_UINT, LIM_U64, LIM_SARIF } lim_type;   /* LIM_SARIF: shn_render_options */
static const struct {
    const char *name;
    size_t off;
    lim_type type;
    unsigned long long max;
} limit_names[N_LIMITS] = {
    {"input-bytes", offsetof(shn_options, max_input_bytes), LIM_SIZE, SIZE_MAX},
    {"depth", offsetof(shn_options, max_depth), LIM_UINT, 1000},
    {"alias-nodes", offsetof(shn_options, max_alias_nodes), LIM_SIZE, SIZE_MAX},
    {"unit-text", offsetof(shn_options, max_unit_text_bytes), LIM_SIZE, SIZE_MAX},
    {"rule-instructions", offsetof(shn_options, rule_instructions), LIM_U64, UINT64_MAX},
    {"rule-memory", offsetof(shn_options, rule_memory), LIM_SIZE, SIZE_MAX},
    {"rule-timeout", offsetof(shn_options, rule_timeout_ms), LIM_UINT, 86400000},
    {"rule-findings", offsetof(shn_options, max_rule_findings), LIM_SIZE, SIZE_MAX},
    {"rule-bytes", offsetof(shn_options, max_rule_bytes), LIM_SIZE, SIZE_MAX},
    {"input-findings", offsetof(shn_options, max_input_findings), LIM_SIZE, SIZE_MAX},
    {"input-finding-bytes", offsetof(shn_options, max_input_finding_bytes), LIM_SIZE, SIZE_MAX},
    {"findings", offsetof(shn_options, max_findings), LIM_SIZE, SIZE_MAX},
    {"finding-bytes", offsetof(shn_options, max_finding_bytes), LIM_SIZE, SIZE_MAX},
    {"sarif-results", offsetof(shn_render_options, sarif_max_results), LIM_SARIF, SIZE_MAX},
    {"sarif-bytes", offsetof(shn_render_options, sarif_max_bytes), LIM_SARIF, SIZE_MAX},
};

static int parse_limit(const char *arg, cli_opts *o) {
    const char *eq = strchr(arg, '=');
    size_t i = 0, nl = eq ? (size_t)(eq - arg) : 0;
    while (eq && i < N_LIMITS && !(strlen(limit_names[i].name) == nl && strncmp(arg, limit_names[i].name, nl) == 0)) i++;
    if (!eq || i == N_LIMITS) {
        fprintf(stderr, "shinsa: --limit は NAME=N の形式です (--limit takes NAME=N); NAME:");
        for (size_t k = 0; k < N_LIMITS; k++) fprintf(stderr, " %s", limit_names[k].name);
        fprintf(stderr, "\n");
        return usage_error("不明な上限 (unknown limit): %s", arg);
    }
    const char *v = eq + 1;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift) end++;
    if (*end || !*v || v[0] == '-' || errno || n < 1 || n > (limit_names[i].max >> shift))
        return usage_error("--limit の値は 1 以上の整数 (K/M/G 可) で上限内にしてください (--limit needs a whole number "
                           ">= 1, optionally with K, M or G, within range): %s", arg);
    o->limit_val[i] = n << shift;
    o->limit_set[i] = 1;
    return -1;
}

/* Parse options; returns -1 to go on, else an exit code. */
static int parse_opts(int argc, char **argv, cli_opts *o, const char *help) {
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:j:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f': o->format = optarg; break;
        case 'o': o->output = optarg; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) return usage_error("-j には 1〜256 の数を指定してください (-j needs 1..256): %s", optarg);
            o->jobs = (unsigned)n;
            break;
        }
        case 'h': fputs(help, stdout); return 0;
        case OPT_PACK:
            if (o->n_packs == 64) return usage_error("--pack が多すぎます (too many --pack)%s", "");
            o->packs[o->n_packs++] = optarg;
            break;
        case OPT_NO_DEFAULT: o->no_default_packs = 1; break;
        case OPT_DISABLE:
            if (o->n_disable == 64) return usage_error("--disable が多すぎます (too many --disable)%s", "");
            o->disable[o->n_disable++] = optarg;
            break;
        case OPT_SEVERITY:
            if (o->n_sev == 64) return usage_error("--severity が多すぎます (too many --severity)%s", "");
            if (!strchr(optarg, '=')) return usage_error("--severity は RULE=LEVEL の形式です (--severity takes RULE=LEVEL): %s", optarg);
            o->sev[o->n_sev++] = optarg;
            break;
        case OPT_FAIL_ON: o->fail_on = optarg; break;
        case OPT_AS_OF: o->as_of = optarg; break;
        case OPT_LAW_ID: o->law_id = optarg; break;
        case OPT_CONFIG: o->config = optarg; break;
        case OPT_NO_CONFIG: o->no_config = 1; break;
        case OPT_COLOR: o->color = optarg; break;
        case OPT_FILTER: o->filter = optarg; break;
        case OPT_DOC: o->doc = optarg; break;
        case OPT_TEXT: o->text = optarg; break;
        case OPT_KIND: o->kind = optarg; break;
        case OPT_EXPLAIN: o->explain = 1; break;
        case OPT_STRICT: o->strict = 1; break;
        case OPT_TIMING: o->timing = optarg; break;
        case OPT_EXPLAIN_UNIT: o->unit = optarg; o->explain = 1; break;
        case OPT_INPUT_FORMAT: o->input_format = optarg; break;
        case OPT_RULES_URL: o->rules_url = optarg; break;
        case OPT_BASELINE: o->baseline = optarg; break;
        case OPT_BASELINE_WRITE: o->baseline_write = optarg; break;
        case OPT_WAIVERS: o->waivers = optarg; break;
        case OPT_MIN_SEVERITY: o->min_severity = optarg; break;
        case OPT_SUMMARY: o->summary = 1; break;
        case OPT_RULE: case OPT_TYPE: case OPT_PRINCIPLE: {
            const char **arr = c == OPT_RULE ? o->sel_rules : c == OPT_TYPE ? o->sel_types : o->sel_principles;
            size_t *n = c == OPT_RULE ? &o->n_sel_rules : c == OPT_TYPE ? &o->n_sel_types : &o->n_sel_principles;
            if (*n == 64) return usage_error("--rule/--type/--principle が多すぎます (too many)%s", "");
            arr[(*n)++] = optarg;
            break;
        }
        case OPT_PROGRESS: o->progress = 1; break;
        case OPT_NO_PROGRESS: o->progress = 2; break;
        case OPT_SHARD: {
            unsigned i = 0, n = 0;
            char tail = 0;
            if (sscanf(optarg, "%u/%u%c", &i, &n, &tail) != 2 || optarg[0] == '-' || i < 1 || n < 1 || i > n || n > 100000)
                return usage_error("--shard は I/N (1 ≦ I ≦ N、例 2/8) で指定してください (--shard needs I/N with 1 <= I <= N, "
                                   "e.g. 2/8): %s", optarg);
            o->shard_index = i;
            o->shard_count = n;
            break;
        }
        case OPT_EXCLUDE:
            if (o->n_exclude == 64) return usage_error("--exclude が多すぎます (too many --exclude)%s", "");
            o->exclude[o->n_exclude++] = optarg;
            break;
        case OPT_RULE_TIMEOUT:
        case OPT_MAX_FINDINGS: {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(optarg, &end, 10);
            if (*end || !*optarg || optarg[0] == '-' || errno || n < 1 || (c == OPT_RULE_TIMEOUT && n > 86400000ULL))
                return usage_error(c == OPT_RULE_TIMEOUT
                                       ? "--rule-timeout には 1〜86400000 のミリ秒数を指定してください (--rule-timeout needs 1..86400000 ms): %s"
                                       : "--max-findings には 1 以上の数を指定してください (--max-findings needs a number >= 1): %s",
                                   optarg);
            if (c == OPT_RULE_TIMEOUT) o->rule_timeout_ms = (unsigned)n;
            else o->max_findings = (size_t)n;
            break;
        }
        case OPT_LIMIT: {
            int rc = parse_limit(optarg, o);
            if (rc >= 0) return rc;
            break;
        }
        case ':': return usage_error("オプションに値がありません (option needs a value): %s", argv[optind - 1]);
        default: return usage_error("不明なオプション (unknown option): %s", argv[optind - 1]);
        }
    }
    return -1;
}

void print_diagnostics(const shn_result *r) {
    for (size_t i = 0; i < shn_result_diagnostic_count(r); i++) {
        const shn_diagnostic *g = shn_result_diagnostic(r, i);
        if (g->line)
            fprintf(stderr, "%s:%u:%u: %s: %s\n", g->file ? g->file : "", g->line, g->column,
                    shn_severity_name(g->level), g->message);
        else
            fprintf(stderr, "%s: %s: %s\n", g->file ? g->file : "", shn_severity_name(g->level), g->message);
    }
}

/* Set by SIGINT/SIGTERM: the signal number. The engine stops starting inputs; no report is written. */
static volatile sig_atomic_t interrupted;
_Static_assert(sizeof(sig_atomic_t) == sizeof(int), "the engine's cancel flag is an int");

static void on_signal(int sig) { interrupted = sig; }

/* SIGINT and SIGTERM set `interrupted`; a second one ends the process at once (SA_RESETHAND). */
static void catch_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* 130 after SIGINT, 143 after SIGTERM (128 + signal), with a message; 0 when not interrupted. */
static int interrupted_exit(void) {
    int sig = interrupted;
    if (!sig) return 0;
    fprintf(stderr, "shinsa: 中断しました。報告は書き出していません (interrupted by %s; no report was written)\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 128 + sig;
}

/* Write `data` to `path` atomically: a temporary file in the same folder, then rename. The file gets the
 * mode of the file it replaces, or that of a new file (0666 & ~umask), not mkstemp's 0600. Interrupted
 * (SIGINT/SIGTERM) before the rename, the temporary file is removed and the old file is left as it was. A path
 * that exists and is not a regular file (a device such as /dev/null, a FIFO) is written to directly, never
 * replaced by a rename (which, as root, would turn /dev/null into a regular file). */
int write_atomic(const char *path, const char *data, size_t len) {
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) return -1;
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    struct stat old;
    mode_t mode;
    if (stat(path, &old) == 0 && !S_ISREG(old.st_mode)) {
        /* a device or a pipe (-o /dev/stdout, /dev/null, a FIFO): written to, never replaced by a rename */
        free(tmp);
        int fd = open(path, O_WRONLY | O_TRUNC);
        if (fd < 0) return -1;
        size_t off = 0;
        while (off < len && !interrupted) {
            ssize_t w = write(fd, data + off, len - off);
            if (w < 0) { if (errno == EINTR) continue; break; }
            off += (size_t)w;
        }
        int ok = off == len && !interrupted;
        if (close(fd) != 0) ok = 0;
        return ok ? 0 : -1;
    }
    if (stat(path, &old) == 0) {
        mode = old.st_mode & 07777;
    } else {
        mode_t mask = umask(0);   /* read the umask: there is no other way (single-threaded here) */
        umask(mask);
        mode = 0666 & ~mask;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) { free(tmp); return -1; }
    int ok = fchmod(fd, mode) == 0;
    size_t off = 0;
    while (ok && off < len && !interrupted) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) { if (errno == EINTR) continue; break; }
        off += (size_t)w;
    }
    ok = ok && off == len && fsync(fd) == 0;
    if (close(fd) != 0) ok = 0;
    if (interrupted) ok = 0;
    if (ok && rename(tmp, path) != 0) ok = 0;
    if (!ok) { int saved = errno; unlink(tmp); errno = saved; }
    free(tmp);
    return ok ? 0 : -1;
}

/* Levenshtein distance over bytes, capped work (ids are short). */
static size_t edit_distance(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    if (n > 200 || m > 200) return (size_t)-1;
    size_t row[201];
    for (size_t j = 0; j <= m; j++) row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* A rule id or pack name given to --disable/--severity or in the config must name a loaded rule or pack.
 * Returns 0, or prints an error with the nearest known name and returns 1. */
static int check_selector(const shn_rule_info *rules, size_t n, const char *sel, const char *where) {
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rules[i].id, sel) == 0 || strcmp(rules[i].pack, sel) == 0) return 0;
        size_t d = edit_distance(sel, rules[i].id);
        if (d < bestd) { bestd = d; best = rules[i].id; }
        d = edit_distance(sel, rules[i].pack);
        if (d < bestd) { bestd = d; best = rules[i].pack; }
    }
    size_t len = strlen(sel);
    fprintf(stderr, "%s: error: 不明なルールIDかパック名です (unknown rule id or pack): %s", where, sel);
    if (best && bestd <= (len / 3 > 3 ? len / 3 : 3))
        fprintf(stderr, " — もしかして (did you mean) %s?", best);
    fprintf(stderr, "\n`shinsa rules` でルールの一覧を表示します (see `shinsa rules` for the rule ids).\n");
    return 1;
}

/* ---- the progress line (--progress) ------------------------------------------------------------------- */

typedef struct {
    double start, last;   /* monotonic seconds: the check began, the line was last drawn */
    double delay;         /* seconds before a line is drawn at all (a short run draws nothing) */
    int tty;              /* redraw in place (a terminal), else one line per update */
    int drawn;
} progress_state;

static double mono_sec(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Columns a line takes on a terminal: ASCII one, other characters (here: Japanese) two. */
static size_t display_width(const char *s) {
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80) w++;
        else if (*p >= 0xC0) w += 2;
    }
    return w;
}

static void on_progress(void *ud, size_t done, size_t total, size_t findings) {
    progress_state *p = ud;
    double now = mono_sec(), el = now - p->start;
    if (el < p->delay) return;
    if (p->tty && done == total) return;   /* the line is cleared at the end anyway */
    if (p->drawn && done < total && now - p->last < (p->tty ? 0.1 : 1.0)) return;
    p->last = now;
    double rate = el > 0 ? (double)done / el : 0;
    char eta[32] = "?";
    if (rate > 0) {
        unsigned long left = (unsigned long)((double)(total - done) / rate + 0.5);
        if (left >= 3600) snprintf(eta, sizeof eta, "%lu:%02lu:%02lu", left / 3600, left / 60 % 60, left % 60);
        else snprintf(eta, sizeof eta, "%lu:%02lu", left / 60, left % 60);
    }
    char line[256];
    snprintf(line, sizeof line, "検査中 %zu/%zu files, %.1f files/s, 指摘 %zu findings, 残り ETA %s", done, total,
             rate, findings, eta);
    struct winsize ws;
    if (p->tty && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && display_width(line) >= ws.ws_col)
        snprintf(line, sizeof line, "%zu/%zu files, %.1f files/s, %zu findings, ETA %s", done, total, rate,
                 findings, eta);
    if (p->tty) fprintf(stderr, "\r%s\033[K", line);
    else fprintf(stderr, "%s\n", line);
    fflush(stderr);
    p->drawn = 1;
}

/* Erase the line from the terminal (before anything else is written there). */
static void progress_clear(progress_state *p) {
    if (p && p->drawn && p->tty) { fputs("\r\033[K", stderr); fflush(stderr); }
    if (p) p->drawn = 0;
}

/* Build an engine from options and configuration. Returns NULL after printing an error. */
static shn_engine *make_engine(cli_opts *o, shn_config *cfg, int *exit_code) {
    shn_options eo;
    shn_options_init(&eo);
    eo.jobs = o->jobs ? o->jobs : cfg ? cfg->jobs : 0;
    eo.as_of = o->as_of ? o->as_of : cfg ? cfg->as_of : NULL;
    eo.law_id = o->law_id;
    eo.explain = o->explain;
    eo.explain_unit = o->unit;
    eo.strict = o->strict;
    eo.rule_timeout_ms = o->rule_timeout_ms;
    eo.max_findings = o->max_findings;
    eo.input_format = o->input_format;
    eo.exclude = o->exclude;
    eo.n_exclude = o->n_exclude;
    eo.cancel = (const volatile int *)&interrupted;
    eo.timing = o->timing != NULL;
    if (o->progress_state) {
        eo.progress = on_progress;
        eo.progress_ud = o->progress_state;
    }
    eo.shard_index = o->shard_index;
    eo.shard_count = o->shard_count;
    for (size_t i = 0; i < N_LIMITS; i++) {
        if (!o->limit_set[i] || limit_names[i].type == LIM_SARIF) continue;
        char *field = (char *)&eo + limit_names[i].off;
        if (limit_names[i].type == LIM_SIZE) *(size_t *)field = (size_t)o->limit_val[i];
        else if (limit_names[i].type == LIM_UINT) *(unsigned *)field = (unsigned)o->limit_val[i];
        else *(uint64_t *)field = (uint64_t)o->limit_val[i];
    }
    if (o->no_default_packs || (cfg && cfg->default_packs == 0)) eo.load_default_packs = 0;
    shn_engine *e = NULL;
    shn_error err = {0};
    if (shn_engine_new(&eo, &e, &err) != SHN_OK) { print_error(&err); *exit_code = EXIT_USAGE; return NULL; }
    for (size_t i = 0; cfg && i < cfg->n_packs; i++) shn_engine_add_pack(e, cfg->packs[i], NULL);
    for (size_t i = 0; i < o->n_packs; i++) shn_engine_add_pack(e, o->packs[i], NULL);
    for (size_t i = 0; cfg && i < cfg->n_lexicon; i++) {
        const shn_config_lexicon *x = &cfg->lexicon[i];
        if (shn_engine_extend_lexicon(e, x->key, x->field, x->entry, x->is_regex, cfg->path, x->line, x->column,
                                      &err) != SHN_OK) {
            print_error(&err);
            *exit_code = EXIT_USAGE;
            shn_engine_free(e);
            return NULL;
        }
    }
    for (size_t i = 0; cfg && i < cfg->n_disable; i++) shn_engine_disable_rule(e, cfg->disable[i]);
    for (size_t i = 0; i < o->n_disable; i++) shn_engine_disable_rule(e, o->disable[i]);
    for (size_t i = 0; cfg && i < cfg->n_sev; i++) shn_engine_set_severity(e, cfg->sev_rules[i], cfg->sev_values[i]);
    for (size_t i = 0; i < o->n_sev; i++) {
        const char *eq = strchr(o->sev[i], '=');
        char rule[256];
        snprintf(rule, sizeof rule, "%.*s", (int)(eq - o->sev[i]), o->sev[i]);
        int sev = shn_severity_parse(eq + 1);
        if (sev < 0) {
            *exit_code = usage_error("重大度は error|warning|info|none です (severity must be error|warning|info|none): %s", eq + 1);
            shn_engine_free(e);
            return NULL;
        }
        shn_engine_set_severity(e, rule, (shn_severity)sev);
    }
    /* every rule id or pack named must exist */
    const shn_rule_info *rules = NULL;
    size_t nrules = 0;
    if (shn_engine_rules(e, &rules, &nrules, &err) != SHN_OK) {
        print_error(&err);
        *exit_code = EXIT_USAGE;
        shn_engine_free(e);
        return NULL;
    }
    int bad = 0;
    const char *cfg_where = cfg && cfg->path ? cfg->path : ".shinsa.yaml";
    for (size_t i = 0; cfg && i < cfg->n_disable; i++) bad |= check_selector(rules, nrules, cfg->disable[i], cfg_where);
    for (size_t i = 0; cfg && i < cfg->n_sev; i++) bad |= check_selector(rules, nrules, cfg->sev_rules[i], cfg_where);
    for (size_t i = 0; i < o->n_disable; i++) bad |= check_selector(rules, nrules, o->disable[i], "--disable");
    for (size_t i = 0; i < o->n_sev; i++) {
        char rule[256];
        snprintf(rule, sizeof rule, "%.*s", (int)(strchr(o->sev[i], '=') - o->sev[i]), o->sev[i]);
        bad |= check_selector(rules, nrules, rule, "--severity");
    }
    if (bad) {
        *exit_code = EXIT_USAGE;
        shn_engine_free(e);
        return NULL;
    }
    return e;
}

/* Load .shinsa.yaml (or --config). Returns -1 to go on, else an exit code. */
static int load_config(cli_opts *o, shn_config **cfg) {
    *cfg = NULL;
    if (o->no_config) return -1;
    char *path = NULL;
    if (o->config) path = strdup(o->config);
    else if (shn_config_find(NULL, &path) != SHN_OK) return EXIT_USAGE;
    if (!path) return -1;
    shn_error err = {0};
    shn_status st = shn_config_load(path, cfg, &err);
    free(path);
    if (st != SHN_OK) { print_error(&err); return EXIT_USAGE; }
    return -1;
}

/* --timing FILE: one tab-separated row per phase, unit kind and rule (shn_timing), with a header line. */
static int write_timing(const shn_engine *e, const char *path) {
    const shn_timing *rows = NULL;
    size_t n = 0;
    shn_engine_timing(e, &rows, &n);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("kind\tname\tpack\tcount\tskipped\tbytes\tseconds\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\t%s\t%s\t%llu\t%llu\t%llu\t%.6f\n", rows[i].kind, rows[i].name,
                rows[i].pack ? rows[i].pack : "-", rows[i].count, rows[i].skipped, rows[i].bytes, rows[i].seconds);
    return fclose(f) == 0 ? 0 : -1;
}

/* --rule, --type, --principle, --min-severity: what the run reports and fails on. */
typedef struct { const cli_opts *o; int min; } selection;

static int selected(const shn_finding *f, void *ud) {
    const selection *s = ud;
    const cli_opts *o = s->o;
    if (s->min > 0 && (int)f->severity < s->min) return 0;
    if (o->n_sel_rules) {
        int any = 0;
        size_t pl = strchr(f->rule, '.') ? (size_t)(strchr(f->rule, '.') - f->rule) : strlen(f->rule);
        for (size_t i = 0; i < o->n_sel_rules && !any; i++)
            any = strcmp(f->rule, o->sel_rules[i]) == 0 ||
                  (strlen(o->sel_rules[i]) == pl && strncmp(f->rule, o->sel_rules[i], pl) == 0);
        if (!any) return 0;
    }
    if (o->n_sel_types) {
        int any = 0;
        for (size_t i = 0; i < o->n_sel_types && !any; i++)
            for (size_t k = 0; k < f->n_analog_types && !any; k++) any = strcmp(f->analog_types[k], o->sel_types[i]) == 0;
        if (!any) return 0;
    }
    if (o->n_sel_principles) {
        int any = 0;
        for (size_t i = 0; i < o->n_sel_principles && !any; i++) any = f->principle && strcmp(f->principle, o->sel_principles[i]) == 0;
        if (!any) return 0;
    }
    return 1;
}

/* --type and --principle must name something a loaded rule has; --rule a rule or pack. 0 ok, else 1. */
static int check_selection(shn_engine *e, const cli_opts *o) {
    const shn_rule_info *rules = NULL;
    size_t n = 0;
    shn_error err = {0};
    if (shn_engine_rules(e, &rules, &n, &err) != SHN_OK) { print_error(&err); return 1; }
    int bad = 0;
    for (size_t i = 0; i < o->n_sel_rules; i++) bad |= check_selector(rules, n, o->sel_rules[i], "--rule");
    for (int pass = 0; pass < 2; pass++) {
        size_t cnt = pass ? o->n_sel_principles : o->n_sel_types;
        for (size_t i = 0; i < cnt; i++) {
            const char *want = pass ? o->sel_principles[i] : o->sel_types[i];
            int found = 0;
            for (size_t k = 0; k < n && !found; k++) {
                if (pass) found = rules[k].principle && strcmp(rules[k].principle, want) == 0;
                else for (size_t t = 0; t < rules[k].n_analog_types && !found; t++) found = strcmp(rules[k].analog_types[t], want) == 0;
            }
            if (!found) {
                fprintf(stderr, "%s: error: 読み込んだ規則にない%s (no loaded rule has this %s): %s\n",
                        pass ? "--principle" : "--type", pass ? "原則です" : "類型です",
                        pass ? "principle" : "analog type", want);
                bad = 1;
            }
        }
    }
    return bad;
}

/* --baseline-write, --baseline, --waivers (or the config's baseline/waivers). Returns -1 to go on and render,
 * else an exit code (a baseline was written, or a file was wrong). */
static int apply_suppressions(const cli_opts *o, const char *cfg_baseline, const char *cfg_waivers, shn_result *r) {
    shn_error err = {0};
    if (o->baseline_write) {
        char *text = NULL;
        size_t len = 0;
        if (shn_result_baseline(r, &text, &len, &err) != SHN_OK) { print_error(&err); return EXIT_USAGE; }
        int w = write_atomic(o->baseline_write, text, len);
        shn_free(text);
        if (w != 0) {
            if (interrupted) return interrupted_exit();
            fprintf(stderr, "%s: error: 書き込めません (cannot write baseline): %s\n", o->baseline_write, strerror(errno));
            return EXIT_USAGE;
        }
        print_diagnostics(r);
        fprintf(stderr, "shinsa: ベースラインに %zu 件を書きました (wrote %zu finding(s) to the baseline %s)\n",
                shn_result_finding_count(r), shn_result_finding_count(r), o->baseline_write);
        return shn_result_exit_code(r, SHN_SEV_NONE);
    }
    const char *baseline = o->baseline ? o->baseline : cfg_baseline;
    if (baseline && shn_result_apply_baseline(r, baseline, &err) != SHN_OK) { print_error(&err); return EXIT_USAGE; }
    const char *waivers = o->waivers ? o->waivers : cfg_waivers;
    if (waivers) {
        char today[16];
        const char *as_of = o->as_of;
        if (!as_of) {
            time_t now = time(NULL);
            struct tm tm;
            gmtime_r(&now, &tm);
            strftime(today, sizeof today, "%Y-%m-%d", &tm);
            as_of = today;
        }
        if (shn_result_apply_waivers(r, waivers, as_of, &err) != SHN_OK) { print_error(&err); return EXIT_USAGE; }
    }
    return -1;
}

/* The options a shard records for shinsa merge (shard_options_json). Caller frees. */
static char *make_shard_options(shn_engine *e, const cli_opts *o, int fail_on, const char *as_of,
                                unsigned long long lexicon_hash, const char *baseline, const char *waivers) {
    char today[16] = "", lex[17];
    if (waivers && !as_of) {   /* waivers expire against today: shards of one run share the day */
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
    }
    snprintf(lex, sizeof lex, "%016llx", lexicon_hash);
    const char *lexp = lex;
    shard_opts so = {shn_severity_name((shn_severity)fail_on), as_of, o->law_id, o->input_format, o->min_severity,
                     baseline, waivers, today[0] ? today : NULL,
                     o->exclude, o->n_exclude, o->sel_rules, o->n_sel_rules, o->sel_types, o->n_sel_types,
                     o->sel_principles, o->n_sel_principles, &lexp, 1, o->explain};
    return shard_options_json(e, &so);
}

/* FNV-1a of the configuration's lexicon entries (they change findings without changing the rules' metadata). */
static unsigned long long lexicon_hash(const shn_config *cfg) {
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; cfg && i < cfg->n_lexicon; i++) {
        const shn_config_lexicon *x = &cfg->lexicon[i];
        const char *parts[4] = {x->key, x->field, x->entry, x->is_regex ? "re" : "lit"};
        for (int k = 0; k < 4; k++) {
            for (const unsigned char *p = (const unsigned char *)(parts[k] ? parts[k] : ""); *p; p++) {
                h ^= *p;
                h *= 0x100000001b3ULL;
            }
            h ^= 0x1F;
            h *= 0x100000001b3ULL;
        }
    }
    return h;
}

static int cmd_check(int argc, char **argv) {
    cli_opts o = {0};
    int rc = parse_opts(argc, argv, &o, check_help);
    if (rc >= 0) return rc;
    if (o.filter || o.doc)
        return usage_error("shinsa check にはないオプションです (not an option of shinsa check; it is one of shinsa rules): %s",
                           o.filter ? "--filter" : "--doc");
    shn_config *cfg = NULL;
    if ((rc = load_config(&o, &cfg)) >= 0) return rc;
    const char *format = o.format ? o.format : cfg && cfg->format ? cfg->format : "text";
    if (!shn_format_known(format)) {
        shn_config_free(cfg);
        fprintf(stderr, "shinsa: 不明な形式 (unknown format): %s — %s\n", format, shn_format_names());
        fprintf(stderr, "`shinsa help` で使い方を表示します (see `shinsa help`).\n");
        return EXIT_USAGE;
    }
    int fail_on = SHN_SEV_WARNING;
    if (o.fail_on) {
        fail_on = shn_severity_parse(o.fail_on);
        if (fail_on < 0) { shn_config_free(cfg); return usage_error("--fail-on は error|warning|info|none です (--fail-on must be error|warning|info|none): %s", o.fail_on); }
    } else if (cfg && cfg->fail_on >= 0) {
        fail_on = cfg->fail_on;
    }
    if (o.kind && strcmp(o.kind, "law") != 0 && strcmp(o.kind, "measures") != 0 && strcmp(o.kind, "kpi") != 0) {
        shn_config_free(cfg);
        return usage_error("--kind は law、measures か kpi です (--kind must be law, measures or kpi): %s", o.kind);
    }
    if (o.kind && !o.text) {
        shn_config_free(cfg);
        return usage_error("--kind は --text と一緒に使います (--kind goes with --text)%s", "");
    }
    if (o.text && optind < argc) {
        shn_config_free(cfg);
        return usage_error("--text とパスは同時に指定できません (give --text or paths, not both): %s", argv[optind]);
    }
    int color = 0;
    if (o.color && strcmp(o.color, "always") == 0) color = 1;
    else if (o.color && strcmp(o.color, "never") != 0 && strcmp(o.color, "auto") != 0) {
        shn_config_free(cfg);
        return usage_error("--color は auto|always|never です (--color must be auto|always|never): %s", o.color);
    } else if ((!o.color || strcmp(o.color, "auto") == 0) && !o.output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"))
        color = 1;

    if (o.shard_count && (o.text || o.unit || o.baseline_write)) {
        shn_config_free(cfg);
        return usage_error("--shard は --text, --explain-unit, --baseline-write とは使えません (--shard does not go with "
                           "%s: it shares out files)", o.text ? "--text" : o.unit ? "--explain-unit" : "--baseline-write");
    }
    catch_signals();
    progress_state prog = {0};
    if (o.progress != 2 && !o.text && !o.unit) {
        const char *term = getenv("TERM");
        prog.tty = isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0);
        if (prog.tty || o.progress == 1) {
            const char *delay = getenv("SHINSA_PROGRESS_DELAY_MS");   /* for tests: 0 = any run is long */
            prog.delay = o.progress == 1 ? 0 : delay && *delay ? strtod(delay, NULL) / 1000.0 : 2.0;
            prog.start = mono_sec();
            o.progress_state = &prog;
        }
    }
    char *cfg_baseline = cfg && cfg->baseline ? strdup(cfg->baseline) : NULL;
    char *cfg_waivers = cfg && cfg->waivers ? strdup(cfg->waivers) : NULL;
    shn_engine *e = make_engine(&o, cfg, &rc);
    unsigned long long lex_hash = lexicon_hash(cfg);
    char as_of[32] = "";
    if (o.as_of || (cfg && cfg->as_of)) snprintf(as_of, sizeof as_of, "%s", o.as_of ? o.as_of : cfg->as_of);
    shn_config_free(cfg);
    if (!e) { free(cfg_baseline); free(cfg_waivers); return rc; }
    int min_sev = 0;
    if (o.min_severity && (min_sev = shn_severity_parse(o.min_severity)) < 0) {
        free(cfg_baseline); free(cfg_waivers); shn_engine_free(e);
        return usage_error("--min-severity は error|warning|info です (--min-severity must be error|warning|info): %s",
                           o.min_severity);
    }
    if (check_selection(e, &o)) { free(cfg_baseline); free(cfg_waivers); shn_engine_free(e); return EXIT_USAGE; }
    if (o.summary && strcmp(format, "text") != 0) {
        free(cfg_baseline); free(cfg_waivers); shn_engine_free(e);
        return usage_error("--summary は text 形式だけです (--summary goes with the text format): %s", format);
    }

    const char *here = ".";
    const char *const *paths = optind < argc ? (const char *const *)argv + optind : &here;
    size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
    shn_result *r = NULL;
    shn_error err = {0};
    if (o.progress_state) prog.start = mono_sec();
    shn_status cst = o.text ? shn_engine_check_text(e, o.kind, o.text, strlen(o.text), &r, &err)
                            : shn_engine_check_paths(e, paths, npaths, &r, &err);
    progress_clear(o.progress_state);
    if (cst != SHN_OK) {
        print_error(&err);
        shn_engine_free(e);
        return EXIT_USAGE;
    }
    if (interrupted) { shn_result_free(r); shn_engine_free(e); return interrupted_exit(); }
    if (min_sev > 0 || o.n_sel_rules || o.n_sel_types || o.n_sel_principles) {
        selection sel = {&o, min_sev};
        shn_result_keep(r, selected, &sel);
    }
    if ((rc = apply_suppressions(&o, cfg_baseline, cfg_waivers, r)) >= 0) {
        shn_result_free(r);
        shn_engine_free(e);
        free(cfg_baseline);
        free(cfg_waivers);
        return rc;
    }
    char *shard_options = o.shard_count ? make_shard_options(e, &o, fail_on, as_of[0] ? as_of : NULL, lex_hash,
                                                             o.baseline ? o.baseline : cfg_baseline,
                                                             o.waivers ? o.waivers : cfg_waivers)
                                        : NULL;
    free(cfg_baseline);
    free(cfg_waivers);
    char *out = NULL;
    size_t len = 0, left_out = 0;
    shn_render_options ro = {color, SHN_SEV_NONE, (shn_severity)fail_on, o.rules_url, o.summary,
                             !o.output && isatty(STDOUT_FILENO), shard_options, 0, 0, &left_out};
    for (size_t i = 0; i < N_LIMITS; i++)
        if (o.limit_set[i] && limit_names[i].type == LIM_SARIF)
            *(size_t *)((char *)&ro + limit_names[i].off) = (size_t)o.limit_val[i];
    shn_status rst = shn_render(r, format, &ro, &out, &len, &err);
    if (rst == SHN_OK && left_out)   /* the report says so too (a warning notification of the invocation) */
        fprintf(stderr, "shinsa: warning: GitHub のコードスキャンの上限に収めるため、SARIF から重大度の低い %zu 件を"
                        "省きました (%zu least severe result(s) left out of the SARIF to fit GitHub code scanning's "
                        "limits: --limit sarif-results, sarif-bytes)\n", left_out, left_out);
    free(shard_options);
    if (rst != SHN_OK) {
        print_error(&err);
        shn_result_free(r);
        shn_engine_free(e);
        return EXIT_USAGE;
    }
    rc = shn_result_exit_code(r, (shn_severity)fail_on);
    if (o.output) {
        if (write_atomic(o.output, out, len) != 0) {
            if (interrupted) { shn_free(out); shn_result_free(r); shn_engine_free(e); return interrupted_exit(); }
            fprintf(stderr, "%s: error: 書き込めません (cannot write report): %s\n", o.output, strerror(errno));
            rc = EXIT_USAGE;
        }
    } else if (!interrupted) {
        /* --kind kpi, text report: the reading first (as `shinsa kpi` prints it), then the findings */
        if (o.kind && strcmp(o.kind, "kpi") == 0 && strcmp(format, "text") == 0 && !o.summary) {
            char *reading = NULL;
            shn_error kerr = {0};
            if (shn_kpi_reading(NULL, o.text, strlen(o.text), 0, &reading, &kerr) == SHN_OK)
                printf("%s\n\n", reading);
            else
                print_error(&kerr);
            shn_free(reading);
        }
        fwrite(out, 1, len, stdout);
    }
    if (interrupted) { shn_free(out); shn_result_free(r); shn_engine_free(e); return interrupted_exit(); }
    /* Diagnostics reach the terminal when the report goes to a file, is a pure finding stream or a comment. */
    if (o.output || strcmp(format, "ndjson") == 0 || strcmp(format, "markdown") == 0) print_diagnostics(r);
    if (o.timing && write_timing(e, o.timing) != 0) {
        fprintf(stderr, "%s: error: 書き込めません (cannot write timing): %s\n", o.timing, strerror(errno));
        rc = EXIT_USAGE;
    }
    shn_free(out);
    shn_result_free(r);
    shn_engine_free(e);
    return rc;
}

static int matches_filter(const shn_rule_info *ri, const char *f) {
    if (!f) return 1;
    if (strstr(ri->id, f) || strstr(ri->pack, f) || (ri->principle && strstr(ri->principle, f)) ||
        strstr(ri->target, f))
        return 1;
    for (size_t i = 0; i < ri->n_analog_types; i++)
        if (strstr(ri->analog_types[i], f)) return 1;
    return 0;
}

static void json_str(const char *s) {
    if (!s) { fputs("null", stdout); return; }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
    putchar('"');
}

/* The options of check that rules does not take (they are parsed by the same table): the first one given, or
 * NULL. `rules --fail-on bogus` is an error as for check, not silently accepted. */
static const char *check_only_option(const cli_opts *o) {
    return o->output ? "--output" : o->fail_on ? "--fail-on" : o->as_of ? "--as-of" : o->law_id ? "--law-id"
           : o->color ? "--color" : o->text ? "--text" : o->kind ? "--kind" : o->unit ? "--explain-unit"
           : o->explain ? "--explain" : o->input_format ? "--input-format" : o->rules_url ? "--rules-url"
           : o->baseline ? "--baseline" : o->baseline_write ? "--baseline-write" : o->waivers ? "--waivers"
           : o->min_severity ? "--min-severity" : o->n_sel_rules ? "--rule" : o->n_sel_types ? "--type"
           : o->n_sel_principles ? "--principle" : o->summary ? "--summary" : o->n_exclude ? "--exclude"
           : o->timing ? "--timing" : o->jobs ? "--jobs" : o->rule_timeout_ms ? "--rule-timeout"
           : o->max_findings ? "--max-findings" : o->shard_count ? "--shard" : o->progress ? "--progress" : NULL;
}

static int cmd_rules(int argc, char **argv) {
    cli_opts o = {0};
    int rc = parse_opts(argc, argv, &o, rules_help);
    if (rc >= 0) return rc;
    const char *bad = check_only_option(&o);
    if (bad)
        return usage_error("shinsa rules にはないオプションです (not an option of shinsa rules; see shinsa rules --help): %s",
                           bad);
    if (optind < argc)
        return usage_error("shinsa rules は引数を取りません (shinsa rules takes no arguments): %s", argv[optind]);
    if (o.doc) return rules_doc(o.doc, o.packs, o.n_packs, !o.no_default_packs);
    const char *format = o.format ? o.format : "text";
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return usage_error("shinsa rules の形式は text か json です (rules --format must be text or json): %s", format);
    shn_config *cfg = NULL;
    if ((rc = load_config(&o, &cfg)) >= 0) return rc;
    shn_engine *e = make_engine(&o, cfg, &rc);
    shn_config_free(cfg);
    if (!e) return rc;
    const shn_rule_info *rules = NULL;
    size_t n = 0;
    shn_error err = {0};
    if (shn_engine_rules(e, &rules, &n, &err) != SHN_OK) { print_error(&err); shn_engine_free(e); return EXIT_USAGE; }
    int json = strcmp(format, "json") == 0;
    if (json) fputs("[", stdout);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        const shn_rule_info *ri = &rules[i];
        if (!matches_filter(ri, o.filter)) continue;
        if (json) {
            fputs(first ? "\n  {\"id\": " : ",\n  {\"id\": ", stdout);
            json_str(ri->id);
            fputs(", \"pack\": ", stdout); json_str(ri->pack);
            fputs(", \"severity\": ", stdout); json_str(shn_severity_name(ri->severity));
            fputs(", \"principle\": ", stdout); json_str(ri->principle);
            fputs(", \"target\": ", stdout); json_str(ri->target);
            fputs(", \"analog_types\": [", stdout);
            for (size_t k = 0; k < ri->n_analog_types; k++) { if (k) fputs(", ", stdout); json_str(ri->analog_types[k]); }
            fputs("], \"enabled\": ", stdout); fputs(ri->enabled ? "true" : "false", stdout);
            fputs(", \"triggers\": [", stdout);
            for (size_t k = 0; k < ri->n_triggers; k++) { if (k) fputs(", ", stdout); json_str(ri->triggers[k]); }
            fputs("]", stdout);
            fputs(", \"title\": ", stdout); json_str(ri->title);
            fputs("}", stdout);
        } else {
            printf("%-36s %-8s %-20s %-14s ", ri->id, shn_severity_name(ri->severity),
                   ri->principle ? ri->principle : "-", ri->target);
            for (size_t k = 0; k < ri->n_analog_types; k++) printf("%s%s", k ? "," : "", ri->analog_types[k]);
            printf("%s%s  %s\n", ri->n_analog_types ? "" : "-", ri->enabled ? "" : " (disabled)", ri->title ? ri->title : "");
        }
        first = 0;
    }
    if (json) fputs(first ? "]\n" : "\n]\n", stdout);
    /* Loading problems (broken packs) go to stderr and make the exit code 2. */
    shn_result *r = NULL;
    rc = 0;
    if (shn_engine_check_paths(e, NULL, 0, &r, &err) == SHN_OK) {
        print_diagnostics(r);
        rc = shn_result_exit_code(r, SHN_SEV_NONE);
        shn_result_free(r);
    }
    shn_engine_free(e);
    return rc;
}

static int cmd_version(int argc, char **argv) {
    (void)argc; (void)argv;
    printf("shinsa %s (stdlib %d)\n", shn_version(), SHN_STDLIB_VERSION);
    return 0;
}

/* Commands. Another file adds a command by declaring it in cli.h and adding a row here. */
static const struct { const char *name; int (*run)(int, char **); } commands[] = {
    {"check", cmd_check},
    {"rules", cmd_rules},
    {"version", cmd_version},
    {"test", cmd_test},
    {"new-pack", cmd_new_pack},
    {"import", cmd_import},
    {"kpi", cmd_kpi},
    {"merge", cmd_merge},
};

int main(int argc, char **argv) {
    if (argc < 2) { fputs(main_help, stderr); return EXIT_USAGE; }
    const char *cmd = argv[1];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
    if (strcmp(cmd, "--version") == 0) return cmd_version(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(main_help, stdout);
        return 0;
    }
    return usage_error("不明なコマンド (unknown command): %s", cmd);
}
