#!/usr/bin/env python3
"""Soak (issue 17): the real chanjiao-server under mixed load for a long time.
Run through bench/soak.sh; see its header for the options.

Workers, each paced to its own rate: search (GET and POST long text), suggest,
recommend (by id and by profile), publish (batches of 1-10 new documents,
then replacements once --live-docs are live, so the index stops growing),
delete (earlier acknowledged documents, refilled by new ones); and the two
periodic index jobs of deploy/ (`chanjiao-index update` and `rebuild`) on
their own timers. Every answer is checked: a status other than the one
expected is an error (429 is counted as expected 4xx, with Retry-After
honoured). Each interval
prints requests, errors, p99 latency per kind, the server's RSS and open file
descriptors. At the end, after the live updater has caught up, every
acknowledged document must be in the store and in the index (found by its
unique word), and every acknowledged deletion gone from both.
Exit status 1 on any error or missing document.
"""
import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from benchlib import machine, pct  # noqa: E402
from chanjiao_server import SAMPLE, Server  # noqa: E402

KINDS = ("search", "suggest", "recommend", "publish", "delete")
PREFIXES = ["gong", "工程", "数据", "ja", "护", "会计", "机械", "xiao", "电子", "前端"]
PROFILE_SKILLS = [["Python", "数据分析"], ["C++", "Linux"], ["护理"], ["CAD", "机械设计"]]
LONG_TEXT = ("本人熟悉Python和SQL，做过数据采集与分析平台的开发与维护，了解Linux服务器运维，"
             "希望在长沙或深圳从事数据分析、数据工程相关岗位。")


