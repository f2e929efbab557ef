#!/usr/bin/env python3
"""Baselines of the benchmark (tests/bench/run.sh), plain Python, standard library only.

  keywords.py scan -j N TERMS_FILE LIST_FILE      the "plain Python keyword script": each e-Gov XML file of
                                                  LIST_FILE parsed with xml.etree, the text of every Sentence
                                                  searched with one re alternation of the terms; N processes
  keywords.py extract LIST_FILE OUT_DIR           pre-extract sentences for textlint: OUT_DIR/<n>.txt, one
                                                  Sentence a line (not timed)
  keywords.py prh TERMS_FILE OUT_YAML             a prh dictionary that reports every term
"""
import json
import multiprocessing
import re
import sys
import xml.etree.ElementTree as ET


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n") for line in f if line.strip()]


def sentences(path):
    root = ET.parse(path).getroot()
    for s in root.iter("Sentence"):
        yield "".join(s.itertext())


_RE = None


def _init(terms):
    global _RE
    _RE = re.compile("|".join(re.escape(t) for t in terms))


def _scan(path):
    n_sent = n_match = 0
    for text in sentences(path):
        n_sent += 1
        n_match += sum(1 for _ in _RE.finditer(text))
    return n_sent, n_match


def scan(jobs, terms_file, list_file):
    terms, paths = read_lines(terms_file), read_lines(list_file)
    with multiprocessing.Pool(jobs, _init, (terms,)) as pool:
        counts = pool.map(_scan, paths, chunksize=8)
    print("files %d sentences %d matches %d terms %d"
          % (len(paths), sum(c[0] for c in counts), sum(c[1] for c in counts), len(terms)))


def extract(list_file, out_dir):
    for i, path in enumerate(read_lines(list_file)):
        with open("%s/%05d.txt" % (out_dir, i), "w", encoding="utf-8") as f:
            for text in sentences(path):
                f.write(text.replace("\n", " ") + "\n")


def prh(terms_file, out_yaml):
    with open(out_yaml, "w", encoding="utf-8") as f:
        f.write("version: 1\nrules:\n")
        for t in read_lines(terms_file):
            # a /regex/ pattern, escaped for JavaScript's u flag (prh's own escaping of "-" is invalid there)
            js = "".join("\\" + c if c in "\\^$.*+?()[]{}|/" else c for c in t)
            f.write("  - expected: %s\n    patterns: [%s]\n" % (json.dumps("〓" + t, ensure_ascii=False),
                                                              json.dumps("/%s/" % js, ensure_ascii=False)))


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 5 and a[0] == "scan" and a[1] == "-j":
        scan(int(a[2]), a[3], a[4])
    elif len(a) == 3 and a[0] == "extract":
        extract(a[1], a[2])
    elif len(a) == 3 and a[0] == "prh":
        prh(a[1], a[2])
    else:
        sys.exit(__doc__)
