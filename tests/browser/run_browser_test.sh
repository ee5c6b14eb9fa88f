#!/usr/bin/env bash
# Runs one browser test of web/tests against a fresh index of CORPUS, with
# the test dependencies (playwright-core, web/vendor) installed by the same
# setup code as ./test.sh.
# usage: run_browser_test.sh BUILD_DIR TEST.mjs CORPUS
set -euo pipefail
BUILD=$(cd "$1" && pwd)
TEST=$2
CORPUS=$3
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
source tools/setup.sh
chanjiao_vendor_web
if [[ ! -d web/tests/node_modules/playwright-core ]]; then
  (cd web/tests && npm ci --no-audit --no-fund --loglevel=error)
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BUILD/chanjiao-index" build --out "$TMP/index" "$CORPUS" 2>/dev/null
export CHANJIAO_ARTIFACTS=${CHANJIAO_ARTIFACTS:-$BUILD/test-artifacts}
node "web/tests/$TEST" --server "$BUILD/chanjiao-server" --index "$TMP/index" --web "$REPO/web"
