#!/usr/bin/env python3
"""The tutorial docs/writing-rules.md works end to end as written: usage: run.py SHINSA [DOC]

Every ```sh block is run in order, in one empty scratch folder, with `shinsa` on the PATH (a block after the
words "From the root of the source tree" runs in the source tree instead). When the next fenced block is a plain
one (``` without a language), it is the output the tutorial shows: the command's standard output and error
together must equal it exactly. A block with no output shown must not fail (exit 2 or more); one with output
must exit 0 or 1 (1: findings). Fails naming the section and the first differing line.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.realpath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
DOC = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs", "writing-rules.md")

FENCE = re.compile(r"^( *)```(\w*)\s*$")


def blocks(text):
    """(language, body, section, text before the block) for every fenced block, in order."""
    out, section, lines, i = [], "", text.split("\n"), 0
    prose = []
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        m = FENCE.match(line)
        if not m:
            prose.append(line)
            i += 1
            continue
        indent, lang = len(m.group(1)), m.group(2)
        body = []
        i += 1
        while i < len(lines) and not FENCE.match(lines[i]):
            body.append(lines[i][indent:] if lines[i].startswith(" " * indent) else lines[i])
            i += 1
        i += 1
        out.append((lang, "\n".join(body) + "\n", section, "\n".join(prose[-6:])))
        prose = []
    return out


def main():
    text = open(DOC, encoding="utf-8").read()
    bs = blocks(text)
    scratch = tempfile.mkdtemp(prefix="shinsa-tutorial-")
    bindir = os.path.join(scratch, ".bin")
    os.makedirs(bindir)
    os.symlink(BIN, os.path.join(bindir, "shinsa"))
    work = os.path.join(scratch, "work")
    os.makedirs(work)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), NO_COLOR="1", LC_ALL="C.UTF-8")
    env.pop("SHINSA_PROGRESS_DELAY_MS", None)
    fails = ran = compared = 0
    try:
        for k, (lang, body, section, before) in enumerate(bs):
            if lang != "sh":
                continue
            want = bs[k + 1][1] if k + 1 < len(bs) and bs[k + 1][0] == "" else None
            cwd = ROOT if "root of the source tree" in before else work
            p = subprocess.run(["bash", "-e", "-c", body], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            got = p.stdout.decode("utf-8", "replace")
            ran += 1
            first = body.strip().split("\n")[-1][:70]
            if want is None:
                ok = p.returncode < 2
                detail = "" if ok else "exit %d:\n%s" % (p.returncode, got)
            else:
                compared += 1
                ok = got == want and p.returncode < 2
                detail = "" if ok else "exit %d\n" % p.returncode + "".join(
                    difflib.unified_diff(want.splitlines(True), got.splitlines(True), "tutorial", "actual"))
            print("%s %s: %s" % ("ok  " if ok else "FAIL", section, first))
            if not ok:
                print(detail)
                fails += 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("%d blocks run, %d outputs compared, %d failed" % (ran, compared, fails))
    return 1 if fails or not compared else 0


sys.exit(main())
