#!/usr/bin/env python3
"""Every set issue 19 reports, side by side, in one run: the team dev set
(devset.sh), qbqtc-dev (qbqtc.sh) and SIGHAN 2005 PKU segmentation
(bench/segmentation/score_pku.py). Each part is run as its own command
(their full output goes to --out DIR); this prints one table.

    bench/relevance/all_sets.py [--build build] [--sample N] [--out DIR] [--json OUT]

A set whose data is absent is reported as skipped. Exit status: 0 done
(also with skipped sets), 1 a part failed.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import rellib
from rellib import fmt

REPO = rellib.REPO
HERE = REPO / "bench" / "relevance"
# One column per system, across sets (the dev set's `ngram` is the AND mode).
COLUMNS = [("ours", "chanjiao"), ("ngram-or", "ngram-OR"), ("ngram-and", "ngram-AND"),
           ("fts5", "fts5-trigram"), ("jieba", "jieba"), ("icu", "ICU")]
# score_pku.py's table rows: segmenter, P, R, F1, OOV recall, IV recall, command.
PKU_LINE = re.compile(r"^(\S+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+\s")


def run(name, command, out_dir, env=None):
    """Runs one part; (exit status, stdout, seconds). Output kept in out_dir."""
    start = time.monotonic()
    r = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.monotonic() - start
    (out_dir / f"{name}.out").write_text(r.stdout)
    (out_dir / f"{name}.err").write_text(r.stderr)
    rellib.log(f"all_sets: {name}: exit {r.returncode} in {seconds:.0f} s "
               f"({out_dir / (name + '.out')})")
    return r.returncode, r.stdout, seconds


def devset(build, out_dir):
    path = out_dir / "devset.json"
    env = dict(os.environ, BUILD_DIR=str(build))
    status, _, seconds = run("devset", ["bash", str(HERE / "devset.sh"), "--json", str(path)],
                             out_dir, env)
    if status == 2:
        return {"skipped": "datasets jobs-it / icourse163 not available"}
    if status != 0:
        return {"failed": f"devset.sh exit {status}"}
    data = json.loads(path.read_text())
    s = data["summary"]
    cells = {("ngram-and" if k == "ngram" else k): v for k, v in s.items()}
    return {"queries": s["ours"]["evaluated_queries"], "seconds": seconds,
            "rows": {"nDCG@10": {k: v["ndcg@10"] for k, v in cells.items()},
                     "MRR@10": {k: v["mrr@10"] for k, v in cells.items()},
                     "zero-result rate": {k: v["zero_result_rate"] for k, v in cells.items()}},
            "significance": data.get("significance", {})}


def qbqtc(build, out_dir, sample):
    path = out_dir / "qbqtc.json"
    command = [sys.executable, str(HERE / "qbqtc.py"), "--build", str(build), "--json", str(path)]
    if sample:
        command += ["--sample", str(sample)]
    status, stdout, seconds = run("qbqtc", command, out_dir)
    if status != 0:
        return {"failed": f"qbqtc.py exit {status}"}
    if "skipped" in stdout and not path.exists():
        return {"skipped": stdout.strip()}
    data = json.loads(path.read_text())
    s = data["summary"]
    rows = {}
    for label, key in [("nDCG@10", "ndcg@10"), ("nDCG@10 judged-only", "ndcg_judged@10"),
                       ("MRR@10", "mrr@10"), ("zero-result rate", "zero_result_rate"),
                       ("< 10 hits rate", "under_10_rate")]:
        rows[label] = {k: v[key] for k, v in s.items()}
    return {"queries": s[data["systems"][0]]["evaluated_queries"], "seconds": seconds,
            "rows": rows, "significance": data.get("significance", {}),
            "best_baseline": data.get("best_baseline")}


def pku(build, out_dir):
    """score_pku.py twice: against ICU's word breaks and against jieba."""
    rows = {"F1": {}, "OOV recall": {}}
    total = 0.0
    for name, baseline in [("icu", build / "bench" / "segmentation" / "icu_segment"),
                           ("jieba", HERE / "jieba_segment.py")]:
        command = [sys.executable, str(REPO / "bench" / "segmentation" / "score_pku.py"),
                   "--analyzer", str(build / "chanjiao-analyze"), "--baseline", str(baseline)]
        status, stdout, seconds = run(f"pku-{name}", command, out_dir)
        total += seconds
        if status == 77:
            return {"skipped": stdout.strip()}
        if status != 0:
            return {"failed": f"score_pku.py exit {status}"}
        for line in stdout.splitlines():
            m = PKU_LINE.match(line)
            if not m:
                continue
            if m.group(1) not in ("chanjiao", "ICU", "jieba"):
                continue
            who = "ours" if m.group(1) == "chanjiao" else name
            rows["F1"][who] = float(m.group(4))
            rows["OOV recall"][who] = float(m.group(5))
    return {"seconds": total, "rows": rows}


