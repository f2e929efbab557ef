#!/usr/bin/env python3
"""Score shinsa on the legislature's labels (amendment pairs of amend-sample.py, labelled blind).

    amend-eval.py PAIRS_DIR REPORT.json [--labels FILE ...] [--commit NAME]

PAIRS_DIR holds pairs.tsv (amend-sample.py) and the readers' filled sheets labels-NN.tsv (id, types_removed,
debatable, reason; RUBRIC.md §8); --labels reads other files. REPORT.json is `shinsa check -f json --fail-on none
AMEND_DIR` over the same digital-reform-amendments folder, run with the commit being scored; findings are joined
by file (<act>/<LawID>/before.xml or after.xml) and unit address.

For every pair labelled with removed types (debatable pairs counted apart), per act and per type:
- before: the before sentence carries a warning with that type (`modified` and `deleted` pairs). For an `added`
  pair (the new sentence is the alternative; the analog clause is its unchanged neighbour) the before *article*
  (same provision and article number) must carry a warning with that type: reported in its own row;
- after: the after sentence carries no warning with that type (quiet or info) (`modified` and `added` pairs).
Pairs labelled `-` (not an analog change): how many before / after sentences carry any analog warning, as a
noise figure. The packets are a stratified sample (README.md of PAIRS_DIR); rates are over the labelled pairs.
Standard library only.
"""
import argparse
import collections
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_lib import TYPES, pct, read_tsv  # noqa: E402



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs_dir")
    ap.add_argument("report")
    ap.add_argument("--labels", nargs="*")
    ap.add_argument("--commit", default="(unnamed)")
    ap.add_argument("--misses", action="store_true",
                    help="also list every non-debatable missed pair (before not flagged, or after still flagged)")
    a = ap.parse_args()
    pairs = {r["id"]: r for _, r in read_tsv(os.path.join(a.pairs_dir, "pairs.tsv"))}
    labels = {}
    for f in a.labels or sorted(glob.glob(os.path.join(a.pairs_dir, "labels-*.tsv"))):
        for n, r in read_tsv(f):
            where = "%s:%d:1" % (f, n)
            i = r.get("id", "").strip()
            if i not in pairs:
                sys.exit("amend-eval: %s: id %r is not in pairs.tsv / pairs.tsv にないID" % (where, i))
            tr = (r.get("types_removed") or "").strip()
            if not tr:
                continue
            ts = set() if tr == "-" else set(tr.replace(",", " ").split())
            bad = ts - set(TYPES)
            if bad:
                sys.exit("amend-eval: %s: unknown type id %s / 不明な類型ID" % (where, " ".join(sorted(bad))))
            labels[i] = (ts, (r.get("debatable") or "").strip().lower() in ("y", "yes", "1", "true"))
    with open(a.report, encoding="utf-8") as fh:
        report = json.load(fh)
    warn = collections.defaultdict(set)        # (act, law, side, addr) -> types at warning
    warn_art = collections.defaultdict(set)    # (act, law, side, prov, art) -> types at warning
    seen = collections.defaultdict(set)        # (act, law, side, addr) -> "type:severity" of any finding
    for f in report.get("findings", []):
        parts = (f.get("file") or "").replace("\\", "/").split("/")
        if len(parts) < 3 or parts[-1] not in ("before.xml", "after.xml"):
            continue
        act, law, side = parts[-3], parts[-2], parts[-1][:-4]
        ad = f.get("address") or {}
        g = lambda k: "" if ad.get(k) is None else str(ad.get(k))
        addr = "%s:%s:%s:%s:%s" % (g("provision"), g("article"), g("paragraph"), g("item"), g("sentence"))
        for t in f.get("analog_types") or []:
            seen[(act, law, side, addr)].add("%s:%s" % (t, f.get("severity")))
        if f.get("severity") != "warning":
            continue
        for t in f.get("analog_types") or []:
            warn[(act, law, side, addr)].add(t)
            warn_art[(act, law, side, g("provision"), g("article"))].add(t)

    print("amendment pairs scored against commit %s: %d of %d pairs in packets labelled" % (
        a.commit, len(labels), sum(1 for p in pairs.values() if p.get("in_packet") == "y")))
    c = collections.defaultdict(collections.Counter)
    noise = collections.Counter()
    misses = []
    for i, (ts, deb) in sorted(labels.items()):
        p = pairs[i]
        act, law, kind = p["act"], p["law_id"], p["kind"]
        if not ts:
            noise["pairs"] += 1
            if p["before_address"]:
                noise["before_n"] += 1
                noise["before_warn"] += bool(warn.get((act, law, "before", p["before_address"])))
            if p["after_address"]:
                noise["after_n"] += 1
                noise["after_warn"] += bool(warn.get((act, law, "after", p["after_address"])))
            continue
        for t in ts:
            for key in ((act, t), (act, "ALL"), ("ALL", t), ("ALL", "ALL")):
                x = c[key]
                if deb:
                    x["debatable"] += 1
                    continue
                full = key == ("ALL", "ALL")
                if kind in ("modified", "deleted"):
                    hit = t in warn.get((act, law, "before", p["before_address"]), set())
                    x["before_n"] += 1
                    x["before_hit"] += hit
                    if full and not hit:
                        misses.append(("before", i, t, p, seen.get((act, law, "before", p["before_address"]))))
                else:
                    prov, art = p["after_address"].split(":")[:2]
                    hit = t in warn_art.get((act, law, "before", prov, art), set())
                    x["added_before_art_n"] += 1
                    x["added_before_art_hit"] += hit
                    if full and not hit:
                        misses.append(("added:art", i, t, p, None))
                if kind in ("modified", "added"):
                    quiet = t not in warn.get((act, law, "after", p["after_address"]), set())
                    x["after_n"] += 1
                    x["after_quiet"] += quiet
                    if full and not quiet:
                        misses.append(("after", i, t, p, seen.get((act, law, "after", p["after_address"]))))
    print("\nbefore: analog sentence flagged at warning with the right type; after: quiet or info for that type")
    print("  %-24s %-22s %6s %7s %9s %8s %6s %7s %4s" % ("act", "type", "before", "flagged", "added:art", "flagged",
                                                      "after", "q/info", "deb"))
    for (act, t) in sorted(c, key=lambda k: (k[0] == "ALL", k[0], k[1] == "ALL", k[1])):
        x = c[(act, t)]
        print("  %-24s %-22s %6d %7s %9d %8s %6d %7s %4d" % (
            act, t, x["before_n"], pct(x["before_hit"], x["before_n"]), x["added_before_art_n"],
            pct(x["added_before_art_hit"], x["added_before_art_n"]), x["after_n"],
            pct(x["after_quiet"], x["after_n"]), x["debatable"]))
    print("\nnot an analog change: %d pairs; before sentences with an analog warning %d/%d, after %d/%d" % (
        noise["pairs"], noise["before_warn"], noise["before_n"], noise["after_warn"], noise["after_n"]))
    if a.misses:
        print("\nmissed (non-debatable): side, pair, type, law, address, findings there, text")
        for side, i, t, p, got in misses:
            addr = p["after_address"] if side == "after" else p["before_address"] or p["after_address"]
            text = p["after_text"] if side != "before" else p["before_text"]
            print("  %-9s %s %-20s %s %-16s %-24s %s" % (side, i, t, p["law_id"], addr,
                                                         ",".join(sorted(got or ())) or "-", text))


if __name__ == "__main__":
    main()
