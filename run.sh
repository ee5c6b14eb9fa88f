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
SOURCES=(corpus/sample corpus/statistics)
# The official labour statistics, when ../shared/data has them: series documents
# generated into data/ (never into the repository) for the 就业状况 page.
if [[ -d ../shared/data/labour-stats-cn ]]; then
  mkdir -p data
  if python3 corpus/importers/chanjiao_import.py labour-stats --out data/labour-stats.jsonl 2>/dev/null; then
    SOURCES+=(data/labour-stats.jsonl)
  else
    chanjiao_log "labour-stats import failed; serving without the official series"
  fi
fi
# Rebuild the index only when the corpus, dictionaries or binaries changed.
STAMP=$INDEX/.built-from
FINGERPRINT=$(cat corpus/sample/*.jsonl corpus/statistics/*.jsonl corpus/dict/* build/chanjiao-index \
  "${SOURCES[@]:2}" | sha1sum | cut -c1-40)
if [[ ! -e $INDEX/current || "$(cat "$STAMP" 2>/dev/null)" != "$FINGERPRINT" ]]; then
  chanjiao_log "indexing ${SOURCES[*]}"
  ./build/chanjiao-index build --out "$INDEX" "${SOURCES[@]}"
  echo "$FINGERPRINT" >"$STAMP"
fi

if [[ -x build/chanjiao-server ]]; then
  chanjiao_log "serving on http://127.0.0.1:${CHANJIAO_PORT:-8080}"
  exec ./build/chanjiao-server --index "$INDEX" --port "${CHANJIAO_PORT:-8080}"
fi
chanjiao_log "index ready at $INDEX; try: echo 软件工程师 | ./build/chanjiao-analyze --terms"
