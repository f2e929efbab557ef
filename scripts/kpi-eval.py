#!/usr/bin/env python3
"""Score the KPI grammar (stdlib/shinsa/kpi.lua, through `shinsa kpi --json`) on a labelled KPI set.

    scripts/kpi-eval.py [--shinsa build/shinsa] [--origin real|seed] [--show FIELD] SET.yaml

SET.yaml is a list of {text, source, origin, expect} in the format of tests/kpi/corpus/README.md. A reading is
right on a field when the parser's value agrees with `expect` as follows (the same rules for every set):
- quantitative: equal booleans;
- indicator: equal after NFKC, with spaces and the brackets 「」『』 removed, or one contains the other and the
  shorter has at least 60% of the longer's characters (labels paraphrase lightly: 「…を1,000団体」 → 「…地方公共団体」);
- baseline, target: both null, or the same value (ranges [low, high] = value and max), the same unit after
  the parser's normalisation table (箇所/ヶ所 → か所 …; a null unit on either side is not compared when the
  other is a percent sign of the same value), the same kind (target) and the same year (baseline date);
- deadline, reference_year: both null or the same year (fiscal is compared only when both give it);
- direction: up/down/keep = increase/decrease/maintain; level: equal.
"Core" = quantitative, indicator, baseline, target and deadline all right.
--warnings also checks each string as the KPI of a measure with the kpi pack (rules/kpi, through `shinsa check`)
and counts warning-level findings on the complete ones: those whose expected reading has a target and a deadline
(or a per-period target such as 件/年) for every KPI in the string. A string whose `expect` is a list
(several KPIs) is right on a field when every KPI is, in order, and the parser read as many KPIs.
"""
import argparse
import json
import re
import subprocess
import sys
import unicodedata

import yaml

UNITS = {"箇所": "か所", "ヶ所": "か所", "カ所": "か所", "ケ所": "か所", "ヵ所": "か所", "ヶ月": "か月", "カ月": "か月",
         "パーセント": "%", "手続き": "手続", "pt": "ポイント"}
DIRS = {"increase": "up", "decrease": "down", "maintain": "keep"}
FIELDS = ["quantitative", "indicator", "baseline", "target", "deadline", "reference_year", "direction", "level"]
CORE = ["quantitative", "indicator", "baseline", "target", "deadline"]


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"[\s「」『』]", "", s)


def same_num(a, b):
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def unit(u):
    if u is None:
        return None
    u = unicodedata.normalize("NFKC", str(u))
    return UNITS.get(u, u)


def year_of(d):
    if d is None:
        return None
    if isinstance(d, dict):
        return d.get("year"), d.get("fiscal")
    m = re.match(r"(\d{4})(年度)?", str(d))
    return (int(m.group(1)), bool(m.group(2))) if m else None


def same_year(got, want):
    if got is None or want is None:
        return got is None and want is None
    if got[0] != want[0]:
        return False
    return got[1] is None or want[1] is None or got[1] == want[1]


def value_pair(v):
    if isinstance(v, list):
        return (v[0], v[1] if len(v) > 1 else None)
    return (v, None)


def cmp_value(got, want, kind):
    if want is None or got is None:
        return want is None and got is None
    wv, wmax = value_pair(want.get("value"))
    if kind == "target" and want.get("kind") == "all":
        return got.get("kind") == "all"
    if not same_num(got.get("value"), wv):
        return False
    if wmax is not None and not same_num(got.get("max"), wmax):
        return False
    if unit(got.get("unit")) != unit(want.get("unit")) and want.get("unit") is not None:
        return False
    if kind == "target" and (want.get("kind") or "absolute") != (got.get("kind") or "absolute"):
        return False
    if kind == "baseline" and want.get("date") is not None:
        y = year_of(want.get("date"))
        if not same_year((got.get("year"), got.get("fiscal")) if got.get("year") else None, y):
            return False
    return True


def cmp_indicator(got, want):
    if want is None:
        return True   # nothing to name (未設定): any reading is fine
    g, w = norm(got), norm(want)
    if not g:
        return False
    if g == w:
        return True
    short, long_ = (g, w) if len(g) <= len(w) else (w, g)
    return short in long_ and len(short) >= 0.6 * len(long_)


