#!/usr/bin/env python3
"""Scores chanjiao-analyze --segment on the SIGHAN 2005 PKU test set.

Word-level precision, recall and F1 over character spans (the bakeoff's
metric), recall of words outside the PKU training vocabulary (OOV) and inside
it (IV), and segmentation speed, for chanjiao and the baselines in the same
run: ICU's word BreakIterator (--baseline), jieba 0.42 with its HMM (--jieba,
Debian python3-jieba) and optionally a second chanjiao-analyze build
(--compare, e.g. one built from the previous commit).

Speed (--speed) is the segmentation rate per CPU second without start-up:
each segmenter runs on the test text repeated --repeat times and on an empty
input, the difference in CPU time is divided by the repeated bytes; the median
of --rounds rounds, the segmenters alternating within each round.

Reads ../shared/data/icwb2 beside the repository; exits 77 (skipped) when it
is absent, 1 when chanjiao's F1 is below --min-f1.

    python3 bench/segmentation/score_pku.py --analyzer build/chanjiao-analyze \\
        --baseline build/bench/segmentation/icu_segment --jieba
"""
import argparse
import statistics
import subprocess
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "icwb2"
JIEBA = Path(__file__).resolve().parent / "jieba_segment.py"


def spans(words):
    out, start = set(), 0
    for w in words:
        out.add((start, start + len(w)))
        start += len(w)
    return out


def score(gold_lines, test_lines, training_words):
    """Returns (P, R, F1, OOV recall, IV recall)."""
    if len(gold_lines) != len(test_lines):
        raise SystemExit(f"segmenter wrote {len(test_lines)} lines for {len(gold_lines)}")
    tp = n_gold = n_test = 0
    found = {True: 0, False: 0}
    total = {True: 0, False: 0}
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
            oov = w not in training_words
            total[oov] += 1
            found[oov] += (start, start + len(w)) in ts
            start += len(w)
    p, r = tp / n_test, tp / n_gold
    return (p, r, 2 * p * r / (p + r), found[True] / max(total[True], 1),
            found[False] / max(total[False], 1))


def run(command, text):
    """Runs a segmenter; returns its output and the CPU seconds it used (user + system:
    unlike wall time, not inflated by other processes on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, input=text, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr[:300]}")
    return result.stdout, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def speeds(segmenters, text, repeat, rounds):
    """MB per CPU second of segmentation itself (start-up subtracted), median over rounds."""
    big = text * repeat
    mb = len(big.encode()) / 1e6
    rates = {name: [] for name, _ in segmenters}
    for _ in range(rounds):
        for name, command in segmenters:
            _, empty = run(command, "")
            _, full = run(command, big)
            rates[name].append(mb / max(full - empty, 1e-9))
    return {name: statistics.median(r) for name, r in rates.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", default=str(REPO / "build" / "chanjiao-analyze"))
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--baseline", help="a second segmenter to score in the same run "
                        "(e.g. build/bench/segmentation/icu_segment)")
    parser.add_argument("--jieba", action="store_true",
                        help="also score jieba 0.42 with HMM (python3-jieba)")
    parser.add_argument("--compare", help="another chanjiao-analyze binary (e.g. the "
                        "previous commit's build), scored and timed beside this one")
    parser.add_argument("--speed", action="store_true", help="measure MB/s (takes ~1 min)")
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-f1", type=float, default=0.0)
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "testing" / "pku_test.utf8").exists():
        print(f"skipped: {data} not found")
        return 77
    text = (data / "testing" / "pku_test.utf8").read_text(encoding="utf-8")
    gold = (data / "gold" / "pku_test_gold.utf8").read_text(encoding="utf-8").splitlines()
    training = set((data / "gold" / "pku_training_words.utf8").read_text(encoding="utf-8").split())

    segmenters = [("chanjiao", [args.analyzer, "--segment"])]
    if args.compare:
        segmenters.append(("compare", [args.compare, "--segment"]))
    if args.baseline:
        segmenters.append(("ICU", [args.baseline]))
    if args.jieba:
        probe = subprocess.run([sys.executable, str(JIEBA)], input="", capture_output=True)
        if probe.returncode == 0:
            segmenters.append(("jieba", [sys.executable, str(JIEBA)]))
        else:
            print("jieba: skipped (python3-jieba not installed)")

    print(f"SIGHAN 2005 PKU test: {len(gold)} lines, {len(text.encode()) / 1e6:.2f} MB; "
          f"OOV = not in pku_training_words.utf8")
    print(f"{'segmenter':9} {'P':>7} {'R':>7} {'F1':>7} {'OOV R':>7} {'IV R':>7}  command")
    f1 = None
    for name, command in segmenters:
        out, _ = run(command, text)
        p, r, f, oov, iv = score(gold, out.splitlines(), training)
        print(f"{name:9} {p:7.4f} {r:7.4f} {f:7.4f} {oov:7.4f} {iv:7.4f}  "
              f"{' '.join(Path(c).name for c in command)}")
        f1 = f if f1 is None else f1
    if args.speed:
        rates = speeds(segmenters, text, args.repeat, args.rounds)
        print(f"speed, MB per CPU second (text x{args.repeat}, start-up subtracted, median of "
              f"{args.rounds} alternating rounds): " + ", ".join(f"{n} {v:.2f} MB/s" for n, v in rates.items()))
        if "compare" in rates:
            print(f"chanjiao / compare speed ratio: {rates['chanjiao'] / rates['compare']:.3f}")
    if f1 < args.min_f1:
        print(f"FAIL: F1 {f1:.4f} is below {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
