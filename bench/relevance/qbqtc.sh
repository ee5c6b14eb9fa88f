#!/usr/bin/env bash
# QBQTC dev (../shared/data/qbqtc-dev/dev.json): Chanjiao against Xapian n-gram
# OR and AND, SQLite FTS5 trigram and a jieba word index with BM25, over every
# distinct title as a document and every distinct query. Extra arguments go to
# qbqtc.py (--sample N, --json OUT, --systems …). See bench/relevance/README.md.
#
#   bench/relevance/qbqtc.sh                     # the table (~1 min on 2 cores)
#   bench/relevance/qbqtc.sh --sample 2000       # a quick, always identical subset
#   bench/relevance/qbqtc.sh --json /tmp/q.json  # per-query numbers for error analysis
#
# Settings (environment):
#   BUILD_DIR  build tree with chanjiao-index, chanjiao-server, bench/…     [<repo>/build]
#   WORK_DIR   documents and indexes, reused while the data, binaries and
#              dictionaries are unchanged                    [$BUILD_DIR/relevance-work/qbqtc]
#
# Exit status: qbqtc.py's; 0 with a message when dev.json is absent (skipped).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
WORK_DIR=${WORK_DIR:-$BUILD_DIR/relevance-work/qbqtc}
exec python3 "$repo/bench/relevance/qbqtc.py" --build "$BUILD_DIR" --work "$WORK_DIR" "$@"
