#!/usr/bin/env bash
# Rolling-origin backtest of GET /api/v1/insights/forecast on the real labour
# series (issue 12), against seasonal naive and statsmodels' damped ETS on the
# same origins. See bench/forecast/README.md and backtest.py's header.
#
#   bench/forecast/run.sh
#
# Environment:
#   BUILD_DIR    build tree with chanjiao-index and chanjiao-server   [<repo>/build]
#   SHARED_DATA  the public datasets                                  [<repo>/../shared/data]
#   OUT          JSON with every figure                               [bench/forecast/results.json]
#   JOBS         build parallelism when a build is needed             [2]
# Exits 0 with a message when labour-stats-cn is not in SHARED_DATA.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/bench/lib.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
SHARED_DATA=${SHARED_DATA:-$repo/../shared/data}
OUT=${OUT:-$repo/bench/forecast/results.json}
JOBS=${JOBS:-2}
python=/usr/bin/python3  # Debian's, with python3-statsmodels (pyenv's python3 has no numpy)

if [[ ! -d $SHARED_DATA/labour-stats-cn ]]; then
  echo "bench/forecast: skipped: $SHARED_DATA/labour-stats-cn is not available"
  exit 0
fi

if ! "$python" -c 'import statsmodels' 2>/dev/null; then
  echo "bench/forecast: installing python3-statsmodels" >&2
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -q python3-statsmodels >&2
fi

# Build when needed: a no-op for an up-to-date tree.
if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  cmake -S "$BENCH_REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD_DIR" -j"$JOBS" --target chanjiao-index chanjiao-server \
  forecast_library >/dev/null
indexer=$BUILD_DIR/chanjiao-index
server=$BUILD_DIR/chanjiao-server

work=$(mktemp -d)
server_pid=""
trap bench_cleanup EXIT

python3 "$BENCH_REPO/corpus/importers/chanjiao_import.py" labour-stats --data "$SHARED_DATA" \
  --out "$work/labour.jsonl" 2>"$work/import.err" || { cat "$work/import.err" >&2; exit 1; }
# The sample corpus too, so the server sees a normal index, not series alone.
"$indexer" build --out "$work/index" "$BENCH_REPO/corpus/sample" "$work/labour.jsonl" \
  >"$work/index.log" 2>&1 || { cat "$work/index.log" >&2; exit 1; }

bench_start_server bench/forecast "$server" "$work/index" "$work" --threads 2

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:\s*//p' | head -1), $(uname -sr)"
echo "commit: $(git -C "$BENCH_REPO" rev-parse --short HEAD)$(git -C "$BENCH_REPO" diff --quiet HEAD -- . || echo ' (modified)')"
echo "command: bench/forecast/run.sh  (= $python bench/forecast/backtest.py --url $url --labour labour.jsonl --out $OUT)"
# --library: also checks that the API's forecast at each origin is the library's on
# the same data (no leak past `until`).
"$python" "$BENCH_REPO/bench/forecast/backtest.py" --url "$url" --labour "$work/labour.jsonl" \
  --library "$BUILD_DIR/bench/forecast_library" --out "$OUT"
echo
echo "## Every month as an origin (bench/forecast/all_origins.py), all origins and from 2022-12"
"$python" "$BENCH_REPO/bench/forecast/all_origins.py" --labour "$work/labour.jsonl" \
  --library "$BUILD_DIR/bench/forecast_library"
"$python" "$BENCH_REPO/bench/forecast/all_origins.py" --labour "$work/labour.jsonl" \
  --library "$BUILD_DIR/bench/forecast_library" --from 2022-12
