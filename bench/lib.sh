# Shared by the bench/ scripts. Sourced, not executed.

BENCH_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_import SCRIPT DATASET OUT: imports DATASET from ../shared/data with
# corpus/importers/chanjiao_import.py into OUT, unless OUT already holds it.
# Writes OUT.tmp and renames it, so a killed import leaves no half file that
# later runs would take for data. Exits the calling script with 2 (skipped)
# when the dataset is not available, 1 when the import fails.
bench_import() {
  local script=$1 dataset=$2 out=$3 status=0
  [[ -s $out ]] && return 0
  echo "importing $dataset → $out" >&2
  mkdir -p "$(dirname "$out")"
  python3 "$BENCH_REPO/corpus/importers/chanjiao_import.py" "$dataset" --out "$out.tmp" \
    2>"$out.err" || status=$?
  if [[ $status == 0 ]]; then
    mv "$out.tmp" "$out"
    rm -f "$out.err"
    return 0
  fi
  rm -f "$out.tmp"
  if [[ $status == 2 ]]; then
    echo "$script: skipped: dataset $dataset is not available ($(tail -1 "$out.err"))" >&2
    rm -f "$out.err"
    exit 2
  fi
  cat "$out.err" >&2
  rm -f "$out.err"
  exit 1
}
