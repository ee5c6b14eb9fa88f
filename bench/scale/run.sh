#!/usr/bin/env bash
# How cost grows with the corpus and the shard count (issue 16): per corpus
# size, build time, index bytes, server RSS, and search req/s, p50 and p99 at
# CONNECTIONS connections for 1 local shard, SHARDS local shards and SHARDS
# remote shards (xapian-tcpsrv on loopback, same machine). Configurations
# alternate run by run; medians. Corpora: bench/scale/make_corpus.py (the real
# jobs-it-2019 + icourse163 imports, then recombinations of them).
#
#   bench/scale/run.sh                                  # SIZES="44314 150000"
#   SIZES="44314 150000 500000 1000000" bench/scale/run.sh
#
# Settings (environment): BUILD_DIR [<repo>/build], DATA_DIR [$BUILD_DIR/bench-data],
# SIZES, SHARDS [4], CONNECTIONS [8], SERVER_THREADS [8], DURATION [10], RUNS [3].
# Writes DATA_DIR/results/scale-STAMP.tsv and prints a Markdown table.
# Exit status: 0 done; 2 the datasets are absent (skipped); 1 failure.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$repo/bench/lib.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
SIZES=${SIZES:-"44314 150000"}
SHARDS=${SHARDS:-4}
CONNECTIONS=${CONNECTIONS:-8}
SERVER_THREADS=${SERVER_THREADS:-8}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
py=/usr/bin/python3
lua=$repo/bench/wrk_queries.lua
queries=$repo/bench/queries.txt
for tool in wrk xapian-tcpsrv; do
  command -v "$tool" >/dev/null || { echo "scale: $tool not found" >&2; exit 1; }
done

sources=()
for dataset in jobs-it icourse163; do
  bench_import scale "$dataset" "$DATA_DIR/$dataset.jsonl"
  sources+=("$DATA_DIR/$dataset.jsonl")
done
mkdir -p "$DATA_DIR/results" "$DATA_DIR/scale"
stamp=$(date +%Y%m%d-%H%M%S)
tsv=$DATA_DIR/results/scale-$stamp.tsv
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "# bench/scale/run.sh at $(git -C "$repo" rev-parse --short HEAD) on $(date -u +%FT%TZ)"
  echo "# $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
       "$(free -g | awk '/Mem:/{print $2}') GB RAM; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# connections=$CONNECTIONS server_threads=$SERVER_THREADS duration=${DURATION}s runs=$RUNS"
  printf "size\tconfig\tbuild_s\tindex_bytes\trss_kb\tqps\tp50_ms\tp99_ms\n"
} >"$tsv"

# start_server NAME INDEX ARGS...: sets `url`; the server runs in its own group.
start_server() {
  local name=$1 index=$2
  shift 2
  setsid "$BUILD_DIR/chanjiao-server" --index "$index" --bind 127.0.0.1 --port 0 \
    --threads "$SERVER_THREADS" --no-access-log --query-log off --store off "$@" \
    >"$work/$name.out" 2>"$work/$name.err" </dev/null &
  pids+=($!)
  eval "${name}_pid=$!"
  for ((i = 0; i < 600; ++i)); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/$name.out")
    [[ -n $url ]] && break
    sleep 0.1
  done
  [[ -n $url ]] || { echo "scale: $name did not start" >&2; cat "$work/$name.err" >&2; exit 1; }
  eval "${name}_url=$url"
}

rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
group_rss_kb() {  # every process of a process group (xapian-tcpsrv forks per connection)
  local total=0 pid
  for pid in $(pgrep -g "$1"); do total=$((total + $(rss_kb "$pid"))); done
  echo "$total"
}

for size in $SIZES; do
  corpus=$DATA_DIR/scale/corpus-$size.jsonl
  [[ -s $corpus ]] || $py "$repo/bench/scale/make_corpus.py" --size "$size" --out "$corpus" "${sources[@]}"
  declare -A build_s bytes
  for n in 1 "$SHARDS"; do
    index=$work/index-$size-$n
    start=$(date +%s.%N)
    "$BUILD_DIR/chanjiao-index" build --no-store --shards "$n" --out "$index" "$corpus" 2>"$work/build.log"
    build_s[$n]=$(echo "$(date +%s.%N) - $start" | bc)
    bytes[$n]=$(du -sb "$(readlink -f "$index/current")" | cut -f1)
    echo "size $size, $n shard(s): built in ${build_s[$n]} s, ${bytes[$n]} bytes" >&2
  done
  generation=$(readlink -f "$work/index-$size-$SHARDS/current")
  stub=$work/remote-$size.stub
  : >"$stub"
  tcp_pids=()
  for ((i = 0; i < SHARDS; ++i)); do
    port=$($py -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 "$generation/shard-$i" \
      >"$work/tcpsrv-$i.log" 2>&1 </dev/null &
    pids+=($!)
    tcp_pids+=($!)
    echo "remote 127.0.0.1:$port" >>"$stub"
  done
  sleep 1
  start_server one "$work/index-$size-1"
  start_server local "$work/index-$size-$SHARDS"
  start_server remote "$stub"
  configs=(one local remote)
  declare -A results
  for config in "${configs[@]}"; do  # warm-up: page cache, facet tables, connections
    u=${config}_url
    wrk -t2 -c"$CONNECTIONS" -d3s -s "$lua" "${!u}" -- "$queries" >/dev/null
  done
  for ((run = 1; run <= RUNS; ++run)); do
    for config in "${configs[@]}"; do
      u=${config}_url
      line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$lua" "${!u}" -- "$queries" | grep '^RESULT')
      echo "size $size $config run $run: $line" >&2
      results[$config]+="$line"$'\n'
    done
  done
  for config in "${configs[@]}"; do
    p=${config}_pid
    rss=$(rss_kb "${!p}")
    n=$SHARDS
    [[ $config == one ]] && n=1
    if [[ $config == remote ]]; then
      for t in "${tcp_pids[@]}"; do rss=$((rss + $(group_rss_kb "$t"))); done
    fi
    printf "%s" "${results[$config]}" | $py -c '
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([\d.]+)", l)) for l in sys.stdin if l.strip()]
med = lambda k: statistics.median(float(r[k]) for r in rows)
print("%.1f\t%.2f\t%.2f" % (med("qps"), med("p50_ms"), med("p99_ms")))' >"$work/med"
    printf "%s\t%s\t%s\t%s\t%s\t%s\n" "$size" "$config-$n" "${build_s[$n]}" "${bytes[$n]}" "$rss" \
      "$(cat "$work/med")" >>"$tsv"
  done
  for p in "$one_pid" "$local_pid" "$remote_pid" "${tcp_pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  sleep 1
  rm -rf "$work"/index-"$size"-*
  unset build_s bytes results
done
echo "# load average at end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$tsv"
cat "$tsv"
$py "$repo/bench/scale/plot.py" "$tsv" "$DATA_DIR/results/scale-$stamp.svg" || true
