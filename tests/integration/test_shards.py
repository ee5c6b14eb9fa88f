#!/usr/bin/env python3
"""Sharded indexes and remote shards (issue 16), with real processes on loopback.

The sample corpus is indexed three ways — one database, 3 local shards
(`chanjiao-index build --shards 3`) and the same 3 shards served by three
`xapian-tcpsrv` processes behind a stub file — and a chanjiao-server runs over
each. Every query of bench/queries.txt (and filtered, sorted, browsing and
second-page variants) must give the same totals, facets and top 10 (ties aside:
documents with equal score and date may come in another order, see
same_page). Then one tcpsrv is killed, another stopped: requests get a 503
naming the shard within a bounded time, and service comes back with the shard.
Publishing into a sharded index writes the document to its shard, and a
rebuild keeps three shards.

    python3 tests/integration/test_shards.py --build build

Skips (exit 0 with a message) when xapian-tools (xapian-tcpsrv) is absent;
./test.sh installs it.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from chanjiao_server import REPO, SAMPLE, start_server, stop_server

BUILD = REPO / "build"
SHARDS = 3


def queries():
    lines = (REPO / "bench" / "queries.txt").read_text(encoding="utf-8").splitlines()
    return [q.strip() for q in lines if q.strip() and not q.startswith("#")]


def get(base, path, timeout=15, **params):
    url = base + path + "?" + urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TcpServer:
    """One `xapian-tcpsrv` serving one shard, in its own process group (it
    forks a child per connection: stopping it means stopping the group)."""

    def __init__(self, db):
        self.db = db
        self.port = free_port()
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            ["xapian-tcpsrv", "--port", str(self.port), "--interface", "127.0.0.1", self.db],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        for line in self.proc.stdout:  # "Listening..." once the socket is bound
            if line.startswith("Listening"):
                break
        else:
            raise RuntimeError("xapian-tcpsrv did not start on port %d" % self.port)
        # Keep reading its log so it never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda out=self.proc.stdout: [None for _ in out],
                         daemon=True).start()

    @property
    def endpoint(self):
        return "127.0.0.1:%d" % self.port

    def signal_group(self, sig):
        os.killpg(self.proc.pid, sig)

    def kill(self):
        if self.proc.poll() is None:
            self.signal_group(signal.SIGKILL)
            self.proc.wait(timeout=10)


def build_index(build, out, *args, sources=(SAMPLE,)):
    subprocess.run([str(build / "chanjiao-index"), "build", "--out", str(out), *args,
                    *map(str, sources)], check=True, capture_output=True)
    return Path(os.path.realpath(out / "current"))


def sort_key(sort):
    """What a page is ordered by (search's sort orders; "score" for
    recommendations); equal keys are ties."""
    def key(hit):
        score = round(hit["score"], 9)
        if sort == "score":
            return (score,)
        if sort == "date":
            return (hit["fields"].get("published_at", ""), score)
        if sort == "salary":
            return (hit["fields"].get("salary_max", 0), score)
        return (score, hit["fields"].get("published_at", ""))
    return key


def same_page(test, a, b, what, sort=None):
    """Equal pages, ties aside: hits with the same sort key form a group whose
    order depends on docids, which differ between layouts. Every group must
    hold the same ids, except the one cut by the page end (its size must
    agree, not which of the tied documents made the page)."""
    page_key = sort_key(sort)
    test.assertEqual([page_key(h) for h in a], [page_key(h) for h in b], what)
    groups = []
    for ha, hb in zip(a, b):
        if groups and groups[-1][0] == page_key(ha):
            groups[-1][1].add(ha["id"])
            groups[-1][2].add(hb["id"])
        else:
            groups.append((page_key(ha), {ha["id"]}, {hb["id"]}))
    for _, ids_a, ids_b in groups[:-1]:
        test.assertEqual(ids_a, ids_b, what)
    if groups:
        test.assertEqual(len(groups[-1][1]), len(groups[-1][2]), what)


class ShardsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-shards-")
        root = Path(cls.tmp.name)
        cls.servers, cls.tcp = [], []
        build_index(BUILD, root / "one")
        generation = build_index(BUILD, root / "three", "--shards", str(SHARDS))
        cls.generation = generation
        cls.tcp = [TcpServer(str(generation / ("shard-%d" % i))) for i in range(SHARDS)]
        stub = root / "remote.stub"
        stub.write_text("".join("remote %s\n" % t.endpoint for t in cls.tcp))
        cls.one = cls.start(root / "one")
        cls.three = cls.start(root / "three")
        cls.remote = cls.start(stub, "--store", "off", "--query-log", "off")

    @classmethod
    def start(cls, index, *args):
        proc, base = start_server(BUILD, index, 4, *args)
        cls.servers.append(proc)
        return base

    @classmethod
    def tearDownClass(cls):
        for proc in cls.servers:
            stop_server(proc)
        for t in cls.tcp:
            t.kill()
        cls.tmp.cleanup()

    def compare(self, path, **params):
        status, want = get(self.one, path, **params)
        self.assertEqual(status, 200, (path, params, want))
        for name, base in (("3 local shards", self.three), ("3 remote shards", self.remote)):
            status, got = get(base, path, **params)
            what = "%s %s %s" % (name, path, params)
            self.assertEqual(status, 200, (what, got))
            keys = ["total_exact", "relaxed", "full_matches"]
            # An estimated total and its scaled facets come from the first
            # candidates in docid order, which differ with the shard layout
            # (MatchLimits::kPartialCheckLimit): only exact counts must agree.
            if want["total_exact"]:
                keys += ["total", "facets"]
            # "Did you mean" reads the spelling table, which Xapian 1.4's remote
            # backend does not serve: none over remote shards (DESIGN.md).
            if base != self.remote:
                keys.append("suggestion")
            for key in keys:
                self.assertEqual(got.get(key), want.get(key), "%s: %s" % (what, key))
            same_page(self, got["hits"], want["hits"], what, params.get("sort"))
        return want

    def test_01_layout(self):
        stub = (self.generation / "XAPIANDB").read_text().split()
        self.assertEqual(stub, ["glass", "shard-0", "glass", "shard-1", "glass", "shard-2"])
        info = subprocess.run([str(BUILD / "chanjiao-index"), "info", "--index",
                               str(Path(self.tmp.name) / "three")],
                              check=True, capture_output=True, text=True).stdout
        self.assertIn("shards: 3", info)
        self.assertIn("documents: 335", info)

    def test_02_queries_agree(self):
        checked = 0
        for q in queries():
            with self.subTest(q=q):
                self.compare("/api/v1/search", q=q)
                checked += 1
        self.assertGreaterEqual(checked, 50)

    def test_03_variants_agree(self):
        nonzero = 0
        for q in ["", "开发", "数据", "Java", "工程师", "课程", "实训"]:
            for params in ({}, {"type": "job"}, {"sort": "date"}, {"page": 2},
                           {"region": "上海"}, {"sort": "salary", "type": "job"}):
                with self.subTest(q=q, **params):
                    result = self.compare("/api/v1/search", q=q, **params)
                    nonzero += result["total"] > 0
        self.assertGreater(nonzero, 20)  # the comparisons compared something

    def test_04_reads_agree(self):
        for prefix in ["数据", "java", "sj", "前端", "gongcheng"]:
            want = get(self.one, "/api/v1/suggest", q=prefix)
            for base in (self.three, self.remote):
                got = get(base, "/api/v1/suggest", q=prefix)
                self.assertEqual(got[0], 200)
                self.assertEqual(got[1]["suggestions"], want[1]["suggestions"], prefix)
        status, doc = get(self.remote, "/api/v1/documents/job-0063")
        self.assertEqual(status, 200)
        self.assertEqual(doc["document"]["id"], "job-0063")
        # Insights need the in-memory facet table: local shards only.
        for path in ("/api/v1/insights/demand", "/api/v1/insights/gap"):
            for q in ["Python", "数据分析", ""]:
                status, want = get(self.one, path, q=q)
                status3, got = get(self.three, path, q=q)
                self.assertEqual((status, status3), (200, 200))
                want.pop("took_ms"), got.pop("took_ms")
                self.assertEqual(got, want, (path, q))
        status, body = get(self.remote, "/api/v1/insights/demand", q="Python")
        self.assertEqual(status, 409, body)
        self.assertIn("local shards", body["error"]["message"])

    def test_05_recommend_agrees(self):
        for doc_id in ["job-0063", "res-0004", "job-0149", "case-0027"]:
            status, want = get(self.one, "/api/v1/recommend", id=doc_id)
            self.assertEqual(status, 200, want)
            for base in (self.three, self.remote):
                status, got = get(base, "/api/v1/recommend", id=doc_id)
                self.assertEqual(status, 200, (base, got))
                same_page(self, got["hits"], want["hits"], (doc_id, base), "score")
            # More-like-this (mode=keywords) expands the document's terms with
            # Xapian's ESet, whose term weights over several databases differ
            # from one database's (Xapian 1.4; DESIGN.md): shards agree with
            # each other, not with one database.
            status, local = get(self.three, "/api/v1/recommend", id=doc_id, mode="keywords")
            status2, remote = get(self.remote, "/api/v1/recommend", id=doc_id, mode="keywords")
            self.assertEqual((status, status2), (200, 200), remote)
            same_page(self, remote["hits"], local["hits"], doc_id, "score")

    def test_06_long_texts_over_every_layout(self):
        # A long text is weighted by a PostingSource, which xapian-tcpsrv cannot
        # run: over remote shards it is weighted by Xapian's own BM25 instead
        # (LongQueryWeighting), and still answers.
        text = ("本人熟悉Python和Django框架开发，掌握MySQL数据库设计与优化，了解Redis缓存和"
                "Linux服务器运维，参与过电商平台后端接口开发项目，希望从事后端开发工程师岗位")
        found = {}
        for name, base in (("one", self.one), ("three", self.three), ("remote", self.remote)):
            status, body = get(base, "/api/v1/search", q=text)
            self.assertEqual(status, 200, (name, body))
            found[name] = [h["id"] for h in body["hits"]]
            self.assertTrue(found[name], name)
        self.assertEqual(set(found["three"][:3]), set(found["one"][:3]))

    def test_90_killed_shard_is_a_503_naming_it(self):
        victim = self.tcp[1]
        self.assertEqual(get(self.remote, "/api/v1/search", q="Java")[0], 200)
        victim.kill()
        for _ in range(6):  # every worker thread, whatever connection it holds
            start = time.monotonic()
            status, body = get(self.remote, "/api/v1/search", q="Java")
            self.assertLess(time.monotonic() - start, 6)
            self.assertEqual(status, 503, body)
            self.assertIn(victim.endpoint, body["error"]["message"])
            for other in (self.tcp[0], self.tcp[2]):
                self.assertNotIn(other.endpoint, body["error"]["message"])
        victim.start()
        status, body = get(self.remote, "/api/v1/search", q="Java")
        self.assertEqual(status, 200, body)
        self.compare("/api/v1/search", q="Java")

    def test_91_stuck_shard_times_out_with_a_503(self):
        victim = self.tcp[2]
        self.assertEqual(get(self.remote, "/api/v1/search", q="数据")[0], 200)
        victim.signal_group(signal.SIGSTOP)
        try:
            start = time.monotonic()
            status, body = get(self.remote, "/api/v1/search", q="数据")
            took = time.monotonic() - start
        finally:
            victim.signal_group(signal.SIGCONT)
        self.assertEqual(status, 503, body)
        self.assertIn(victim.endpoint, body["error"]["message"])
        # 2 s for the reply, 2 s for the probe that names the shard.
        self.assertLess(took, 6)
        self.assertGreater(took, 1.5)
        for _ in range(10):
            status, _ = get(self.remote, "/api/v1/search", q="数据")
            if status == 200:
                break
        self.assertEqual(status, 200)


class ShardedPublishingTest(unittest.TestCase):
    """A server with a document store over a 3-shard index: a publication goes
    to its id's shard and is searchable; a rebuild keeps 3 shards."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-shards-pub-")
        self.index = Path(self.tmp.name) / "index"
        build_index(BUILD, self.index, "--shards", str(SHARDS))
        self.store = self.index / "store.db"
        out = subprocess.run([str(BUILD / "chanjiao-admin"), "key", "create", "--org", "ops",
                              "--role", "admin", "--store", str(self.store)],
                             check=True, capture_output=True, text=True).stdout
        self.key = out.strip().splitlines()[-1]
        self.proc, self.base = start_server(BUILD, self.index, 2)

    def tearDown(self):
        stop_server(self.proc)
        self.tmp.cleanup()

    def publish(self, doc):
        request = urllib.request.Request(
            self.base + "/api/v1/documents", method="POST",
            data=json.dumps(doc, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.key})
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status

    def shard_holding(self, doc_id):
        generation = Path(os.path.realpath(self.index / "current"))
        holders = []
        for i in range(SHARDS):
            out = subprocess.run(["xapian-delve", "-t", "Q" + doc_id,
                                  str(generation / ("shard-%d" % i))],
                                 capture_output=True, text=True).stdout
            if "termfreq 1" in out:
                holders.append(i)
        return holders

    def wait_total(self, q, total, timeout=5):
        # Shards commit one after the other: a batch becomes visible shard by
        # shard (each document at once), so wait for all of them.
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            status, body = get(self.base, "/api/v1/search", q=q)
            if status == 200 and body["total"] == total:
                return time.monotonic() - start
            time.sleep(0.05)
        self.fail("%s: not %d results within %ss" % (q, total, timeout))

    def test_publish_goes_to_its_shard_and_rebuild_keeps_shards(self):
        ids = ["shard-pub-%d" % i for i in range(6)]
        for doc_id in ids:
            self.assertEqual(self.publish({
                "id": doc_id, "type": "job", "title": "Quasartek 测绘工程师 " + doc_id,
                "body": "负责量子测绘数据处理。", "org": "测试单位", "region": "西宁",
                "published_at": "2026-11-01"}), 201)
        self.wait_total("Quasartek", len(ids))
        holders = {doc_id: self.shard_holding(doc_id) for doc_id in ids}
        for doc_id, where in holders.items():
            self.assertEqual(len(where), 1, (doc_id, where))
        self.assertGreater(len({w[0] for w in holders.values()}), 1, holders)
        status, health = get(self.base, "/healthz")
        self.assertEqual(health.get("index_store_seq"), health.get("store_seq"), health)
        # A rebuild keeps the layout and the published documents.
        subprocess.run([str(BUILD / "chanjiao-index"), "rebuild", "--index", str(self.index),
                        "--wait", "30", str(SAMPLE)], check=True, capture_output=True)
        generation = Path(os.path.realpath(self.index / "current"))
        self.assertTrue((generation / "XAPIANDB").exists())
        self.assertEqual(holders, {doc_id: self.shard_holding(doc_id) for doc_id in ids})
        time.sleep(0.1)
        status, body = get(self.base, "/api/v1/search", q="Quasartek")
        self.assertEqual((status, body["total"]), (200, len(ids)))


