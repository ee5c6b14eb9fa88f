#!/usr/bin/env python3
"""Publishing benchmark (issue 6): throughput of POST /api/v1/documents with
batches of 1 and 100 documents, and time-to-visible (acknowledged write →
first search that finds it), against the real chanjiao-server on loopback.

    python3 bench/publish_bench.py --build build [--corpus corpus/sample]
           [--docs 2000] [--clients 1] [--visible 50] [--rounds 3]

Throughput runs alternate batch 1 / batch 100 for `--rounds` rounds and report
medians and their ratio (the batch-1 figure is the baseline of the same run).
Each time-to-visible sample publishes one document with a unique word and
polls /api/v1/search every 5 ms until it is found; reported as median, p90,
p99 and max. Prints the machine and the command first.
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from benchlib import machine, pct  # noqa: E402
from chanjiao_server import SAMPLE, Server  # noqa: E402


def doc(doc_id, word=""):
    return {"id": doc_id, "type": "job", "title": "基准测试岗位 %s" % word,
            "org": "基准测试机构", "region": "长沙", "skills": ["Python", "数据分析"],
            "body": "负责数据采集与分析平台的开发与维护，熟悉Python和SQL。%s" % word}


def drained(server, timeout=120):
    """Waits until the index has applied every store change."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        h = server.get("/healthz")[1]
        if h["index_store_seq"] == h["store_seq"]:
            return
        time.sleep(0.01)
    raise SystemExit("the live updater did not catch up within %d s" % timeout)


def throughput(server, key, batch, docs, clients, tag):
    """(acknowledged docs/s, searchable docs/s) for `docs` documents in batches
    of `batch` from `clients` threads: the second counts until the live
    updater has indexed the last of them."""
    per_client = docs // clients
    errors = []

    def run(c):
        for start in range(0, per_client, batch):
            n = min(batch, per_client - start)
            body = [doc("b%s-%d-%d-%d" % (tag, c, start, i)) for i in range(n)]
            status, reply = server.call("POST", "/api/v1/documents", body if batch > 1 else body[0],
                                        key=key)
            if status != 201:
                errors.append(reply)

    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if errors:
        raise SystemExit("publish failed: %s" % errors[0])
    drained(server)
    searchable = time.perf_counter() - start
    return per_client * clients / seconds, per_client * clients / searchable


class SearchProbe:
    """Searches one after another from a thread, recording client-side latency:
    what readers pay for the live updater's commits (each new revision is
    reopened, and its facet table loaded, by the first search that sees it)."""
    QUERIES = ["数据分析", "工程师", "java", "长沙 前端", "销售"]

    def __init__(self, server):
        self.server, self.stop, self.ms = server, threading.Event(), []
        self.thread = threading.Thread(target=self.run)

    def run(self):
        i = 0
        while not self.stop.is_set():
            start = time.perf_counter()
            status, _ = self.server.call("GET", "/api/v1/search", q=self.QUERIES[i % 5])
            assert status == 200
            self.ms.append(1000 * (time.perf_counter() - start))
            i += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def time_to_visible(server, key, samples):
    out = []
    for _ in range(samples):
        word = "zz" + uuid.uuid4().hex[:10]
        start = time.perf_counter()
        status, _ = server.call("POST", "/api/v1/documents", doc("v-" + word, word), key=key)
        assert status == 201
        while True:
            status, body = server.call("GET", "/api/v1/search", q=word, size=1)
            if status == 200 and body["total"] > 0:
                out.append(time.perf_counter() - start)
                break
            if time.perf_counter() - start > 10:
                raise SystemExit("document not visible after 10 s")
            time.sleep(0.005)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(REPO / "build"))
    parser.add_argument("--corpus", default=str(SAMPLE))
    parser.add_argument("--docs", type=int, default=2000, help="documents per throughput run")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--visible", type=int, default=50, help="time-to-visible samples")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    print("machine:", machine())
    print("command:", " ".join([os.path.relpath(sys.argv[0], os.getcwd())] + sys.argv[1:]))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print("commit:", commit or "?", "| corpus:", args.corpus)
    server = Server(args.build, sources=(args.corpus,), threads=8)
    try:
        key = server.create_key("bench", "enterprise")
        docs0 = server.get("/healthz")[1]["documents"]
        print("index: %d documents at start; store: synchronous=FULL (fsync per commit)" % docs0)
        rates = {1: [], 100: []}
        idle, busy = [], []
        for r in range(args.rounds):
            with SearchProbe(server) as probe:
                time.sleep(2)
            idle += probe.ms
            for batch in (1, 100):
                n = args.docs if batch > 1 else max(args.clients, args.docs // 10)
                with SearchProbe(server) as probe:
                    acked, searchable = throughput(server, key, batch, n, args.clients,
                                                   "%d%d" % (r, batch))
                if batch == 100:
                    busy += probe.ms
                rates[batch].append((acked, searchable))
                print("  round %d batch %3d: %6d docs  %8.1f docs/s acknowledged  %8.1f docs/s "
                      "searchable" % (r + 1, batch, n, acked, searchable))
        lat = time_to_visible(server, key, args.visible)

        def med(batch, i):
            return statistics.median(r[i] for r in rates[batch])
        print()
        print("| publish (%d client%s), median of %d | acknowledged docs/s | searchable docs/s |"
              % (args.clients, "s" if args.clients > 1 else "", args.rounds))
        print("|---|---:|---:|")
        print("| batch 1 (baseline) | %.1f | %.1f |" % (med(1, 0), med(1, 1)))
        print("| batch 100 | %.1f | %.1f |" % (med(100, 0), med(100, 1)))
        print("| batch 100 / batch 1 | %.1f× | %.1f× |" % (med(100, 0) / med(1, 0),
                                                         med(100, 1) / med(1, 1)))
        print()
        print("| time to visible (%d samples) | median | p90 | p99 | max |" % len(lat))
        print("|---|---:|---:|---:|---:|")
        print("| ms | %.0f | %.0f | %.0f | %.0f |" % (
            1000 * statistics.median(lat), 1000 * pct(lat, 90), 1000 * pct(lat, 99),
            1000 * max(lat)))
        print()
        print("| search latency, one client (ms) | searches | median | p90 | p99 |")
        print("|---|---:|---:|---:|---:|")
        for name, ms in (("idle (baseline)", idle), ("while publishing batches of 100", busy)):
            print("| %s | %d | %.1f | %.1f | %.1f |" % (name, len(ms), statistics.median(ms),
                                                      pct(ms, 90), pct(ms, 99)))
        print("index: %d documents at the end" % server.get("/healthz")[1]["documents"])
    finally:
        server.close()


if __name__ == "__main__":
    main()