def print_table(header, sets):
    for k, v in header.items():
        print(f"{k}: {v}")
    print()
    w = 13
    print(f"{'set':<34}{'measure':<22}" + "".join(f"{label:>{w}}" for _, label in COLUMNS))
    for name, result in sets:
        if "rows" not in result:
            print(f"{name:<34}{result.get('skipped') or result.get('failed')}")
            continue
        title = name + (f" ({result['queries']} q)" if "queries" in result else "")
        for i, (measure, cells) in enumerate(result["rows"].items()):
            print(f"{(title if i == 0 else ''):<34}{measure:<22}"
                  + "".join(f"{fmt(cells.get(k)):>{w}}" for k, _ in COLUMNS))
    print()
    for name, result in sets:
        rows = result.get("rows", {})
        main = "F1" if "F1" in rows else "nDCG@10"
        cells = rows.get(main)
        if not cells or "ours" not in cells:
            continue
        base = {k: v for k, v in cells.items() if k != "ours" and v is not None}
        if not base:
            continue
        best = max(base, key=base.get)
        line = (f"{name}: ours {main} {cells['ours']:.4f}, best baseline "
                f"{dict(COLUMNS)[best]} {base[best]:.4f}, ours − best {cells['ours'] - base[best]:+.4f}")
        test = result.get("significance", {}).get("ngram" if name.startswith("team") and
                                                  best == "ngram-and" else best)
        if test and test.get("p_value") is not None:
            line += f" (p = {test['p_value']:.4f}, paired randomization)"
        print(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, default=REPO / "build")
    ap.add_argument("--sample", type=int, default=0, help="qbqtc-dev: only N queries")
    ap.add_argument("--sets", default="devset,qbqtc,pku", help="subset of devset,qbqtc,pku")
    ap.add_argument("--out", type=Path, help="each part's output [BUILD/relevance-work/all-sets]")
    ap.add_argument("--json", help="write the table as JSON")
    args = ap.parse_args()
    build = args.build.resolve()
    out_dir = (args.out or build / "relevance-work" / "all-sets").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = {s.strip() for s in args.sets.split(",") if s.strip()}
    if not wanted or wanted - {"devset", "qbqtc", "pku"}:
        ap.error("--sets: choose from devset,qbqtc,pku")
    started = time.monotonic()
    header = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "machine": rellib.machine(), "load": rellib.load_average(),
              "code": rellib.code_version(),
              "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:])}
    sets = []
    if "devset" in wanted:
        sets.append(("team dev set (jobs+courses)", devset(build, out_dir)))
    if "qbqtc" in wanted:
        label = "qbqtc-dev" + (f" sample {args.sample}" if args.sample else "")
        sets.append((label, qbqtc(build, out_dir, args.sample)))
    if "pku" in wanted:
        sets.append(("SIGHAN 2005 PKU segmentation", pku(build, out_dir)))
    print_table(header, sets)
    print(f"total {time.monotonic() - started:.0f} s; each part's full output in {out_dir}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"header": header, "sets": dict(sets)}, fh, ensure_ascii=False, indent=1)
    return 1 if any("failed" in r for _, r in sets) else 0


if __name__ == "__main__":
    sys.exit(main())
