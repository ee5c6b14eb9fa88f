#!/usr/bin/env python3
"""Relevance evaluation: Chanjiao against two baselines over the same records.

    bench/relevance/evaluate.py --build BUILD --corpus FILE_OR_DIR... \
        --queries queries.tsv [--qrels FILE_OR_DIR] [--systems ours,ngram,fts5] \
        [--work DIR] [--pool 10 --pool-out pool.jsonl] [--json OUT] [--floor FLOOR.json]

Systems, each built from the same JSONL records in this run:
  ours   chanjiao-index, then the real chanjiao-server on 127.0.0.1 (ephemeral
         port), GET /api/v1/search?q=…&size=50&page=1,2 — the top 100 as a user
         would page through them (reposts collapsed, relaxed second pass included).
  ngram  Xapian 1.4 FLAG_CJK_NGRAM: bench/ngram_baseline_index, queried by
         bench/relevance/ngram_baseline_query (the same QueryParser settings as
         bench/ngram_baseline_server, without its 50-hit page limit).
  fts5   SQLite FTS5, tokenize='trigram', bm25() with the same fields and weights;
         terms under 3 characters fall back to LIKE (see README.md).

Metrics (README.md has the definitions): nDCG@10 with gain 2^grade − 1 and
discount log2(rank + 1), MRR@10, P@10, Recall@100 (grade ≥ 1 is relevant),
averaged over the queries that have at least one relevant judgment; the
zero-result rate over all queries; a paired randomization test on nDCG@10 of
ours against each baseline.

Exit status: 0 done (and every --floor check held); 1 a floor check failed or
something broke; 2 bad usage.
"""
import argparse
import datetime
import json
import sys
import tempfile
import time
from pathlib import Path

import rellib
from rellib import display_width, fmt, log, mean

SYSTEMS = ("ours", "ngram", "fts5")
LABELS = {"ours": "chanjiao", "ngram": "xapian-ngram", "fts5": "fts5-trigram"}
DEPTH = 100          # results fetched per query (Recall@100)
OURS_PAGE = 50       # chanjiao-server's largest page (SearchLimits::kMaxPageSize)


# --- Inputs -------------------------------------------------------------------

def corpus_files(sources):
    files = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            files.extend(sorted(p.glob("*.jsonl")))
        elif p.is_file():
            files.append(p)
        else:
            raise SystemExit(f"evaluate: --corpus {s}: no such file or folder")
    if not files:
        raise SystemExit("evaluate: --corpus: no .jsonl files")
    return files


def load_corpus(files):
    docs = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(d, dict) and isinstance(d.get("id"), str):
                    docs[d["id"]] = d
    return docs


def load_queries(path):
    queries = []
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            qid, sep, text = line.partition("\t")
            if not sep or not text.strip():
                raise SystemExit(f"evaluate: {path}:{n}: expected qid<TAB>query")
            if qid in seen:
                raise SystemExit(f"evaluate: {path}:{n}: duplicate qid {qid}")
            seen.add(qid)
            queries.append((qid, text.strip()))
    return queries


def load_qrels(source, qids):
    """TREC qrels `qid 0 docid grade` from a file or every *.txt in a folder.
    The same (qid, docid) judged differently in two places keeps the higher
    grade and is reported."""
    qrels = {}
    if not source:
        return qrels
    p = Path(source)
    if not p.exists():
        raise SystemExit(f"evaluate: --qrels {source}: no such file or folder")
    files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
    conflicts, unknown = 0, set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.split()
                if not parts or parts[0].startswith("#"):
                    continue
                if len(parts) != 4 or parts[3] not in ("0", "1", "2", "3"):
                    raise SystemExit(f"evaluate: {f}:{n}: expected `qid 0 docid grade` (0-3)")
                qid, _, docid, grade = parts
                if qid not in qids:
                    unknown.add(qid)
                judged = qrels.setdefault(qid, {})
                if docid in judged and judged[docid] != int(grade):
                    conflicts += 1
                judged[docid] = max(judged.get(docid, 0), int(grade))
    if conflicts:
        log(f"qrels: {conflicts} (qid, docid) pairs judged differently; kept the higher grade")
    if unknown:
        log(f"qrels: judgments for unknown qids ignored: {' '.join(sorted(unknown))}")
    return qrels


# --- Systems -------------------------------------------------------------------

