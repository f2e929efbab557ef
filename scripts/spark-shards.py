#!/usr/bin/env python3
"""shinsa over a Spark cluster: N shards of one run, one partition each, through RDD.pipe; the shard reports
come back to the driver and `shinsa merge` joins them into the report of a single run.

    spark-submit scripts/spark-shards.py SHINSA N OUT_DIR INPUT... [-- CHECK-OPTION...]

SHINSA is the absolute path of the shinsa binary on the executors; INPUT the files or folders to check, as
the executors see them (the same list, in the same order, on every executor; a shared or identically mounted
folder). Writes OUT_DIR/shard-I.json (I = 1..N) and OUT_DIR/report.json, and exits with the merge's exit code
(that of the whole run: 0, 1 findings, 2 input error, 3 incomplete). docs/pipelines.md explains the pieces.

Written against PySpark's documented API (SparkContext.parallelize, RDD.pipe, RDD.glom, RDD.collect). RDD.pipe
runs the command (split with shlex) once per partition, writes each element of the partition and a newline to
its standard input, and returns its standard output line by line (newline stripped, UTF-8). The child's
environment is `env` only, so the command names /bin/sh and the binary by absolute path. The shards' own exit
codes are not checked (checkCode=False): a shard with findings exits 1, and the merge judges the whole run.
"""
import os
import shlex
import subprocess
import sys


def shard_command(shinsa, n, inputs, fmt="json", options=()):
    """The RDD.pipe command: read the shard number (the partition's one element) and write its report.
    `options`: more options of shinsa check, the same for every shard (e.g. ["--fail-on", "error"])."""
    fixed = " ".join(shlex.quote(a) for a in ["-f", fmt] + list(options))
    # sh -c SCRIPT SHINSA INPUT...: $0 is shinsa, "$@" the inputs
    script = 'read i && exec "$0" check --no-config --no-progress -j 1 %s --shard "$i/%d" -- "$@"' % (fixed, n)
    return " ".join(shlex.quote(a) for a in ["/bin/sh", "-c", script, shinsa] + list(inputs))


def report_text(lines):
    """A shard's report from the lines RDD.pipe returned for its partition."""
    return "".join(line + "\n" for line in lines)


def main(argv):
    if len(argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    shinsa, n, out_dir, rest = argv[1], int(argv[2]), argv[3], argv[4:]
    inputs, options = (rest[:rest.index("--")], rest[rest.index("--") + 1:]) if "--" in rest else (rest, [])
    from pyspark import SparkContext   # imported here so that the helpers above are usable without Spark

    sc = SparkContext(appName="shinsa-shards")
    try:
        shards = sc.parallelize([str(i) for i in range(1, n + 1)], n)   # one shard number per partition
        command = shard_command(shinsa, n, inputs, options=options)
        reports = shards.pipe(command, env={"LC_ALL": "C.UTF-8"}).glom().collect()
    finally:
        sc.stop()
    os.makedirs(out_dir, exist_ok=True)
    files = []
    for i, lines in enumerate(reports, start=1):   # glom() keeps the partitions in order: partition i-1 = shard i
        path = os.path.join(out_dir, "shard-%d.json" % i)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(report_text(lines))
        files.append(path)
    return subprocess.run([shinsa, "merge", "-o", os.path.join(out_dir, "report.json")] + files).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
