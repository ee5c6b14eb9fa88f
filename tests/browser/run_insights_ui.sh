#!/usr/bin/env bash
# Runs the dashboard browser test (web/tests/insights_ui.test.mjs) against a
# fresh index of tests/fixtures/insights.
# usage: run_insights_ui.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
if [[ ! -d $REPO/web/tests/node_modules/playwright-core ]]; then
  (cd "$REPO/web/tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ ! -f $REPO/web/vendor/echarts.min.js ]]; then
  (cd "$REPO/web" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$REPO/web/vendor"
  cp "$REPO/web/node_modules/echarts/dist/echarts.min.js" "$REPO/web/vendor/"
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BUILD/chanjiao-index" build --out "$TMP/index" "$REPO/tests/fixtures/insights" 2>/dev/null
export CHANJIAO_ARTIFACTS=${CHANJIAO_ARTIFACTS:-$BUILD/test-artifacts}
node "$REPO/web/tests/insights_ui.test.mjs" --server "$BUILD/chanjiao-server" \
  --index "$TMP/index" --web "$REPO/web"
