#!/usr/bin/env python3
"""Print the benchmark's table and ratios from a tests/bench/run.sh output folder.

  ratios.py OUT_DIR

Compare ratios between commits, not absolute times: the baselines ran side by side with shinsa in the same
run, so machine load cancels out (mostly: the spread column says how noisy the run was)."""
import csv
import json
import os
import statistics
import sys


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main(out):
    res = rows(os.path.join(out, "results.tsv"))
    nbytes = int(open(os.path.join(out, "bytes")).read().split()[0])
    by = {}
    for r in res:
        try:
            by.setdefault(r["tool"], []).append(r)
        except KeyError:
            pass
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print("machine: %s, %d cores, load average now %s" % (cpu_model, os.cpu_count(), open("/proc/loadavg").read().split()[0]))

    def med(tool, key):
        return statistics.median(float(r[key]) for r in by[tool])

    units = sentences = 0
    timing_file = None
    if "shinsa" in by:
        walls = [float(r["wall"]) for r in by["shinsa"]]
        median_rep = by["shinsa"][walls.index(sorted(walls)[(len(walls) - 1) // 2])]["rep"]
        timing_file = os.path.join(out, "timing.%s.tsv" % median_rep)
    timing = rows(timing_file) if timing_file and os.path.exists(timing_file) else []
    for t in timing:
        if t["kind"] == "units":
            units += int(t["count"])
            if t["name"] == "law.sentence":
                sentences = int(t["count"])

    print("\narchive: %.1f MB of XML; %d repeats per tool; median wall (min-max spread)" % (nbytes / 1e6, len(by.get("shinsa", []))))
    print("%-9s %8s %7s %9s %8s %8s  %s" % ("tool", "wall s", "spread", "cpu s", "MB/s", "RSS MB",
                                            "ratio of wall times (ratio of CPU times)"))
    sw = med("shinsa", "wall") if "shinsa" in by else None
    sc = statistics.median(float(r["user"]) + float(r["sys"]) for r in by["shinsa"]) if sw else None
    for tool in ("shinsa", "floor", "python", "textlint"):
        if tool not in by:
            print("%-9s skipped" % tool)
            continue
        w = [float(r["wall"]) for r in by[tool]]
        m = statistics.median(w)
        spread = (max(w) - min(w)) / m * 100 if m else 0
        cpu = statistics.median(float(r["user"]) + float(r["sys"]) for r in by[tool])
        rss = max(int(r["maxrss_kb"]) for r in by[tool]) / 1024
        if tool == "shinsa":
            ratio = "-"
        elif tool == "floor":
            ratio = "shinsa / floor = %.2f (%.2f); target <= 1.5, never above 2" % (sw / m, sc / cpu)
        elif tool == "python":
            ratio = "python / shinsa = %.2f (%.2f); target > 1" % (m / sw, cpu / sc)
        else:
            ratio = "textlint / shinsa = %.2f (%.2f); target >= 4" % (m / sw, cpu / sc)
        print("%-9s %8.2f %6.0f%% %9.2f %8.1f %8.1f  %s" % (tool, m, spread, cpu, nbytes / 1e6 / m, rss, ratio))
    if sw:
        print("shinsa: %d units (%d law.sentence), %.0f units/s; peak RSS %.0f MB (target <= 150)"
              % (units, sentences, units / sw, max(int(r["maxrss_kb"]) for r in by["shinsa"]) / 1024))
        try:
            rep = json.load(open(os.path.join(out, "shinsa.json"), encoding="utf-8"))
            print("shinsa: %d findings, %d inputs" % (len(rep["findings"]), len(rep["inputs"])))
        except (OSError, ValueError, KeyError):
            pass
    for tool in ("floor", "python"):
        p = os.path.join(out, "stdout." + tool)
        if os.path.exists(p):
            print("%s: %s" % (tool, open(p).read().strip()))
    p = os.path.join(out, "stdout.textlint")
    if "textlint" in by and os.path.exists(p):
        print("textlint: %d problems reported" % sum(1 for l in open(p, encoding="utf-8") if "(prh)" in l))
    for tool in ("floor", "python", "textlint"):
        p = os.path.join(out, "stderr." + tool)
        if tool in by and os.path.exists(p) and os.path.getsize(p):
            print("WARNING: %s wrote to stderr (its time may not count): %s"
                  % (tool, open(p, encoding="utf-8", errors="replace").readline().strip()))

    if timing:
        phases = [t for t in timing if t["kind"] == "phase"]
        total = sum(float(t["seconds"]) for t in phases) or 1
        print("\nshinsa CPU time per phase (summed over workers, median run):")
        for t in phases:
            print("  %-9s %7.2f s %5.1f%%" % (t["name"], float(t["seconds"]), float(t["seconds"]) / total * 100))
        packs = {}
        rules = [t for t in timing if t["kind"] == "rule"]
        for t in rules:
            p = packs.setdefault(t["pack"], [0.0, 0, 0])
            p[0] += float(t["seconds"]); p[1] += int(t["count"]); p[2] += int(t["skipped"])
        print("per pack (check() calls; units the prefilter skipped):")
        for name, (s, c, k) in sorted(packs.items(), key=lambda x: -x[1][0]):
            print("  %-12s %7.2f s %9d calls %9d skipped" % (name, s, c, k))
        print("top 10 rules:")
        for t in sorted(rules, key=lambda t: -float(t["seconds"]))[:10]:
            c = int(t["count"])
            print("  %-36s %7.3f s %8d calls %7.1f us/call %8d skipped"
                  % (t["name"], float(t["seconds"]), c, float(t["seconds"]) / c * 1e6 if c else 0, int(t["skipped"])))

    for tool in sorted(k for k in by if k.startswith("measures:")):
        name = tool.split(":", 1)[1]
        w = med(tool, "wall")
        u = 0
        tf = os.path.join(out, "timing.%s.tsv" % name)
        if os.path.exists(tf):
            u = sum(int(t["count"]) for t in rows(tf) if t["kind"] == "units")
        print("%s: %.3f s wall, %d units, %.0f units/s, RSS %.0f MB"
              % (name, w, u, u / w if w else 0, max(int(r["maxrss_kb"]) for r in by[tool]) / 1024))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
