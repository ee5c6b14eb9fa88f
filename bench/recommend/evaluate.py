#!/usr/bin/env python3
"""Offline evaluation of /api/v1/recommend on the imported real data
(jobs-it-2019 + icourse163), ours next to a plain more-like-this baseline in
the same run, plus recommendation latency.

    python3 bench/recommend/evaluate.py --build BUILD --index INDEX \\
        --jsonl build/bench-data/jobs-it.jsonl build/bench-data/icourse163.jsonl

INDEX is a chanjiao-index build of the same JSONL files (bench/search_bench.sh
caches the JSONL under BUILD/bench-data; `chanjiao-index build --out INDEX
FILES` indexes them). Exit status 2 when the JSONL files are absent.

The labelled set is made by the Chanjiao team, by rules written here (no
human judgements, no data copied from elsewhere):

* job → job: a job's role family comes from keyword rules on its title
  (ROLE_FAMILIES below, first match wins); a recommended job is relevant when
  its title falls into the same family. Queries: jobs with a family.
* course → job: the skills a course teaches are the vocabulary skills
  (corpus/dict/skills.txt) in its title; a job is relevant when its text
  names at least one of them (gain = number shared, at most 3). Skill
  matching here is an independent substring matcher over lower-cased text,
  not the analyzer's tokens. Queries: courses whose title names a skill.
* profile → job: profiles drawn from role families (3 frequent skills of the
  family, an education level, a region); a job is relevant when its
  education is open to the profile (不限 < 中专/高中 < 大专 < 本科 < 硕士 < 博士)
  and it names at least one profile skill (gain +1 when in the region).

Baseline: `mode=baseline` — Xapian's RSet + get_eset (30 terms, no decider)
ORed, the document itself excluded, no skills, boosts or collapsing; for
profiles (no source document) a plain /api/v1/search with the profile's
skills and major ORed. Both sides get the same type restriction (job).
Metrics: precision@10 and nDCG@10 (graded gains; the ideal ranking is computed
over every job in the data, not only the returned ones).
"""
import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from chanjiao_server import start_server, stop_server  # noqa: E402  (the one way to start it)
K = 10

# Title keyword rules → role family (first match wins; lower-cased titles).
ROLE_FAMILIES = [
    ("测试", ["测试", "qa"]),
    ("运维", ["运维", "devops", "sre"]),
    ("算法/AI", ["算法", "机器学习", "深度学习", "人工智能", "nlp", "视觉", "ai"]),
    ("数据", ["大数据", "数据分析", "数据开发", "数据仓库", "数仓", "hadoop", "spark", "bi工程", "etl"]),
    ("前端", ["前端", "web前端", "h5", "html5", "javascript", "vue", "react"]),
    ("iOS", ["ios"]),
    ("Android", ["android", "安卓"]),
    ("Java", ["java"]),
    ("PHP", ["php"]),
    ("Python", ["python"]),
    ("C/C++", ["c++", "c/c++", "vc++"]),
    (".NET/C#", [".net", "c#", "asp.net"]),
    ("Go", ["golang", "go开发", "go工程", "go语言"]),
    ("嵌入式", ["嵌入式", "单片机", "驱动", "fpga"]),
    ("数据库", ["dba", "数据库"]),
    ("网络安全", ["安全", "渗透"]),
    ("UI设计", ["ui", "交互设计", "视觉设计", "美工"]),
    ("产品", ["产品经理", "产品专员", "产品助理"]),
    ("实施/技术支持", ["实施", "技术支持", "售前", "售后"]),
    ("游戏", ["游戏", "unity", "u3d", "cocos"]),
]
EDUCATION_RANK = {"不限": 0, "中专": 1, "高中": 1, "大专": 2, "本科": 3, "硕士": 4, "博士": 5}


def role_family(title):
    t = title.lower()
    for family, keys in ROLE_FAMILIES:
        if any(k in t for k in keys):
            return family
    return None


def load_skills(path):
    """skills.txt → (compiled regex of every form, form → canonical)."""
    form_to_skill = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        forms = [f.strip() for f in line.split(" | ") if f.strip()]
        for f in forms:
            key = f.lower().replace(" ", "")
            if len(key) >= 2:
                form_to_skill.setdefault(key, forms[0])
    alternatives = sorted(form_to_skill, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(a) for a in alternatives))
    return pattern, form_to_skill


def skills_in(text, matcher):
    pattern, form_to_skill = matcher
    t = text.lower().replace(" ", "")
    found = set()
    for m in pattern.finditer(t):
        s, e = m.span()
        # Latin forms must not be glued to other Latin letters (java in javascript).
        if m.group()[0].isascii() and m.group()[0].isalnum() and s > 0 and t[s - 1].isascii() and t[s - 1].isalpha():
            continue
        if m.group()[-1].isascii() and m.group()[-1].isalnum() and e < len(t) and t[e].isascii() and t[e].isalpha():
            continue
        found.add(form_to_skill[m.group()])
    return found


def dcg(gains):
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def metrics(gains, ideal_gains):
    p = sum(1 for g in gains[:K] if g > 0) / K
    ideal = dcg(sorted(ideal_gains, reverse=True)[:K])
    return p, (dcg(gains[:K]) / ideal if ideal > 0 else 0.0)


