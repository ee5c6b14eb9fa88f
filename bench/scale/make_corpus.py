#!/usr/bin/env python3
"""Makes a corpus of N documents for bench/scale from the real imports
(jobs-it-2019 postings, icourse163 courses; bench_import in bench/lib.sh).

The real documents come first, unchanged. Each further document i is a
recombination of real ones of the same type, drawn with a fixed seed:
title, salary, education, experience and skills of document a; body of b;
org (and school) of c; region, industry and major of d; published_at of a
moved back by 0-1,460 days (dates spread over four years); id
"<type>-s<i>". Different title/org pairs mean different collapse keys, so
the copies do not fold into their originals as reposts would.

    make_corpus.py --size 150000 --out corpus.jsonl jobs-it.jsonl icourse163.jsonl
"""
import argparse
import datetime
import json
import random
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args()
    real = []
    for path in args.sources:
        with open(path, encoding="utf-8") as f:
            real.extend(json.loads(line) for line in f if line.strip())
    by_type = {}
    for doc in real:
        by_type.setdefault(doc["type"], []).append(doc)
    types = [t for t in by_type for _ in by_type[t]]  # draw types in their real proportion
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.size):
            if i < len(real):
                doc = real[i]
            else:
                pool = by_type[rng.choice(types)]
                a, b, c, d = (rng.choice(pool) for _ in range(4))
                doc = {k: v for k, v in a.items()
                       if k in ("type", "title", "salary_min", "salary_max", "education",
                                "experience", "skills", "level", "format", "tags")}
                doc["id"] = "%s-s%d" % (a["type"], i)
                for src, keys in ((b, ("body",)), (c, ("org", "school")),
                                  (d, ("region", "industry", "major"))):
                    for k in keys:
                        if k in src:
                            doc[k] = src[k]
                if "published_at" in a:
                    day = datetime.date.fromisoformat(a["published_at"][:10])
                    day -= datetime.timedelta(days=rng.randrange(0, 1461))
                    doc["published_at"] = day.isoformat()
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print("%s: %d documents (%d real)" % (args.out, args.size, min(args.size, len(real))),
          file=sys.stderr)


if __name__ == "__main__":
    main()
