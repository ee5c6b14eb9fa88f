#!/usr/bin/env python3
"""Slow and hostile clients (issue 17): search latency of chanjiao-server alone
and behind nginx (deploy/nginx.conf), idle and while N connections are held
open by clients that send nothing, a header a byte a second, or a body a byte
a second (tests/integration/hostile_clients.py).

    python3 bench/slow_clients_bench.py --build build [--slow 200] [--threads 8]
           [--seconds 15] [--rounds 2] [--modes idle,header,body]

One server (the sample corpus, --threads workers), one nginx in front of it.
Each round measures, alternating which setup goes first: for each setup, a
probe of sequential searches (a new connection each, 10 s timeout, as a new
visitor) for --seconds idle, then for --seconds under the slow clients (after
2 s for them to connect). Reports per setup and phase the searches answered,
the ones that failed or timed out, and the latency median / p90 / p99 / max;
the baseline is the server alone, idle, in the same run. Prints the machine
and the command first.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from benchlib import machine, pct  # noqa: E402
from chanjiao_server import Server  # noqa: E402
from hostile_clients import MODES, Nginx, SlowClients  # noqa: E402

QUERIES = ["工程师", "数据分析", "java", "长沙 前端", "销售", "机械设计", "护理", "会计"]


def probe(base, seconds, timeout=10.0):
    """Sequential searches for `seconds`: (latencies in ms of 200s, failures)."""
    ms, failures, i = [], 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        url = base + "/api/v1/search?" + urllib.parse.urlencode({"q": QUERIES[i % len(QUERIES)]})
        i += 1
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                r.read()
                ok = r.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        if ok:
            ms.append(1000 * (time.perf_counter() - start))
        else:
            failures += 1
    return ms, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(REPO / "build"))
    parser.add_argument("--slow", type=int, default=200, help="slow connections")
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
    parser.add_argument("--seconds", type=float, default=15, help="per probe phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--modes", default=",".join(MODES),
                        help="slow-client kinds, spread over the connections")
    args = parser.parse_args()
    modes = tuple(args.modes.split(","))

    print("machine:", machine())
    print("command:", " ".join([os.path.relpath(sys.argv[0], os.getcwd())] + sys.argv[1:]))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    print("commit:", commit or "?", "|", nginx_version, "| server threads:", args.threads,
          "| slow connections:", args.slow, "(%s)" % "/".join(modes))
    server = Server(args.build, threads=args.threads)
    nginx = Nginx(int(server.base.rsplit(":", 1)[1]))
    setups = {"server alone": server.base, "behind nginx": nginx.base}
    results = {(s, phase): ([], 0) for s in setups for phase in ("idle", "slow")}
    try:
        for r in range(args.rounds):
            order = list(setups) if r % 2 == 0 else list(reversed(setups))
            for name in order:
                base = setups[name]
                host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
                idle_ms, failed = probe(base, args.seconds)
                old = results[(name, "idle")]
                results[(name, "idle")] = (old[0] + idle_ms, old[1] + failed)
                with SlowClients(host, port, args.slow, modes) as slow:
                    time.sleep(2)
                    ms, failed = probe(base, args.seconds)
                    held = slow.open_now()
                old = results[(name, "slow")]
                results[(name, "slow")] = (old[0] + ms, old[1] + failed)
                print("  round %d %-12s: idle %d ok; with %d slow (%d open at the end, %d opened "
                      "in all): %d ok, %d failed" % (r + 1, name, len(idle_ms),
                                                    args.slow, held, slow.opened, len(ms), failed))
                time.sleep(6)  # let the server's keep-alive and read timeouts clear
    finally:
        nginx.close()
        server.close()

    base_median = statistics.median(results[("server alone", "idle")][0])
    print()
    print("| %d s × %d rounds, sequential searches | answered | failed or timed out (10 s) | "
          "median ms | p90 | p99 | max | median / alone idle |" % (args.seconds, args.rounds))
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in setups:
        for phase, label in (("idle", "idle"), ("slow", "%d slow connections" % args.slow)):
            ms, failed = results[(name, phase)]
            if ms:
                print("| %s, %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f× |" % (
                    name, label, len(ms), failed, statistics.median(ms), pct(ms, 90), pct(ms, 99),
                    max(ms), statistics.median(ms) / base_median))
            else:
                print("| %s, %s | 0 | %d | – | – | – | – | – |" % (name, label, failed))


if __name__ == "__main__":
    main()
