#!/usr/bin/env python3
"""Scores chanjiao-analyze --segment on the SIGHAN 2005 PKU test set.

Word-level precision, recall and F1 over character spans (the bakeoff's
metric), plus recall of words outside the PKU training vocabulary (OOV).
Reads ../shared/data/icwb2 beside the repository; exits 77 (skipped) when it
is absent, 1 when F1 is below --min-f1.

    python3 bench/segmentation/score_pku.py --analyzer build/chanjiao-analyze
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "icwb2"


def spans(words):
    out, start = set(), 0
    for w in words:
        out.add((start, start + len(w)))
        start += len(w)
    return out


def score(gold_lines, test_lines, training_words):
    tp = n_gold = n_test = 0
    oov_total = oov_found = 0
    for gold, test in zip(gold_lines, test_lines):
        g, t = gold.split(), test.split()
        if "".join(g) != "".join(t):
            raise SystemExit(f"segmenter changed the text: {''.join(g)[:40]!r} vs {''.join(t)[:40]!r}")
        gs, ts = spans(g), spans(t)
        tp += len(gs & ts)
        n_gold += len(gs)
        n_test += len(ts)
        start = 0
        for w in g:
            if w not in training_words:
                oov_total += 1
                oov_found += (start, start + len(w)) in ts
            start += len(w)
    p, r = tp / n_test, tp / n_gold
    return p, r, 2 * p * r / (p + r), oov_found / max(oov_total, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", default=str(REPO / "build" / "chanjiao-analyze"))
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--baseline", help="a second segmenter to score in the same run "
                        "(e.g. build/bench/segmentation/icu_segment)")
    parser.add_argument("--min-f1", type=float, default=0.0)
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "testing" / "pku_test.utf8").exists():
        print(f"skipped: {data} not found")
        return 77
    text = (data / "testing" / "pku_test.utf8").read_text(encoding="utf-8")
    gold = (data / "gold" / "pku_test_gold.utf8").read_text(encoding="utf-8").splitlines()
    training = set((data / "gold" / "pku_training_words.utf8").read_text(encoding="utf-8").split())
    f1 = None
    for name, command in [("chanjiao", [args.analyzer, "--segment"]),
                          ("baseline", [args.baseline] if args.baseline else None)]:
        if command is None:
            continue
        started = time.perf_counter()
        result = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
        p, r, f, oov = score(gold, result.stdout.splitlines(), training)
        print(f"{name:9} PKU test: P {p:.4f}  R {r:.4f}  F1 {f:.4f}  OOV recall {oov:.4f}  "
              f"({len(text.encode()) / 1e6:.2f} MB in {seconds:.2f}s including load)  "
              f"{' '.join(Path(c).name for c in command)}")
        f1 = f if f1 is None else f1
    if f1 < args.min_f1:
        print(f"FAIL: F1 {f1:.4f} is below {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
