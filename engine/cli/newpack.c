/* newpack.c — `shinsa new-pack NAME [--dir DIR]`: scaffold a working rule pack at DIR/NAME (default ./NAME):
 * pack.yaml, one rule on law.sentence that looks its triggers up in a YAML lexicon, the lexicon, a fixture
 * with expectations and a README. `shinsa test DIR/NAME` passes on it as generated. An existing folder is
 * never overwritten. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "shinsa.h"

static const char *const newpack_help =
    "使い方 (usage): shinsa new-pack NAME [--dir DIR]\n"
    "\n"
    "Create a new rule pack in DIR/NAME (default ./NAME): pack.yaml, a working rule (NAME.seal-signature, on\n"
    "law.sentence, with a YAML lexicon), lexicon/NAME.yaml, tests/example.yaml with expectations, README.md.\n"
    "NAME matches [a-z][a-z0-9-]*. An existing folder is not overwritten.\n"
    "Then: shinsa test DIR/NAME\n"
    "\n"
    "Options:\n"
    "      --dir DIR         create the pack inside DIR (default: the current folder)\n"
    "  -h, --help            this help\n";

/* Files of the scaffold; "@NAME@" is replaced by the pack name. */
static const char *const tpl_pack =
    "# @NAME@: a rule pack for shinsa. Keys: docs/writing-rules.md (name, version, description, stdlib, rules,\n"
    "# lexicons, severities).\n"
    "name: @NAME@\n"
    "version: 0.1.0\n"
    "description: >-\n"
    "  押印・署名を義務付ける規定を検出する（雛形）。\n"
    "  Finds clauses that require a seal or signature (scaffold).\n"
    "stdlib: \">=1\"\n"
    "rules:\n"
    "  - seal-signature.lua\n"
    "lexicons:\n"
    "  - lexicon/@NAME@.yaml\n";

static const char *const tpl_rule =
    "-- @NAME@.seal-signature: a duty to affix a seal (押印). The phrases live in lexicon/@NAME@.yaml, so a\n"
    "-- reviewer can extend them without touching Lua. Test with: shinsa test <this folder>\n"
    "local lexicon = require \"shinsa.lexicon\"\n"
    "\n"
    "return rule {\n"
    "  id = \"@NAME@.seal-signature\",\n"
    "  title = \"押印の義務 (duty to affix a seal)\",\n"
    "  severity = \"warning\",\n"
    "  principle = \"digital-completion\",\n"
    "  analog_types = { \"seal-signature\" },\n"
    "  target = \"law.sentence\",\n"
    "  triggers = { \"押印\" },\n"
    "  description = [[\n"
    "書類への押印を義務付ける規定。電子署名その他の電子的な方法で足りるようにする。\n"
    "A clause that requires a seal on a document; allow an electronic signature instead.]],\n"
    "  examples = {\n"
    "    fire = {\n"
    "      \"申請者は、申請書に記名押印しなければならない。\",\n"
    "    },\n"
    "    quiet = {\n"
    "      \"申請書への押印は、要しない。\",\n"
    "      \"申請者は、申請書を提出しなければならない。\",\n"
    "    },\n"
    "  },\n"
    "  check = function(unit, ctx)\n"
    "    local lex = ctx.lexicon[\"@NAME@\"]\n"
    "    local m = lexicon.find_trigger(lex, unit.text)\n"
    "    if not m then return end\n"
    "    if not lexicon.any(lex.obligation, unit.text) then return end\n"
    "    ctx:report {\n"
    "      message = \"押印を義務付けています。\",\n"
    "      message_en = \"The clause requires a seal.\",\n"
    "      match = lexicon.span(m),\n"
    "      confidence = 0.8,\n"
    "      suggestion = lex.remedy,\n"
    "    }\n"
    "  end,\n"
    "}\n";

static const char *const tpl_lexicon =
    "# Phrases of @NAME@.seal-signature. A string is a literal; `re: …` a PCRE2 pattern.\n"
    "\"@NAME@\":\n"
    "  triggers:\n"
    "    - re: (記名|署名)?押印\n"
    "  exceptions:                         # no duty: the seal is waived\n"
    "    - re: 押印(は|を)?、?(要しない|不要|求めない)\n"
    "  obligation:\n"
    "    - なければならない\n"
    "    - ものとする\n"
    "  remedy: 押印を求めない規定とし、又は電子署名その他の電子的な方法による確認で足りるものとする。\n";

static const char *const tpl_fixture =
    "# Fixture of the @NAME@ pack: each sentence carries what the rules must (not) report on its line.\n"
    "#   # expect: RULE[@severity]   # expect-not: RULE\n"
    "# strict: true\n"
    "shinsa: 1\n"
    "kind: law\n"
    "law: {title: 見本法, type: Act}\n"
    "provisions:\n"
    "  - article: \"1\"\n"
    "    paragraphs:\n"
    "      - num: 1\n"
    "        sentences:\n"
    "          - 申請者は、申請書に記名押印しなければならない。  # expect: @NAME@.seal-signature@warning\n"
    "          - 届出書には、代表者が押印するものとする。  # expect: @NAME@.seal-signature\n"
    "          - 申請書への押印は、要しない。  # expect-not: @NAME@.seal-signature\n"
    "          - 押印した書面を保存することができる。  # expect-not: @NAME@.seal-signature\n"
    "          - 申請者は、申請書を提出しなければならない。\n";

