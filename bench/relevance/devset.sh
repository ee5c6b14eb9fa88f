#!/usr/bin/env bash
# The development set over the real data: imports jobs-it + icourse163 from
# ../shared/data (once, as bench/search_bench.sh does), then runs evaluate.py
# with devset/queries.tsv and every judgment in devset/qrels/. Extra
# arguments go to evaluate.py. See bench/relevance/README.md.
#
#   bench/relevance/devset.sh                          # the table
#   bench/relevance/devset.sh --json /tmp/dev.json     # and every number
#   bench/relevance/devset.sh --pool 10 --pool-out bench/relevance/devset/pool.jsonl
#
# Settings (environment):
#   BUILD_DIR  build tree with chanjiao-index, chanjiao-server, bench/…   [<repo>/build]
#   DATA_DIR   where the imported JSONL is kept                        [$BUILD_DIR/bench-data]
#   WORK_DIR   where the three indexes are kept and reused while the
#              data and the indexers are unchanged                    [$DATA_DIR/relevance]
#
# Exit status: evaluate.py's; 2 when the datasets are not available (skipped).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$repo/bench/lib.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
WORK_DIR=${WORK_DIR:-$DATA_DIR/relevance}

mkdir -p "$DATA_DIR"
sources=()
for dataset in jobs-it icourse163; do
  bench_import devset "$dataset" "$DATA_DIR/$dataset.jsonl"
  sources+=("$DATA_DIR/$dataset.jsonl")
done

here=$repo/bench/relevance
exec python3 "$here/evaluate.py" --build "$BUILD_DIR" --corpus "${sources[@]}" \
  --queries "$here/devset/queries.tsv" --qrels "$here/devset/qrels" --work "$WORK_DIR" "$@"
