#!/usr/bin/env bash
# Search throughput and latency: chanjiao-server against the Xapian 1.4
# FLAG_CJK_NGRAM baseline (bench/ngram_baseline_server) on the real-data index
# (jobs-it-2019 + icourse163, ~44k documents), with the query mix in
# bench/queries.txt. See bench/README.md.
#
#   bench/search_bench.sh            # full run (~3 min plus index builds)
#   DURATION=3 RUNS=1 SWEEP_DURATION=2 bench/search_bench.sh   # quick check
#
# Settings (environment):
#   BUILD_DIR       build tree with chanjiao-index, chanjiao-server, bench/*   [<repo>/build]
#   DATA_DIR        cache for the imported JSONL and both indexes      [$BUILD_DIR/bench-data]
#   QUERIES         query file                                       [bench/queries.txt]
#   CONNECTIONS     wrk connections                                  [8]
#   WRK_THREADS     wrk threads                                      [2]
#   DURATION        seconds per measured wrk run                     [10]
#   RUNS            measured runs per engine, alternating ours/baseline [3]
#   SERVER_THREADS  worker-thread counts tried for both servers; one value
#                   skips the sweep                                  ["2 4 8"]
#   SWEEP_DURATION  seconds per engine per thread count in the sweep [5]
#   PERF            1: `perf record -g` chanjiao-server during its first measured run
#
# Exit status: 0 done; 2 the datasets under shared/data are absent (skipped);
# 1 anything else failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo/bench/lib.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
QUERIES=${QUERIES:-$repo/bench/queries.txt}
CONNECTIONS=${CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
SERVER_THREADS=${SERVER_THREADS:-"2 4 8"}
SWEEP_DURATION=${SWEEP_DURATION:-5}
PERF=${PERF:-0}

indexer=$BUILD_DIR/chanjiao-index
server=$BUILD_DIR/chanjiao-server
baseline_indexer=$BUILD_DIR/bench/ngram_baseline_index
baseline_server=$BUILD_DIR/bench/ngram_baseline_server
lua=$repo/bench/wrk_queries.lua

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "search_bench: $tool not found (apt-get install $tool)" >&2; exit 1; }
done
for bin in "$indexer" "$server" "$baseline_indexer" "$baseline_server"; do
  [[ -x $bin ]] || { echo "search_bench: $bin missing; build it first (see bench/README.md)" >&2; exit 1; }
done

mkdir -p "$DATA_DIR/results"
stamp=$(date +%Y%m%d-%H%M%S)
load_at_start=$(cut -d' ' -f1 /proc/loadavg)
log=$DATA_DIR/results/search-$stamp.log
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Data: import once, reuse afterwards.
sources=()
for dataset in jobs-it icourse163; do
  bench_import search_bench "$dataset" "$DATA_DIR/$dataset.jsonl"
  sources+=("$DATA_DIR/$dataset.jsonl")
done
input_bytes=$(cat "${sources[@]}" | wc -c)
input_docs=$(cat "${sources[@]}" | wc -l)

# --- Indexes: rebuilt when missing or older than their indexer or the data.
stale() {  # stale MARKER_FILE DEPENDENCY...
  [[ -e $1 ]] || return 0
  local dep
  for dep in "${@:2}"; do [[ $dep -nt $1 ]] && return 0; done
  return 1
}
ours_index=$DATA_DIR/index-ours
baseline_index=$DATA_DIR/index-baseline
if stale "$ours_index/current" "$indexer" "${sources[@]}"; then
  echo "building our index → $ours_index" >&2
  rm -rf "$ours_index"
  "$indexer" build --out "$ours_index" "${sources[@]}" 2>&1 | tail -2 >&2
fi
if stale "$baseline_index/iamglass" "$baseline_indexer" "${sources[@]}"; then
  echo "building the baseline index → $baseline_index" >&2
  rm -rf "$baseline_index"
  "$baseline_indexer" "$baseline_index" "${sources[@]}" >&2
fi