static const char *const tpl_readme =
    "# @NAME@\n"
    "\n"
    "A rule pack for shinsa (審査), scaffolded by `shinsa new-pack @NAME@`.\n"
    "\n"
    "| file | what it holds |\n"
    "|---|---|\n"
    "| `pack.yaml` | name, version, description, rule files, lexicons |\n"
    "| `seal-signature.lua` | the rule `@NAME@.seal-signature`: metadata, inline examples, `check(unit, ctx)` |\n"
    "| `lexicon/@NAME@.yaml` | trigger phrases, exceptions, obligation markers, the remedy text |\n"
    "| `tests/example.yaml` | a fixture: sentences with `# expect:` / `# expect-not:` comments |\n"
    "\n"
    "Test the pack, check a document with it, and write its reference page:\n"
    "\n"
    "```sh\n"
    "shinsa test .\n"
    "shinsa check --pack . law.xml\n"
    "shinsa rules --pack . --doc docs/\n"
    "```\n"
    "\n"
    "`shinsa test` runs each rule's `examples` (every `fire` text must be reported, no `quiet` text may be) and\n"
    "every fixture under `tests/`: a line ending in `# expect: RULE` must get a finding of RULE\n"
    "(`RULE@info` also checks the severity), one ending in `# expect-not: RULE` must not. With `# strict: true`\n"
    "any other finding of the pack is a failure.\n";

static int name_ok(const char *s) {
    if (!(*s >= 'a' && *s <= 'z')) return 0;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return 0;
    return strlen(s) <= 64;
}

/* Write tpl with @NAME@ replaced to base/rel. 0 on success. */
static int write_tpl(const char *base, const char *rel, const char *tpl, const char *name) {
    size_t cap = strlen(tpl) * 2 + 64 * 16 + 1, len = 0, nl = strlen(name);
    char *out = malloc(cap);
    if (!out) return -1;
    for (const char *p = tpl; *p;) {
        if (strncmp(p, "@NAME@", 6) == 0) {
            if (len + nl + 1 > cap) break;
            memcpy(out + len, name, nl);
            len += nl;
            p += 6;
        } else {
            if (len + 2 > cap) break;
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    size_t pl = strlen(base) + strlen(rel) + 2;
    char *path = malloc(pl);
    int rc = -1;
    if (path) {
        snprintf(path, pl, "%s/%s", base, rel);
        FILE *f = fopen(path, "wx");
        if (f) {
            rc = fwrite(out, 1, len, f) == len ? 0 : -1;
            if (fclose(f) != 0) rc = -1;
        }
        if (rc != 0) fprintf(stderr, "%s: error: 書き込めません (cannot write): %s\n", path, strerror(errno));
    }
    free(path);
    free(out);
    return rc;
}

int cmd_new_pack(int argc, char **argv) {
    static const struct option opts[] = {{"dir", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *dir = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'h': fputs(newpack_help, stdout); return 0;
        case ':': return usage_error("オプションに値がありません (option needs a value): %s", argv[optind - 1]);
        default: return usage_error("不明なオプション (unknown option): %s", argv[optind - 1]);
        }
    }
    if (optind != argc - 1) return usage_error("パック名を1つ指定してください (give one pack NAME)%s", "");
    const char *name = argv[optind];
    if (!name_ok(name))
        return usage_error("パック名は [a-z][a-z0-9-]* です (NAME must match [a-z][a-z0-9-]*): %s", name);
    if (dir && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: error: フォルダを作れません (cannot create folder): %s\n", dir, strerror(errno));
        return EXIT_USAGE;
    }
    size_t pl = (dir ? strlen(dir) : 1) + strlen(name) + 2;
    char *base = malloc(pl);
    if (!base) return EXIT_USAGE;
    snprintf(base, pl, "%s/%s", dir ? dir : ".", name);
    if (mkdir(base, 0777) != 0) {
        if (errno == EEXIST)
            fprintf(stderr, "%s: error: 既に存在します。上書きしません (already exists; not overwritten)\n", base);
        else
            fprintf(stderr, "%s: error: フォルダを作れません (cannot create folder): %s\n", base, strerror(errno));
        free(base);
        return EXIT_USAGE;
    }
    int rc = 0;
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/lexicon", base);
    if (mkdir(sub, 0777) != 0) rc = -1;
    snprintf(sub, sizeof sub, "%s/tests", base);
    if (rc == 0 && mkdir(sub, 0777) != 0) rc = -1;
    char lexname[128];
    snprintf(lexname, sizeof lexname, "lexicon/%s.yaml", name);
    if (rc == 0) rc = write_tpl(base, "pack.yaml", tpl_pack, name);
    if (rc == 0) rc = write_tpl(base, "seal-signature.lua", tpl_rule, name);
    if (rc == 0) rc = write_tpl(base, lexname, tpl_lexicon, name);
    if (rc == 0) rc = write_tpl(base, "tests/example.yaml", tpl_fixture, name);
    if (rc == 0) rc = write_tpl(base, "README.md", tpl_readme, name);
    if (rc != 0) {
        fprintf(stderr, "%s: error: パックを作れませんでした (could not create the pack)\n", base);
        free(base);
        return EXIT_USAGE;
    }
    printf("パックを作成しました (created pack): %s\n", base);
    printf("  %s/pack.yaml\n  %s/seal-signature.lua\n  %s/%s\n  %s/tests/example.yaml\n  %s/README.md\n", base, base,
           base, lexname, base, base);
    printf("次に (next): shinsa test %s\n", base);
    free(base);
    return 0;
}
