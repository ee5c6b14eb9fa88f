#!/usr/bin/env python3
"""Long-query latency (issue 13): pasted texts of 3,000–6,000 characters
through POST /api/v1/search over ≥ 9,000 documents of several thousand
characters, and short queries (bench/queries.txt) through GET over the same
index, for this build and a baseline build (e.g. main) in the same run.

    bench/longtext/latency.py --build BUILD [--baseline-build OTHER_BUILD]
        [--data ../shared/data] [--work DIR] [--docs 9000] [--per-doc 8]
        [--long-queries 200] [--rounds 3] [--threads 2]

The corpus is derived from jobs-it-2019 (nothing is copied into the repo):
each document joins --per-doc job descriptions drawn with a fixed seed (a
description may serve several documents), so documents run to several
thousand characters like the issue's case descriptions. Each long query
joins held-out descriptions until it has 3,000–6,000 characters.

One client connection, requests one after another (no queueing in the
numbers), the server with --threads workers; rounds alternate builds
(A/B/A/B…) so machine load hits both alike. Reported: client-side wall
latency p50 / p90 / p99 / max per build and query kind, medians over rounds,
and the ratio to the baseline.

Exit status: 0 done; 2 skipped (data absent) or bad usage; 1 broke.
"""
import argparse
import datetime
import http.client
import json
import random
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "relevance"))
import rellib  # noqa: E402

REPO = rellib.REPO
SEED = 20261207


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def descriptions(data):
    src = data / "jobs-it-2019"
    if not src.is_dir():
        print(f"latency: skipped: {src} not found")
        sys.exit(2)
    out = []
    for f in sorted(src.glob("jobs-*.jsonl")):
        for line in open(f, encoding="utf-8"):
            d = json.loads(line)
            if len(d.get("description", "")) >= 100:
                out.append(d)
    return out


def make_corpus(rows, n_docs, per_doc, n_queries):
    rng = random.Random(SEED)
    rng.shuffle(rows)
    held_out, pool = rows[:n_queries * 12], rows[n_queries * 12:]
    docs = []
    for i in range(n_docs):
        parts = rng.sample(pool, per_doc)
        docs.append({"id": f"lt-{i:05d}", "type": "case", "title": parts[0]["title"],
                     "org": parts[0]["company"], "region": parts[0]["city"],
                     "body": "\n".join(p["description"] for p in parts)})
    queries, it = [], iter(held_out)
    for _ in range(n_queries):
        target = rng.randint(3000, 6000)
        text = ""
        for p in it:
            text += p["description"] + "\n"
            if len(text) >= target:
                break
        queries.append(text[:target])
    return docs, [q for q in queries if len(q) >= 3000]


class Server:
    def __init__(self, build, index, threads):
        self.build, self.index, self.threads = build, index, threads

    def __enter__(self):
        self.proc, base = rellib.start_server(self.build, self.index, self.threads,
                                              "--query-log", "off", "--store", "off")
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        return self

    def __exit__(self, *exc):
        self.conn.close()
        rellib.stop_server(self.proc)

    def timed(self, method, path, body=None):
        for attempt in (1, 2):
            try:
                start = time.perf_counter()
                self.conn.request(method, path, body=body,
                                  headers={"Content-Type": "application/json"} if body else {})
                r = self.conn.getresponse()
                payload = r.read()
                elapsed = (time.perf_counter() - start) * 1000
                if r.status != 200:
                    raise SystemExit(f"latency: HTTP {r.status}: {payload[:300]!r}")
                return elapsed, json.loads(payload)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()  # keep-alive limit reached: reconnect, ask again
                if attempt == 2:
                    raise

    def long(self, text):
        return self.timed("POST", "/api/v1/search",
                          json.dumps({"q": text, "size": 10}, ensure_ascii=False).encode())

    def short(self, q):
        return self.timed("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": q, "size": 10}))


