#!/usr/bin/env python3
"""Integration tests for the periodic reindexing job and crash safety (issue 6):
`chanjiao-index update` and `rebuild` against a running chanjiao-server with
its document store, one job at a time, kill -9 of a rebuild and of the server.

    python3 tests/integration/test_reindex.py --build build
"""
import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from chanjiao_server import SAMPLE, run_suite

SERVER = None
# The corpus the server indexes: a copy the tests may edit.
CORPUS_DIR = tempfile.TemporaryDirectory(prefix="chanjiao-corpus-")
CORPUS = Path(CORPUS_DIR.name) / "corpus"
shutil.copytree(SAMPLE, CORPUS)


def wait_until(predicate, timeout=2.0):
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("not true within %.1fs" % timeout)
        time.sleep(0.02)
    return time.monotonic() - start


def search(**params):
    status, body = SERVER.get("/api/v1/search", **params)
    assert status == 200, (status, body)
    return body


def ids_of_org(org, region):
    """Every indexed document of `org` in `region`, through search (both
    filters: the region keeps each query below the 1,000-result depth)."""
    ids, page = [], 1
    while True:
        body = search(org=org, region=region, size=50, page=page)
        ids += [h["id"] for h in body["hits"]]
        if len(body["hits"]) < 50:
            return ids
        page += 1


