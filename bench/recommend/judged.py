#!/usr/bin/env python3
"""Job → course recommendations on the team's judged development set
(bench/recommend/README.md): nDCG@5 and P@5 (grade ≥ 2) of Chanjiao's skill
ranking next to its variants and the two baselines, all in the same run, plus
recommendation latency.

    python3 bench/recommend/judged.py pool     --build BUILD --index INDEX --jsonl FILES...
    python3 bench/recommend/judged.py evaluate --build BUILD --index INDEX --jsonl FILES...

INDEX is `chanjiao-index build --out INDEX` of the same JSONL files
(jobs-it, zhaopin, icourse163 imports: bench/recommend/run.sh makes both).
`pool` writes bench/recommend/pool.tsv (git-ignored: it holds dataset text)
with every job's pooled courses that have no judgment yet; judgments go to
bench/recommend/judgments.tsv (ids and grades only). `evaluate` prints the
tables. Exit status 2 when the JSONL files are absent.

Systems (top 5 courses, type=resource):
  ours      GET /api/v1/recommend?id=JOB&type=resource (skill coverage)
  keywords  the same with mode=keywords (the previous ranking: expand terms + skill clauses)
  title-or  GET /api/v1/search?q=<the job title's words joined by OR>&type=resource
  mlt       GET /api/v1/recommend?mode=baseline (Xapian RSet + get_eset, no decider)
"""
import argparse
import json
import math
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import Server, percentile  # noqa: E402

HERE = Path(__file__).resolve().parent
K = 5
SYSTEMS = ["ours", "keywords", "title-or", "mlt"]


def load_jobs():
    return [l.strip() for l in open(HERE / "jobs.txt", encoding="utf-8")
            if l.strip() and not l.startswith("#")]


def load_judgments():
    out = {}
    path = HERE / "judgments.tsv"
    if path.exists():
        for line in open(path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                continue
            job, course, grade = line.rstrip("\n").split("\t")[:3]
            out[(job, course)] = int(grade)
    return out


def title_or_query(server, title):
    body, _ = server.get("/api/v1/analyze", text=title)
    words = [t["token"] for t in body.get("tokens", [])]
    words = [w for w in words if w.strip() and w.upper() != "OR"]
    return " OR ".join(dict.fromkeys(words))


def run(server, system, job, title):
    if system == "title-or":
        q = title_or_query(server, title)
        if not q:
            return [], 0.0
        body, ms = server.get("/api/v1/search", q=q, type="resource", size=K)
        return [h["id"] for h in body["hits"]], ms
    params = {"id": job, "type": "resource", "size": K}
    if system == "keywords":
        params["mode"] = "keywords"
    if system == "mlt":
        params["mode"] = "baseline"
    body, ms = server.get("/api/v1/recommend", **params)
    return [h["id"] for h in body["hits"]], body["took_ms"]


def flat(text, n):
    """One TSV field: no tabs or line breaks."""
    return " ".join((text or "").split())[:n]


def dcg(gains):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["pool", "evaluate"])
    ap.add_argument("--build", default=str(HERE.parents[1] / "build"))
    ap.add_argument("--index", required=True)
    ap.add_argument("--jsonl", nargs="+", required=True)
    ap.add_argument("--repeat", type=int, default=5, help="latency: requests per job (ours)")
    ap.add_argument("--per-job", metavar="SYSTEM",
                    help="evaluate: also list SYSTEM's top 5 per job with grades (dataset text)")
    args = ap.parse_args()
    if not all(os.path.exists(p) for p in args.jsonl):
        print("skipped: JSONL files absent (bench/recommend/run.sh imports them)")
        return 2
    docs = {}
    for path in args.jsonl:
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            docs[d["id"]] = d
    jobs = load_jobs()
    judged = load_judgments()
    server = Server(args.build, args.index)
    try:
        ranked = {s: {j: run(server, s, j, docs[j]["title"])[0] for j in jobs} for s in SYSTEMS}
        took = []
        for _ in range(args.repeat):
            for j in jobs:
                took.append(run(server, "ours", j, docs[j]["title"])[1])
    finally:
        server.close()

    if args.command == "pool":
        # Blind: courses in id order, no system named.
        out = open(HERE / "pool.tsv", "w", encoding="utf-8")
        todo = 0
        for j in jobs:
            d = docs[j]
            pooled = sorted({c for s in SYSTEMS for c in ranked[s][j]})
            new = [c for c in pooled if (j, c) not in judged]
            if not new:
                continue
            out.write(f"## {j}\t{flat(d['title'], 200)}\t{flat(d.get('body'), 600)}\t"
                      f"{flat(','.join(d.get('skills', [])), 300)}\n")
            for c in new:
                cd = docs.get(c, {})
                out.write(f"{j}\t{c}\t{flat(cd.get('title'), 200)}\t{flat(cd.get('school'), 50)}\t"
                          f"{flat(cd.get('major'), 50)}\t{flat(cd.get('body'), 120)}\n")
                todo += 1
        print(f"pool.tsv: {todo} unjudged (job, course) pairs for {len(jobs)} jobs")
        return 0

    print(f"jobs: {len(jobs)}; judgments: {len(judged)}; courses: "
          f"{sum(1 for d in docs.values() if d['type'] == 'resource')}; k = {K}")
    print()
    print("| system | nDCG@5 | P@5 (grade ≥ 2) | P@5 (grade ≥ 1) | unjudged in top 5 |")
    print("|---|---|---|---|---|")
    for s in SYSTEMS:
        nd, p2, p1, unjudged = [], [], [], 0
        for j in jobs:
            grades = {c: g for (jj, c), g in judged.items() if jj == j}
            gains = []
            for c in ranked[s][j]:
                if c not in grades:
                    unjudged += 1
                gains.append(grades.get(c, 0))
            ideal = dcg(sorted(grades.values(), reverse=True)[:K])
            nd.append(dcg(gains) / ideal if ideal > 0 else 0.0)
            p2.append(sum(1 for g in gains if g >= 2) / K)
            p1.append(sum(1 for g in gains if g >= 1) / K)
        print(f"| {s} | {statistics.mean(nd):.3f} | {statistics.mean(p2):.3f} | "
              f"{statistics.mean(p1):.3f} | {unjudged} |")
    if args.per_job:
        for j in jobs:
            grades = {c: g for (jj, c), g in judged.items() if jj == j}
            print(f"\n## {j} {flat(docs[j]['title'], 60)}")
            for c in ranked[args.per_job][j]:
                print(f"  {grades.get(c, '?')} {c} {flat(docs.get(c, {}).get('title'), 60)}")
    print()
    print(f"latency of ours (took_ms, {len(took)} requests, sequential): "
          f"p50 {percentile(took, 50):.1f} ms, p99 {percentile(took, 99):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