def percentiles(xs):
    xs = sorted(xs)
    pick = lambda p: xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]
    return {"p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99), "max": xs[-1]}


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def build_index(build, work, name, corpus):
    index = work / f"index-{name}"
    stamp = work / f"index-{name}.stamp"
    want = rellib.fingerprint([build / "chanjiao-index", corpus, *rellib.dictionary_files()])
    if stamp.exists() and stamp.read_text() == want:
        return index
    log(f"{name}: chanjiao-index build")
    shutil.rmtree(index, ignore_errors=True)
    start = time.monotonic()
    subprocess.run([str(build / "chanjiao-index"), "build", "--out", str(index), str(corpus)],
                   check=True, capture_output=True)
    log(f"{name}: indexed in {time.monotonic() - start:.0f} s")
    stamp.write_text(want)
    return index


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, default=REPO / "build")
    ap.add_argument("--baseline-build", type=Path, help="a build to compare with (e.g. main's)")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--work", type=Path, help="[BUILD/bench-data/longtext-latency]")
    ap.add_argument("--docs", type=int, default=9000)
    ap.add_argument("--per-doc", type=int, default=8)
    ap.add_argument("--long-queries", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    build = args.build.resolve()
    work = (args.work or build / "bench-data" / "longtext-latency").resolve()
    work.mkdir(parents=True, exist_ok=True)

    docs, long_queries = make_corpus(descriptions(args.data), args.docs, args.per_doc,
                                     args.long_queries)
    corpus = work / "corpus.jsonl"
    rellib.write_if_changed(corpus, "".join(json.dumps(d, ensure_ascii=False) + "\n"
                                            for d in docs))
    short_queries = [line.strip() for line in open(REPO / "bench" / "queries.txt",
                                                   encoding="utf-8")
                     if line.strip() and not line.startswith("#")]
    builds = {"ours": build}
    if args.baseline_build:
        builds["baseline"] = args.baseline_build.resolve()
    indexes = {name: build_index(b, work, name, corpus) for name, b in builds.items()}

    doc_chars = sorted(len(d["body"]) for d in docs)
    q_chars = sorted(len(q) for q in long_queries)
    print("longtext latency:", datetime.datetime.now(datetime.timezone.utc)
          .strftime("%Y-%m-%d %H:%M UTC"))
    print("machine:", rellib.machine(), " load:", rellib.load_average(),
          " code:", rellib.code_version())
    print("command:", " ".join([Path(sys.argv[0]).name] + sys.argv[1:]))
    print(f"corpus: {len(docs)} documents, body {doc_chars[len(doc_chars) // 2]} characters "
          f"median ({doc_chars[0]}–{doc_chars[-1]}); long queries: {len(long_queries)}, "
          f"{q_chars[0]}–{q_chars[-1]} characters; short queries: {len(short_queries)} "
          f"(bench/queries.txt); server --threads {args.threads}, one client connection")

    # The baseline (main before issue 13) has no POST form: short queries only.
    results = {(name, kind): [] for name in builds for kind in ("long", "short")}
    took = {"ours": []}
    for r in range(args.rounds):
        for name, b in builds.items():
            with Server(b, indexes[name], args.threads) as server:
                # Warm the page cache and the facet table first.
                for q in short_queries:
                    server.short(q)
                # Short queries first, so both builds measure them in the same state.
                lat = [server.short(q)[0] for q in short_queries * 3]
                results[(name, "short")].append(percentiles(lat))
                if name == "ours":
                    for q in long_queries[:20]:
                        server.long(q)
                    lat = []
                    for q in long_queries:
                        ms, body = server.long(q)
                        lat.append(ms)
                        took[name].append(body["took_ms"])
                    results[(name, "long")].append(percentiles(lat))
            log(f"round {r + 1} {name}: short p99 {results[(name, 'short')][-1]['p99']:.1f} ms"
                + (f", long p99 {results[(name, 'long')][-1]['p99']:.1f} ms" if name == "ours" else ""))

    print(f"\nclient wall latency, ms (median of {args.rounds} rounds)")
    print(f"{'build':<10}{'queries':<8}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}   ratio p50 / p99")
    for kind in ("long", "short"):
        for name in builds:
            if not results[(name, kind)]:
                continue
            row = {k: median([x[k] for x in results[(name, kind)]]) for k in ("p50", "p90",
                                                                               "p99", "max")}
            ratio = ""
            if name != "baseline" and results.get(("baseline", kind)):
                base = {k: median([x[k] for x in results[("baseline", kind)]])
                        for k in ("p50", "p99")}
                ratio = f"{row['p50'] / base['p50']:.2f} / {row['p99'] / base['p99']:.2f}"
            print(f"{name:<10}{kind:<8}" + "".join(f"{row[k]:>8.1f}" for k in
                                                  ("p50", "p90", "p99", "max")) + f"   {ratio}")
    for name in took:
        t = percentiles(took[name])
        print(f"{name}: server took_ms for long queries p50 {t['p50']:.1f} p99 {t['p99']:.1f}")
    print("load after:", rellib.load_average())
    return 0


if __name__ == "__main__":
    sys.exit(main())
