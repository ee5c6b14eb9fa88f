"""Pieces shared by the relevance harnesses (evaluate.py, qbqtc.py, all_sets.py):
index caching, the systems under test, metrics, significance and report helpers.

Systems, each built in the caller's work folder from the same JSONL records:
  ChanjiaoServer  chanjiao-index build, then the real chanjiao-server on
                  127.0.0.1 (ephemeral port), queried over keep-alive HTTP with
                  several connections at once.
  Ngram           Xapian 1.4 FLAG_CJK_NGRAM: bench/ngram_baseline_index, queried
                  by bench/relevance/ngram_baseline_query (default AND, or OR).
  Fts5            SQLite FTS5, tokenize='trigram', bm25() with field weights;
                  terms under 3 characters fall back to LIKE (README.md).
"""
import hashlib
import http.client
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from chanjiao_server import start_server, stop_server  # noqa: E402  (the one way to start it)
FIELD_WEIGHTS = {"title": 5, "keywords": 3, "org": 2, "body": 1}  # as ngram_baseline_index
PERMUTATIONS = 10000
SEED = 20261129


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# --- Index caching --------------------------------------------------------------

def fingerprint(paths):
    h = hashlib.sha1()
    for p in paths:
        st = os.stat(p)
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def cached(work, name, deps, build):
    """Runs build() unless WORK/name.stamp records the same dependencies.
    Returns the seconds build() took (0 when the index was reused)."""
    stamp = work / f"{name}.stamp"
    want = fingerprint(deps)
    if stamp.exists() and stamp.read_text() == want:
        log(f"{name}: index up to date ({work})")
        return 0.0
    start = time.monotonic()
    build()
    stamp.write_text(want)
    return time.monotonic() - start


