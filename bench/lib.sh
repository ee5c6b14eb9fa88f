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

# bench_start_server NAME SERVER INDEX WORK [ARGS...]: starts SERVER on
# 127.0.0.1 with an ephemeral port over INDEX (query log in WORK: a
# benchmark's searches are not users'), waits for its "listening on" line and
# sets `server_pid` and `url`. Exits the calling script with 1 when the server
# does not start. The caller stops it (kill "$server_pid").
bench_start_server() {
  local name=$1 server=$2 index=$3 work=$4
  shift 4
  "$server" --index "$index" --bind 127.0.0.1 --port 0 --no-access-log \
    --query-log "$work/query-log.sqlite" "$@" >"$work/server.out" 2>&1 &
  server_pid=$!
  bench_wait_listening "$name" "$server_pid" "$work/server.out"
}

# bench_wait_listening NAME PID OUT: waits (up to 30 s) for the "listening on
# URL" line a server (ours or a baseline) prints to OUT; sets `url`. Exits
# with the server's output when it dies or never listens.
bench_wait_listening() {
  local name=$1 pid=$2 out=$3 i
  url=""
  for ((i = 0; i < 300; ++i)); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$out")
    [[ -n $url ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name: server did not start:" >&2
  cat "$out" >&2
  exit 1
}

# bench_cleanup: the EXIT trap of a script that ran bench_start_server in the
# scratch directory `work`: stops the server (`server_pid`), removes `work`.
#   work=$(mktemp -d); server_pid=""; trap bench_cleanup EXIT
bench_cleanup() {
  [[ -n ${server_pid:-} ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "${work:?}"
}
