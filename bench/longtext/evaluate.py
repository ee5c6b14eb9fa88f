#!/usr/bin/env python3
"""Long-query development set (issue 13): pasted job descriptions and CVs
against a jobs corpus, Chanjiao (POST /api/v1/search) and two baselines in
one run.

    bench/longtext/evaluate.py --build BUILD [--data ../shared/data] [--work DIR]
        [--queries N] [--corpus-size N] [--systems ours,ngram-or,jieba]
        [--sweep] [--json OUT]

The set (README.md says why it is built this way):
  reposts   jobs-it-2019 postings whose (company, title) occurs exactly twice.
            One posting's description is the query, the other posting is the
            one relevant document (gain 1). The query's own posting is left out
            of the corpus, so nobody finds the text itself.
  cvs       bench/longtext/cv_queries.jsonl: CV-like texts the team wrote, each
            with its judgment rule (titles matching `grade2` gain 2, `grade1`
            gain 1, case-insensitive), written before any system was run.
The corpus: the relevant postings plus other jobs-it postings drawn with a
fixed seed, --corpus-size documents in all.

--sweep also measures where the long-query threshold belongs: every repost
query cut to its first N content words (N = 4 … 32), run through our
short-query path (`--long-query-words 100000`) and our long-text path
(`--long-query-words 0`) of the same server build.

Exit status: 0 done; 2 skipped (the data set is absent) or bad usage; 1 broke.
"""
import argparse
import datetime
import http.client
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "relevance"))
import rellib  # noqa: E402
from rellib import fmt, log, mean  # noqa: E402
from qbqtc import JiebaBM25  # noqa: E402

REPO = rellib.REPO
SEED = 20261207
DEPTH = 100
CUTOFF = 10
SYSTEMS = ("ours", "ngram-or", "jieba")
LABELS = {"ours": "chanjiao", "ngram-or": "xapian-ngram-OR", "jieba": "jieba-bm25-OR"}
SWEEP_WORDS = (4, 6, 8, 10, 12, 16, 24, 32)
MIN_QUERY_CHARS = 200  # a pasted description, not a title


# --- Data ------------------------------------------------------------------------

def import_jobs(data, work):
    """jobs-it-2019 in our schema (corpus/importers), cached in WORK."""
    out = work / "jobs-it.jsonl"
    if not out.exists():
        log(f"importing jobs-it → {out}")
        r = subprocess.run([sys.executable, str(REPO / "corpus" / "importers" / "chanjiao_import.py"),
                            "jobs-it", "--data", str(data), "--out", str(out)],
                           capture_output=True, text=True)
        if r.returncode == 2:
            print("longtext: skipped: jobs-it-2019 not available under", data)
            sys.exit(2)
        if r.returncode != 0:
            raise SystemExit("longtext: import failed:\n" + r.stderr[-2000:])
    return [json.loads(line) for line in open(out, encoding="utf-8")]


def posting_key(d):
    """(company, title) as our collapse key compares them (case, width and
    spaces ignored): `php工程师` and `PHP 工程师` of one company are one posting."""
    norm = lambda s: "".join(unicodedata.normalize("NFKC", s or "").lower().split())
    return norm(d.get("org")), norm(d["title"])