def write_if_changed(path, text):
    """Writes text to path only when it differs, so that the file's mtime (and
    with it every index stamp that depends on it) stays put across runs."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def dictionary_files():
    return sorted((REPO / "corpus" / "dict").glob("*"))


# --- Systems -------------------------------------------------------------------

class ChanjiaoServer:
    """chanjiao-index build (cached), then the real chanjiao-server while in a
    `with` block. search() may be called from several threads: each thread
    keeps its own keep-alive connection."""

    def __init__(self, build, work, files, threads, name="ours"):
        self.indexer = build / "chanjiao-index"
        self.server = build / "chanjiao-server"
        for b in (self.indexer, self.server):
            if not b.exists():
                raise SystemExit(f"relevance: {b} missing; build chanjiao-index and chanjiao-server")
        self.index = work / f"index-{name}"
        self.threads = threads
        deps = [self.indexer, *files, *dictionary_files()]
        self.index_seconds = cached(work, name, deps, lambda: self._build(files))
        self._local = threading.local()

    def _build(self, files):
        log("ours: chanjiao-index build")
        shutil.rmtree(self.index, ignore_errors=True)
        r = subprocess.run([str(self.indexer), "build", "--out", str(self.index),
                            *map(str, files)], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("relevance: chanjiao-index failed:\n" + r.stderr[-2000:])

    # Extra chanjiao-server flags (subclasses add theirs).
    def server_args(self):
        return ["--query-log", "off"]

    def __enter__(self):
        try:
            self.proc, self.base = start_server(self.server.parent, self.index, self.threads,
                                                *self.server_args())
        except RuntimeError as e:
            raise SystemExit("relevance: " + str(e))
        parsed = urllib.parse.urlsplit(self.base)
        self.host, self.port = parsed.hostname, parsed.port
        return self

    def __exit__(self, *exc):
        stop_server(self.proc)

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self._local.conn = conn
        return conn

    def search(self, q, size, page=1):
        """GET /api/v1/search; the decoded JSON, or {"error": …, "hits": []}
        when the server refuses the query."""
        path = "/api/v1/search?" + urllib.parse.urlencode({"q": q, "size": size, "page": page})
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read().decode("utf-8", "replace")
                status = r.status
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle or exhausted keep-alive connection:
                # open a new one and ask again, once.
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
        if status != 200:
            try:
                error = json.loads(body).get("error") or body
            except json.JSONDecodeError:
                error = body or f"HTTP {status}"
            return {"error": error, "hits": []}
        return json.loads(body)

    def map(self, fn, items, connections):
        """fn(item) for every item over `connections` threads (each with its own
        keep-alive connection); results in the order of items."""
        with ThreadPoolExecutor(max_workers=max(1, connections)) as pool:
            return list(pool.map(fn, items))


class Ngram:
    """Xapian FLAG_CJK_NGRAM baseline; default_op "and" (QueryParser's setting in
    bench/ngram_baseline_server) or "or"."""

    def __init__(self, build, work, files, depth, default_op="and"):
        self.indexer = build / "bench" / "ngram_baseline_index"
        self.query = build / "bench" / "relevance" / "ngram_baseline_query"
        self.index = work / "index-ngram"
        self.depth = depth
        self.default_op = default_op
        for b in (self.indexer, self.query):
            if not b.exists():
                raise SystemExit(f"relevance: {b} missing; build the ngram_baseline_* targets")
        # AND and OR share one index (the stamp is named after the index).
        self.index_seconds = cached(work, "ngram", [self.indexer, *files],
                                    lambda: self._build(files))

    def _build(self, files):
        log("ngram: ngram_baseline_index")
        shutil.rmtree(self.index, ignore_errors=True)
        r = subprocess.run([str(self.indexer), str(self.index), *map(str, files)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("relevance: ngram_baseline_index failed:\n" + r.stderr[-2000:])

    def run(self, queries):
        # One query per line: a newline inside a query would split it.
        text = "".join(q.replace("\n", " ").replace("\r", " ") + "\n" for _, q in queries)
        r = subprocess.run([str(self.query), "--index", str(self.index), "--size", str(self.depth),
                            "--default-op", self.default_op],
                           input=text, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("relevance: ngram_baseline_query failed:\n" + r.stderr[-2000:])
        lines = r.stdout.splitlines()
        if len(lines) != len(queries):
            raise SystemExit("relevance: ngram_baseline_query: one line per query expected")
        out = {}
        for (qid, _), line in zip(queries, lines):
            res = json.loads(line)
            out[qid] = {"ids": res["ids"], "error": res.get("error")}
        return out


def keywords(doc):
    """The fields ngram_baseline_index weights ×3: skills, major, industry, region."""
    parts = [s for s in doc.get("skills") or [] if isinstance(s, str)]
    parts += [doc.get(f) or "" for f in ("major", "industry", "region")]
    return " ".join(p for p in parts if p)


class Fts5:
    """SQLite FTS5 with the trigram tokenizer (case-insensitive), bm25()."""

    def __init__(self, work, files, docs, depth):
        self.path = work / "fts5.sqlite"
        self.depth = depth
        self.index_seconds = cached(work, "fts5", [Path(__file__), *files],
                                    lambda: self._build(docs))
        self.db = sqlite3.connect(str(self.path))

    def _build(self, docs):
        log("fts5: trigram index")
        if self.path.exists():
            self.path.unlink()
        db = sqlite3.connect(str(self.path))
        db.execute("CREATE VIRTUAL TABLE docs USING fts5("
                   "id UNINDEXED, title, keywords, org, body, tokenize='trigram')")
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                       ((d["id"], d.get("title") or "", keywords(d), d.get("org") or "",
                         d.get("body") or "") for d in docs.values()))
        db.commit()
        db.close()

    @staticmethod
    def like_pattern(term):
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    def search(self, q):
        terms = q.split()
        long_terms = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        # A short term must occur somewhere in the document (LIKE, substring).
        where, params = [], []
        for t in short:
            where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in FIELD_WEIGHTS) + ")")
            params += [self.like_pattern(t)] * len(FIELD_WEIGHTS)
        w = ", ".join(str(v) for v in FIELD_WEIGHTS.values())
        if long_terms:
            match = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            sql = ("SELECT id FROM docs WHERE docs MATCH ? "
                   + "".join(" AND " + c for c in where)
                   + f" ORDER BY bm25(docs, 0, {w}) LIMIT {self.depth}")
            params = [match] + params
        elif short:
            # Only short terms: no trigram to match, so rank by the field weights
            # of the fields each term occurs in, then by document order.
            score = " + ".join(f"({c} LIKE ? ESCAPE '\\') * {v}"
                               for _ in short for c, v in FIELD_WEIGHTS.items())
            score_params = [self.like_pattern(t) for t in short for _ in FIELD_WEIGHTS]
            sql = (f"SELECT id FROM docs WHERE {' AND '.join(where)} "
                   f"ORDER BY {score} DESC, rowid LIMIT {self.depth}")
            params = params + score_params
        else:
            return []
        return [row[0] for row in self.db.execute(sql, params)]

    def run(self, queries):
        out = {}
        for qid, q in queries:
            try:
                out[qid] = {"ids": self.search(q), "error": None}
            except sqlite3.OperationalError as e:
                out[qid] = {"ids": [], "error": str(e)}
        return out


def import_jieba():
    """jieba from Debian's python3-jieba, also when python3 is another
    interpreter (pyenv, venv) that does not see /usr/lib/python3/dist-packages."""
    try:
        import jieba  # noqa: F401
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import jieba  # noqa: F401
        except ImportError:
            return None
    import logging
    jieba.setLogLevel(logging.WARNING)
    return jieba


# --- Metrics -------------------------------------------------------------------

def dcg(gains):
    """Σ gainᵢ / log2(i + 1), ranks from 1; the caller maps grades to gains."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def randomization_test(a, b, permutations=PERMUTATIONS, seed=SEED):
    """Two-sided paired randomization (sign-flip) test of mean(a - b) = 0."""
    diffs = [x - y for x, y in zip(a, b)]
    if not diffs:
        return None
    observed = abs(sum(diffs))
    rng = random.Random(seed)
    hits = 0
    for _ in range(permutations):
        s = sum(d if rng.random() < 0.5 else -d for d in diffs)
        if abs(s) >= observed - 1e-12:
            hits += 1
    return (hits + 1) / (permutations + 1)


def randomization_test_grouped(a, b, permutations=PERMUTATIONS, seed=SEED):
    """The same test, fast for thousands of queries whose differences take few
    distinct values (one judged title per query: nDCG is a function of its rank):
    equal differences are grouped, and the number of sign flips in a group of c
    is drawn as the popcount of c random bits — the same distribution as
    flipping each one. Zero differences cannot move the sum and are dropped."""
    if not a:
        return None
    groups = {}
    for x, y in zip(a, b):
        d = round(x - y, 12)
        if d:
            groups[d] = groups.get(d, 0) + 1
    observed = abs(sum(d * c for d, c in groups.items()))
    if not groups:
        return 1.0
    rng = random.Random(seed)
    items = list(groups.items())
    hits = 0
    for _ in range(permutations):
        s = 0.0
        for d, c in items:
            flipped = rng.getrandbits(c).bit_count()
            s += d * (c - 2 * flipped)
        if abs(s) >= observed - 1e-9:
            hits += 1
    return (hits + 1) / (permutations + 1)


# --- Output ----------------------------------------------------------------------

def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fmt(x, digits=4):
    return "n/a" if x is None else f"{x:.{digits}f}"


def machine():
    cpu = "unknown cpu"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, {platform.system()} {platform.release()}"


def load_average():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def code_version():
    try:
        return subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"
