#!/usr/bin/env bash
# Latency of /api/v1/insights/{demand,gap,queries} on the real-data index
# (jobs-it + icourse163, as bench/search_bench.sh builds it), with
# /api/v1/search?type=job measured in the same run as the baseline.
#
#   bench/insights_bench.sh
#
# Environment:
#   BUILD_DIR  build tree with chanjiao-index and chanjiao-server         [<repo>/build]
#   DATA_DIR   cache for the imported JSONL and the index (shared with
#              search_bench.sh)                                           [$BUILD_DIR/bench-data]
#   QUERIES    query file                                                  [bench/queries.txt]
#   ROUNDS     measured passes through the queries                         [5]
#   THREADS    server worker threads                                       [4]
# Exit status 2 when the public datasets (../shared/data) are absent.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/bench/lib.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
QUERIES=${QUERIES:-$repo/bench/queries.txt}
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-4}
indexer=$BUILD_DIR/chanjiao-index
server=$BUILD_DIR/chanjiao-server
for bin in "$indexer" "$server"; do
  [[ -x $bin ]] || { echo "insights_bench: $bin missing; build it first" >&2; exit 1; }
done
mkdir -p "$DATA_DIR"
work=$(mktemp -d)
server_pid=""
trap bench_cleanup EXIT

sources=()
for dataset in jobs-it icourse163; do
  bench_import insights_bench "$dataset" "$DATA_DIR/$dataset.jsonl"
  sources+=("$DATA_DIR/$dataset.jsonl")
done
index=$DATA_DIR/index-ours
# The server refuses an index of another analyzer version: rebuild when stale.
if [[ ! -e $index/current ]] || [[ $indexer -nt $index/current ]] ||
   ! "$indexer" info --out "$index" >/dev/null 2>&1; then
  echo "building the index → $index" >&2
  rm -rf "$index"
  "$indexer" build --out "$index" "${sources[@]}" 2>&1 | tail -2 >&2
fi

bench_start_server insights_bench "$server" "$index" "$work" --threads "$THREADS"

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "index: $index ($(curl -s "$url/healthz"))"
echo "command: python3 bench/insights_bench.py $url $QUERIES --rounds $ROUNDS (server --threads $THREADS)"
python3 "$repo/bench/insights_bench.py" "$url" "$QUERIES" --rounds "$ROUNDS"