def rewrite_jsonl(path, change):
    """Rewrites a JSONL file: `change(record)` returns the new record or None to drop it."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    kept = [r for r in (change(r) for r in records) if r is not None]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept),
                    encoding="utf-8")


class Load:
    """Readers hammering the server from threads; counts every failed request."""

    def __init__(self, threads=4):
        self.stop = threading.Event()
        self.requests = 0
        self.failures = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(threads)]

    def run(self, n):
        paths = ["/api/v1/search?q=" + urllib.parse.quote(q) for q in ("工程师", "数据分析", "java", "")]
        paths += ["/api/v1/suggest?q=shuj", "/api/v1/recommend?id=job-0001"]
        i = n
        while not self.stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            try:
                with urllib.request.urlopen(SERVER.base + path, timeout=10) as r:
                    r.read()
                    ok = r.status == 200
            except urllib.error.HTTPError as e:
                ok, path = False, path + " %d %s" % (e.code, e.read()[:300])
            except Exception as e:  # noqa: BLE001 - every failure counts
                ok, path = False, path + " " + repr(e)
            with self.lock:
                self.requests += 1
                if not ok:
                    self.failures.append(path)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


class ReindexTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin = SERVER.create_key("platform", "admin")
        cls.gov = SERVER.create_key("csgov", "gov")

    def publish(self, docs, key=None):
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=key or self.gov)
        self.assertEqual(status, 201, body)
        return body

    def test_update_applies_added_changed_and_removed_corpus_records(self):
        # Settle earlier corpus edits of other tests (none expected) first.
        SERVER.index_job("update", CORPUS)
        extra = CORPUS / "extra.jsonl"
        extra.write_text(
            json.dumps({"id": "upd-new-1", "type": "job", "title": "风电运维工程师"},
                       ensure_ascii=False) + "\n" +
            json.dumps({"id": "upd-new-2", "type": "case", "title": "光伏电站巡检案例"},
                       ensure_ascii=False) + "\n", encoding="utf-8")
        rewrite_jsonl(CORPUS / "jobs.jsonl", lambda r: None if r["id"] == "job-0004" else (
            {**r, "title": "盐湖提锂工艺工程师"} if r["id"] == "job-0003" else r))
        # A store version of a corpus record wins over later corpus edits.
        status, _ = SERVER.call("PUT", "/api/v1/documents/job-0005",
                                {"type": "job", "title": "钒电池储能工程师"}, key=self.admin)
        self.assertEqual(status, 200)
        rewrite_jsonl(CORPUS / "jobs.jsonl",
                      lambda r: {**r, "title": "锂矿勘探地质员"} if r["id"] == "job-0005" else r)

        out = SERVER.index_job("update", CORPUS).stderr
        self.assertRegex(out, r"corpus 2 added, 2 changed, 1 removed")
        wait_until(lambda: [h["id"] for h in search(q="风电运维")["hits"]][:1] == ["upd-new-1"])
        self.assertEqual(search(q="光伏电站巡检")["hits"][0]["id"], "upd-new-2")
        self.assertEqual(search(q="盐湖提锂")["hits"][0]["id"], "job-0003")
        self.assertEqual(SERVER.get("/api/v1/documents/job-0004")[0], 404)
        self.assertNotIn("job-0005", [h["id"] for h in search(q="锂矿勘探")["hits"]])
        self.assertEqual(search(q="钒电池储能")["hits"][0]["id"], "job-0005")
        # Nothing changed since: nothing to do.
        self.assertRegex(SERVER.index_job("update", CORPUS).stderr,
                         r"corpus 0 added, 0 changed, 0 removed")

    def test_second_job_exits_with_a_clear_message_or_waits(self):
        with open(os.path.join(SERVER.index, ".job-lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            busy = SERVER.index_job("update", check=False)
            self.assertEqual(busy.returncode, 75)  # EX_TEMPFAIL
            self.assertIn("another chanjiao-index is running", busy.stderr)
            waiting = subprocess.Popen(
                [str(SERVER.build / "chanjiao-index"), "update", "--index", SERVER.index,
                 "--wait", "30"], stderr=subprocess.PIPE, text=True)
            time.sleep(0.5)
            self.assertIsNone(waiting.poll())  # still waiting for the lock
        self.assertEqual(waiting.wait(timeout=30), 0, waiting.stderr.read())
        waiting.stderr.close()

    def test_rebuild_under_query_load_fails_no_request_and_keeps_publications(self):
        before = SERVER.get("/healthz")[1]["generation"]
        acked, stop = [], threading.Event()

        def publisher():
            n = 0
            while not stop.is_set():
                doc_id = "rb-pub-%d" % n
                status, _ = SERVER.call("POST", "/api/v1/documents", {
                    "id": doc_id, "type": "job", "title": "重建期间发布岗位%d号" % n,
                    "org": "重建测试机构", "region": "重建区"}, key=self.gov)
                if status == 201:
                    acked.append(doc_id)
                n += 1
                time.sleep(0.01)

        writer = threading.Thread(target=publisher)
        with Load() as load:
            writer.start()
            time.sleep(0.2)
            SERVER.index_job("rebuild", CORPUS)
            wait_until(lambda: SERVER.get("/healthz")[1]["generation"] != before)
            time.sleep(0.3)
            stop.set()
            writer.join()
            time.sleep(0.2)
        self.assertGreater(load.requests, 50)
        self.assertEqual(load.failures, [])
        self.assertGreater(len(acked), 5)
        # Everything published before, during and after the swap is in the new generation.
        wait_until(lambda: sorted(ids_of_org("重建测试机构", "重建区")) == sorted(acked))

    def test_killing_a_rebuild_at_any_moment_leaves_the_served_index_intact(self):
        total = search()["total"]
        for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.4):  # a rebuild of the sample takes ~1.5 s
            job = subprocess.Popen([str(SERVER.build / "chanjiao-index"), "rebuild", "--index",
                                    SERVER.index, "--wait", "30", str(CORPUS)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            job.kill()
            job.wait()
            self.assertEqual(search()["total"], total, "after kill at %.2fs" % delay)
            info = SERVER.index_job("info")
            self.assertIn("documents: ", info.stdout)
        # The next rebuild completes and cleans up what the killed ones left.
        SERVER.index_job("rebuild", CORPUS)
        generations = os.listdir(os.path.join(SERVER.index, "generations"))
        self.assertLessEqual(len(generations), 2, generations)
        wait_until(lambda: search()["total"] == total)

    def test_killing_the_server_while_publishing_loses_no_acknowledged_document(self):
        acked, stop = [], threading.Event()

        def publisher(worker):
            n = 0
            while not stop.is_set() and n < 150:  # below the search depth per worker region
                batch = [{"id": "crash-%d-%d-%d" % (worker, n, i), "type": "job",
                          "title": "断电恢复岗位%d-%d-%d号" % (worker, n, i),
                          "org": "崩溃测试机构", "region": "崩溃区%d" % worker}
                         for i in range(5)]
                n += 1
                try:
                    status, _ = SERVER.call("POST", "/api/v1/documents", batch, key=self.gov)
                except Exception:  # noqa: BLE001 - the server is gone
                    return
                if status == 201:
                    acked.extend(d["id"] for d in batch)

        writers = [threading.Thread(target=publisher, args=(w,)) for w in range(3)]
        for w in writers:
            w.start()
        time.sleep(0.6)
        SERVER.kill()
        stop.set()
        for w in writers:
            w.join()
        self.assertGreater(len(acked), 20)
        SERVER.start()  # catches up from the store on start
        def indexed():
            return {i for w in range(3) for i in ids_of_org("崩溃测试机构", "崩溃区%d" % w)}
        wait_until(lambda: set(acked) <= indexed(), timeout=10)
        health = SERVER.get("/healthz")[1]
        self.assertEqual(health["index_store_seq"], health["store_seq"])
        # Leave the index as the other tests expect it, whatever order they run in.
        for doc_id in indexed():
            status, _ = SERVER.call("DELETE", "/api/v1/documents/" + doc_id, key=self.gov)
            self.assertEqual(status, 200)
        wait_until(lambda: not indexed(), timeout=10)


if __name__ == "__main__":
    try:
        run_suite(__import__(__name__), sources=(CORPUS,))
    finally:
        CORPUS_DIR.cleanup()
