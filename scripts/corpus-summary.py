#!/usr/bin/env python3
"""Count the analog findings over an e-Gov corpus (stdlib only).

    corpus-summary.py BIN CORPUS_DIR [--batch N] [--save FILE]

Finds every current.xml under CORPUS_DIR ({LawID[:3]}/{LawID}/current.xml), runs
`BIN check --no-config -f ndjson -j 2 FILE...` over them in batches (the engine reads e-Gov XML directly), and
prints Markdown tables: per analog type the warning and info findings, split by 本則 (main) and 附則 (suppl),
the number of distinct clauses (law, provision, article, paragraph, item) and of
distinct laws with a warning, and of laws with any finding; then the 20 laws with the most warning findings (law id,
title, count). --save FILE also writes the raw ndjson findings. Exit 0 unless the engine could not run.
"""
import json
import os
import re
import subprocess
import sys
import time

TYPES = [
    "visual-inspection", "on-site-audit", "periodic-inspection", "resident-exclusive", "in-person-training",
    "physical-posting", "in-person-viewing", "recording-media", "paper-document", "seal-signature",
    "in-person-appearance", "physical-delivery",
]
TITLE = re.compile(r"<LawTitle[^>]*>(.*?)</LawTitle>", re.S)


def find_laws(root):
    """Sorted paths of every current.xml under root."""
    out = []
    for d, _dirs, files in os.walk(root):
        if "current.xml" in files:
            out.append(os.path.join(d, "current.xml"))
    return sorted(out)


def law_title(path):
    """The LawTitle of an e-Gov XML file (read from its first 64 KiB), or ""."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            m = TITLE.search(fh.read(65536))
    except OSError:
        return ""
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else ""


def run_batch(binary, files, save):
    """Run the engine over files; yield each finding (a dict)."""
    p = subprocess.run([binary, "check", "--no-config", "-f", "ndjson", "-j", "2"] + files,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("shinsa check が失敗しました (check failed, exit %d): %s" % (p.returncode, p.stderr.strip()[:500]))
    for raw in p.stdout.splitlines():
        if not raw.strip():
            continue
        if save:
            save.write(raw + "\n")
        yield json.loads(raw)


def fmt(n):
    return "{:,}".format(n)


def main(argv):
    args, batch, save_path = [], 50, None
    it = iter(argv[1:])
    for a in it:
        if a == "--batch":
            batch = int(next(it, "50"))
        elif a == "--save":
            save_path = next(it, None)
        elif a.startswith("--"):
            sys.exit(__doc__)
        else:
            args.append(a)
    if len(args) != 2:
        sys.exit(__doc__)
    binary, root = args
    files = find_laws(root)
    if not files:
        sys.exit("current.xml がありません (no current.xml under): %s" % root)
    save = open(save_path, "w", encoding="utf-8") if save_path else None
    # counts[type][severity][provision kind] ; laws[type] = set of law ids with a warning
    counts = {t: {"warning": {"main": 0, "suppl": 0}, "info": {"main": 0, "suppl": 0}} for t in TYPES}
    laws = {t: set() for t in TYPES}
    laws_any = {t: set() for t in TYPES}
    clauses = {t: set() for t in TYPES}   # (law, provision, article, paragraph, item) with a warning
    per_law = {}
    law_file = {}
    start = time.time()
    for i in range(0, len(files), batch):
        for f in run_batch(binary, files[i:i + batch], save):
            rule = f.get("rule", "")
            if not rule.startswith("analog."):
                continue
            t = rule[len("analog."):]
            sev = f.get("severity")
            if t not in counts or sev not in ("warning", "info"):
                continue
            addr = f.get("address") or {}
            law = addr.get("law_id") or f.get("file", "?")
            prov = "suppl" if str(addr.get("provision") or "main").startswith("suppl") else "main"
            counts[t][sev][prov] += 1
            laws_any[t].add(law)
            law_file.setdefault(law, f.get("file", ""))
            if sev == "warning":
                laws[t].add(law)
                clauses[t].add((law, addr.get("provision"), addr.get("table"), addr.get("article"),
                                addr.get("paragraph"), addr.get("item")))
                per_law[law] = per_law.get(law, 0) + 1
        sys.stderr.write("\r%d/%d laws" % (min(i + batch, len(files)), len(files)))
    sys.stderr.write("\n")
    if save:
        save.close()
    elapsed = time.time() - start

    print("Laws checked: %s (%.0f s)\n" % (fmt(len(files)), elapsed))
    print("| type | warning (本則) | warning (附則) | info (本則) | info (附則) | clauses with a warning | laws with a warning | laws with any finding |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0]
    all_w, all_any, all_c = set(), set(), set()
    for t in TYPES:
        c = counts[t]
        row = [c["warning"]["main"], c["warning"]["suppl"], c["info"]["main"], c["info"]["suppl"]]
        tot = [a + b for a, b in zip(tot, row)]
        all_w |= laws[t]
        all_any |= laws_any[t]
        all_c |= clauses[t]
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (t, *[fmt(x) for x in row], fmt(len(clauses[t])),
                                                             fmt(len(laws[t])), fmt(len(laws_any[t]))))
    print("| **total** | %s | %s | %s | %s | %s | %s | %s |\n" % (*[fmt(x) for x in tot], fmt(len(all_c)),
                                                               fmt(len(all_w)), fmt(len(all_any))))

    print("| # | law id | title | warnings |")
    print("|---:|---|---|---:|")
    top = sorted(per_law.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    for n, (law, cnt) in enumerate(top, 1):
        print("| %d | %s | %s | %s |" % (n, law, law_title(law_file.get(law, "")), fmt(cnt)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
