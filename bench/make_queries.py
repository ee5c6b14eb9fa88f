#!/usr/bin/env python3
"""A realistic search replay for the benches (issue 15), drawn from the public
data under ../shared/data — never committed, since it is their text: written
into the build tree by bench/search_bench.sh, in a fixed order for a seed.

Mix (of --count requests, distinct):
  job titles of jobs-it-2019 (the indexed postings), cleaned like a user types
  them; skills of jobs-zhaopin-2019, one or two; icourse163 course names;
  short real browser queries of qbqtc-dev; the pinyin and initials of titles
  (from chanjiao-analyze --pinyin, the analyzer's own pinyin); and a share
  with filters (region, education, salary, type), sort or a second page.

One request per line, as the URL query string of GET /api/v1/search starting
with "?" (bench/wrk_queries.lua and bench/search_cpu read both this and plain
query lines).

  bench/make_queries.py --out build/bench-data/realistic.txt [--count 2400]
"""
import argparse
import json
import random
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"

# Shares of the mix (they sum to 1).
MIX = {"title": 0.34, "skill": 0.16, "course": 0.10, "qbqtc": 0.10, "pinyin": 0.08,
       "initials": 0.04, "filtered": 0.18}
CITIES = ["北京", "上海", "深圳", "广州", "杭州", "成都", "武汉", "南京", "西安", "苏州"]
EDUCATIONS = ["大专", "本科", "硕士"]


def clean_title(title):
    """A title as a user would type it: no bracketed notes, no punctuation."""
    title = re.sub(r"[（(\[【].*?[）)\]】]", " ", title)
    title = re.sub(r"[^\w+#.\s]", " ", title)
    title = re.sub(r"\s+", " ", title).strip()
    return title if 2 <= len(title) <= 16 else ""


def jsonl(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    yield json.loads(line)


def job_titles(data):
    titles = {clean_title(r.get("title", "")) for r in jsonl(sorted((data / "jobs-it-2019").glob("jobs-*.jsonl")))}
    return sorted(t for t in titles if t)


def skills(data):
    out = set()
    for r in jsonl(sorted((data / "jobs-zhaopin-2019").glob("zhaopin-jobs-*.jsonl"))):
        for s in r.get("skills") or []:
            s = s.strip()
            if 2 <= len(s) <= 20:
                out.add(s)
    return sorted(out)


def courses(data):
    out = set()
    with open(data / "courses-icourse163" / "course_list.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            name = clean_title(line.split("\t")[0])
            if name:
                out.add(name)
    return sorted(out)


def qbqtc(data):
    with open(data / "qbqtc-dev" / "dev.json", encoding="utf-8") as f:
        queries = {json.loads(line)["query"].strip() for line in f if line.strip()}
    return sorted(q for q in queries if 2 <= len(q) <= 12)


def pinyin(analyze, titles):
    """(full, initials) pinyin of each title's words, from the analyzer."""
    out = subprocess.run([str(analyze), "--pinyin"], input="\n".join(titles) + "\n",
                         capture_output=True, text=True, check=True).stdout
    full, initials = [], []
    for line in out.splitlines():
        pairs = re.findall(r"\(([a-z]+)/([a-z]+)\)", line)
        if pairs:
            full.append(" ".join(p[0] for p in pairs[:2]))
            initials.append(pairs[0][1])
    return full, initials


def filtered(rng, titles, skill_list):
    q = rng.choice(titles + skill_list)
    params = {"q": q}
    kind = rng.randrange(6)
    if kind == 0:
        params["region"] = rng.choice(CITIES)
    elif kind == 1:
        params["education"] = rng.choice(EDUCATIONS)
    elif kind == 2:
        params["salary_min"] = str(rng.choice([5000, 8000, 10000, 15000]))
    elif kind == 3:
        params["type"] = "job"
        params["region"] = rng.choice(CITIES)
    elif kind == 4:
        params["sort"] = "date"
    else:
        params["page"] = "2"
    return params


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--count", type=int, default=2400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--analyze", type=Path, default=REPO / "build" / "chanjiao-analyze")
    args = ap.parse_args()
    if not (args.data / "jobs-it-2019").is_dir():
        print(f"make_queries: {args.data} has no jobs-it-2019 (skipped)", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    titles = job_titles(args.data)
    skill_list = skills(args.data)
    sample = rng.sample(titles, min(len(titles), args.count))
    full, initials = pinyin(args.analyze, sample)
    pools = {"title": titles, "skill": skill_list, "course": courses(args.data),
             "qbqtc": qbqtc(args.data), "pinyin": full, "initials": initials}
    seen, lines = set(), []
    for kind, share in MIX.items():
        wanted, tries = round(args.count * share), 0
        got = 0
        while got < wanted and tries < wanted * 20:
            tries += 1
            if kind == "filtered":
                params = filtered(rng, titles, skill_list)
            elif kind == "skill" and rng.random() < 0.3:
                params = {"q": " ".join(rng.sample(skill_list, 2))}
            else:
                params = {"q": rng.choice(pools[kind])}
            line = "?" + urllib.parse.urlencode(params)
            if line in seen:
                continue
            seen.add(line)
            lines.append(line)
            got += 1
    rng.shuffle(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"make_queries: {len(lines)} requests → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
