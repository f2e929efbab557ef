#!/usr/bin/env bash
# Run one CLI golden case: tests/cli/<case>/
#   cmd            shell line run in the case folder; `shinsa` is the binary under test
#   stdin          (optional) fed to standard input
#   expected.out   exact standard output
#   expected.err   (optional) exact standard error; when absent, stderr is not compared
#   expected.exit  (optional) exit code, default 0
# UPDATE=1 rewrites the expected files from the actual output (review them by eye before committing).
set -uo pipefail
bin=$(realpath "$1"); dir=$2
cd "$dir" || exit 2
shinsa() { "$bin" "$@"; }
export -f shinsa 2>/dev/null || true
export bin NO_COLOR=1 LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -f stdin ]; then
    bash -c "shinsa() { \"\$bin\" \"\$@\"; }; $(cat cmd)" <stdin >"$tmp/out" 2>"$tmp/err"
else
    bash -c "shinsa() { \"\$bin\" \"\$@\"; }; $(cat cmd)" </dev/null >"$tmp/out" 2>"$tmp/err"
fi
code=$?
if [ "${UPDATE:-}" = 1 ]; then
    cp "$tmp/out" expected.out
    [ -f expected.err ] && cp "$tmp/err" expected.err
    echo "$code" >expected.exit
    exit 0
fi
want=$(cat expected.exit 2>/dev/null || echo 0)
fail=0
if [ "$code" != "$want" ]; then echo "exit code: want $want, got $code"; fail=1; fi
if ! diff -u expected.out "$tmp/out"; then echo "stdout differs"; fail=1; fi
if [ -f expected.err ] && ! diff -u expected.err "$tmp/err"; then echo "stderr differs"; fail=1; fi
if [ $fail = 1 ]; then echo "--- stderr ---"; cat "$tmp/err"; fi
exit $fail
