#!/usr/bin/env bash
# Chanjiao quick start: installs what is missing, builds, indexes the sample
# corpus and serves it on http://127.0.0.1:8080 (Ctrl-C stops the server).
set -euo pipefail
cd "$(dirname "$0")"
source tools/setup.sh

chanjiao_install_packages "${CHANJIAO_PACKAGES[@]}"
chanjiao_build
chanjiao_vendor_web

INDEX=data/index
# Rebuild the index only when the corpus, dictionaries or binaries changed.
STAMP=$INDEX/.built-from
FINGERPRINT=$(cat corpus/sample/*.jsonl corpus/dict/* build/chanjiao-index | sha1sum | cut -c1-40)
if [[ ! -e $INDEX/current || "$(cat "$STAMP" 2>/dev/null)" != "$FINGERPRINT" ]]; then
  chanjiao_log "indexing the sample corpus"
  ./build/chanjiao-index build --out "$INDEX" corpus/sample
  echo "$FINGERPRINT" >"$STAMP"
fi

if [[ -x build/chanjiao-server ]]; then
  chanjiao_log "serving on http://127.0.0.1:${CHANJIAO_PORT:-8080}"
  exec ./build/chanjiao-server --index "$INDEX" --port "${CHANJIAO_PORT:-8080}"
fi
chanjiao_log "index ready at $INDEX; try: echo 软件工程师 | ./build/chanjiao-analyze --terms"
