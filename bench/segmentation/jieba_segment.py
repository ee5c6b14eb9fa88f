#!/usr/bin/env python3
"""Baseline for the segmentation benchmark: jieba 0.42 (Debian python3-jieba),
default mode with its HMM. Same contract as `chanjiao-analyze --segment`:
stdin lines in, words separated by one space out, every non-space character
kept. Exits 77 when jieba is not installed."""
import logging
import sys

try:
    import jieba
except ImportError:  # a non-Debian python3 first on PATH: look where Debian installs it
    sys.path.append("/usr/lib/python3/dist-packages")
try:
    import jieba
except ImportError:
    print("skipped: python3-jieba is not installed", file=sys.stderr)
    sys.exit(77)

jieba.setLogLevel(logging.WARNING)
jieba.initialize()
for line in sys.stdin:
    line = line.rstrip("\r\n")
    print(" ".join(w for w in jieba.cut(line, HMM=True) if not w.isspace()))