# --- Servers.
# start_server NAME THREADS: starts the engine on a free port; sets $url.
start_server() {
  local name=$1 threads=$2
  if [[ $name == ours ]]; then
    bench_start_server search_bench "$server" "$ours_index" "$work" --threads "$threads"
  else
    "$baseline_server" --index "$baseline_index" --port 0 --threads "$threads" \
      >"$work/baseline.out" 2>&1 &
    server_pid=$!
    bench_wait_listening "search_bench: baseline" "$server_pid" "$work/baseline.out"
  fi
  pids+=("$server_pid")
}

stop_server() {  # stop_server PID
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# run_wrk URL SECONDS: prints wrk's RESULT line (see wrk_queries.lua); full output to the log.
run_wrk() {
  local out
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$2"s --latency -s "$lua" "$1" -- "$QUERIES")
  printf '%s\n' "$out" >>"$log"
  grep '^RESULT ' <<<"$out"
}

warm_up() {  # warm_up URL: one pass through the queries (curl), then 2 s of wrk
  local q
  while IFS= read -r q; do
    [[ -z $q || $q == \#* ]] && continue
    curl -s -o /dev/null -G --data-urlencode "q=$q" --data "size=10" "$1/api/v1/search"
  done <"$QUERIES"
  run_wrk "$1" 2 >/dev/null
}

field() {  # field NAME RESULT_LINE
  sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "n/a"; else printf "%.2f", a / b}'; }

# --- Worker-thread sweep: the same counts for both engines; each keeps its best.
# "Best" is the highest QPS among the counts whose p99 is within 2x the
# engine's lowest p99 in the sweep. cpp-httplib gives a keep-alive connection
# one worker until it closes, so with fewer workers than connections some
# connections wait seconds: QPS can look better while p99 measures queueing.
declare -A best_threads sweep_results
sweep_table=""
read -ra thread_counts <<<"$SERVER_THREADS"
if ((${#thread_counts[@]} == 1)); then
  best_threads[ours]=${thread_counts[0]}
  best_threads[baseline]=${thread_counts[0]}
else
  for threads in "${thread_counts[@]}"; do
    start_server ours "$threads"; ours_url=$url; ours_pid=$server_pid
    start_server baseline "$threads"; baseline_url=$url; baseline_pid=$server_pid
    warm_up "$ours_url"; warm_up "$baseline_url"
    row="threads=$threads"
    for engine in ours baseline; do
      [[ $engine == ours ]] && target=$ours_url || target=$baseline_url
      echo "sweep: $engine --threads $threads" >>"$log"
      result=$(run_wrk "$target" "$SWEEP_DURATION")
      sweep_results[$engine]+="$threads $(field qps "$result") $(field p99_ms "$result")"$'\n'
      row+=$(printf '  %-8s %8.1f qps  p99 %8.2f ms' "$engine" "$(field qps "$result")" "$(field p99_ms "$result")")
    done
    sweep_table+="$row"$'\n'
    stop_server "$ours_pid"; stop_server "$baseline_pid"
  done
  for engine in ours baseline; do
    best_threads[$engine]=$(printf '%s' "${sweep_results[$engine]}" | awk '
      {t[NR] = $1; q[NR] = $2; p[NR] = $3; if (NR == 1 || $3 < low) low = $3}
      END {for (i = 1; i <= NR; ++i) if (p[i] <= 2 * low && (best == "" || q[i] > q[best])) best = i; print t[best]}')
  done
fi

# --- Measured runs: both servers up, runs alternate ours / baseline.
start_server ours "${best_threads[ours]}"; ours_url=$url; ours_pid=$server_pid
start_server baseline "${best_threads[baseline]}"; baseline_url=$url; baseline_pid=$server_pid
query_pass=$(python3 "$repo/bench/query_pass.py" "$QUERIES" "ours=$ours_url" "baseline=$baseline_url")
warm_up "$ours_url"; warm_up "$baseline_url"
declare -A qps p50 p99 non2xx
runs_table=""
for ((run = 1; run <= RUNS; ++run)); do
  for engine in ours baseline; do
    [[ $engine == ours ]] && target=$ours_url || target=$baseline_url
    echo "run $run: $engine" >>"$log"
    perf_pid=""
    if [[ $PERF == 1 && $engine == ours && $run == 1 ]]; then
      perf record -g -o "$DATA_DIR/results/perf-ours-$stamp.data" -p "$ours_pid" \
        >/dev/null 2>&1 & perf_pid=$!
    fi
    result=$(run_wrk "$target" "$DURATION")
    if [[ -n $perf_pid ]]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
    qps[$engine]+="$(field qps "$result") "
    p50[$engine]+="$(field p50_ms "$result") "
    p99[$engine]+="$(field p99_ms "$result") "
    non2xx[$engine]=$(( ${non2xx[$engine]:-0} + $(field non2xx "$result") ))
    runs_table+=$(printf '  run %d  %-8s %8.1f qps  p50 %7.2f ms  p99 %8.2f ms' "$run" "$engine" \
      "$(field qps "$result")" "$(field p50_ms "$result")" "$(field p99_ms "$result")")$'\n'
  done
done

# shellcheck disable=SC2086  # word splitting of the collected values is intended
{
  echo "== search benchmark: chanjiao-server vs Xapian 1.4 FLAG_CJK_NGRAM baseline"
  echo "date:     $(date -Iseconds)"
  echo "machine:  $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
  echo "code:     $(git -C "$repo" rev-parse --short HEAD 2>/dev/null)$(git -C "$repo" diff --quiet HEAD 2>/dev/null || echo ' (working tree modified)')"
  echo "command:  wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s --latency -s bench/wrk_queries.lua URL -- $(basename "$QUERIES")"
  echo "          ×$RUNS per engine, alternating ours/baseline; load from other processes is possible"
  echo "load:     1-min load average $load_at_start at start, $(cut -d' ' -f1 /proc/loadavg) at end (the machine has $(nproc) cores)"
  echo "data:     $input_docs docs, $((input_bytes / 1000000)) MB JSONL (jobs-it + icourse163); $(grep -cv -e '^#' -e '^[[:space:]]*$' "$QUERIES") queries, size=10"
  echo "servers:  ours --threads ${best_threads[ours]}, baseline --threads ${best_threads[baseline]} (tried: $SERVER_THREADS)"
  echo
  if [[ -n $sweep_table ]]; then
    echo "worker-thread sweep (${SWEEP_DURATION}s each; kept: best QPS with p99 within 2x the engine's lowest):"
    printf '%s' "$sweep_table" | sed 's/^/  /'
  fi
  echo "measured runs:"
  printf '%s' "$runs_table"
  echo
  printf '%-10s %12s %12s %12s %10s\n' "" "QPS" "p50 ms" "p99 ms" "non-2xx"
  for engine in ours baseline; do
    printf '%-10s %12.1f %12.2f %12.2f %10d\n' "$engine" "$(median ${qps[$engine]})" \
      "$(median ${p50[$engine]})" "$(median ${p99[$engine]})" "${non2xx[$engine]}"
  done
  printf '%-10s %12s %12s %12s\n' "ours/base" \
    "$(ratio "$(median ${qps[ours]})" "$(median ${qps[baseline]})")" \
    "$(ratio "$(median ${p50[ours]})" "$(median ${p50[baseline]})")" \
    "$(ratio "$(median ${p99[ours]})" "$(median ${p99[baseline]})")"
  echo "(medians of $RUNS runs; QPS ratio > 1 and latency ratios < 1 favour ours)"
  echo
  echo "zero-result rate (one pass over the queries, size=10):"
  printf '%s\n' "$query_pass" | sed 's/^/  /'
  echo
  echo "wrk output: $log"
  if [[ $PERF == 1 ]]; then
    echo "perf data:  $DATA_DIR/results/perf-ours-$stamp.data (perf report -i FILE --no-children)"
  fi
} | tee -a "$log"