class Ours(rellib.ChanjiaoServer):
    """The first DEPTH results a user would page through (two pages of 50)."""

    def __init__(self, build, work, files, threads):
        super().__init__(build, work, files, threads)

    def _one(self, item):
        qid, q = item
        first = self.search(q, OURS_PAGE, 1)
        ids = [h["id"] for h in first.get("hits", [])]
        if len(ids) == OURS_PAGE and first.get("total", 0) > OURS_PAGE:
            ids += [h["id"] for h in self.search(q, OURS_PAGE, 2).get("hits", [])]
        return qid, {"ids": ids[:DEPTH], "error": first.get("error"),
                     "relaxed": bool(first.get("relaxed")), "took_ms": first.get("took_ms")}

    def run(self, queries):
        return dict(self.map(self._one, queries, self.threads))


# --- Metrics -------------------------------------------------------------------

def dcg(grades):
    """Exponential gain 2^grade − 1 (Burges et al.; trec_eval ndcg_cut)."""
    return rellib.dcg([2 ** g - 1 for g in grades])


def query_metrics(ids, judged):
    """Metrics of one ranked list against one query's judgments, or None when
    the query has no relevant judgment (then it is left out of the means)."""
    relevant = {d for d, g in judged.items() if g >= 1}
    if not relevant:
        return None
    top10 = ids[:10]
    ideal = dcg(sorted(judged.values(), reverse=True)[:10])
    rr = next((1.0 / (i + 1) for i, d in enumerate(top10) if d in relevant), 0.0)
    return {
        "ndcg@10": dcg([judged.get(d, 0) for d in top10]) / ideal,
        "mrr@10": rr,
        "p@10": sum(d in relevant for d in top10) / 10,
        "recall@100": len(relevant.intersection(ids[:DEPTH])) / len(relevant),
    }


METRICS = ("ndcg@10", "mrr@10", "p@10", "recall@100")






# --- Output ----------------------------------------------------------------------









def summarize(systems, queries, runs, qrels):
    summary, per_query = {}, {}
    for s in systems:
        rows = {}
        for qid, q in queries:
            res = runs[s][qid]
            rows[qid] = {"hits": len(res["ids"]), "error": res.get("error"),
                         "metrics": query_metrics(res["ids"], qrels.get(qid, {}))}
            if "relaxed" in res:
                rows[qid]["relaxed"] = res["relaxed"]
        per_query[s] = rows
        evaluated = [r["metrics"] for r in rows.values() if r["metrics"] is not None]
        zero = [qid for qid, r in rows.items() if r["hits"] == 0]
        summary[s] = {m: mean([e[m] for e in evaluated]) for m in METRICS}
        summary[s].update({"evaluated_queries": len(evaluated), "queries": len(queries),
                           "zero_results": len(zero), "zero_result_rate": len(zero) / len(queries),
                           "zero_result_qids": zero,
                           "errors": sum(1 for r in rows.values() if r["error"])})
        if s == "ours":
            summary[s]["relaxed"] = sum(1 for r in rows.values() if r.get("relaxed"))
    return summary, per_query


def significance(systems, queries, per_query):
    tests = {}
    if "ours" not in systems:
        return tests
    for b in systems:
        if b == "ours":
            continue
        qids = [q for q, _ in queries if per_query["ours"][q]["metrics"] is not None]
        a = [per_query["ours"][q]["metrics"]["ndcg@10"] for q in qids]
        c = [per_query[b][q]["metrics"]["ndcg@10"] for q in qids]
        tests[b] = {"mean_difference": mean([x - y for x, y in zip(a, c)]),
                    "p_value": rellib.randomization_test(a, c), "queries": len(qids),
                    "ours_better": sum(x > y + 1e-12 for x, y in zip(a, c)),
                    "ours_worse": sum(x < y - 1e-12 for x, y in zip(a, c)),
                    "test": f"paired randomization (sign flip), two-sided, "
                            f"{rellib.PERMUTATIONS} permutations, seed {rellib.SEED}"}
    return tests