def field_right(field, got, want):
    if field == "quantitative":
        return bool(got.get("quantitative")) == bool(want.get("quantitative"))
    if field == "indicator":
        return cmp_indicator(got.get("indicator"), want.get("indicator"))
    if field in ("baseline", "target"):
        return cmp_value(got.get(field), want.get(field), field)
    if field == "deadline":
        d = got.get("deadline")
        return same_year((d.get("year"), d.get("fiscal")) if d else None, year_of(want.get("deadline")))
    if field == "reference_year":
        r = got.get("reference")
        gy = (r["year"], r.get("fiscal")) if r and r.get("year") else None
        return same_year(gy, year_of(want.get("reference_year")))
    if field == "direction":
        return DIRS.get(got.get("direction")) == want.get("direction")
    if field == "level":
        return got.get("level") == want.get("level")
    raise KeyError(field)


def complete(want):
    for w in (want if isinstance(want, list) else [want]):
        t = w.get("target")
        if not t:
            return False
        if not w.get("deadline") and "/" not in str(t.get("unit") or ""):
            return False
    return True


def warnings_on_complete(a, items, texts):
    import tempfile
    doc = {"shinsa": 1, "kind": "measures", "source": {"title": "kpi-eval"},
           "measures": [{"id": "K%d" % i, "title": "KPI %d" % i, "summary": "KPIの点検。",
                         "kpi": {"unclassified": [t]}} for i, t in enumerate(texts)]}
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as f:
        yaml.safe_dump(doc, f, allow_unicode=True)
        path = f.name
    out = subprocess.run([a.shinsa, "check", "--no-config", "--no-default-packs", "--pack", "rules/kpi",
                          "--fail-on", "none", "-f", "json", path], capture_output=True, text=True).stdout
    report = json.loads(out)
    warned = {}
    for f in report["findings"]:
        m = re.fullmatch(r"K(\d+)", str((f.get("address") or {}).get("measure") or ""))
        if f["severity"] == "warning" and m:
            warned.setdefault(int(m.group(1)), []).append(f["rule"] + ": " + f["message"])
    comp = [i for i, it in enumerate(items) if complete(it["expect"])]
    bad = [i for i in comp if i in warned]
    print("complete KPIs (expected target and deadline): %d; with a warning of the kpi pack: %d" % (len(comp), len(bad)))
    for i in bad:
        print("   ", texts[i], "->", " | ".join(warned[i]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set")
    ap.add_argument("--shinsa", default="build/shinsa")
    ap.add_argument("--origin")
    ap.add_argument("--show", action="append", default=[], help="print the misses of FIELD")
    ap.add_argument("--warnings", action="store_true", help="count warnings of the kpi pack on complete KPIs")
    a = ap.parse_args()
    items = yaml.safe_load(open(a.set, encoding="utf-8"))
    if a.origin:
        items = [i for i in items if i.get("origin") == a.origin]
    texts = [re.sub(r"[\r\n]+", " ", str(i["text"])) for i in items]
    out = subprocess.run([a.shinsa, "kpi", "--json", "-"], input="\n".join(texts) + "\n", capture_output=True,
                         text=True, check=True).stdout.splitlines()
    if len(out) != len(items):
        sys.exit("kpi-eval: %d readings for %d strings" % (len(out), len(items)))
    right = {f: 0 for f in FIELDS + ["core"]}
    misses = {f: [] for f in FIELDS}
    for item, line in zip(items, out):
        got = json.loads(line)
        want = item["expect"]
        wants = want if isinstance(want, list) else [want]
        gots = got.get("kpis") or [got] if isinstance(want, list) else [got]
        if isinstance(want, list) and not got.get("kpis"):
            gots = [got]
        core_ok = True
        for f in FIELDS:
            ok = len(gots) == len(wants) and all(field_right(f, g, w) for g, w in zip(gots, wants))
            if ok:
                right[f] += 1
            else:
                misses[f].append((item["text"], [{k: g.get(k) for k in ("indicator", "baseline", "target", "deadline",
                                  "reference", "direction", "level", "quantitative")} for g in gots], wants))
            if f in CORE and not ok:
                core_ok = False
        right["core"] += core_ok
    n = len(items)
    print("KPI strings: %d%s" % (n, " (origin: %s)" % a.origin if a.origin else ""))
    for f in FIELDS + ["core"]:
        print("  %-15s %4d/%d  %5.1f%%" % (f, right[f], n, 100.0 * right[f] / n if n else 0))
    if a.warnings:
        warnings_on_complete(a, items, texts)
    for f in a.show:
        for text, g, w in misses[f]:
            print("\n-- %s miss: %s" % (f, text))
            print("   got:  %s" % json.dumps(g, ensure_ascii=False))
            print("   want: %s" % json.dumps(w, ensure_ascii=False))


if __name__ == "__main__":
    main()
