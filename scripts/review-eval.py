#!/usr/bin/env python3
"""Score a blind review round (rules/analog/tests/review/) against shinsa's findings of a named commit.

    review-eval.py ROUND_DIR REPORT.json [--labels FILE ...] [--commit NAME]

ROUND_DIR holds key.tsv (written by review-sample.py) and the readers' filled label sheets labels-NN.tsv
(columns id, types_warning, types_info, debatable, reason; RUBRIC.md §7); --labels reads other sheet files
instead. REPORT.json is `shinsa check -f json --fail-on none CORPUS_DIR` run with the commit being scored (the
same corpus the round was drawn from). Findings are joined with items by unit address.

Prints, per analog type and in total:
- strict precision of warnings: over every (unit, type) warning pair on a set (a) item, right when the reader
  put the type in types_warning; wrong otherwise (the reader said info: "too severe", or none). Items the reader
  marked debatable are counted separately, not in the strict figure; lenient = (right + debatable) / all.
  The same on set (b) items, as a second figure (trigger sentences that carry a warning);
- recall on set (b): every (item, type) the reader labelled warning is found when shinsa has a warning with that
  type on the unit; every (item, type) labelled info is found when shinsa has a finding (info or warning) with
  that type on it (at warning it is also counted as too severe). Debatable items separately. Set (b) is
  stratified by trigger type (review-sample.py), so the total recall weights types by their strata, not by
  their share of the archive: read the per-type rows.
Standard library only.
"""
import argparse
import collections
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_lib import TYPES, finding_key, pct, read_tsv  # noqa: E402



def types_of(s, where):
    s = (s or "").strip()
    if s in ("", "-"):
        return set()
    out = set(s.replace(",", " ").split())
    bad = out - set(TYPES)
    if bad:
        sys.exit("review-eval: %s: unknown type id %s (ids of RUBRIC.md §4) / 不明な類型ID" % (where, " ".join(sorted(bad))))
    return out


def read_labels(files, key):
    labels = {}
    for f in files:
        for n, r in read_tsv(f):
            where = "%s:%d:1" % (f, n)
            i = (r.get("id") or "").strip()
            if i not in key:
                sys.exit("review-eval: %s: id %r is not in key.tsv / key.tsv にないID" % (where, i))
            w = types_of(r.get("types_warning"), where)
            inf = types_of(r.get("types_info"), where)
            deb = (r.get("debatable") or "").strip().lower() in ("y", "yes", "1", "true")
            if not r.get("types_warning", "").strip() and not r.get("types_info", "").strip():
                continue   # unfilled row of a template
            lab = (w, inf - w, deb, r.get("reason", ""))
            if i in labels and labels[i][:3] != lab[:3]:
                sys.exit("review-eval: %s: id %s labelled twice, differently / 異なるラベルが二重" % (where, i))
            labels[i] = lab
    return labels



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("round_dir")
    ap.add_argument("report")
    ap.add_argument("--labels", nargs="*")
    ap.add_argument("--commit", default="(unnamed)")
    a = ap.parse_args()
    key = {r["id"]: r for _, r in read_tsv(os.path.join(a.round_dir, "key.tsv"))}
    files = a.labels or sorted(glob.glob(os.path.join(a.round_dir, "labels-*.tsv")))
    labels = read_labels(files, key)
    with open(a.report, encoding="utf-8") as fh:
        report = json.load(fh)
    warn, anyf = collections.defaultdict(set), collections.defaultdict(set)
    for f in report.get("findings", []):
        k = finding_key(f)
        for t in f.get("analog_types") or []:
            anyf[k].add(t)
            if f.get("severity") == "warning":
                warn[k].add(t)

    print("review round %s scored against commit %s (%d of %d items labelled)" % (
        os.path.basename(os.path.normpath(a.round_dir)), a.commit, len(labels), len(key)))
    missing = sorted(set(key) - set(labels))
    if missing:
        print("  unlabelled: %d (%s%s)" % (len(missing), " ".join(missing[:8]), " …" if len(missing) > 8 else ""))

    for setname, title in (("a", "set (a): warning findings drawn from the archive"),
                           ("b", "set (b): trigger sentences, warnings among them")):
        c = collections.defaultdict(collections.Counter)
        dropped = 0
        for i, r in key.items():
            if r["set"] != setname or i not in labels:
                continue
            w, inf, deb, _ = labels[i]
            ws = warn.get(r["address"], set())
            if setname == "a" and not ws:
                dropped += 1
            for t in ws:
                for tt in (t, "ALL"):
                    if deb:
                        c[tt]["debatable"] += 1
                    elif t in w:
                        c[tt]["right"] += 1
                    elif t in inf:
                        c[tt]["too_severe"] += 1
                    else:
                        c[tt]["wrong"] += 1
        print("\n%s: precision of warnings (unit × type)" % title)
        print("  %-22s %5s %5s %5s %5s %5s  %7s %7s" % ("type", "n", "right", "info", "wrong", "deb", "strict", "lenient"))
        for t in TYPES + ["ALL"]:
            x = c.get(t)
            if not x:
                continue
            n = sum(x.values())
            bad = x["too_severe"] + x["wrong"]
            print("  %-22s %5d %5d %5d %5d %5d  %7s %7s" % (t, n, x["right"], x["too_severe"], x["wrong"],
                                                        x["debatable"], pct(x["right"], x["right"] + bad),
                                                        pct(x["right"] + x["debatable"], n)))
        if setname == "a" and dropped:
            print("  (%d set (a) items carry no warning at this commit: not in the figures above)" % dropped)

    c = collections.defaultdict(collections.Counter)
    for i, r in key.items():
        if r["set"] != "b" or i not in labels:
            continue
        w, inf, deb, _ = labels[i]
        ws, fs = warn.get(r["address"], set()), anyf.get(r["address"], set())
        for t in w:
            for tt in (t, "ALL"):
                if deb:
                    c[tt]["deb"] += 1
                else:
                    c[tt]["w_n"] += 1
                    c[tt]["w_found"] += t in ws
                    c[tt]["w_info_only"] += (t in fs and t not in ws)
        for t in inf:
            for tt in (t, "ALL"):
                if deb:
                    c[tt]["deb"] += 1
                else:
                    c[tt]["i_n"] += 1
                    c[tt]["i_found"] += t in fs
                    c[tt]["i_at_warning"] += t in ws
    print("\nset (b): recall (reader's duties found; warning at warning, info at info or warning)")
    print("  %-22s %5s %6s %6s %6s %6s %6s  %7s %5s" % ("type", "warn", "found", "asinfo", "info", "found",
                                                      "aswarn", "recall", "deb"))
    for t in TYPES + ["ALL"]:
        x = c.get(t)
        if not x:
            continue
        n = x["w_n"] + x["i_n"]
        print("  %-22s %5d %6d %6d %6d %6d %6d  %7s %5d" % (
            t, x["w_n"], x["w_found"], x["w_info_only"], x["i_n"], x["i_found"], x["i_at_warning"],
            pct(x["w_found"] + x["i_found"], n), x["deb"]))
    print("\n  warn/found: duties without alternative / found at warning; asinfo: found only at info (missed at "
          "warning)\n  info/found: duties with an alternative / found at info or warning; aswarn: of those, at "
          "warning (too severe)")


if __name__ == "__main__":
    main()
