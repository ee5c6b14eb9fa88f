#!/usr/bin/env python3
"""QBQTC dev: real browser queries against their judged titles, Chanjiao and
four baselines in one run.

    bench/relevance/qbqtc.py --build BUILD [--data ../shared/data/qbqtc-dev/dev.json]
        [--work DIR] [--systems ours,ngram-or,ngram-and,fts5,jieba] [--sample N]
        [--threads N] [--connections N] [--json OUT]

Every distinct title of dev.json becomes a document (type `resource`, the
title in `title` and nothing else, id `q` + the first 12 hex digits of the
title's SHA-1); every distinct query is run through each system over the same
documents, and scored against the titles judged for it (labels 0/1/2, gain =
label). README.md ("QBQTC dev") defines the systems and the metrics, and says
how titles nobody judged for a query are treated.

Exit status: 0 done, or skipped because dev.json is absent (a message says
so); 1 something broke; 2 bad usage.
"""
import argparse
import datetime
import hashlib
import heapq
import json
import math
import sys
import time
import unicodedata
from pathlib import Path

import rellib
from rellib import fmt, log, mean

REPO = rellib.REPO
DEFAULT_DATA = REPO.parent / "shared" / "data" / "qbqtc-dev" / "dev.json"
SYSTEMS = ("ours", "ngram-or", "ngram-and", "fts5", "jieba")
LABELS = {"ours": "chanjiao", "ngram-or": "ngram-OR", "ngram-and": "ngram-AND",
          "fts5": "fts5-trigram", "jieba": "jieba-bm25"}
DEPTH = 50      # results kept per query: one page of chanjiao-server's largest size
CUTOFF = 10     # nDCG@10, MRR@10
BM25_K1, BM25_B = 1.2, 0.75


# --- Data ------------------------------------------------------------------------

def doc_id(title):
    return "q" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]


def query_id(query):
    return hashlib.sha1(query.encode("utf-8")).hexdigest()[:12]


def load(path):
    """(docs {id: title}, queries [(qid, text)], qrels {qid: {docid: label}}).
    Queries and titles are stripped of surrounding white space; a pair judged
    twice keeps its higher label (counted in `conflicts`)."""
    docs, queries, qrels = {}, {}, {}
    conflicts = skipped = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            q, title = str(row.get("query", "")).strip(), str(row.get("title", "")).strip()
            label = int(row.get("label", 0))
            if not q or not title:
                skipped += 1
                continue
            did = doc_id(title)
            if docs.setdefault(did, title) != title:
                raise SystemExit(f"qbqtc: id collision {did}: {title!r} vs {docs[did]!r}")
            qid = query_id(q)
            if queries.setdefault(qid, q) != q:
                raise SystemExit(f"qbqtc: query id collision {qid}")
            judged = qrels.setdefault(qid, {})
            if did in judged and judged[did] != label:
                conflicts += 1
            judged[did] = max(judged.get(did, 0), label)
    return docs, sorted(queries.items(), key=lambda kv: kv[1]), qrels, conflicts, skipped


def sample(queries, n):
    """A deterministic subset: the n queries with the smallest id (a hash of the text)."""
    if not n or n >= len(queries):
        return queries
    keep = set(sorted(qid for qid, _ in queries)[:n])
    return [(qid, q) for qid, q in queries if qid in keep]


def write_corpus(work, docs):
    """docs.jsonl in the work folder, rewritten only when its content changes
    (the indexes' stamps depend on its mtime)."""
    path = work / "docs.jsonl"
    text = "".join(json.dumps({"id": d, "type": "resource", "title": t}, ensure_ascii=False)
                   + "\n" for d, t in sorted(docs.items()))
    if rellib.write_if_changed(path, text):
        log(f"qbqtc: wrote {len(docs)} documents to {path}")
    return path


# --- Systems -----------------------------------------------------------------------

