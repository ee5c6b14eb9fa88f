#!/usr/bin/python3
"""Rolling-origin backtest of GET /api/v1/insights/forecast against seasonal
naive and statsmodels' damped additive ETS, on the real labour series.

    /usr/bin/python3 bench/forecast/backtest.py --url http://127.0.0.1:PORT \
        --labour labour.jsonl [--library build/bench/forecast_library] [--out results.json] \
        [--origins 4 8] [--step 6] [--h 12]

With `--library` as well, every API forecast is compared with the library's
on the data this script cut (a route leaking data after `until` would differ),
and each of ours' candidate models is also scored fixed, without the choice
(diagnostics). `--library` without `--url` measures the library alone.

`--labour` is the importer's output (`chanjiao_import.py labour-stats`), the
same documents the server indexed: the actual values are read from it, never
from the server. Series (issue 12): `mohrss-urban-new-employment-ytd`
(MOHRSS 城镇新增就业, year-to-date cumulative; compared as monthly flows),
`nbs-urban-unemp` (NBS 全国城镇调查失业率) and `nbs-urban-unemp-31city`.

Origins, fixed by rule before any result was seen: L is the series' last
observed month; origin k (k = 0..K-1) is `until` = L - 12 - step*k, i.e. the
last month of data used, with the 12 months after it held back. K = 4 is the
headline (the issue's minimum and the server's own model-choice rule);
K = 8 is reported as well, the same rule reaching further back.

At every origin, on the data up to it:
  ours      the API with `until=origin`; its `forecast` (flows for a cumulative series)
  snaive    seasonal naive: the last 12 observed months repeated; interval
            sigma*sqrt(k+1), sigma the RMS of the training seasonal differences
  hw        statsmodels ExponentialSmoothing(trend="add", damped_trend=True,
            seasonal="add", seasonal_periods=12): points only
  ets       statsmodels ETSModel(error="add", trend="add", damped_trend=True,
            seasonal="add", seasonal_periods=12), its analytic prediction intervals
Python models are fitted exactly as ours is: from the start the server reports
(`fitted_from`, which is after the last declared break), interior gaps
interpolated linearly, YTD turned into flows with the library's rule.

Scored on observed actuals only, pooled over all points of all origins: MAE,
MASE (each error scaled by its origin's in-sample seasonal-naive MAE), sMAPE
(percent, 0..200), coverage of the 80 % and 95 % intervals.
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np
import pandas as pd
import statsmodels
import subprocess
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing

kSeries = ("mohrss-urban-new-employment-ytd", "nbs-urban-unemp", "nbs-urban-unemp-31city")
kPeriod = 12
kModels = ("ours", "snaive", "hw", "ets")
kModelNames = {
    "ours": "ours (API)",  # "ours (library)" with --library
    "snaive": "seasonal naive",
    "hw": "statsmodels ExponentialSmoothing",
    "ets": "statsmodels ETSModel",
}
kZ80 = 1.2815515655446004
kZ95 = 1.959963984540054


# --- periods: "YYYY-MM" <-> months since year 0 -----------------------------

def month_index(period: str) -> int:
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def period_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# --- data --------------------------------------------------------------------

def load_series(path: str, wanted) -> dict:
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            if doc.get("id") in wanted:
                docs[doc["id"]] = doc
    return docs


def dense(doc: dict) -> tuple[int, list]:
    """(first month index, values with None for missing months) of a monthly doc."""
    obs = {month_index(o["period"]): o["value"] for o in doc["observations"]
           if o.get("value") is not None}
    first, last = min(obs), max(obs)
    return first, [obs.get(i) for i in range(first, last + 1)]


def ytd_to_flows_fit(ytd: list, first_month: int) -> list:
    """forecast::ytd_to_flows: a run of missing months followed by an observation
    of the same year shares that increment equally; a run at a year's end stays
    missing. Used for fitting, as the server does."""
    flows = [None] * len(ytd)
    base, run_start, have_base = 0.0, 0, first_month == 1
    for i, value in enumerate(ytd):
        month = (first_month - 1 + i) % 12 + 1
        if month == 1:
            base, run_start, have_base = 0.0, i, True
        if value is None:
            continue
        if have_base:
            share = (value - base) / (i - run_start + 1)
            for k in range(run_start, i + 1):
                flows[k] = share
        base, run_start, have_base = value, i + 1, True
    return flows


def ytd_to_flows_actual(ytd: list, first_month: int) -> list:
    """Actual monthly flows to score against: January = its YTD, month m =
    YTD(m) - YTD(m-1), missing when the month before is missing (no sharing:
    a shared increment is not an observed month)."""
    flows = [None] * len(ytd)
    for i, value in enumerate(ytd):
        if value is None:
            continue
        if (first_month - 1 + i) % 12 == 0:
            flows[i] = value
        elif i > 0 and ytd[i - 1] is not None:
            flows[i] = value - ytd[i - 1]
    return flows


def interpolate_gaps(values: list) -> list:
    """forecast::interpolate_gaps: interior gaps linear, ends the nearest value."""
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return []
    return list(np.interp(range(len(values)), known, [values[i] for i in known]))


# --- models --------------------------------------------------------------------

def seasonal_naive(train: list, h: int) -> dict:
    n, m = len(train), kPeriod
    diffs = [train[t] - train[t - m] for t in range(m, n)]
    sigma = math.sqrt(sum(d * d for d in diffs) / len(diffs))
    out = {"value": [], "lower80": [], "upper80": [], "lower95": [], "upper95": []}
    for j in range(1, h + 1):
        value = train[n - m + (j - 1) % m]
        sd = sigma * math.sqrt((j - 1) // m + 1)
        out["value"].append(value)
        out["lower80"].append(value - kZ80 * sd)
        out["upper80"].append(value + kZ80 * sd)
        out["lower95"].append(value - kZ95 * sd)
        out["upper95"].append(value + kZ95 * sd)
    return out


def as_pandas(train: list, start: int) -> pd.Series:
    index = pd.period_range(period_name(start), periods=len(train), freq="M").to_timestamp()
    return pd.Series(train, index=pd.DatetimeIndex(index, freq="MS"))


def holt_winters(train: list, start: int, h: int) -> dict:
    model = ExponentialSmoothing(as_pandas(train, start), trend="add", damped_trend=True,
                                 seasonal="add", seasonal_periods=kPeriod,
                                 initialization_method="estimated")
    fit = model.fit()
    return {"value": [float(v) for v in fit.forecast(h)]}


def ets_model(train: list, start: int, h: int) -> dict:
    model = ETSModel(as_pandas(train, start), error="add", trend="add", damped_trend=True,
                     seasonal="add", seasonal_periods=kPeriod)
    fit = model.fit(disp=False)
    n = len(train)
    prediction = fit.get_prediction(start=n, end=n + h - 1)
    f95 = prediction.summary_frame(alpha=0.05)
    f80 = prediction.summary_frame(alpha=0.20)
    return {
        "value": [float(v) for v in f95["mean"]],
        "lower80": [float(v) for v in f80["pi_lower"]],
        "upper80": [float(v) for v in f80["pi_upper"]],
        "lower95": [float(v) for v in f95["pi_lower"]],
        "upper95": [float(v) for v in f95["pi_upper"]],
        "converged": bool(fit.mle_retvals.get("converged", True))
        if isinstance(fit.mle_retvals, dict) else None,
    }


# --- the API --------------------------------------------------------------------

def ask_ours(base: str, series: str, h: int, until: str) -> tuple[dict, float]:
    query = urllib.parse.urlencode({"series": series, "h": h, "until": until})
    url = f"{base}/api/v1/insights/forecast?{query}"
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        raise SystemExit(f"backtest: {url}: HTTP {e.code}: {e.read()[:300]!r}")
    return body, (time.perf_counter() - start) * 1000


class Library:
    """`ours` from build/bench/forecast_library (the library the route calls) instead
    of the API: the same choice and forecast, without the server."""

    def __init__(self, binary: str):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def ask(self, doc: dict, h: int, until: str, start: int) -> tuple[dict, float]:
        first, raw = dense(doc)
        values = raw[start - first:month_index(until) - first + 1]
        words = ["NA" if v is None else repr(float(v)) for v in values]
        began = time.perf_counter()
        self.proc.stdin.write(f"{h} {start % 12 + 1} {int(bool(doc.get('cumulative')))} "
                              + " ".join(words) + "\n")
        self.proc.stdin.flush()
        body = json.loads(self.proc.stdout.readline())
        took = (time.perf_counter() - began) * 1000
        if "error" in body:
            raise SystemExit(f"backtest: library: {doc['id']} until={until}: {body['error']}")
        for j, point in enumerate(body["forecast"], 1):
            point["period"] = period_name(month_index(until) + j)
        body.update(until=until, fitted_from=period_name(start),
                    target="monthly_flow" if doc.get("cumulative") else "value")
        return body, took


def ours_points(body: dict, series: str, until: str, h: int, cumulative: bool) -> dict:
    """The response's forecast as columns, after checking it keeps the contract."""
    problems = []
    if body.get("until") != until:
        problems.append(f"until {body.get('until')!r} != {until!r}")
    points = body.get("forecast") or []
    if len(points) != h:
        problems.append(f"{len(points)} points, asked for {h}")
    expected = [period_name(month_index(until) + j) for j in range(1, h + 1)]
    if [p.get("period") for p in points] != expected[:len(points)]:
        problems.append("forecast periods do not follow `until`")
    if cumulative and body.get("target") != "monthly_flow":
        problems.append(f"target {body.get('target')!r} for a cumulative series")
    if problems:
        raise SystemExit(f"backtest: {series} until={until}: " + "; ".join(problems))
    return {k: [float(p[k]) for p in points]
            for k in ("value", "lower80", "upper80", "lower95", "upper95")}


