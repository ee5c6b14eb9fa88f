#!/usr/bin/env bash
# Judged job → course benchmark (bench/recommend/README.md): imports
# jobs-it-2019, jobs-zhaopin-2019 and courses-icourse163 from ../shared/data,
# indexes them once (cached under BUILD/bench-data), runs judged.py.
#   bench/recommend/run.sh [BUILD] [evaluate|pool]
# Exit status: 0 done; 2 a dataset is absent (skipped); 1 other failures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
BUILD=$(cd "${1:-$BENCH_REPO/build}" && pwd)
COMMAND=${2:-evaluate}
DATA_DIR=$BUILD/bench-data
files=()
for dataset in jobs-it zhaopin icourse163; do
  bench_import recommend "$dataset" "$DATA_DIR/$dataset.jsonl"
  files+=("$DATA_DIR/$dataset.jsonl")
done
# The index depends on the analyzer data (not on skill_relations.txt, read at
# query time): rebuild when one of those files changed.
stamp=$(ls "$BENCH_REPO"/corpus/dict/*.txt "$BENCH_REPO"/corpus/dict/*.dict | grep -v skill_relations |
  xargs cat | sha1sum | cut -c1-12)
index=$DATA_DIR/recommend-index-$stamp
if [[ ! -d $index ]]; then
  rm -rf "$DATA_DIR"/recommend-index-*
  "$BUILD/chanjiao-index" build --out "$index.tmp" "${files[@]}" >/dev/null
  mv "$index.tmp" "$index"
fi
python3 "$BENCH_REPO/bench/recommend/judged.py" "$COMMAND" --build "$BUILD" --index "$index" "${@:3}" \
  --jsonl "${files[@]}"
