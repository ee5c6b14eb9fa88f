#!/usr/bin/env bash
# Recommendation latency and rule-labelled quality (evaluate.py) of two builds,
# alternating A B A B… so that the shared machine's load hits both alike.
#   bench/recommend/ab.sh BUILD_A INDEX_A BUILD_B INDEX_B [ROUNDS] [JSONL...]
# Each INDEX is that build's `chanjiao-index build --out INDEX` of the JSONL
# files (default: build/bench-data/{jobs-it,icourse163}.jsonl of this
# checkout, made by bench/recommend/run.sh). Prints every run's tables, then the median p50/p99
# (wall) and p99 took_ms per build and endpoint, and the p99 ratio B / A. Exit status 2: data absent.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_A=$1 INDEX_A=$2 BUILD_B=$3 INDEX_B=$4 ROUNDS=${5:-2}
shift $(($# < 5 ? $# : 5))
files=("$@")
if [[ ${#files[@]} == 0 ]]; then
  files=("$HERE/../../build/bench-data/jobs-it.jsonl" "$HERE/../../build/bench-data/icourse163.jsonl")
fi
for f in "${files[@]}"; do
  [[ -s $f ]] || { echo "skipped: $f absent (bench/recommend/run.sh imports it)"; exit 2; }
done
echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: $0 $BUILD_A $INDEX_A $BUILD_B $INDEX_B $ROUNDS ${files[*]}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$ROUNDS"); do
  for side in A B; do
    build=BUILD_$side index=INDEX_$side
    echo "## round $round, $side (${!build})"
    python3 "$HERE/evaluate.py" --build "${!build}" --index "${!index}" --jsonl "${files[@]}" |
      tee "$out/$side.$round"
  done
done
python3 - "$out" "$ROUNDS" <<'PY'
import statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {}
for side in "AB":
    for r in range(1, rounds + 1):
        in_latency = False
        for line in open(f"{out}/{side}.{r}", encoding="utf-8"):
            in_latency = in_latency or line.startswith("| latency")
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            # | system | requests | p50 wall | p99 wall | p50 took_ms | p99 took_ms |
            if in_latency and len(cells) == 6 and cells[1].isdigit():
                rows.setdefault((cells[0], side), []).append(tuple(float(c) for c in cells[2:6]))
print()
print(f"| endpoint (median of {rounds} runs, ms) | A p50 | A p99 | B p50 | B p99 | p99 B / A "
      f"| A p99 took_ms | B p99 took_ms |")
print("|---|---|---|---|---|---|---|---|")
for name in dict.fromkeys(k[0] for k in rows):
    a, b = rows.get((name, "A"), []), rows.get((name, "B"), [])
    if not a or not b:
        continue
    med = lambda v, i: statistics.median(x[i] for x in v)
    print(f"| {name} | {med(a, 0):.1f} | {med(a, 1):.1f} | {med(b, 0):.1f} | {med(b, 1):.1f} "
          f"| {med(b, 1) / med(a, 1):.2f} | {med(a, 3):.1f} | {med(b, 3):.1f} |")
PY