# --- scoring --------------------------------------------------------------------

def score_origin(f: dict, actual: list, scale: float) -> dict:
    """Sums over the observed points of one origin (pooled later)."""
    s = {"n": 0, "abs": 0.0, "scaled": 0.0, "smape": 0.0, "in80": 0, "in95": 0,
         "has_intervals": "lower95" in f}
    for j, a in enumerate(actual):
        if a is None:
            continue
        v = f["value"][j]
        err = abs(a - v)
        s["n"] += 1
        s["abs"] += err
        s["scaled"] += err / scale
        denom = abs(a) + abs(v)
        s["smape"] += 200.0 * err / denom if denom > 0 else 0.0
        if s["has_intervals"]:
            s["in80"] += f["lower80"][j] <= a <= f["upper80"][j]
            s["in95"] += f["lower95"][j] <= a <= f["upper95"][j]
    return s


def pool(parts: list[dict]) -> dict:
    n = sum(p["n"] for p in parts)
    out = {"origins": len(parts), "points": n,
           "mae": sum(p["abs"] for p in parts) / n,
           "mase": sum(p["scaled"] for p in parts) / n,
           "smape": sum(p["smape"] for p in parts) / n,
           "coverage80": None, "coverage95": None}
    if all(p["has_intervals"] for p in parts):
        out["coverage80"] = sum(p["in80"] for p in parts) / n
        out["coverage95"] = sum(p["in95"] for p in parts) / n
    return out