class Server:
    def __init__(self, build, index):
        self.proc, self.base = start_server(build, index, 2)

    def get(self, path, **params):
        url = self.base + path + "?" + urllib.parse.urlencode(params, doseq=True)
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as r:
            body = json.loads(r.read().decode("utf-8"))
        return body, (time.perf_counter() - start) * 1000

    def post(self, path, payload):
        req = urllib.request.Request(self.base + path, data=json.dumps(payload).encode("utf-8"),
                                     method="POST", headers={"Content-Type": "application/json"})
        start = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as r:
            body = json.loads(r.read().decode("utf-8"))
        return body, (time.perf_counter() - start) * 1000

    def close(self):
        stop_server(self.proc)


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(math.ceil(q / 100 * len(values))) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(REPO / "build"))
    ap.add_argument("--index", required=True)
    ap.add_argument("--jsonl", nargs="+", required=True)
    ap.add_argument("--queries", type=int, default=200, help="queries per task")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not all(os.path.exists(p) for p in args.jsonl):
        print("skipped: JSONL files absent (run corpus/importers/chanjiao_import.py)")
        return 2

    matcher = load_skills(REPO / "corpus" / "dict" / "skills.txt")
    docs = {}
    for path in args.jsonl:
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            docs[d["id"]] = d
    jobs = {i: d for i, d in docs.items() if d["type"] == "job"}
    courses = {i: d for i, d in docs.items() if d["type"] == "resource"}
    job_family = {i: role_family(d["title"]) for i, d in jobs.items()}
    job_skills = {i: skills_in(" ".join([d["title"], d.get("body", ""), " ".join(d.get("tags", []))]), matcher)
                  for i, d in jobs.items()}
    family_size = Counter(f for f in job_family.values() if f)
    rng = random.Random(args.seed)

    server = Server(args.build, args.index)
    results = defaultdict(lambda: defaultdict(list))  # task → system → [(p, ndcg)]
    latency = defaultdict(list)  # system/endpoint → wall ms
    took = defaultdict(list)

    def run_similar(task, doc_id, gain_of, ideal):
        for system, extra in (("ours", {}), ("baseline", {"mode": "baseline"})):
            body, ms = server.get("/api/v1/recommend", id=doc_id, type="job", size=K, **extra)
            latency[system].append(ms)
            took[system].append(body["took_ms"])
            gains = [gain_of(h["id"]) for h in body["hits"]]
            results[task][system].append(metrics(gains, ideal))

    # job → job (same role family)
    candidates = sorted(i for i, f in job_family.items() if f and family_size[f] > K)
    for doc_id in rng.sample(candidates, min(args.queries, len(candidates))):
        fam = job_family[doc_id]
        ideal = [1] * K
        run_similar("job → job (role family)", doc_id,
                    lambda h, fam=fam: 1 if job_family.get(h) == fam else 0, ideal)

    # course → job (skills the course teaches)
    skilled_courses = sorted(i for i, d in courses.items() if skills_in(d["title"], matcher))
    for doc_id in rng.sample(skilled_courses, min(args.queries, len(skilled_courses))):
        taught = skills_in(courses[doc_id]["title"], matcher)
        gain = lambda h, taught=taught: min(len(taught & job_skills.get(h, set())), 3)
        ideal = sorted((gain(j) for j in jobs), reverse=True)[:K]
        run_similar("course → job (taught skills)", doc_id, gain, ideal)

    # profile → job (constraints)
    by_family = defaultdict(list)
    for i, f in job_family.items():
        if f:
            by_family[f].append(i)
    families = sorted(f for f in by_family if len(by_family[f]) > 50)
    for n in range(args.queries):
        fam = families[n % len(families)]
        members = by_family[fam]
        common = Counter(s for j in members for s in job_skills[j]).most_common(8)
        skills = [s for s, _ in rng.sample(common, min(3, len(common)))]
        education = rng.choice(["大专", "本科"])
        region = rng.choice([jobs[j].get("region", "") for j in rng.sample(members, 5)])
        rank = EDUCATION_RANK[education]

        def gain(h, skills=set(skills), rank=rank, region=region):
            d = jobs.get(h)
            if d is None or EDUCATION_RANK.get(d.get("education") or "不限", 0) > rank:
                return 0
            shared = len(skills & job_skills[h])
            return 0 if shared == 0 else min(shared, 3) + (1 if d.get("region") == region else 0)

        ideal = sorted((gain(j) for j in jobs), reverse=True)[:K]
        profile = {"skills": skills, "education": education, "region": region, "types": ["job"], "size": K}
        body, ms = server.post("/api/v1/recommend", profile)
        latency["ours (profile)"].append(ms)
        took["ours (profile)"].append(body["took_ms"])
        results["profile → job (constraints)"]["ours"].append(
            metrics([gain(h["id"]) for h in body["hits"]], ideal))
        q = " OR ".join('"%s"' % s if " " in s else s for s in skills)
        body, ms = server.get("/api/v1/search", q=q, type="job", size=K)
        results["profile → job (constraints)"]["baseline"].append(
            metrics([gain(h["id"]) for h in body["hits"]], ideal))
    server.close()

    print(f"documents: {len(docs)} ({len(jobs)} jobs, {len(courses)} courses); "
          f"queries per task: {args.queries}; seed {args.seed}")
    print()
    print("| task | queries | P@10 baseline | P@10 ours | nDCG@10 baseline | nDCG@10 ours |")
    print("|---|---|---|---|---|---|")
    for task, systems in results.items():
        def mean(system, i):
            return statistics.mean(r[i] for r in systems[system])
        print(f"| {task} | {len(systems['ours'])} | {mean('baseline', 0):.3f} | {mean('ours', 0):.3f} "
              f"| {mean('baseline', 1):.3f} | {mean('ours', 1):.3f} |")
    print()
    print("| latency (ms, sequential, 1 client) | requests | p50 wall | p99 wall | p50 took_ms | p99 took_ms |")
    print("|---|---|---|---|---|---|")
    for system in latency:
        print(f"| {system} | {len(latency[system])} | {percentile(latency[system], 50):.1f} "
              f"| {percentile(latency[system], 99):.1f} | {percentile(took[system], 50):.1f} "
              f"| {percentile(took[system], 99):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
