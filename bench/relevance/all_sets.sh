#!/usr/bin/env bash
# Issue 19's report in one command: the team dev set (devset.sh), qbqtc-dev
# (qbqtc.sh: chanjiao, n-gram OR and AND, FTS5 trigram, jieba BM25) and SIGHAN
# 2005 PKU word F1 with OOV recall (bench/segmentation/score_pku.py, against ICU
# and jieba), printed side by side. Extra arguments go to all_sets.py
# (--sample N for qbqtc-dev, --sets devset,qbqtc,pku, --json OUT).
#
#   cmake --build build -j2 --target chanjiao-index chanjiao-server chanjiao-analyze \
#       ngram_baseline_index ngram_baseline_query icu_segment
#   bench/relevance/all_sets.sh          # ~3 min once the dev set's data are imported
#
# Settings (environment): BUILD_DIR build tree [<repo>/build].
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
exec python3 "$repo/bench/relevance/all_sets.py" --build "$BUILD_DIR" "$@"