# --- the run --------------------------------------------------------------------

def run_series(base: str | None, library: Library | None, doc: dict, origins: int, step: int,
               h: int) -> dict:
    series = doc["id"]
    cumulative = bool(doc.get("cumulative"))
    first, raw = dense(doc)
    first_month = first % 12 + 1
    fit_values = ytd_to_flows_fit(raw, first_month) if cumulative else raw
    actual_values = ytd_to_flows_actual(raw, first_month) if cumulative else raw
    last = first + len(raw) - 1
    breaks = sorted(month_index(b["period"]) for b in doc.get("breaks") or [])
    result = {"series": series, "name": doc.get("title"), "unit": doc.get("unit"),
              "cumulative": cumulative, "target": "monthly_flow" if cumulative else "value",
              "first": period_name(first), "last": period_name(last),
              "declared_breaks": [period_name(b) for b in breaks], "origins": []}
    for k in range(origins):
        until = last - h - step * k
        until_name = period_name(until)
        # Same training window as ours: after the last declared break up to `until`.
        start = max([first] + [b for b in breaks if b <= until])
        library_body = library.ask(doc, h, until_name, start)[0] if library else None
        if base:
            body, took = ask_ours(base, series, h, until_name)
        else:
            body, took = library_body, 0.0
        ours = ours_points(body, series, until_name, h, cumulative)
        fitted_from = body.get("fitted_from")
        note = None
        if fitted_from and month_index(fitted_from) != start:
            note = f"server fitted from {fitted_from}, the break rule gives {period_name(start)}"
            start = month_index(fitted_from)
        train = interpolate_gaps(fit_values[start - first:until - first + 1])
        actual = actual_values[until + 1 - first:until + 1 + h - first]
        m = kPeriod
        scale = sum(abs(train[t] - train[t - m]) for t in range(m, len(train))) / (len(train) - m)
        scale = scale if scale > 0 else 1e-9
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            forecasts = {"ours": ours, "snaive": seasonal_naive(train, h),
                         "hw": holt_winters(train, start, h), "ets": ets_model(train, start, h)}
        if library_body:
            # Each of ours' candidates fitted without the choice (diagnostics).
            for name, points in library_body.get("candidates", {}).items():
                forecasts["fixed:" + name] = {k: [p[k] for p in points] for k in points[0]}
        entry = {
            "until": until_name, "fitted_from": period_name(start), "train_points": len(train),
            "held_back": [period_name(until + j) for j in range(1, h + 1)],
            "actual": actual, "naive_scale": scale, "ours_model": body.get("model"),
            "ours_took_ms": body.get("took_ms"), "ours_client_ms": round(took, 1),
            "ours_backtest": body.get("backtest"),
            "statsmodels_warnings": sorted({f"{w.category.__name__}: {w.message}"[:160]
                                            for w in caught}),
            "forecasts": forecasts,
            "scores": {name: pool([score_origin(f, actual, scale)])
                       for name, f in forecasts.items()},
        }
        if note:
            entry["note"] = note
        if base and library_body:
            # The API against the library on the same data: a route that leaked data
            # after `until`, or fitted another window, would differ here.
            entry["library_check"] = {
                "model": library_body["model"],
                "max_abs_diff": max(abs(a - b["value"])
                                    for a, b in zip(ours["value"], library_body["forecast"])),
            }
        entry["_parts"] = {name: score_origin(f, actual, scale) for name, f in forecasts.items()}
        result["origins"].append(entry)
    names = [n for n in result["origins"][0]["_parts"]
             if all(n in o["_parts"] for o in result["origins"])]
    result["scores"] = {name: pool([o["_parts"][name] for o in result["origins"]])
                        for name in names}
    for o in result["origins"]:
        del o["_parts"]
    return result


