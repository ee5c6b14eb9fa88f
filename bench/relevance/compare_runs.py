#!/usr/bin/env python3
"""Paired comparison of chanjiao's nDCG@10 across qbqtc.py --json runs.

    bench/relevance/compare_runs.py BASE.json VARIANT.json [VARIANT.json ...]

Each run is one `qbqtc.sh --json OUT` (same data and --sample; the variants
typically differ by a build or an environment switch). For each variant:
its mean nDCG@10 over the queries both runs judge, the difference from BASE,
how many queries it wins and loses, and the paired randomization test of
rellib (10,000 sign flips, fixed seed) — so variants measured in separate
server runs are compared query by query, not by their means alone.
"""
import json
import sys

import rellib


def ours_ndcg(path):
    with open(path, encoding="utf-8") as fh:
        run = json.load(fh)
    per_query = {q: e["systems"]["ours"].get("ndcg@10") for q, e in run["queries"].items()
                 if "ours" in e["systems"]}
    ngram = [e["systems"]["ngram-or"].get("ndcg@10") for e in run["queries"].values()
             if "ngram-or" in e["systems"]]
    return ({q: v for q, v in per_query.items() if v is not None},
            [v for v in ngram if v is not None])


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base, ngram = ours_ndcg(sys.argv[1])
    line = f"base {sys.argv[1]}: {len(base)} queries, nDCG@10 {rellib.mean(list(base.values())):.4f}"
    if ngram:
        line += f" (ngram-OR in the same run {rellib.mean(ngram):.4f})"
    print(line)
    for path in sys.argv[2:]:
        variant, _ = ours_ndcg(path)
        common = sorted(set(base) & set(variant))
        a, b = [variant[q] for q in common], [base[q] for q in common]
        wins = sum(x > y for x, y in zip(a, b))
        losses = sum(x < y for x, y in zip(a, b))
        print(f"{path}: nDCG@10 {rellib.mean(a):.4f}, {rellib.mean(a) - rellib.mean(b):+.4f}, "
              f"better on {wins}, worse on {losses}, p = "
              f"{rellib.randomization_test_grouped(a, b):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