def print_report(header, systems, queries, summary, per_query, tests, timing):
    for k, v in header.items():
        print(f"{k}: {v}")
    print()
    width = 14
    print("== per query (nDCG@10; hits returned, max 100; * relaxed, ! error)")
    print(f"{'qid':<6} {'query':<24} " + " ".join(f"{LABELS[s]:>{width}}" for s in systems))
    for qid, q in queries:
        cells = []
        for s in systems:
            r = per_query[s][qid]
            flag = "!" if r["error"] else ("*" if r.get("relaxed") else " ")
            nd = fmt(r["metrics"]["ndcg@10"], 3) if r["metrics"] else "  -  "
            cells.append(f"{nd} {r['hits']:>3}{flag}".rjust(width))
        shown = q
        while display_width(shown) > 22:
            shown = shown[:-2] + "…"
        print(f"{qid:<6} {shown}{' ' * (24 - display_width(shown))} " + " ".join(cells))
    print()
    n_eval = summary[systems[0]]["evaluated_queries"]
    print(f"== overall ({n_eval} of {len(queries)} queries have a relevant judgment; "
          f"zero-result rate over all {len(queries)})")
    print(f"{'':<22}" + "".join(f"{LABELS[s]:>{width}}" for s in systems))
    for m in METRICS:
        print(f"{m:<22}" + "".join(f"{fmt(summary[s][m]):>{width}}" for s in systems))
    print(f"{'zero-result queries':<22}" + "".join(
        f"{summary[s]['zero_results']:>{width - 6}} ({summary[s]['zero_result_rate']:.2f})"
        for s in systems))
    print(f"{'errors (400/parse)':<22}" + "".join(f"{summary[s]['errors']:>{width}}" for s in systems))
    print(f"{'index build s':<22}" + "".join(f"{timing['index'][s]:>{width}.1f}" for s in systems))
    print(f"{'query run s':<22}" + "".join(f"{timing['queries'][s]:>{width}.2f}" for s in systems))
    if "ours" in summary:
        print(f"ours answered {summary['ours']['relaxed']} queries relaxed (partial matches)")
    for b, t in tests.items():
        if not t["queries"]:
            print(f"nDCG@10 ours − {LABELS[b]}: no judged queries yet")
            continue
        print(f"nDCG@10 ours − {LABELS[b]}: {fmt(t['mean_difference'])}, p = {fmt(t['p_value'])} "
              f"({t['test']}; ours better on {t['ours_better']}, worse on {t['ours_worse']} "
              f"of {t['queries']} queries)")


def salary_text(doc):
    lo, hi = doc.get("salary_min"), doc.get("salary_max")
    if lo is None and hi is None:
        return ""
    return f"{lo if lo is not None else ''}–{hi if hi is not None else ''}"


def write_pool(path, depth, systems, queries, runs, qrels, docs):
    """One line per (qid, docid) in some system's top `depth` and not judged yet,
    ordered by qid then docid: which system found it is left out (blind judging)."""
    sizes = {}
    with open(path, "w", encoding="utf-8") as out:
        for qid, q in queries:
            judged = qrels.get(qid, {})
            pool = set()
            for s in systems:
                pool.update(d for d in runs[s][qid]["ids"][:depth] if d not in judged)
            sizes[qid] = len(pool)
            for docid in sorted(pool):
                d = docs.get(docid, {})
                skills = d.get("skills") or d.get("tags") or []
                row = {"qid": qid, "query": q, "docid": docid, "type": d.get("type"),
                       "title": d.get("title"), "body": (d.get("body") or "")[:200],
                       "org": d.get("org"), "region": d.get("region"),
                       "education": d.get("education"), "experience": d.get("experience"),
                       "salary": salary_text(d), "skills": skills, "major": d.get("major"),
                       "level": d.get("level")}
                out.write(json.dumps({k: v for k, v in row.items() if v not in (None, "", [])},
                                     ensure_ascii=False) + "\n")
    return sizes


