#!/usr/bin/env bash
# scripts/dev.sh — the one entry point for building and testing shinsa on Debian 12.
#
#   scripts/dev.sh example     install what is missing, build, check the bundled example (report on stdout)
#   scripts/dev.sh test        install what is missing, build with -Werror, run every test (ctest)
#   scripts/dev.sh sanitize    build with ASan+UBSan in build-asan/ and run the unit and CLI tests there
#   scripts/dev.sh build       install what is missing and build only
#   scripts/dev.sh fuzz [SECS] also install clang; run every libFuzzer target SECS seconds (tests/fuzz/run.sh)
#   scripts/dev.sh valgrind    also install valgrind; run the whole ctest suite under memcheck (build-valgrind/)
#
# Environment: BUILD_DIR (default build), JOBS (default: cores).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(gcc cmake ninja-build pkg-config liblua5.4-dev libyaml-dev libcjson-dev libpcre2-dev libcmocka-dev
          libexpat1-dev libutf8proc-dev libssl-dev zlib1g-dev lua-check lua5.4 lua-lpeg-dev xz-utils
          python3 python3-yaml)

install_missing() {   # [extra packages...]
    local missing=()
    for p in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "shinsa: installing missing Debian packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The report validators of the tests (tests/npm: the SARIF 2.1.0 schema and Ajv), from the npm registry. Node and
# npm come from Debian when no node is installed. Failure (registry unreachable) is not fatal: the tests that
# need them are then skipped and say so.
install_npm_validators() {   # install_npm_validators BUILD_DIR
    if ! command -v npm >/dev/null; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "shinsa: installing Debian packages: nodejs npm" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >&2 || true
    fi
    tests/npm/install.sh "$1/npm" ||
        echo "shinsa: warning: report validators not installed; the SARIF schema test will be skipped" >&2
}

# Headless Chromium and Node.js for the HTML report test (tests/html, ctest label "html"). Failure is not fatal:
# the test then skips and says why.
install_html_test_deps() {
    local missing=()
    for p in chromium nodejs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v node >/dev/null && [ "${missing[*]}" = nodejs ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "shinsa: installing Debian packages for the HTML report test: ${missing[*]}" >&2
    { $sudo apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; } ||
        echo "shinsa: warning: ${missing[*]} not installed; the HTML report test will be skipped" >&2
}

build() {   # build DIR [cmake args...]
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
    ninja -C "$dir" ${JOBS:+-j "$JOBS"} >&2
}

cmd=${1:-}
case "$cmd" in
example)
    install_missing
    build "${BUILD_DIR:-build}"
    set +e
    "${BUILD_DIR:-build}/shinsa" check examples/laws examples/measures
    rc=$?
    set -e
    echo "(exit code $rc: 0 clean, 1 findings at or above --fail-on, 2 input error, 3 incomplete)" >&2
    [ $rc -le 1 ]
    ;;
test)
    install_missing
    build "${BUILD_DIR:-build}" -DSHN_WERROR=ON
    install_npm_validators "${BUILD_DIR:-build}"
    install_html_test_deps
    ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "${JOBS:-$(nproc)}"
    ;;
sanitize)
    install_missing
    # ASan+UBSan run code ~3 times slower: a heavy rule call (kpi.duplicate-text over a whole plan) could pass
    # the 10 s default CPU time per call and change the output of one -j run; 60 s here
    BUILD_TYPE=Debug build build-asan -DSHN_WERROR=ON -DSHN_SANITIZE=ON -DCMAKE_C_FLAGS=-DSHN_DEFAULT_RULE_TIMEOUT_MS=60000
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j "${JOBS:-$(nproc)}"
    ;;
build)
    install_missing
    build "${BUILD_DIR:-build}"
    ;;
fuzz)
    install_missing clang
    tests/fuzz/run.sh "${2:-60}"
    ;;
valgrind)
    # The whole ctest suite under memcheck (a plain Debug build in build-valgrind/: valgrind and ASan do not mix):
    # every unit test binary and every run of the shinsa binary (CLI cases, packs, sandbox, reports) starts
    # under valgrind through SHN_TEST_LAUNCHER (tests/CMakeLists.txt). Any memcheck error or definite/indirect
    # leak makes that process exit 99, so its test fails. Tests that run no shinsa code (luacheck, the doc and
    # Python checks) are left out. About an hour on one core; not part of .ci/run. Extra ctest arguments pass
    # through (e.g. scripts/dev.sh valgrind -R cli/).
    install_missing valgrind
    vg="valgrind;-q;--error-exitcode=99;--num-callers=40;--suppressions=$PWD/tests/valgrind/pcre2-jit.supp"
    vg+=";--leak-check=full;--errors-for-leak-kinds=definite,indirect;--show-leak-kinds=definite,indirect"
    # memcheck runs code ~50 times slower: the default CPU time per rule call becomes 10 minutes
    BUILD_TYPE=Debug build build-valgrind -DSHN_WERROR=ON "-DSHN_TEST_LAUNCHER=$vg" \
        -DCMAKE_C_FLAGS=-DSHN_DEFAULT_RULE_TIMEOUT_MS=600000
    install_npm_validators build-valgrind   # report/sarif-schema runs (not skipped) under memcheck too
    install_html_test_deps
    shift
    ctest --test-dir build-valgrind --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 3000 \
        -E '^(lua/|stdlib/|scripts/)' "$@"
    ;;
*)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
