#!/usr/bin/python3
"""Every-month rolling-origin evaluation of the forecasting library's models.

    /usr/bin/python3 bench/forecast/all_origins.py --labour labour.jsonl \
        --library build/bench/forecast_library [--from 2022-12] [--h 12] [--min-train 48]

run.sh's backtest scores the issue's 4 or 8 half-yearly origins; this one
scores every month as an origin (the data up to it, h months held back) on
six monthly series, so that a decision between models rests on hundreds of
forecasts instead of a handful: the three MOHRSS year-to-date flows (城镇新增就业,
再就业, 就业困难人员就业) and the three NBS surveyed unemployment rates (全国,
31 个大城市, 16-24 岁 before its break). `--from` keeps only origins at or after a
month (e.g. 2022-12: horizons after the 2020-22 shock). For each model: pooled
MAE over the observed held-back months, its ratio to seasonal naive's, and
95 % coverage; then the geometric mean of the ratios over the series.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtest as bt  # noqa: E402  (data loading and YTD rules shared with the main bench)

kSeries = ("mohrss-urban-new-employment-ytd", "mohrss-reemployment-ytd",
           "mohrss-hard-to-employ-ytd", "nbs-urban-unemp", "nbs-urban-unemp-31city",
           "nbs-urban-unemp-youth-1624")


def library_lines(doc: dict, h: int, min_train: int, first_origin: int):
    """(origin, request line) for every origin: the data up to it as forecast_library reads it."""
    first, values = bt.dense(doc)
    cumulative = doc.get("cumulative", False)
    for origin in range(min_train, len(values) - h + 1):
        if first + origin - 1 < first_origin:
            continue
        words = ["NA" if v is None else repr(v) for v in values[:origin]]
        yield origin, f"{h} {first % 12 + 1} {int(cumulative)} " + " ".join(words)


def score_series(doc: dict, library: str, h: int, min_train: int, first_origin: int) -> dict:
    first, values = bt.dense(doc)
    actual = bt.ytd_to_flows_actual(values, first % 12 + 1) if doc.get("cumulative") else values
    requests = list(library_lines(doc, h, min_train, first_origin))
    if not requests:
        return {}
    answers = subprocess.run([library], input="\n".join(line for _, line in requests) + "\n",
                             capture_output=True, text=True, check=True).stdout.splitlines()
    totals: dict[str, list] = {}  # model -> [abs error sum, points, inside 95 %]
    for (origin, _), answer in zip(requests, answers):
        forecasts = dict(json.loads(answer)["candidates"])
        forecasts["ours (the API's choice)"] = json.loads(answer)["forecast"]
        for model, points in forecasts.items():
            total = totals.setdefault(model, [0.0, 0, 0])
            for j, point in enumerate(points):
                value = actual[origin + j]
                if value is None:
                    continue
                total[0] += abs(value - point["value"])
                total[1] += 1
                total[2] += point["lower95"] <= value <= point["upper95"]
    return {"origins": len(requests),
            "span": (bt.period_name(first + requests[0][0] - 1),
                     bt.period_name(first + requests[-1][0] - 1)),
            "models": {m: {"mae": t[0] / t[1], "cov95": t[2] / t[1]} for m, t in totals.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labour", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--from", dest="first", default="1900-01")
    parser.add_argument("--h", type=int, default=12)
    parser.add_argument("--min-train", type=int, default=48)
    args = parser.parse_args()
    docs = bt.load_series(args.labour, set(kSeries))
    ratios: dict[str, list] = {}
    print(f"origins: every month from {args.first} with >= {args.min_train} months before it, "
          f"h = {args.h}")
    print("| series | origins | model | MAE | / seasonal naive | cov95 |")
    print("|---|---|---|---:|---:|---:|")
    for sid in kSeries:
        if sid not in docs:
            continue
        result = score_series(docs[sid], args.library, args.h, args.min_train,
                              bt.month_index(args.first))
        if not result:
            continue
        base = result["models"]["seasonal_naive"]["mae"]
        span = f"{result['origins']} ({result['span'][0]}…{result['span'][1]})"
        for model, s in result["models"].items():
            ratios.setdefault(model, []).append(s["mae"] / base)
            print(f"| {sid} | {span} | {model} | {s['mae']:.4f} | {s['mae'] / base:.3f} | "
                  f"{100 * s['cov95']:.0f} % |")
    print("\n| model | geometric mean of MAE / seasonal naive | series where it is lower |")
    print("|---|---:|---:|")
    for model, r in ratios.items():
        mean = math.exp(sum(map(math.log, r)) / len(r))
        print(f"| {model} | {mean:.3f} | {sum(x < 1 for x in r)} of {len(r)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