def check_floor(path, summary):
    """FLOOR.json: {"min_ndcg@10": x, "max_zero_results": n} for ours."""
    floor = json.loads(Path(path).read_text())
    ours = summary.get("ours")
    if ours is None:
        return ["--floor needs the ours system"]
    failures = []
    if ours["ndcg@10"] is None or ours["ndcg@10"] < floor["min_ndcg@10"]:
        failures.append(f"ours nDCG@10 {fmt(ours['ndcg@10'])} < floor {floor['min_ndcg@10']}")
    if ours["zero_results"] > floor["max_zero_results"]:
        failures.append(f"ours zero-result queries {ours['zero_results']} "
                        f"({' '.join(ours['zero_result_qids'])}) > {floor['max_zero_results']}")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, type=Path,
                    help="build dir with chanjiao-index, chanjiao-server, bench/ngram_baseline_*")
    ap.add_argument("--corpus", required=True, nargs="+", help="JSONL files or folders of them")
    ap.add_argument("--queries", required=True, help="TSV qid<TAB>query")
    ap.add_argument("--qrels", help="TREC qrels file, or a folder of *.txt qrels")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--work", type=Path,
                    help="keep indexes here and reuse them while the corpus and indexers "
                         "are unchanged (default: a temporary folder)")
    ap.add_argument("--threads", type=int, default=2, help="chanjiao-server worker threads")
    ap.add_argument("--pool", type=int, metavar="DEPTH", help="pool depth for --pool-out")
    ap.add_argument("--pool-out", help="write unjudged top-DEPTH documents as JSONL")
    ap.add_argument("--json", help="write every number as JSON")
    ap.add_argument("--floor", help="JSON with min_ndcg@10 and max_zero_results for ours")
    args = ap.parse_args()

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if not systems or any(s not in SYSTEMS for s in systems):
        ap.error("--systems: choose from " + ",".join(SYSTEMS))
    systems.sort(key=SYSTEMS.index)
    if bool(args.pool) != bool(args.pool_out):
        ap.error("--pool and --pool-out go together")

    started = time.monotonic()
    files = [f.resolve() for f in corpus_files(args.corpus)]
    docs = load_corpus(files)
    queries = load_queries(args.queries)
    qrels = load_qrels(args.qrels, {q for q, _ in queries})
    header = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": rellib.machine(),
        "load": rellib.load_average(),
        "code": rellib.code_version(),
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "data": f"{len(docs)} documents from {len(files)} file(s); {len(queries)} queries; "
                f"{sum(len(v) for v in qrels.values())} judgments",
    }

    tmp = None
    work = args.work
    if work is None:
        tmp = tempfile.TemporaryDirectory(prefix="chanjiao-rel-")
        work = Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    build = args.build.resolve()
    timing = {"index": {}, "queries": {}}
    runs = {}
    try:
        engines = {}
        if "ours" in systems:
            engines["ours"] = Ours(build, work, files, args.threads)
        if "ngram" in systems:
            engines["ngram"] = rellib.Ngram(build, work, files, DEPTH)
        if "fts5" in systems:
            engines["fts5"] = rellib.Fts5(work, files, docs, DEPTH)
        for s in systems:
            timing["index"][s] = engines[s].index_seconds
            if s == "ours":
                with engines[s] as server:  # server start-up is not query time
                    start = time.monotonic()
                    runs[s] = server.run(queries)
            else:
                start = time.monotonic()
                runs[s] = engines[s].run(queries)
            timing["queries"][s] = time.monotonic() - start
            log(f"{s}: {len(queries)} queries in {timing['queries'][s]:.2f} s")
    finally:
        if tmp is not None:
            tmp.cleanup()

    summary, per_query = summarize(systems, queries, runs, qrels)
    tests = significance(systems, queries, per_query)
    timing["total"] = time.monotonic() - started
    print_report(header, systems, queries, summary, per_query, tests, timing)
    print(f"total {timing['total']:.1f} s")

    if args.pool_out:
        sizes = write_pool(args.pool_out, args.pool, systems, queries, runs, qrels, docs)
        print(f"pool (depth {args.pool}, unjudged only): {sum(sizes.values())} documents for "
              f"{sum(1 for v in sizes.values() if v)} queries → {args.pool_out}; per query: "
              + " ".join(f"{q}:{n}" for q, n in sizes.items()))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"header": header, "systems": systems, "summary": summary,
                       "significance": tests, "timing": timing,
                       "per_query": {s: {qid: dict(per_query[s][qid], query=q,
                                                   top10=runs[s][qid]["ids"][:10])
                                         for qid, q in queries} for s in systems}},
                      fh, ensure_ascii=False, indent=1)
    if args.floor:
        failures = check_floor(args.floor, summary)
        for f in failures:
            print("FAIL: " + f)
        if failures:
            sys.exit(1)
        floor = json.loads(Path(args.floor).read_text())
        print(f"floor held: ours nDCG@10 ≥ {floor['min_ndcg@10']}, "
              f"zero-result queries ≤ {floor['max_zero_results']}")


if __name__ == "__main__":
    main()
