#!/usr/bin/env bash
# Soak (issue 17): chanjiao-server under mixed search / suggest / recommend /
# publish / delete load with the periodic `chanjiao-index update` and
# `rebuild` jobs, for MINUTES (default 30). Prints a row per interval (requests,
# errors, p99 per kind, server RSS and open fds), then the totals, the RSS
# drift after warm-up, and whether every acknowledged document is in the store
# and the index (and every deletion gone). Exit 1 on any error.
#   usage: bench/soak.sh [MINUTES] [bench/soak.py options, e.g. --interval 10
#          --update-every 30 --rebuild-every 60 --corpus FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
chanjiao_build >/dev/null
minutes=${1:-30}
shift || true
exec /usr/bin/python3 bench/soak.py --build build --minutes "$minutes" "$@"