def build_set(docs, n_queries, corpus_size):
    """(corpus docs, queries [(qid, text, kind)], qrels {qid: {docid: gain}})."""
    groups = {}
    for d in docs:
        groups.setdefault(posting_key(d), []).append(d)
    rng = random.Random(SEED)
    pairs = [g for g in groups.values()
             if len(g) == 2 and all(len(d.get("body", "")) >= MIN_QUERY_CHARS for d in g)]
    pairs.sort(key=lambda g: g[0]["id"])
    rng.shuffle(pairs)
    pairs = pairs[:n_queries]
    queries, qrels, keep, held_out = [], {}, {}, set()
    for query_doc, relevant in (rng.sample(g, 2) for g in pairs):
        qid = "repost-" + query_doc["id"]
        queries.append((qid, query_doc["body"], "reposts"))
        qrels[qid] = {relevant["id"]: 1}
        keep[relevant["id"]] = relevant
        held_out.add(query_doc["id"])
    # Other postings of a query's (company, title) stay out: they would be
    # relevant too, and unjudged.
    taken = {posting_key(d) for d in keep.values()}
    others = [d for d in docs if d["id"] not in held_out and d["id"] not in keep
              and posting_key(d) not in taken]
    others.sort(key=lambda d: d["id"])
    rng.shuffle(others)
    for d in others[:max(0, corpus_size - len(keep))]:
        keep[d["id"]] = d
    corpus = sorted(keep.values(), key=lambda d: d["id"])
    for line in open(HERE / "cv_queries.jsonl", encoding="utf-8"):
        cv = json.loads(line)
        strong = re.compile(cv["grade2"], re.I)
        weak = re.compile(cv["grade1"], re.I)
        judged = {}
        for d in corpus:
            if strong.search(d["title"]):
                judged[d["id"]] = 2
            elif weak.search(d["title"]):
                judged[d["id"]] = 1
        queries.append((cv["id"], cv["text"], "cvs"))
        qrels[cv["id"]] = judged
    return corpus, queries, qrels


def write_corpus(work, corpus):
    path = work / "corpus.jsonl"
    rellib.write_if_changed(path, "".join(json.dumps(d, ensure_ascii=False) + "\n"
                                          for d in corpus))
    return path


# --- Systems ---------------------------------------------------------------------