def queries():
    out = []
    for line in open(REPO / "bench" / "queries.txt", encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def sample_ids(corpus):
    ids = []
    for path in sorted(Path(corpus).glob("*.jsonl")) if Path(corpus).is_dir() else [Path(corpus)]:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                ids.append(json.loads(line)["id"])
    return ids


class Client:
    """One keep-alive connection; reopened when the server closed it."""

    def __init__(self, base, key=None):
        u = urllib.parse.urlparse(base)
        self.host, self.port, self.key = u.hostname, u.port, key
        self.conn = None

    def request(self, method, path, body=None, **params):
        """(status, headers, parsed JSON or None, ms)."""
        if params:
            path += "?" + urllib.parse.urlencode(params, doseq=True)
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if self.key:
            headers["Authorization"] = "Bearer " + self.key
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                ms = 1000 * (time.perf_counter() - start)
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, r, json.loads(raw) if raw else None, ms
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection (idle or 100 requests): every
                # request here may be sent again (a POST of the same ids replaces them).
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()
        self.total = {k: 0 for k in KINDS}
        self.errors = []  # (time, kind, detail)
        self.expected_4xx = 0

    def reset(self):
        self.ms = {k: [] for k in KINDS}

    def record(self, kind, ms):
        with self.lock:
            self.ms[kind].append(ms)
            self.total[kind] += 1

    def error(self, kind, detail):
        with self.lock:
            self.errors.append((time.strftime("%H:%M:%S"), kind, str(detail)[:300]))

    def take(self):
        with self.lock:
            ms, self.ms = self.ms, {k: [] for k in KINDS}
            return ms


class Soak:
    def __init__(self, server, args):
        self.server, self.args = server, args
        self.stats = Stats()
        self.stop = threading.Event()
        self.queries = queries()
        self.corpus_ids = sample_ids(args.corpus)
        self.acked = {}  # id -> unique word of its latest acknowledged version
        self.deleted = set()
        self.lock = threading.Lock()
        self.key = server.create_key("soak-publisher", "enterprise")
        self.jobs = {"update": 0, "rebuild": 0}
        self.job_errors = []

    def paced(self, rate, step):
        """Calls step() `rate` times a second until stopped."""
        interval = 1.0 / rate
        next_at = time.monotonic()
        while not self.stop.is_set():
            try:
                step()
            except Exception as e:  # noqa: BLE001 - a soak reports, it does not stop
                self.stats.error("exception", repr(e))
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                self.stop.wait(delay)
            else:
                next_at = time.monotonic()

    def check(self, kind, result, expected=(200,)):
        status, response, body, ms = result
        self.stats.record(kind, ms)
        if status in expected:
            return body
        if status == 429:
            with self.stats.lock:
                self.stats.expected_4xx += 1
            self.stop.wait(float(response.getheader("Retry-After", "1")))
            return None
        self.stats.error(kind, "%d %s" % (status, body))
        return None

    def search_step(self, client):
        if random.random() < 0.1:
            self.check("search", client.request("POST", "/api/v1/search",
                                                {"q": LONG_TEXT, "size": 10}))
            return
        params = {"q": random.choice(self.queries)}
        if random.random() < 0.2:
            params["region"] = random.choice(["长沙", "深圳", "上海", "杭州"])
        if random.random() < 0.1:
            params["page"] = 2
        self.check("search", client.request("GET", "/api/v1/search", **params))

    def suggest_step(self, client):
        self.check("suggest", client.request("GET", "/api/v1/suggest", q=random.choice(PREFIXES)))

    def recommend_step(self, client):
        if random.random() < 0.5:
            doc_id = random.choice(self.corpus_ids)
            self.check("recommend", client.request("GET", "/api/v1/recommend", id=doc_id))
        else:
            self.check("recommend", client.request("POST", "/api/v1/recommend",
                                                   {"skills": random.choice(PROFILE_SKILLS)}))

    def publish_step(self, client):
        docs = []
        # Replacements only of "soak-r-" ids, deletions only of "soak-d-" ids: no
        # publish and delete of one id race, so the final state is known. The
        # live set stays at --live-docs (half of each kind; new "soak-d-" ids
        # refill what the deleter removed), so memory can reach a steady state.
        with self.lock:
            live_r = [i for i in self.acked if i.startswith("soak-r-")]
            live_d = sum(1 for i in self.acked if i.startswith("soak-d-") and i not in self.deleted)
        half = self.args.live_docs // 2
        for _ in range(random.randint(1, 10)):
            if len(live_r) < half:
                doc_id = "soak-r-" + uuid.uuid4().hex[:12]
                live_r.append(doc_id)
            elif live_d < half:
                doc_id = "soak-d-" + uuid.uuid4().hex[:12]
                live_d += 1
            else:
                doc_id = random.choice(live_r)
            word = "zq" + uuid.uuid4().hex[:10]
            docs.append({"id": doc_id, "type": "job", "title": "耐久测试岗位 %s" % word,
                         "org": "耐久测试机构", "region": "长沙", "skills": ["Python"],
                         "body": "负责数据采集与分析平台的开发。%s" % word})
        # Ids repeated in one batch: the last one wins.
        body = self.check("publish", client.request("POST", "/api/v1/documents", docs), (201,))
        if body is not None:
            with self.lock:
                for d in docs:
                    self.acked[d["id"]] = d["title"].split()[-1]

    def delete_step(self, client):
        with self.lock:
            live = [i for i in self.acked if i.startswith("soak-d-") and i not in self.deleted]
        if len(live) < 10:
            return
        doc_id = random.choice(live)
        body = self.check("delete", client.request("DELETE", "/api/v1/documents/" + doc_id))
        if body is not None:
            with self.lock:
                self.deleted.add(doc_id)

    def job_loop(self, name, every):
        while not self.stop.wait(every):
            start = time.perf_counter()
            done = self.server.index_job(name, "--wait", "600", *self.server.sources,
                                         check=False)  # one job at a time: the job lock
            if done.returncode != 0:
                self.job_errors.append("%s: exit %d: %s" % (name, done.returncode,
                                                           done.stderr[-500:]))
            else:
                self.jobs[name] += 1
                print("  [%s] %s done in %.1f s" % (time.strftime("%H:%M:%S"), name,
                                                    time.perf_counter() - start), flush=True)

    def proc_stats(self):
        pid = self.server.proc.pid
        rss = 0
        with open("/proc/%d/status" % pid, encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        return rss, len(os.listdir("/proc/%d/fd" % pid)), os.getloadavg()[0]

    def run(self):
        a = self.args
        workers = [("search", a.search_rate, self.search_step, None)] * a.search_clients + [
            ("suggest", a.suggest_rate, self.suggest_step, None),
            ("recommend", a.recommend_rate, self.recommend_step, None),
            ("publish", a.publish_rate, self.publish_step, self.key),
            ("delete", a.delete_rate, self.delete_step, self.key)]
        threads = []
        for kind, rate, step, key in workers:
            client = Client(self.server.base, key)
            threads.append(threading.Thread(
                target=self.paced, args=(rate, lambda s=step, c=client: s(c)), daemon=True))
        threads.append(threading.Thread(target=self.job_loop, args=("update", a.update_every),
                                        daemon=True))
        threads.append(threading.Thread(target=self.job_loop, args=("rebuild", a.rebuild_every),
                                        daemon=True))
        for t in threads:
            t.start()
        end = time.monotonic() + a.minutes * 60
        rows = []
        print("| t (s) | requests | errors so far | p99 ms search / suggest / recommend / publish "
              "/ delete | RSS MiB | fds | load |")
        print("|---:|---:|---:|---|---:|---:|---:|")
        started = time.monotonic()
        while time.monotonic() < end:
            time.sleep(min(a.interval, max(0.0, end - time.monotonic())))
            ms = self.stats.take()
            rss, fds, load = self.proc_stats()
            p99 = [("%.0f" % pct(ms[k], 99)) if ms[k] else "–" for k in KINDS]
            row = (time.monotonic() - started, sum(len(v) for v in ms.values()),
                   len(self.stats.errors), " / ".join(p99), rss, fds, load)
            rows.append(row)
            print("| %.0f | %d | %d | %s | %.1f | %d | %.1f |" % row, flush=True)
        self.stop.set()
        for t in threads[:len(workers)]:
            t.join(timeout=60)
        # Let a running index job finish (they wait on each other through the job lock).
        for t in threads[len(workers):]:
            t.join(timeout=600)
        return rows

    def verify(self):
        """Every acknowledged document in store and index; every deletion gone."""
        deadline = time.time() + 120
        while time.time() < deadline:
            h = self.server.get("/healthz")[1]
            if h["index_store_seq"] == h["store_seq"]:
                break
            time.sleep(0.1)
        else:
            return ["the live updater did not catch up within 120 s"]
        client = Client(self.server.base)
        missing = []
        for doc_id, word in sorted(self.acked.items()):
            gone = doc_id in self.deleted
            status, _, body, _ = client.request("GET", "/api/v1/documents/" + doc_id)
            if status != (404 if gone else 200):
                missing.append("store: %s is %d" % (doc_id, status))
            elif not gone and word not in body["document"]["title"]:
                missing.append("store: %s has an older version" % doc_id)
            status, _, body, _ = client.request("GET", "/api/v1/search", q=word, size=5)
            found = status == 200 and doc_id in [h["id"] for h in body["hits"]]
            if found == gone:
                missing.append("index: %s %s" % (doc_id, "still found" if gone else "not found"))
        return missing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(REPO / "build"))
    parser.add_argument("--corpus", default=str(SAMPLE))
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--interval", type=float, default=60, help="seconds per report row")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--search-clients", type=int, default=2)
    parser.add_argument("--search-rate", type=float, default=20, help="per search client, /s")
    parser.add_argument("--suggest-rate", type=float, default=10)
    parser.add_argument("--recommend-rate", type=float, default=5)
    parser.add_argument("--publish-rate", type=float, default=4, help="batches of 1-10 /s")
    parser.add_argument("--delete-rate", type=float, default=1)
    parser.add_argument("--live-docs", type=int, default=1000,
                        help="published documents kept live (then replacements)")
    parser.add_argument("--update-every", type=float, default=120, help="seconds")
    parser.add_argument("--rebuild-every", type=float, default=600, help="seconds")
    parser.add_argument("--warmup", type=float, default=0.2,
                        help="share of the run before RSS drift is measured")
    args = parser.parse_args()

    print("machine:", machine())
    print("command:", " ".join(sys.argv))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print("commit:", commit or "?", "| corpus:", args.corpus, "| server threads:", args.threads)
    server = Server(args.build, sources=(args.corpus,), threads=args.threads)
    try:
        soak = Soak(server, args)
        rows = soak.run()
        missing = soak.verify()
        rss0, fds0, _ = soak.proc_stats()
    finally:
        server.close()

    s = soak.stats
    print()
    print("requests:", ", ".join("%s %d" % (k, s.total[k]) for k in KINDS),
          "| index jobs: update %d, rebuild %d" % (soak.jobs["update"], soak.jobs["rebuild"]))
    print("errors: %d (expected 4xx: %d 429s)" % (len(s.errors), s.expected_4xx))
    for e in s.errors[:10]:
        print("  ", *e)
    for e in soak.job_errors:
        print("   job error:", e)
    warm = [r for r in rows if r[0] >= args.warmup * args.minutes * 60] or rows
    if warm:
        base = warm[0][4]
        peak = max(r[4] for r in warm)
        print("RSS after warm-up: %.1f MiB at %.0f s, max %.1f, last %.1f MiB: drift %+.1f %% "
              "(max %+.1f %%)" % (base, warm[0][0], peak, warm[-1][4],
                                   100 * (warm[-1][4] - base) / base, 100 * (peak - base) / base))
        print("open fds: first %d, last %d, max %d; after the run %d" % (
            rows[0][5], rows[-1][5], max(r[5] for r in rows), fds0))
    live = sum(1 for i in soak.acked if i not in soak.deleted)
    print("acknowledged documents: %d (%d live, %d deleted); missing or stale: %d" % (
        len(soak.acked), live, len(soak.acked) - live, len(missing)))
    for m in missing[:10]:
        print("  ", m)
    ok = not s.errors and not missing and not soak.job_errors
    print("SOAK", "PASSED" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
