#!/usr/bin/env python3
"""Converts jieba's finalseg HMM parameters (Debian python3-jieba) to TSV.

The Python sources are dict literals, read with ast.literal_eval so no code
from the package runs. Output lines: `start S logp`, `trans A B logp`,
`emit S CHAR logp` (tab-separated), the format analyzers/hmm.cc reads.
"""
import ast
import sys
from pathlib import Path


def load_literal(path):
    text = Path(path).read_text(encoding="utf-8")
    return ast.literal_eval(text[text.index("=") + 1:].strip())


def main(finalseg_dir, out_path):
    d = Path(finalseg_dir)
    start = load_literal(d / "prob_start.py")
    trans = load_literal(d / "prob_trans.py")
    emit = load_literal(d / "prob_emit.py")
    with open(out_path, "w", encoding="utf-8") as out:
        for state, logp in sorted(start.items()):
            out.write(f"start\t{state}\t{logp!r}\n")
        for a, row in sorted(trans.items()):
            for b, logp in sorted(row.items()):
                out.write(f"trans\t{a}\t{b}\t{logp!r}\n")
        for state, row in sorted(emit.items()):
            for char, logp in sorted(row.items()):
                if len(char) == 1 and not char.isspace():
                    out.write(f"emit\t{state}\t{char}\t{logp!r}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: convert_jieba_hmm.py FINALSEG_DIR OUT.tsv")
    main(sys.argv[1], sys.argv[2])
