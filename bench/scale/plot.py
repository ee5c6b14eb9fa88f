#!/usr/bin/env python3
"""Plots a bench/scale/run.sh TSV: p50/p99 latency and build time against
corpus size, one line per configuration.   plot.py RESULTS.tsv OUT.svg"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    rows = [r for r in csv.DictReader((l for l in open(sys.argv[1]) if not l.startswith("#")),
                                      delimiter="\t")]
    configs = sorted({r["config"] for r in rows})
    fig, (lat, build) = plt.subplots(1, 2, figsize=(10, 4))
    for config in configs:
        mine = sorted((r for r in rows if r["config"] == config), key=lambda r: int(r["size"]))
        sizes = [int(r["size"]) for r in mine]
        lat.plot(sizes, [float(r["p50_ms"]) for r in mine], marker="o", label=config + " p50")
        lat.plot(sizes, [float(r["p99_ms"]) for r in mine], marker="x", linestyle="--",
                 label=config + " p99")
        if not config.startswith("remote"):
            build.plot(sizes, [float(r["build_s"]) for r in mine], marker="o", label=config)
    lat.set(xlabel="documents", ylabel="ms", title="search latency (8 connections)")
    build.set(xlabel="documents", ylabel="s", title="build time")
    for ax in (lat, build):
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(sys.argv[2])


if __name__ == "__main__":
    main()
