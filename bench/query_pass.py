#!/usr/bin/env python3
"""One pass through a query file against search servers: zero-result rate and slowest queries.

    python3 bench/query_pass.py QUERIES.txt NAME=URL [NAME=URL...]

For each server, every query is sent once (GET /api/v1/search?q=...&size=10). Prints per
server: queries answered 200, zero-result queries (total == 0), queries answered non-200
(e.g. the baseline's 400 for a query Xapian 1.4 cannot parse: it finds nothing either), the
zero-result rate counting both, queries chanjiao-server answered with partial matches
(`relaxed`), the median `took_ms`, and the slowest queries by `took_ms` (the server's own
time, without HTTP). The pass also warms the servers' caches.

Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import statistics
import sys
import urllib.error
import urllib.parse
import urllib.request


SHOWN = 12  # queries listed per category


def read_queries(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        lines = (line.strip() for line in f)
        return [line for line in lines if line and not line.startswith("#")]


def ask(base_url: str, query: str) -> tuple[int, dict]:
    """One search; `query` is the text of q, or a query string starting with
    "?" (bench/make_queries.py), as bench/wrk_queries.lua reads them."""
    if query.startswith("?"):
        url = f"{base_url}/api/v1/search{query}&size=10"
    else:
        url = f"{base_url}/api/v1/search?q={urllib.parse.quote(query)}&size=10"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        return e.code, {}


def main(argv: list[str]) -> int:
    if len(argv) < 3 or any("=" not in a for a in argv[2:]):
        print(__doc__, file=sys.stderr)
        return 2
    queries = read_queries(argv[1])
    for spec in argv[2:]:
        name, base_url = spec.split("=", 1)
        zero, failed, relaxed, took = [], [], [], []
        for q in queries:
            status, body = ask(base_url, q)
            if status != 200:
                failed.append(f"{q} ({status})")
                continue
            took.append((float(body.get("took_ms", 0.0)), q, body.get("total", 0)))
            if body.get("total", 0) == 0:
                zero.append(q)
            if body.get("relaxed"):
                relaxed.append(q)
        n = len(queries)
        rate = 100.0 * (len(zero) + len(failed)) / n
        print(f"{name}: {n} queries, zero-result {len(zero) + len(failed)} ({rate:.1f}%)"
              f" = {len(zero)} with total 0 + {len(failed)} non-200;"
              f" {len(relaxed)} answered with partial matches (relaxed)")
        # At most SHOWN of each: a replay of thousands would flood the report.
        for label, items in (("total 0", zero), ("non-200", failed), ("relaxed", relaxed)):
            if items:
                more = f" … and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
                print(f"  {label}: {', '.join(items[:SHOWN])}{more}")
        if took:
            took.sort(reverse=True)
            print(f"  took_ms median {statistics.median(t for t, _, _ in took):.2f};"
                  f" slowest: " + ", ".join(f"{q} {t:.1f} ms ({total} hits)"
                                           for t, q, total in took[:6]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
