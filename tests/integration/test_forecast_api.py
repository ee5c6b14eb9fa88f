#!/usr/bin/env python3
"""Integration tests for GET /api/v1/insights/forecast (issue 12): forecasts of series
published through the real publishing API with a gov key, and of the platform's own job
postings, on a real server on loopback.

    python3 tests/integration/test_forecast_api.py --build build
"""
import math
import time
import unittest

from chanjiao_server import SAMPLE, run_suite

SERVER = None
VISIBLE_WITHIN = 2.0  # seconds, as for every publication


def months(first, n):
    year, month = map(int, first.split("-"))
    out = []
    for i in range(n):
        index = year * 12 + month - 1 + i
        out.append("%04d-%02d" % (index // 12, index % 12 + 1))
    return out


def rate(t):
    """A team-made unemployment-like rate: level 5.2, seasons +-0.3, a little noise."""
    return round(5.2 + 0.3 * math.sin(2 * math.pi * t / 12) + 0.05 * math.sin(t * 7.3), 2)


def series(doc_id, periods, values, **fields):
    doc = {
        "id": doc_id, "type": "series", "name": "预测测试省城镇调查失业率", "unit": "%",
        "frequency": "M", "region": "预测测试省", "org": "预测测试省统计局",
        "url": "https://stats.example.com/forecast-test",
        "observations": [{"period": p, "value": v} for p, v in zip(periods, values)],
    }
    doc.update(fields)
    return doc


def forecast(**params):
    return SERVER.get("/api/v1/insights/forecast", **params)


def wait_for(**params):
    """The forecast once the published series is visible (publications take ~0.5 s)."""
    start = time.monotonic()
    while True:
        status, body = forecast(**params)
        if status != 404 or time.monotonic() - start > VISIBLE_WITHIN:
            return status, body
        time.sleep(0.05)


class ForecastApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gov = SERVER.create_key("forecast-gov", "gov")
        cls.enterprise = SERVER.create_key("forecast-firm", "enterprise")
        periods = months("2018-01", 96)
        values = [rate(t) for t in range(96)]
        docs = [
            series("fc-rate", periods, values),
            # The same up to 2022-06, then a jump: a forecast from 2022-06 must not see it.
            series("fc-rate-later-jump", periods,
                   values[:54] + [v + 3 for v in values[54:]]),
            series("fc-rate-break", periods, values,
                   breaks=[{"period": "2021-01", "note": "口径调整"}]),
            series("fc-rate-short", periods[:20], values[:20]),
            series("fc-ytd", *ytd_series(), name="预测测试省城镇新增就业（年内累计）",
                   unit="万人", cumulative=True),
        ]
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=cls.gov)
        assert status == 201, (status, body)
        wait_for(series="fc-ytd")

    def test_a_forecast_continues_the_series_with_nested_intervals(self):
        status, body = forecast(series="fc-rate", h=12)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["series"], "fc-rate")
        self.assertEqual(body["target"], "value")
        self.assertEqual((body["fitted_from"], body["until"]), ("2018-01", "2025-12"))
        self.assertFalse(body["insufficient_history"])
        self.assertEqual(body["model"], "median_combination")  # eight years: long enough for it
        self.assertEqual([p["period"] for p in body["forecast"]], months("2026-01", 12))
        for p in body["forecast"]:
            self.assertLessEqual(p["lower95"], p["lower80"])
            self.assertLessEqual(p["lower80"], p["value"])
            self.assertLessEqual(p["value"], p["upper80"])
            self.assertLessEqual(p["upper80"], p["upper95"])
            self.assertLess(abs(p["value"] - 5.2), 1.0)  # a forecast of this series, not noise
        backtest = body["backtest"]
        self.assertEqual((backtest["origins"], backtest["h"]), (4, 12))
        self.assertEqual(backtest["baseline"], "seasonal_naive")
        # Its own score and seasonal naive's on the same origins, not a choice between them.
        self.assertGreater(backtest["mase"], 0)
        self.assertGreater(backtest["baseline_mase"], 0)
        self.assertNotIn("forecast_ytd", body)
        self.assertEqual(len(body["history"]), 96)

    def test_until_forecasts_from_the_data_up_to_then_only(self):
        _, early = forecast(series="fc-rate", h=6, until="2022-06")
        _, jumped = forecast(series="fc-rate-later-jump", h=6, until="2022-06")
        self.assertEqual(early["until"], "2022-06")
        self.assertEqual(early["forecast"][0]["period"], "2022-07")
        self.assertEqual(early["forecast"], jumped["forecast"])
        self.assertEqual(early["model"], jumped["model"])
        _, full = forecast(series="fc-rate-later-jump", h=6)
        self.assertGreater(full["forecast"][0]["value"], early["forecast"][0]["value"] + 1)
        # An until past the data is the whole series.
        _, after = forecast(series="fc-rate", h=6, until="2030-01")
        self.assertEqual(after["until"], "2025-12")

    def test_the_fit_starts_at_the_last_break(self):
        _, body = forecast(series="fc-rate-break")
        self.assertEqual(body["last_break"], "2021-01")
        self.assertEqual(body["fitted_from"], "2021-01")
        self.assertEqual(body["observed"], 60)
        _, before = forecast(series="fc-rate-break", until="2020-12")
        self.assertNotIn("last_break", before)
        self.assertEqual(before["fitted_from"], "2018-01")

    def test_too_short_a_history_is_said_not_drawn(self):
        status, body = forecast(series="fc-rate-short")
        self.assertEqual(status, 200, body)
        self.assertTrue(body["insufficient_history"])
        self.assertEqual((body["observed"], body["needed"]), (20, 26))
        self.assertNotIn("forecast", body)
        self.assertNotIn("model", body)
        _, early = forecast(series="fc-rate", until="2017-06")  # before the first value
        self.assertTrue(early["insufficient_history"])
        self.assertEqual(early["observed"], 0)

    def test_a_year_to_date_series_is_forecast_as_flows_and_reaccumulated(self):
        status, body = forecast(series="fc-ytd", h=8)
        self.assertEqual(status, 200, body)
        self.assertTrue(body["cumulative"])
        self.assertEqual(body["target"], "monthly_flow")
        self.assertEqual(body["until"], "2025-08")
        # Jan and Feb are published together: the history shares their increment.
        history = {p["period"]: p["value"] for p in body["history"]}
        self.assertAlmostEqual(history["2025-01"], history["2025-02"])
        flows = body["forecast"]
        ytd = body["forecast_ytd"]
        self.assertEqual([p["period"] for p in ytd], months("2025-09", 8))
        last_published = ytd_series()[1][-1]
        self.assertAlmostEqual(ytd[0]["value"], last_published + flows[0]["value"])
        self.assertAlmostEqual(ytd[3]["value"], ytd[2]["value"] + flows[3]["value"])  # December
        self.assertAlmostEqual(ytd[4]["value"], flows[4]["value"])  # January starts anew
        for p in flows:
            self.assertGreater(p["value"], 60)
            self.assertGreaterEqual(p["lower95"], 0)  # a count never negative stays so

    def test_posting_demand_counts_the_postings_search_finds(self):
        for params in ({"q": "数据分析"}, {"q": "工程师", "published_after": "2025-06-01"}):
            status, body = forecast(**params)
            self.assertEqual(status, 200, body)
            self.assertEqual(body["target"], "postings_per_month")
            status, demand = SERVER.get("/api/v1/insights/demand", **params)
            self.assertEqual(body["counted"], demand["counted"])
            self.assertGreater(body["counted"], 0)
            self.assertEqual([(p["period"], p["value"]) for p in body["history"]],
                             [(m["value"], m["count"]) for m in demand["by_month"]])
        # A year and a half of postings: said, not forecast.
        self.assertLess(len(body["history"]), 26)
        self.assertTrue(body["insufficient_history"])
        self.assertEqual(body["needed"], 26)
        self.assertNotIn("forecast", body)

    def test_posting_demand_with_enough_history_is_forecast(self):
        periods = months("2022-01", 36)
        docs = [{"id": "fc-job-%d-%d" % (i, k), "type": "job",
                 # one title each: reposts (same title and org) would count once
                 "title": "焊接机器人运维预测样例岗位 %s-%d" % (period, k), "org": "forecast-firm",
                 "body": "负责焊接机器人日常运维。", "region": "预测市",
                 "published_at": period + "-%02d" % (k + 1)}
                for i, period in enumerate(periods) for k in range(1 + (i % 12 < 3))]
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=self.enterprise)
        self.assertEqual(status, 201, body)
        start = time.monotonic()
        while True:
            status, body = forecast(q="焊接机器人运维预测样例岗位", region="预测市", h=6)
            if body.get("counted") == len(docs) or time.monotonic() - start > VISIBLE_WITHIN:
                break
            time.sleep(0.05)
        self.assertEqual(body["counted"], len(docs), body)
        self.assertFalse(body["insufficient_history"])
        self.assertEqual((body["fitted_from"], body["until"]), ("2022-01", "2024-12"))
        self.assertEqual(body["history"][0]["value"], 2)  # two in each of Jan-Mar
        self.assertEqual(body["history"][3]["value"], 1)
        self.assertEqual([p["period"] for p in body["forecast"]], months("2025-01", 6))
        self.assertAlmostEqual(body["forecast"][0]["value"], 2, delta=0.5)
        self.assertAlmostEqual(body["forecast"][4]["value"], 1, delta=0.5)

    def test_bad_requests_are_4xx_json_errors_naming_the_parameter(self):
        for params, code, starts in [
            ({"series": "fc-rate", "h": 0}, 400, "h:"),
            ({"series": "fc-rate", "h": 37}, 400, "h:"),
            ({"series": "fc-rate", "h": "twelve"}, 400, "h:"),
            ({"series": "fc-rate", "until": "2024-13"}, 400, "until:"),
            ({"series": "fc-rate", "until": "2024-Q1"}, 400, "until:"),
            ({"series": ""}, 400, "series:"),
            ({"series": "../etc"}, 400, "series:"),
            ({"series": "no-such-series"}, 404, "no series with id no-such-series"),
            ({"series": "job-0001"}, 404, "no series with id job-0001"),
            ({"q": "数据", "until": "2024"}, 400, "until:"),
        ]:
            status, body = forecast(**params)
            self.assertEqual(status, code, (params, body))
            self.assertTrue(body["error"]["message"].startswith(starts), (params, body))


def ytd_series():
    """Team-made year-to-date counts 2019-01..2025-08 (万人): flows ~100 a month, more in
    spring; January never published alone (the Jan-Feb release), as MOHRSS does."""
    periods, values = [], []
    for year in range(2019, 2026):
        total = 0
        for month in range(1, 13):
            if year == 2025 and month > 8:
                break
            total += 100 + (20 if month in (3, 4) else 0) + (year - 2019)
            if month == 1:
                continue
            periods.append("%04d-%02d" % (year, month))
            values.append(total)
    return periods, values


if __name__ == "__main__":
    run_suite(__import__(__name__), sources=(SAMPLE,))
