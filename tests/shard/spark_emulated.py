#!/usr/bin/env python3
"""scripts/spark-shards.py without Spark (not installed here): usage: spark_emulated.py SHINSA INPUT...

Runs the script's RDD.pipe command once per partition the way PySpark's RDD.pipe does (shlex-split command,
environment = `env` only, the partition's element and a newline on standard input, standard output read line
by line with the newline stripped and decoded as UTF-8), rebuilds each shard's report with the script's own
report_text, merges them with `shinsa merge` and compares with a single run: same bytes, same exit code.
What this does not test is Spark itself (scheduling, executors, glom's order).
"""
import importlib.util
import os
import shlex
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
spec = importlib.util.spec_from_file_location("spark_shards", os.path.join(root, "scripts", "spark-shards.py"))
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

shinsa, inputs, n = os.path.realpath(sys.argv[1]), sys.argv[2:], 3
# options of the run, passed through the script's `options` (no wall-clock stop: see tests/shard/run.sh)
options = ["--rule-timeout", os.environ.get("SHINSA_TEST_TIMEOUT", "10000"), "--fail-on", "warning"]


def rdd_pipe(command, elements, env):
    """PySpark's RDD.pipe on one partition (pyspark/rdd.py: Popen(shlex.split(command), env=env, …))."""
    p = subprocess.Popen(shlex.split(command), env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p.stdin.write("".join(str(e).rstrip("\n") + "\n" for e in elements).encode("utf-8"))
    p.stdin.close()
    lines = [x.rstrip(b"\n").decode("utf-8") for x in iter(p.stdout.readline, b"")]
    p.wait()
    return lines


with tempfile.TemporaryDirectory() as t:
    cmd = mod.shard_command(shinsa, n, inputs, options=options)
    files = []
    for i in range(1, n + 1):   # one partition per shard number
        path = os.path.join(t, "shard-%d.json" % i)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(mod.report_text(rdd_pipe(cmd, [str(i)], {"LC_ALL": "C.UTF-8"})))
        files.append(path)
    merged = subprocess.run([shinsa, "merge"] + files, capture_output=True)
    single = subprocess.run([shinsa, "check", "--no-config", "-f", "json"] + options + inputs, capture_output=True)
    same = merged.stdout == single.stdout and merged.returncode == single.returncode
    print("%s spark-shards.py with RDD.pipe emulated: %d shards merged %s the single run (%d bytes, exit %d)"
          % ("ok  " if same else "FAIL", n, "=" if same else "!=", len(single.stdout), single.returncode))
    if not same:
        sys.stderr.write(merged.stderr.decode())
    sys.exit(0 if same else 1)