def same_model(library_name: str, api_name: str | None) -> bool:
    """The library's model_name() and the API's `model` may spell a model
    differently ("ets_damped_additive" vs "ets_damped")."""
    return (library_name or "").replace("_additive", "") == (api_name or "").replace("_additive", "")


def fmt(value, digits=3, percent=False):
    if value is None:
        return "—"
    return f"{100 * value:.0f} %" if percent else f"{value:.{digits}f}"


def score_cells(s: dict) -> str:
    """MAE | MASE | sMAPE % | cov80 | cov95, the columns every score table ends with."""
    return (f"{fmt(s['mae'])} | {fmt(s['mase'])} | {fmt(s['smape'], 2)} "
            f"| {fmt(s['coverage80'], percent=True)} | {fmt(s['coverage95'], percent=True)}")


def print_tables(runs: dict, h: int, step: int):
    for origins, results in runs.items():
        print(f"\n## {origins} origins (until = last − {h} − {step}·k, k = 0..{origins - 1}), h = {h}")
        print("| series | model | origins | points | MAE | MASE | sMAPE % | cov80 | cov95 |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in results:
            for name in kModels:
                s = r["scores"][name]
                print(f"| {r['series']} | {kModelNames[name]} | {s['origins']} | {s['points']} "
                      f"| {score_cells(s)} |")
        fixed = [n for n in results[0]["scores"] if n.startswith("fixed:")]
        if fixed:
            print("\nDiagnostics: each of ours' candidates fitted at every origin without the"
                  " backtest's choice (library, same data):")
            print("| series | candidate | MAE | MASE | sMAPE % | cov80 | cov95 |")
            print("|---|---|---:|---:|---:|---:|---:|")
            for r in results:
                for name in fixed:
                    s = r["scores"][name]
                    print(f"| {r['series']} | {name[6:]} | {score_cells(s)} |")
        print("\nMAE per origin (ours' chosen model in brackets):")
        print("| series | until | ours | seasonal naive | sm ExpSmoothing | sm ETSModel |")
        print("|---|---|---:|---:|---:|---:|")
        for r in results:
            for o in r["origins"]:
                sc = o["scores"]
                print(f"| {r['series']} | {o['until']} | {fmt(sc['ours']['mae'])} "
                      f"[{o['ours_model']}] | {fmt(sc['snaive']['mae'])} "
                      f"| {fmt(sc['hw']['mae'])} | {fmt(sc['ets']['mae'])} |")
        print("\nIssue 12 criterion (ours MAE < seasonal naive MAE, ours cov95 ≥ 80 %):")
        for r in results:
            s, b = r["scores"]["ours"], r["scores"]["snaive"]
            ok = s["mae"] < b["mae"] and s["coverage95"] >= 0.8
            wins = sum(o["scores"]["ours"]["mae"] < o["scores"]["snaive"]["mae"]
                       for o in r["origins"])
            print(f"  {r['series']}: MAE {s['mae']:.3f} vs {b['mae']:.3f} "
                  f"(ours better at {wins}/{len(r['origins'])} origins), "
                  f"cov95 {100 * s['coverage95']:.0f} % → {'PASS' if ok else 'FAIL'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="base URL of a running chanjiao-server")
    parser.add_argument("--library", metavar="BIN",
                        help="build/bench/forecast_library: ours without the server when there "
                        "is no --url, else a check that the API gives the library's forecast")
    parser.add_argument("--labour", required=True, help="chanjiao_import.py labour-stats output")
    parser.add_argument("--out", help="write all figures as JSON here")
    parser.add_argument("--series", nargs="+", default=list(kSeries))
    parser.add_argument("--origins", nargs="+", type=int, default=[4, 8],
                        help="origin counts to report (the first is the headline)")
    parser.add_argument("--step", type=int, default=6, help="months between origins")
    parser.add_argument("--h", type=int, default=12)
    args = parser.parse_args()
    docs = load_series(args.labour, set(args.series))
    missing = [s for s in args.series if s not in docs]
    if missing:
        raise SystemExit(f"backtest: not in {args.labour}: {', '.join(missing)}")
    started = time.time()
    if not args.url and not args.library:
        parser.error("--url or --library is required")
    library = Library(args.library) if args.library else None
    if not args.url:
        kModelNames["ours"] = "ours (library)"
    base = args.url.rstrip("/") if args.url else None
    runs = {k: [run_series(base, library, docs[s], k, args.step, args.h) for s in args.series]
            for k in args.origins}
    print(f"ours via {'the API' if base else 'the library (' + args.library + ')'}; "
          f"statsmodels {statsmodels.__version__}, numpy {np.__version__}, pandas {pd.__version__},"
          f" Python {platform.python_version()}; {time.time() - started:.1f} s")
    for results in runs.values():
        for r in results:
            for o in r["origins"]:
                if o.get("note"):
                    print(f"note: {r['series']} until={o['until']}: {o['note']}")
                check = o.get("library_check")
                if check and (check["max_abs_diff"] > 1e-6 or same_model(check["model"], o["ours_model"]) is False):
                    print(f"note: {r['series']} until={o['until']}: the API's forecast differs "
                          f"from the library's ({o['ours_model']} vs {check['model']}, "
                          f"max |diff| {check['max_abs_diff']:.3g})")
                for w in o["statsmodels_warnings"]:
                    print(f"statsmodels: {r['series']} until={o['until']}: {w}")
    print_tables(runs, args.h, args.step)
    if args.out:
        report = {"ours_via": f"API {args.url}" if args.url else f"library {args.library}",
                  "h": args.h, "step": args.step, "period": kPeriod,
                  "origin_rule": f"until = last - {args.h} - {args.step}*k, k = 0..K-1",
                  "statsmodels": statsmodels.__version__, "numpy": np.__version__,
                  "pandas": pd.__version__, "python": platform.python_version(),
                  "runs": {str(k): v for k, v in runs.items()}}
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
        print(f"\nall figures: {args.out}")


if __name__ == "__main__":
    sys.exit(main())