class Daemon:
    """A long-running helper (xapian-replicate-server, xapian-replicate) in its
    own process group, output drained to a file."""

    def __init__(self, args, log):
        self.log = open(log, "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.log.close()


class ReplicaTest(unittest.TestCase):
    """Read replicas with xapian-replicate-server / xapian-replicate: a replica
    of each shard of a publishing master, a second chanjiao-server over the
    replicas, a publication reaching it within seconds (changesets), a rebuild
    too (a full copy of each new shard)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-replica-")
        root = Path(self.tmp.name)
        self.index = root / "master"
        build_index(BUILD, self.index, "--shards", str(SHARDS))
        out = subprocess.run([str(BUILD / "chanjiao-admin"), "key", "create", "--org", "ops",
                              "--role", "admin", "--store", str(self.index / "store.db")],
                             check=True, capture_output=True, text=True).stdout
        self.key = out.strip().splitlines()[-1]
        # Changesets let replicas apply a commit instead of copying the shard.
        os.environ["XAPIAN_MAX_CHANGESETS"] = "20"
        try:
            self.master, self.master_base = start_server(BUILD, self.index, 2)
        finally:
            del os.environ["XAPIAN_MAX_CHANGESETS"]
        self.daemons = []
        port = free_port()
        self.daemons.append(Daemon(["xapian-replicate-server", "-I", "127.0.0.1", "-p",
                                    str(port), str(self.index)], root / "replicate-server.log"))
        replicas = root / "replicas"
        replicas.mkdir()
        time.sleep(0.3)
        for i in range(SHARDS):
            # The master name goes through `current`: after a rebuild's swap the
            # replica sees a new database (new UUID) and copies it whole.
            self.daemons.append(Daemon(
                ["xapian-replicate", "-v", "-h", "127.0.0.1", "-p", str(port), "-i", "1",
                 "-r", "1", "-m", "current/shard-%d" % i, str(replicas / ("shard-%d" % i))],
                root / ("replicate-%d.log" % i)))
        deadline = time.monotonic() + 30
        while not all((replicas / ("shard-%d" % i) / "XAPIANDB").exists() for i in range(SHARDS)):
            self.assertLess(time.monotonic(), deadline, "replicas did not appear")
            time.sleep(0.1)
        stub = root / "replicas.stub"
        stub.write_text("".join("auto %s\n" % (replicas / ("shard-%d" % i))
                                for i in range(SHARDS)))
        self.replica, self.replica_base = start_server(BUILD, stub, 2, "--store", "off",
                                                       "--query-log", "off")

    def tearDown(self):
        stop_server(self.replica)
        stop_server(self.master)
        for d in self.daemons:
            d.stop()
        self.tmp.cleanup()

    def publish(self, doc):
        request = urllib.request.Request(
            self.master_base + "/api/v1/documents", method="POST",
            data=json.dumps(doc, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.key})
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status

    def wait_total(self, base, q, total, timeout):
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            status, body = get(base, "/api/v1/search", q=q)
            if status == 200 and body["total"] == total:
                return time.monotonic() - start
            time.sleep(0.1)
        self.fail("%s: not %d results on %s within %ss" % (q, total, base, timeout))

    def replicate_log(self):
        return "".join((Path(self.tmp.name) / ("replicate-%d.log" % i)).read_text()
                       for i in range(SHARDS))

    def test_replica_follows_publications_and_rebuilds(self):
        for q in ["Java开发", "数据分析", "", "实训"]:
            status, want = get(self.master_base, "/api/v1/search", q=q)
            status2, got = get(self.replica_base, "/api/v1/search", q=q)
            self.assertEqual((status, status2), (200, 200))
            self.assertEqual(got["total"], want["total"], q)
            self.assertEqual(got["facets"], want["facets"], q)
        ids = ["replica-%d" % i for i in range(4)]
        for doc_id in ids:
            self.assertEqual(self.publish({
                "id": doc_id, "type": "job", "title": "Zephyrix 工程师 " + doc_id,
                "body": "复制测试。", "org": "测试单位", "published_at": "2026-11-02"}), 201)
        self.wait_total(self.master_base, "Zephyrix", len(ids), 5)
        lag = self.wait_total(self.replica_base, "Zephyrix", len(ids), 15)
        print("replica caught up %.1f s after the master showed the documents" % lag,
              file=sys.stderr)
        # The commits reached the replicas as changesets, not copies.
        self.assertRegex(self.replicate_log(), r"0 copies, [1-9]\d* changesets")
        subprocess.run([str(BUILD / "chanjiao-index"), "rebuild", "--index", str(self.index),
                        "--wait", "30", str(SAMPLE)], check=True, capture_output=True)
        # After the swap the replicas copy the new generation's shards whole.
        self.wait_total(self.replica_base, "Zephyrix", len(ids), 20)
        status, want = get(self.master_base, "/api/v1/search", q="数据分析")
        status2, got = get(self.replica_base, "/api/v1/search", q="数据分析")
        self.assertEqual((got["total"], got["facets"]), (want["total"], want["facets"]))


def main():
    global BUILD
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(BUILD))
    args, rest = parser.parse_known_args()
    BUILD = Path(args.build)
    tools = ["xapian-tcpsrv", "xapian-delve", "xapian-replicate", "xapian-replicate-server"]
    if any(shutil.which(tool) is None for tool in tools):
        print("SKIP: xapian-tools (%s) is not installed; ./test.sh installs it"
              % ", ".join(tools))
        return 0
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
