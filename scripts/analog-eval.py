#!/usr/bin/env python3
"""Score the analog pack against a labelled fixture (stdlib only).

    analog-eval.py BIN FILE [--markdown]

Runs `BIN check --no-config -f ndjson FILE`, takes the findings of rules `analog.<type>` at warning level or
above, and compares them by line with the labels in FILE: a sentence line's `# expect: analog.<type>` comments
are its positive types; every other type is negative for that line (`# expect-not:` only marks the negatives
whose trigger words occur). Prints per type: labelled positives, TP, FP, FN, precision, recall, then the
micro-averaged total, then every FP and FN with its sentence. FN lines that got an info-level finding of the
type are marked "(info)". Exit 0 unless the engine could not run.
"""
import json
import re
import subprocess
import sys

TYPES = [
    "visual-inspection", "on-site-audit", "periodic-inspection", "resident-exclusive", "in-person-training",
    "physical-posting", "in-person-viewing", "recording-media", "paper-document", "seal-signature",
    "in-person-appearance", "physical-delivery",
]
LEVEL = {"info": 1, "warning": 2, "error": 3}
SENT = re.compile(r'^\s*- "((?:[^"\\]|\\.)*)"')
SID = re.compile(r"^\s*# ([a-z]\d+) (.*)$")


def read_labels(path):
    """{line: (sid, source, text, set of positive types)} for every sentence line of the fixture."""
    out, sid, src = {}, "?", ""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            m = SID.match(line)
            if m:
                sid, src = m.group(1), m.group(2)
                continue
            m = SENT.match(line)
            if not m:
                continue
            pos = set(re.findall(r"# expect: analog\.([a-z-]+)", line))
            out[n] = (sid, src, m.group(1), pos)
    return out


def run(binary, path):
    p = subprocess.run([binary, "check", "--no-config", "-f", "ndjson", path], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("shinsa check が失敗しました (check failed, exit %d): %s" % (p.returncode, p.stderr.strip()))
    found = {}   # (line, type) -> highest level
    for raw in p.stdout.splitlines():
        if not raw.strip():
            continue
        f = json.loads(raw)
        rule = f.get("rule", "")
        if not rule.startswith("analog."):
            continue
        t = rule[len("analog."):]
        line = (f.get("location") or {}).get("line")
        lv = LEVEL.get(f.get("severity"), 0)
        key = (line, t)
        found[key] = max(found.get(key, 0), lv)
    return found


def pct(a, b):
    return "—" if b == 0 else "%.0f%%" % (100.0 * a / b)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    binary, path = args
    labels = read_labels(path)
    found = run(binary, path)
    rows, fps, fns = [], [], []
    tot = [0, 0, 0, 0]
    for t in TYPES:
        pos = tp = fp = fn = 0
        for line, (sid, src, text, gold) in sorted(labels.items()):
            hit = found.get((line, t), 0) >= LEVEL["warning"]
            g = t in gold
            pos += g
            if hit and g:
                tp += 1
            elif hit:
                fp += 1
                fps.append((t, sid, src, text))
            elif g:
                fn += 1
                fns.append((t, sid, src, text, found.get((line, t), 0) == LEVEL["info"]))
        rows.append((t, pos, tp, fp, fn))
        for i, v in enumerate((pos, tp, fp, fn)):
            tot[i] += v
    print("sentences: %d, file: %s" % (len(labels), path))
    print("| type | positives | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for t, pos, tp, fp, fn in rows:
        print("| %s | %d | %d | %d | %d | %s | %s |" % (t, pos, tp, fp, fn, pct(tp, tp + fp), pct(tp, tp + fn)))
    pos, tp, fp, fn = tot
    print("| **all (micro)** | %d | %d | %d | %d | %s | %s |" % (pos, tp, fp, fn, pct(tp, tp + fp), pct(tp, tp + fn)))
    print()
    print("False positives (%d):" % len(fps))
    for t, sid, src, text in fps:
        print("- FP %s %s (%s): %s" % (t, sid, src, text))
    print()
    print("False negatives (%d):" % len(fns))
    for t, sid, src, text, info in fns:
        print("- FN %s %s%s (%s): %s" % (t, sid, " (info)" if info else "", src, text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