class Ours(rellib.ChanjiaoServer):
    """The real chanjiao-server, queried with POST /api/v1/search (the form a
    long text needs); `long_query_words` is its --long-query-words."""

    def __init__(self, build, work, files, threads, long_query_words=None):
        super().__init__(build, work, files, threads)
        self.long_query_words = long_query_words

    def server_args(self):
        args = super().server_args()
        if self.long_query_words is not None:
            args += ["--long-query-words", str(self.long_query_words)]
        return args

    def post(self, body):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request("POST", "/api/v1/search", body=data,
                             headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                text = r.read().decode("utf-8", "replace")
                if r.status != 200:
                    return {"error": text, "hits": []}
                return json.loads(text)
            except (http.client.HTTPException, ConnectionError):
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise

    def ids(self, q):
        hits = []
        for page in (1, 2):  # 50 a page: the first 100 a user could page through
            r = self.post({"q": q, "size": 50, "page": page})
            hits += [h["id"] for h in r.get("hits", [])]
            if len(r.get("hits", [])) < 50:
                break
        return hits

    def run(self, queries):
        with self:
            with ThreadPoolExecutor(max_workers=self.threads) as pool:
                ids = list(pool.map(lambda item: self.ids(item[1]), queries))
        return {qid: {"ids": i, "error": None} for (qid, *_), i in zip(queries, ids)}


def jieba_text(d):
    return " ".join(p for p in (d["title"], d.get("org", ""), " ".join(d.get("tags", [])),
                                d.get("body", "")) if p)


# --- Metrics ---------------------------------------------------------------------

def metrics(ids, judged):
    ideal = rellib.dcg(sorted(judged.values(), reverse=True)[:CUTOFF])
    if ideal == 0:
        return None
    top = ids[:CUTOFF]
    return {
        "ndcg@10": rellib.dcg([judged.get(d, 0) for d in top]) / ideal,
        "mrr@10": next((1.0 / (i + 1) for i, d in enumerate(top) if judged.get(d, 0) > 0), 0.0),
        f"found@{DEPTH}": float(any(judged.get(d, 0) > 0 for d in ids[:DEPTH])),
    }


METRICS = ("ndcg@10", "mrr@10", f"found@{DEPTH}")


def score(runs, queries, qrels):
    """{system: {qid: metrics}}; queries without a judged document are left out."""
    return {s: {qid: m for qid, *_ in queries
                if (m := metrics(run[qid]["ids"], qrels[qid])) is not None}
            for s, run in runs.items()}


def report(per_query, queries, systems, title):
    kinds = sorted({k for _, _, k in queries}) + ["all"]
    print(f"\n{title}")
    print(f"{'set':<9}{'n':>5}  {'system':<18}" + "".join(f"{m:>12}" for m in METRICS)
          + "   p(vs ours, nDCG)")
    summary = {}
    for kind in kinds:
        qids = [q for q, _, k in queries if kind in ("all", k) and q in per_query[systems[0]]]
        for s in systems:
            row = {m: mean([per_query[s][q][m] for q in qids]) for m in METRICS}
            summary[(kind, s)] = row
            p = ""
            if s != "ours" and "ours" in systems:
                p = fmt(rellib.randomization_test([per_query["ours"][q]["ndcg@10"] for q in qids],
                                                  [per_query[s][q]["ndcg@10"] for q in qids]), 4)
            print(f"{kind:<9}{len(qids):>5}  {LABELS[s]:<18}"
                  + "".join(f"{fmt(row[m]):>12}" for m in METRICS) + f"   {p}")
    return summary


# --- Threshold sweep -------------------------------------------------------------

def load_stopwords():
    words = set()
    for line in open(REPO / "corpus" / "dict" / "stopwords.txt", encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return words


def content_words(server, text, stopwords):
    """The text's words as our analyzer cuts them (GET /api/v1/analyze),
    without punctuation, numbers and stop words: what is_long_text counts."""
    q = urllib.parse.urlencode({"text": text[:600]})  # enough for the 32 words the sweep needs
    for attempt in (1, 2):
        conn = server._connection()
        try:
            conn.request("GET", "/api/v1/analyze?" + q)
            tokens = json.loads(conn.getresponse().read())["tokens"]
            break
        except (http.client.HTTPException, ConnectionError):
            conn.close()  # keep-alive limit reached: reconnect, ask again
            server._local.conn = None
            if attempt == 2:
                raise
    return [t["token"] for t in tokens
            if any(unicodedata.category(c)[0] == "L" for c in t["token"])
            and t["token"] not in stopwords]


def short_query_lengths(server, data, stopwords):
    """Content words of real short queries (qbqtc-dev: browser queries), the
    ones the threshold must leave to the short-query path."""
    path = data / "qbqtc-dev" / "dev.json"
    if not path.exists():
        print(f"(no {path}: real short-query lengths not measured)")
        return
    texts = sorted({json.loads(line)["query"].strip() for line in open(path, encoding="utf-8")})
    counts = sorted(len(content_words(server, t, stopwords)) for t in texts)
    share = lambda n: sum(c > n for c in counts) / len(counts)
    print(f"\nreal short queries (qbqtc-dev, {len(counts)} distinct): content words median "
          f"{counts[len(counts) // 2]}, p99 {counts[int(0.99 * (len(counts) - 1))]}, max {counts[-1]}; "
          "share above N: " + ", ".join(f"{n}: {share(n):.4%}" for n in SWEEP_WORDS[:5]))


def sweep(build, work, corpus_path, threads, queries, qrels, data):
    reposts = [(q, t) for q, t, k in queries if k == "reposts"]
    stopwords = load_stopwords()
    with Ours(build, work, [corpus_path], threads) as server:
        words = {q: content_words(server, t, stopwords) for q, t in reposts}
        short_query_lengths(server, data, stopwords)
    print("\nthreshold sweep: repost queries cut to their first N content words "
          "(only queries with at least N)")
    print(f"{'N':>4}{'n':>6}  {'short path':>11}{'long path':>11}{'ngram-OR':>10}{'jieba':>8}"
          "   p(long vs short)")
    rows = []
    ngram = rellib.Ngram(build, work, [corpus_path], DEPTH, default_op="or")
    for n in SWEEP_WORDS:
        cut = [(f"{q}@{n}", " ".join(words[q][:n]), "sweep") for q, _ in reposts
               if len(words[q]) >= n]
        cut_qrels = {qid: qrels[qid.split("@")[0]] for qid, *_ in cut}
        row = {"n": n, "queries": len(cut)}
        results = {}
        for name, limit in (("short", 100000), ("long", 0)):
            results[name] = Ours(build, work, [corpus_path], threads, limit).run(cut)
        results["ngram"] = ngram.run([(q, t) for q, t, _ in cut])
        results["jieba"] = JIEBA.run([(q, t) for q, t, _ in cut])
        scored = score(results, cut, cut_qrels)
        for name in results:
            row[name] = mean([m["ndcg@10"] for m in scored[name].values()])
        row["p"] = rellib.randomization_test([scored["long"][q]["ndcg@10"] for q, *_ in cut],
                                             [scored["short"][q]["ndcg@10"] for q, *_ in cut])
        rows.append(row)
        print(f"{n:>4}{len(cut):>6}  {fmt(row['short']):>11}{fmt(row['long']):>11}"
              f"{fmt(row['ngram']):>10}{fmt(row['jieba']):>8}   {fmt(row['p'])}")
    return rows


JIEBA = None


def main():
    global JIEBA
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, default=REPO / "build")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--work", type=Path, help="corpus and indexes [BUILD/bench-data/longtext]")
    ap.add_argument("--queries", type=int, default=300, help="repost queries [300]")
    ap.add_argument("--corpus-size", type=int, default=10000, help="documents [10000]")
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--threads", type=int, default=2, help="chanjiao-server workers [2]")
    ap.add_argument("--sweep", action="store_true", help="also measure the long-query threshold")
    ap.add_argument("--json", help="write every number, per query, as JSON")
    args = ap.parse_args()
    systems = [s for s in SYSTEMS if s in args.systems.split(",")]
    if not systems:
        ap.error("--systems: choose from " + ",".join(SYSTEMS))
    if not (args.data / "jobs-it-2019").is_dir():
        print(f"longtext: skipped: {args.data / 'jobs-it-2019'} not found")
        return 2

    started = time.monotonic()
    build = args.build.resolve()
    work = (args.work or build / "bench-data" / "longtext").resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus, queries, qrels = build_set(import_jobs(args.data, work), args.queries,
                                       args.corpus_size)
    corpus_path = write_corpus(work, corpus)
    chars = sorted(len(t) for _, t, _ in queries)
    print("longtext dev set:", datetime.datetime.now(datetime.timezone.utc)
          .strftime("%Y-%m-%d %H:%M UTC"))
    print("machine:", rellib.machine(), " load:", rellib.load_average(),
          " code:", rellib.code_version())
    print("command:", " ".join([Path(sys.argv[0]).name] + sys.argv[1:]))
    print(f"corpus: {len(corpus)} jobs-it postings ({sum(len(d.get('body', '')) for d in corpus) // len(corpus)}"
          f" body characters on average); queries: "
          f"{sum(k == 'reposts' for *_, k in queries)} reposts + "
          f"{sum(k == 'cvs' for *_, k in queries)} cvs, {chars[len(chars) // 2]} characters median, "
          f"{chars[-1]} longest")

    JIEBA = JiebaBM25({d["id"]: jieba_text(d) for d in corpus}, DEPTH)
    runs, timing = {}, {}
    for s in systems:
        if s == "ours":
            engine = Ours(build, work, [corpus_path], args.threads)
        elif s == "ngram-or":
            engine = rellib.Ngram(build, work, [corpus_path], DEPTH, default_op="or")
        else:
            engine = JIEBA
        start = time.monotonic()
        runs[s] = engine.run(queries if s == "ours" else [(q, t) for q, t, _ in queries])
        timing[s] = time.monotonic() - start
        errors = sum(1 for r in runs[s].values() if r.get("error"))
        log(f"{s}: {len(queries)} queries in {timing[s]:.1f} s, {errors} errors")
    per_query = score(runs, queries, qrels)
    summary = report(per_query, queries, systems, "nDCG@10 etc. (randomization test, 10,000 flips)")
    for s in systems:
        errors = sum(1 for r in runs[s].values() if r.get("error"))
        if errors:
            print(f"{LABELS[s]}: {errors} queries answered with an error (scored as no hits)")
    rows = (sweep(build, work, corpus_path, args.threads, queries, qrels, args.data)
            if args.sweep else [])
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "summary": {f"{k}/{s}": v for (k, s), v in summary.items()},
            "sweep": rows, "per_query": per_query,
            "top10": {s: {q: r["ids"][:10] for q, r in run.items()} for s, run in runs.items()},
        }, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
