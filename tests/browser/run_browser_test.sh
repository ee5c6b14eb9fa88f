#!/usr/bin/env bash
# Runs one browser test of web/tests against a fresh index of CORPUS. Its
# dependencies (web/vendor, playwright-core) are installed once, before the
# browser tests, by the CTest fixture `browser_test_deps` (tests/CMakeLists.txt).
# usage: run_browser_test.sh BUILD_DIR TEST.mjs CORPUS...
set -euo pipefail
BUILD=$(cd "$1" && pwd)
TEST=$2
CORPUS=("${@:3}")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
for needed in web/vendor/echarts.min.js web/tests/node_modules/playwright-core; do
  if [[ ! -e $needed ]]; then
    echo "run_browser_test: $needed is missing; run the tests with ctest (fixture browser_test_deps) or ./test.sh" >&2
    exit 1
  fi
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BUILD/chanjiao-index" build --out "$TMP/index" "${CORPUS[@]}" 2>/dev/null
# A gov key, for the pages that show the query log (gov and admin keys only).
export CHANJIAO_GOV_KEY
CHANJIAO_GOV_KEY=$("$BUILD/chanjiao-admin" key create --org browser-test --role gov \
  --store "$TMP/index/store.db" | tail -n 1)
export CHANJIAO_ARTIFACTS=${CHANJIAO_ARTIFACTS:-$BUILD/test-artifacts}
node "web/tests/$TEST" --server "$BUILD/chanjiao-server" --index "$TMP/index" --web "$REPO/web"
