#!/usr/bin/env python3
"""jieba (Debian python3-jieba, HMM on) as a segmentation baseline for
bench/segmentation/score_pku.py --baseline: lines of text on standard input,
the same lines with words separated by two spaces on standard output."""
import sys

import rellib


def main():
    jieba = rellib.import_jieba()
    if jieba is None:
        print("jieba_segment: jieba missing (Debian package python3-jieba)", file=sys.stderr)
        return 1
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        print("  ".join(w for w in jieba.cut(line) if w.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