class Ours(rellib.ChanjiaoServer):
    """One GET /api/v1/search?q=…&size=50 per query: the top 10 a user sees and
    the next 40, which the judged-only nDCG needs (README.md)."""

    def __init__(self, build, work, files, threads, connections):
        super().__init__(build, work, files, threads)
        self.connections = connections

    def _one(self, item):
        qid, q = item
        r = self.search(q, DEPTH, 1)
        return qid, {"ids": [h["id"] for h in r.get("hits", [])][:DEPTH],
                     "error": r.get("error"), "relaxed": bool(r.get("relaxed"))}

    def run(self, queries):
        with self:  # server start-up is not query time, but is short
            return dict(self.map(self._one, queries, self.connections))


def is_token(word):
    """A jieba token worth indexing: not only spaces, punctuation or symbols."""
    return any(not unicodedata.category(ch).startswith(("P", "Z", "C", "S")) for ch in word)


class JiebaBM25:
    """A word index over jieba's dictionary: jieba.cut_for_search (its HMM on)
    at index and query time, ASCII lowercased, tokens of only punctuation,
    symbols or spaces dropped; Okapi BM25 (k1 1.2, b 0.75, Lucene's idf
    ln(1 + (N − n + 0.5)/(n + 0.5))), any query word matches (OR), each
    distinct query word counted once; ties in document order."""

    def __init__(self, docs, depth):
        self.jieba = rellib.import_jieba()
        if self.jieba is None:
            raise SystemExit("qbqtc: jieba missing (Debian package python3-jieba)")
        self.depth = depth
        start = time.monotonic()
        self.ids = sorted(docs)
        postings, lengths = {}, []
        for n, did in enumerate(self.ids):
            words = self.tokens(docs[did])
            lengths.append(len(words))
            tf = {}
            for w in words:
                tf[w] = tf.get(w, 0) + 1
            for w, f in tf.items():
                postings.setdefault(w, []).append((n, f))
        avgdl = sum(lengths) / max(len(lengths), 1)
        total = len(self.ids)
        # Precompute each posting's term-frequency part; a query only sums idf × it.
        self.postings = {}
        for w, plist in postings.items():
            idf = math.log(1 + (total - len(plist) + 0.5) / (len(plist) + 0.5))
            self.postings[w] = [
                (n, idf * f * (BM25_K1 + 1) /
                 (f + BM25_K1 * (1 - BM25_B + BM25_B * lengths[n] / avgdl)))
                for n, f in plist]
        self.index_seconds = time.monotonic() - start

    def tokens(self, text):
        return [w.lower() for w in self.jieba.cut_for_search(text) if is_token(w)]

    def search(self, q):
        scores = {}
        for w in set(self.tokens(q)):
            for n, s in self.postings.get(w, ()):
                scores[n] = scores.get(n, 0.0) + s
        best = heapq.nsmallest(self.depth, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [self.ids[n] for n, _ in best]

    def run(self, queries):
        return {qid: {"ids": self.search(q), "error": None} for qid, q in queries}


# --- Metrics ------------------------------------------------------------------------

def query_metrics(ids, judged):
    """None when no judged title has label ≥ 1 (no defined nDCG; left out of the
    means). Unjudged titles have gain 0 in nDCG@10; judged-only nDCG@10 first
    drops them from the ranking (a condensed list, Sakai 2007)."""
    if not any(g >= 1 for g in judged.values()):
        return None
    ideal = rellib.dcg(sorted(judged.values(), reverse=True)[:CUTOFF])
    top = ids[:CUTOFF]
    condensed = [d for d in ids if d in judged][:CUTOFF]
    return {
        "ndcg@10": rellib.dcg([judged.get(d, 0) for d in top]) / ideal,
        "ndcg_judged@10": rellib.dcg([judged[d] for d in condensed]) / ideal,
        "mrr@10": next((1.0 / (i + 1) for i, d in enumerate(top) if judged.get(d, 0) >= 1), 0.0),
        f"found@{DEPTH}": float(any(judged.get(d, 0) >= 1 for d in ids)),
    }


METRICS = ("ndcg@10", "ndcg_judged@10", "mrr@10", f"found@{DEPTH}")


def summarize(systems, queries, runs, qrels):
    summary, per_query = {}, {}
    for s in systems:
        rows = {}
        for qid, _ in queries:
            res = runs[s][qid]
            rows[qid] = {"hits": len(res["ids"]), "error": res.get("error"),
                         "metrics": query_metrics(res["ids"], qrels.get(qid, {}))}
            if "relaxed" in res:
                rows[qid]["relaxed"] = res["relaxed"]
        per_query[s] = rows
        evaluated = [r["metrics"] for r in rows.values() if r["metrics"] is not None]
        n = len(queries)
        summary[s] = {m: mean([e[m] for e in evaluated]) for m in METRICS}
        summary[s].update({
            "evaluated_queries": len(evaluated), "queries": n,
            "zero_result_rate": sum(r["hits"] == 0 for r in rows.values()) / n,
            "under_10_rate": sum(r["hits"] < CUTOFF for r in rows.values()) / n,
            "errors": sum(1 for r in rows.values() if r["error"])})
        if s == "ours":
            summary[s]["relaxed"] = sum(1 for r in rows.values() if r.get("relaxed"))
    return summary, per_query


def significance(systems, queries, per_query, summary):
    """Ours against each baseline: paired randomization test on nDCG@10."""
    if "ours" not in systems:
        return {}, None
    baselines = [s for s in systems if s != "ours"]
    best = max(baselines, key=lambda s: summary[s]["ndcg@10"] or 0.0, default=None)
    qids = [q for q, _ in queries if per_query["ours"][q]["metrics"] is not None]
    tests = {}
    for b in baselines:
        a = [per_query["ours"][q]["metrics"]["ndcg@10"] for q in qids]
        c = [per_query[b][q]["metrics"]["ndcg@10"] for q in qids]
        tests[b] = {"mean_difference": mean([x - y for x, y in zip(a, c)]),
                    "p_value": rellib.randomization_test_grouped(a, c), "queries": len(qids),
                    "ours_better": sum(x > y + 1e-12 for x, y in zip(a, c)),
                    "ours_worse": sum(x < y - 1e-12 for x, y in zip(a, c))}
    return tests, best


# --- Output -------------------------------------------------------------------------

def print_report(header, systems, summary, tests, best, timing):
    for k, v in header.items():
        print(f"{k}: {v}")
    s0 = summary[systems[0]]
    print()
    print(f"== qbqtc-dev: {s0['evaluated_queries']} of {s0['queries']} queries have a title "
          f"with label ≥ 1 (the means); zero and <10 rates over all {s0['queries']}")
    w = 14
    print(f"{'':<24}" + "".join(f"{LABELS[s]:>{w}}" for s in systems))
    rows = [("nDCG@10", "ndcg@10", 4), ("nDCG@10 judged-only", "ndcg_judged@10", 4),
            ("MRR@10", "mrr@10", 4), (f"relevant in top {DEPTH}", f"found@{DEPTH}", 4),
            ("zero-result rate", "zero_result_rate", 4), ("< 10 hits rate", "under_10_rate", 4)]
    for label, key, d in rows:
        print(f"{label:<24}" + "".join(f"{fmt(summary[s][key], d):>{w}}" for s in systems))
    print(f"{'errors (400/parse)':<24}" + "".join(f"{summary[s]['errors']:>{w}}" for s in systems))
    print(f"{'index build s':<24}" + "".join(f"{timing['index'][s]:>{w}.1f}" for s in systems))
    print(f"{'query run s':<24}" + "".join(f"{timing['queries'][s]:>{w}.1f}" for s in systems))
    if "ours" in summary:
        print(f"ours answered {summary['ours']['relaxed']} queries relaxed (partial matches)")
    for b, t in tests.items():
        tag = "  ← best baseline" if b == best else ""
        print(f"nDCG@10 ours − {LABELS[b]}: {t['mean_difference']:+.4f}, p = {fmt(t['p_value'])} "
              f"(ours better on {t['ours_better']}, worse on {t['ours_worse']} of "
              f"{t['queries']}){tag}")
    if tests:
        print(f"p: paired randomization (sign flip) test, two-sided, {rellib.PERMUTATIONS} "
              f"permutations, seed {rellib.SEED}")


def write_json(path, header, systems, summary, tests, best, timing, queries, qrels, runs,
               per_query, docs):
    out = {"header": header, "systems": systems, "labels": LABELS, "summary": summary,
           "significance": tests, "best_baseline": best, "timing": timing,
           "queries": {}, "titles": {}}
    shown = set()
    for qid, q in queries:
        entry = {"query": q, "judged": qrels.get(qid, {}), "systems": {}}
        shown.update(entry["judged"])
        for s in systems:
            r = per_query[s][qid]
            e = {"hits": r["hits"], "top10": runs[s][qid]["ids"][:CUTOFF]}
            if r["metrics"]:
                e.update(r["metrics"])
            if r["error"]:
                e["error"] = r["error"]
            if r.get("relaxed"):
                e["relaxed"] = True
            shown.update(e["top10"])
            entry["systems"][s] = e
        out["queries"][qid] = entry
    # The titles of every judged or top-10 document, for reading the failures.
    out["titles"] = {d: docs[d] for d in sorted(shown) if d in docs}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=None, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, default=REPO / "build",
                    help="build dir with chanjiao-index, chanjiao-server, bench/… [build]")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="QBQTC dev.json")
    ap.add_argument("--work", type=Path,
                    help="documents and indexes, reused while inputs and binaries are "
                         "unchanged [BUILD/relevance-work/qbqtc]")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--sample", type=int, default=0, metavar="N",
                    help="only N queries (always the same N; the corpus stays whole)")
    ap.add_argument("--threads", type=int, default=4, help="chanjiao-server worker threads [4]")
    ap.add_argument("--connections", type=int, default=4,
                    help="concurrent keep-alive connections to chanjiao-server [4]")
    ap.add_argument("--json", help="write summary and per-query numbers as JSON")
    args = ap.parse_args()

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if not systems or any(s not in SYSTEMS for s in systems):
        ap.error("--systems: choose from " + ",".join(SYSTEMS))
    systems.sort(key=SYSTEMS.index)
    if args.connections > args.threads:
        # cpp-httplib gives each keep-alive connection a worker until it closes.
        ap.error("--connections must not exceed --threads (connections would queue)")
    if not args.data.exists():
        print(f"qbqtc: skipped: {args.data} not found (see ../shared/data/qbqtc-dev/SOURCE.md)")
        return 0

    started = time.monotonic()
    docs, queries, qrels, conflicts, skipped = load(args.data)
    all_queries = len(queries)
    queries = sample(queries, args.sample)
    build = args.build.resolve()
    work = (args.work or build / "relevance-work" / "qbqtc").resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus = write_corpus(work, docs)
    header = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": rellib.machine(), "load": rellib.load_average(),
        "code": rellib.code_version(),
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "data": f"{args.data}: {len(docs)} titles, {len(queries)} of {all_queries} distinct "
                f"queries{' (--sample)' if len(queries) < all_queries else ''}, "
                f"{sum(len(qrels[q]) for q, _ in queries)} judgments"
                + (f", {conflicts} pairs judged twice (higher label kept)" if conflicts else "")
                + (f", {skipped} rows without query or title skipped" if skipped else ""),
    }

    timing = {"index": {}, "queries": {}}
    runs = {}
    for s in systems:
        if s == "ours":
            engine = Ours(build, work, [corpus], args.threads, args.connections)
        elif s in ("ngram-or", "ngram-and"):
            engine = rellib.Ngram(build, work, [corpus], DEPTH, default_op=s.split("-")[1])
        elif s == "fts5":
            engine = rellib.Fts5(work, [corpus], {d: {"id": d, "title": t} for d, t in docs.items()},
                                 DEPTH)
        else:
            engine = JiebaBM25(docs, DEPTH)
        timing["index"][s] = engine.index_seconds
        start = time.monotonic()
        runs[s] = engine.run(queries)
        timing["queries"][s] = time.monotonic() - start
        log(f"{s}: {len(queries)} queries in {timing['queries'][s]:.1f} s")

    summary, per_query = summarize(systems, queries, runs, qrels)
    tests, best = significance(systems, queries, per_query, summary)
    timing["total"] = time.monotonic() - started
    print_report(header, systems, summary, tests, best, timing)
    print(f"total {timing['total']:.1f} s")
    if args.json:
        write_json(args.json, header, systems, summary, tests, best, timing, queries, qrels,
                   runs, per_query, docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
