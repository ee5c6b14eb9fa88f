#!/usr/bin/env bash
# Indexing throughput: `chanjiao-index build` against the Xapian 1.4
# FLAG_CJK_NGRAM baseline (bench/ngram_baseline_index) on the jobs-it-2019
# import (37k postings). Runs alternate ours / baseline, each into a fresh
# output folder. See bench/README.md.
#
#   bench/index_bench.sh                # 3 runs each (~15 min on 2 cores)
#   RUNS=1 bench/index_bench.sh
#
# Settings (environment):
#   BUILD_DIR  build tree with chanjiao-index and bench/ngram_baseline_index  [<repo>/build]
#   DATA_DIR   cache for the imported JSONL; runs write below it  [$BUILD_DIR/bench-data]
#   RUNS       runs per indexer                                   [3]
#
# Two times per run: the wall time of the whole command (for chanjiao-index
# this includes loading its dictionaries, ~1.5 s) and the indexer's own time
# (chanjiao-index: "records read in N s"; the baseline: "docs in N s").
# CPU seconds (user + sys) are reported too: chanjiao-index writes one shard
# per core, the baseline is one thread, so on a busy machine wall time and
# CPU time tell different stories.
#
# Exit status: 0 done; 2 the jobs-it-2019 dataset is absent (skipped); 1 other failures.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo/bench/lib.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/bench-data}
RUNS=${RUNS:-3}
indexer=$BUILD_DIR/chanjiao-index
baseline_indexer=$BUILD_DIR/bench/ngram_baseline_index

for bin in "$indexer" "$baseline_indexer"; do
  [[ -x $bin ]] || { echo "index_bench: $bin missing; build it first (see bench/README.md)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "index_bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

mkdir -p "$DATA_DIR/results"
stamp=$(date +%Y%m%d-%H%M%S)
load_at_start=$(cut -d' ' -f1 /proc/loadavg)
log=$DATA_DIR/results/index-$stamp.log
work=$(mktemp -d "$DATA_DIR/index-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

input=$DATA_DIR/jobs-it.jsonl
bench_import index_bench jobs-it "$input"
docs=$(wc -l <"$input")
bytes=$(wc -c <"$input")

# run_indexer ENGINE N: one fresh build; prints "WALL CPU OWN" in seconds.
run_indexer() {
  local out=$work/$1-$2 output=$work/$1-$2.out
  local t0 t1
  t0=$(date +%s.%N)
  if [[ $1 == ours ]]; then
    /usr/bin/time -f 'CPU %U %S' -o "$work/time" "$indexer" build --out "$out" "$input" >"$output" 2>&1
  else
    /usr/bin/time -f 'CPU %U %S' -o "$work/time" "$baseline_indexer" "$out" "$input" >"$output" 2>&1
  fi
  t1=$(date +%s.%N)
  { echo "== $1 run $2"; tr '\r' '\n' <"$output" | tail -3; cat "$work/time"; } >>"$log"
  local own
  if [[ $1 == ours ]]; then
    own=$(sed -n 's/.* records read in \([0-9.]*\)s.*/\1/p' "$output")
  else
    own=$(sed -n 's/.* docs in \([0-9.e+]*\) s,.*/\1/p' "$output")
  fi
  [[ -n $own ]] || { echo "index_bench: cannot read the $1 indexer's time:" >&2; tail -5 "$output" >&2; exit 1; }
  rm -rf "$out"
  awk -v t0="$t0" -v t1="$t1" -v own="$own" '/^CPU/ {printf "%.2f %.2f %.2f\n", t1 - t0, $2 + $3, own}' "$work/time"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "n/a"; else printf "%.2f", a / b}'; }

declare -A wall cpu own
runs_table=""
for ((run = 1; run <= RUNS; ++run)); do
  for engine in ours baseline; do
    echo "run $run: $engine" >&2
    result=$(run_indexer "$engine" "$run")
    read -r w c o <<<"$result"
    wall[$engine]+="$w "
    cpu[$engine]+="$c "
    own[$engine]+="$o "
    runs_table+=$(printf '  run %d  %-8s wall %7.1f s  own %7.1f s  cpu %7.1f s' "$run" "$engine" "$w" "$o" "$c")$'\n'
  done
done

rate() {  # rate SECONDS → "docs/s MB/s"
  awk -v s="$1" -v d="$docs" -v b="$bytes" 'BEGIN {printf "%9.0f %8.2f", d / s, b / s / 1e6}'
}

# shellcheck disable=SC2086  # word splitting of the collected values is intended
{
  echo "== indexing benchmark: chanjiao-index vs Xapian 1.4 FLAG_CJK_NGRAM baseline"
  echo "date:     $(date -Iseconds)"
  echo "machine:  $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
  echo "code:     $(git -C "$repo" rev-parse --short HEAD 2>/dev/null)$(git -C "$repo" diff --quiet HEAD 2>/dev/null || echo ' (working tree modified)')"
  echo "command:  chanjiao-index build --out FRESH_DIR jobs-it.jsonl"
  echo "          ngram_baseline_index FRESH_DIR jobs-it.jsonl"
  echo "          ×$RUNS each, alternating; load from other processes is possible"
  echo "load:     1-min load average $load_at_start at start, $(cut -d' ' -f1 /proc/loadavg) at end (the machine has $(nproc) cores)"
  echo "input:    $docs docs, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB JSONL (jobs-it-2019 import)"
  echo
  printf '%s' "$runs_table"
  echo
  printf '%-10s %10s %9s %8s %10s %9s %8s %9s\n' "" "wall s" "docs/s" "MB/s" "own s" "docs/s" "MB/s" "cpu s"
  for engine in ours baseline; do
    mw=$(median ${wall[$engine]}) mo=$(median ${own[$engine]}) mc=$(median ${cpu[$engine]})
    printf '%-10s %10.1f %s %10.1f %s %9.1f\n' "$engine" "$mw" "$(rate "$mw")" "$mo" "$(rate "$mo")" "$mc"
  done
  printf '%-10s %10s %9s %8s %10s %9s %8s %9s\n' "ours/base" \
    "$(ratio "$(median ${wall[ours]})" "$(median ${wall[baseline]})")" \
    "$(ratio "$(median ${wall[baseline]})" "$(median ${wall[ours]})")" "" \
    "$(ratio "$(median ${own[ours]})" "$(median ${own[baseline]})")" \
    "$(ratio "$(median ${own[baseline]})" "$(median ${own[ours]})")" "" \
    "$(ratio "$(median ${cpu[ours]})" "$(median ${cpu[baseline]})")"
  echo "(medians of $RUNS runs; 'own' is the time the indexer reports itself, without"
  echo " chanjiao-index's dictionary loading; ratios of seconds < 1 and of docs/s > 1 favour ours)"
  echo
  echo "log: $log"
} | tee -a "$log"
