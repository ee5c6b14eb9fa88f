#!/usr/bin/env bash
# Runs the recommendation browser test (web/tests/recommend_ui.test.mjs)
# against a fresh sample-corpus index.
# usage: run_recommend_ui.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
if [[ ! -d $REPO/web/tests/node_modules/playwright-core ]]; then
  (cd "$REPO/web/tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BUILD/chanjiao-index" build --out "$TMP/index" "$REPO/corpus/sample" 2>/dev/null
export CHANJIAO_ARTIFACTS=${CHANJIAO_ARTIFACTS:-$BUILD/test-artifacts}
node "$REPO/web/tests/recommend_ui.test.mjs" --server "$BUILD/chanjiao-server" \
  --index "$TMP/index" --web "$REPO/web"
