#!/usr/bin/env python3
"""Latency of the insights endpoints against a running chanjiao-server.

    python3 bench/insights_bench.py URL QUERIES.txt [--rounds N]

One keep-alive connection, requests one after another (the dashboard's
pattern: one user, three calls per filter change). For every query of the
file (plus the empty query, i.e. all postings) each endpoint is called once
per round, in rotation: /api/v1/search?type=job (the baseline measured in the
same run), /api/v1/insights/demand, /api/v1/insights/gap, and
/api/v1/insights/queries. Prints p50 / p90 / p99 / max client-side latency in
ms per endpoint and the ratio of the medians to search's. Also checks that
demand's `total` and `total_exact` equal search's for every query (above
SearchLimits::kCountCheckLimit both are search's estimate).

Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
import urllib.parse


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        lines = (line.strip() for line in f)
        return [line for line in lines if line and not line.startswith("#")]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("queries")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = urllib.parse.urlparse(args.url)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    queries = [""] + read_queries(args.queries)
    endpoints = {
        "search?type=job": lambda q: "/api/v1/search?" + urllib.parse.urlencode({"q": q, "type": "job"}),
        "insights/demand": lambda q: "/api/v1/insights/demand?" + urllib.parse.urlencode({"q": q}),
        "insights/gap": lambda q: "/api/v1/insights/gap?" + urllib.parse.urlencode({"q": q}),
        "insights/queries": lambda q: "/api/v1/insights/queries?days=30",
    }
    latencies = {name: [] for name in endpoints}
    mismatches = []

    def get(path):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}: {body[:200]!r}")
        return elapsed, json.loads(body)

    for round_ in range(args.rounds + 1):  # round 0 warms the caches
        for q in queries:
            totals = {}
            for name, make in endpoints.items():
                elapsed, body = get(make(q))
                if round_ > 0:
                    latencies[name].append(elapsed)
                totals[name] = (body.get("total"), body.get("total_exact"))
            if round_ == 0 and totals["search?type=job"] != totals["insights/demand"]:
                mismatches.append((q, totals["search?type=job"], totals["insights/demand"]))

    base_p50 = statistics.median(latencies["search?type=job"])
    print(f"{len(queries)} queries x {args.rounds} rounds, one connection, sequential")
    print(f"{'endpoint':18} {'n':>5} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50/search':>10}")
    for name, values in latencies.items():
        print(f"{name:18} {len(values):5d} {percentile(values, .5):8.2f} {percentile(values, .9):8.2f} "
              f"{percentile(values, .99):8.2f} {max(values):8.2f} {percentile(values, .5) / base_p50:10.2f}")
    if mismatches:
        print("demand total != search total:", mismatches[:10])
        return 1
    print("demand (total, total_exact) == search's for every query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
