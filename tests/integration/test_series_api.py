#!/usr/bin/env python3
"""Integration tests for official statistics (issue 12): statistical series and school
employment reports published through the real publishing API, read back through
/api/v1/series and /api/v1/employment/reports, and found by search.

    python3 tests/integration/test_series_api.py --build build
"""
import time
import unittest

from chanjiao_server import REPO, SAMPLE, run_suite

SERVER = None
VISIBLE_WITHIN = 2.0  # seconds, as for every publication
STATISTICS = REPO / "corpus" / "statistics"


def wait_until(predicate, timeout=VISIBLE_WITHIN):
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("not true within %.1fs" % timeout)
        time.sleep(0.02)


def series(doc_id, **fields):
    doc = {
        "id": doc_id, "type": "series", "name": "测试省城镇调查失业率", "unit": "%",
        "frequency": "M", "region": "测试省", "org": "测试省统计局",
        "url": "https://stats.example.com/test", "methodology": "住户劳动力调查（测试数据）",
        "breaks": [{"period": "2024-03", "note": "口径调整"}],
        "observations": [
            {"period": "2024-02", "value": 5.3},
            {"period": "2024-01", "value": 5.2},
            {"period": "2024-03", "value": 5.1},
        ],
        "published_at": "2024-04-16",
    }
    doc.update(fields)
    return doc


def report(doc_id, **fields):
    doc = {
        "id": doc_id, "type": "employment_report", "title": "测试学院2025届数控技术专业就业质量报告",
        "school": "测试学院", "year": 2025, "major": "数控技术", "education": "大专",
        "graduates": 120, "employed": 108, "further_study": 6, "employment_rate": 90.0,
        "median_salary": 5100, "top_industries": ["智能制造"], "top_regions": ["长沙"],
    }
    doc.update(fields)
    return doc


def search_ids(**params):
    status, body = SERVER.get("/api/v1/search", size=50, **params)
    assert status == 200, (status, body)
    return [h["id"] for h in body["hits"]]


def listed_series():
    status, body = SERVER.get("/api/v1/series")
    assert status == 200, (status, body)
    return {s["id"]: s for s in body["series"]}


class SeriesApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gov = SERVER.create_key("testgov", "gov")
        cls.school = SERVER.create_key("test-college", "school")
        cls.other_school = SERVER.create_key("other-college", "school")
        cls.enterprise = SERVER.create_key("test-firm", "enterprise")
        cls.admin = SERVER.create_key("platform", "admin")

    def post(self, docs, key, expect):
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=key)
        self.assertEqual(status, expect, body)
        return body

    def assert_absent(self, doc_id):
        status, body = SERVER.get("/api/v1/documents/" + doc_id)
        self.assertEqual(status, 404, body)

    def test_gov_key_publishes_a_series_end_to_end(self):
        self.post(series("it-series-e2e"), self.gov, 201)
        status, body = SERVER.get("/api/v1/series/it-series-e2e")
        self.assertEqual(status, 200, body)
        doc = body["series"]
        self.assertEqual(doc["title"], "测试省城镇调查失业率")  # `name` on input
        self.assertEqual(doc["body"], "住户劳动力调查（测试数据）")  # `methodology` on input
        self.assertEqual(doc["owner_org"], "testgov")
        self.assertEqual([o["period"] for o in doc["observations"]],
                         ["2024-01", "2024-02", "2024-03"])
        self.assertEqual(doc["breaks"], [{"period": "2024-03", "note": "口径调整"}])
        self.assertEqual(body["revision"], 1)
        self.assertIn("took_ms", body)
        wait_until(lambda: "it-series-e2e" in listed_series())
        summary = listed_series()["it-series-e2e"]
        self.assertEqual(summary["name"], "测试省城镇调查失业率")
        self.assertEqual((summary["first"], summary["last"]), ("2024-01", "2024-03"))
        self.assertEqual(summary["last_value"], 5.1)
        self.assertEqual(summary["source"], {"agency": "测试省统计局",
                                             "url": "https://stats.example.com/test"})
        self.assertEqual(summary["frequency"], "M")
        self.assertFalse(summary["cumulative"])
        self.assertEqual(summary["breaks"], ["2024-03"])

    def test_a_search_for_unemployment_rate_finds_the_series(self):
        self.post(series("it-series-search"), self.gov, 201)
        wait_until(lambda: "it-series-search" in search_ids(q="失业率"))
        self.assertIn("it-series-search", search_ids(q="失业率", type="series"))
        self.assertNotIn("it-series-search", search_ids(q="失业率", type="job"))
        status, body = SERVER.get("/api/v1/search", q="失业率", type="series")
        hit = next(h for h in body["hits"] if h["id"] == "it-series-search")
        self.assertNotIn("observations", hit)  # the card stays small; the data is at /series/{id}
        status, body = SERVER.get("/api/v1/search", q="失业率", type="statistics")
        self.assertEqual(status, 400)
        self.assertIn("type:", body["error"]["message"])

    def test_revisions_are_kept_and_readable(self):
        self.post(series("it-series-rev"), self.gov, 201)
        revised = series("it-series-rev")
        revised["observations"][0]["value"] = 5.4  # 2024-02 revised
        SERVER.call("PUT", "/api/v1/documents/it-series-rev", revised, key=self.gov)
        status, body = SERVER.get("/api/v1/series/it-series-rev")
        self.assertEqual((body["revision"], body["revisions"]), (2, 2))
        self.assertEqual(body["series"]["observations"][1]["value"], 5.4)
        status, first = SERVER.get("/api/v1/series/it-series-rev", revision=1)
        self.assertEqual(status, 200, first)
        self.assertEqual(first["revision"], 1)
        self.assertEqual(first["series"]["observations"][1]["value"], 5.3)
        status, listing = SERVER.get("/api/v1/series/it-series-rev/revisions")
        self.assertEqual(status, 200, listing)
        self.assertEqual([r["revision"] for r in listing["revisions"]], [1, 2])
        self.assertEqual(listing["revisions"][0]["last"], "2024-03")
        status, body = SERVER.get("/api/v1/series/it-series-rev", revision=3)
        self.assertEqual(status, 404)
        self.assertIn("no revision 3", body["error"]["message"])
        status, body = SERVER.get("/api/v1/series/it-series-rev", revision="latest")
        self.assertEqual(status, 400)
        self.assertIn("revision:", body["error"]["message"])

    def test_each_bad_series_input_is_a_400_naming_the_observation_and_writes_nothing(self):
        def bad(mutate):
            doc = series("it-series-bad")
            mutate(doc)
            return doc

        def set_obs(i, **fields):
            return lambda d: d["observations"][i].update(fields)

        cases = [
            ("unknown period format", set_obs(2, period="2024/03"),
             'observations[2].period: "2024/03" is not a month YYYY-MM'),
            ("quarter in a monthly series", set_obs(0, period="2024-Q1"),
             "observations[0].period:"),
            ("duplicate period", set_obs(2, period="2024-01"),
             "observations[2].period: duplicate 2024-01 (also observations[1])"),
            ("non-numeric value", set_obs(1, value="5.2%"),
             "observations[1].value: expected a number"),
            ("missing value", set_obs(1, value=None), "observations[1].value: missing"),
            ("rate above 100", set_obs(0, value=112.0),
             "observations[0].value: 112 (2024-02) is outside 0..100 for a rate (unit %)"),
            ("negative rate", set_obs(0, value=-1), "observations[0].value: -1"),
            ("unknown frequency", lambda d: d.update(frequency="W"),
             "frequency: must be M, Q or Y"),
            ("no observations", lambda d: d.update(observations=[]), "observations: empty"),
            ("bad break period", lambda d: d.update(breaks=[{"period": "March"}]),
             "breaks[0].period:"),
        ]
        for name, mutate, message in cases:
            with self.subTest(name):
                status, body = SERVER.call("POST", "/api/v1/documents", bad(mutate), key=self.gov)
                self.assertEqual(status, 400, body)
                self.assertTrue(body["error"]["message"].startswith(message),
                                body["error"]["message"])
                self.assert_absent("it-series-bad")
        # In a batch the position and id come first; nothing of the batch is written.
        batch = [series("it-series-ok-in-bad-batch"),
                 bad(set_obs(1, period="2024-13"))]
        status, body = SERVER.call("POST", "/api/v1/documents", batch, key=self.gov)
        self.assertEqual(status, 400, body)
        self.assertTrue(body["error"]["message"].startswith(
            "documents[1] (id it-series-bad): observations[1].period:"), body)
        self.assert_absent("it-series-ok-in-bad-batch")

    def test_a_value_above_100_is_fine_when_the_series_is_not_a_rate(self):
        doc = series("it-series-count", unit="万人", cumulative=True,
                     observations=[{"period": "2024-01", "value": 130.0},
                                   {"period": "2024-02", "value": 210.5}])
        self.post(doc, self.gov, 201)
        status, body = SERVER.get("/api/v1/series/it-series-count")
        self.assertTrue(body["series"]["cumulative"])

    def test_only_gov_and_admin_keys_publish_series(self):
        for key in (self.school, self.enterprise):
            status, body = SERVER.call("POST", "/api/v1/documents", series("it-series-role"),
                                       key=key)
            self.assertEqual(status, 403, body)
            self.assertIn("series are published with a gov or admin key",
                          body["error"]["message"])
            self.assert_absent("it-series-role")
        self.post(series("it-series-admin"), self.admin, 201)
        status, _ = SERVER.call("POST", "/api/v1/documents", series("it-series-role"))
        self.assertEqual(status, 401)

    def test_school_key_publishes_its_own_report_end_to_end(self):
        body = self.post(report("it-report-e2e"), self.school, 201)
        self.assertEqual(body["ids"], ["it-report-e2e"])
        status, doc = SERVER.get("/api/v1/documents/it-report-e2e")
        self.assertEqual(doc["document"]["owner_org"], "test-college")

        def reports(**params):
            status, body = SERVER.get("/api/v1/employment/reports", **params)
            self.assertEqual(status, 200, body)
            return body

        wait_until(lambda: any(r["id"] == "it-report-e2e"
                               for r in reports(school="测试学院")["reports"]))
        found = reports(school="测试学院", year=2025, major="数控技术")
        self.assertEqual([r["id"] for r in found["reports"]], ["it-report-e2e"])
        self.assertEqual(found["reports"][0]["employment_rate"], 90.0)
        self.assertIn("测试学院", found["schools"])
        self.assertIn(2025, found["years"])
        self.assertEqual(reports(school="测试学院", year=2024)["total"], 0)
        self.assertIn("it-report-e2e", search_ids(q="数控技术 就业质量", type="employment_report"))
        # Another school may not overwrite it; gov and enterprise keys publish no reports.
        status, body = SERVER.call("PUT", "/api/v1/documents/it-report-e2e",
                                   report("it-report-e2e", median_salary=5200), key=self.other_school)
        self.assertEqual(status, 403, body)
        for key in (self.gov, self.enterprise):
            status, body = SERVER.call("POST", "/api/v1/documents", report("it-report-role"),
                                       key=key)
            self.assertEqual(status, 403, body)
            self.assertIn("employment reports are published with a school or admin key",
                          body["error"]["message"])
        self.assert_absent("it-report-role")
        status, body = SERVER.call("POST", "/api/v1/documents",
                                   report("it-report-owner", owner_org="other-college"),
                                   key=self.school)
        self.assertEqual(status, 403, body)
        self.post(report("it-report-admin"), self.admin, 201)

    def test_impossible_report_figures_are_rejected(self):
        cases = [
            ("employed > graduates", dict(employed=121, employment_rate=None),
             "employed: 121 is more than graduates (120)"),
            ("employed + further study > graduates", dict(further_study=13),
             "further_study: employed + further_study (121) is more than graduates (120)"),
            ("rate not the computed one", dict(employment_rate=95.0),
             "employment_rate: 95 is not 100 * employed / graduates (90)"),
            ("rate out of range", dict(employment_rate=120),
             "employment_rate: out of range"),
            ("no graduates", dict(graduates=None), "graduates: missing"),
            ("fractional count", dict(employed=107.5), "employed: expected an integer"),
            ("no school", dict(school=None), "school: missing"),
        ]
        for name, fields, message in cases:
            with self.subTest(name):
                status, body = SERVER.call("POST", "/api/v1/documents",
                                           report("it-report-bad", **fields), key=self.school)
                self.assertEqual(status, 400, body)
                self.assertTrue(body["error"]["message"].startswith(message),
                                body["error"]["message"])
                self.assert_absent("it-report-bad")

    def test_reading_errors_are_json(self):
        status, body = SERVER.get("/api/v1/series/no-such-series")
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["message"], "no series with id no-such-series")
        status, body = SERVER.get("/api/v1/series/job-0026")  # a job, not a series
        self.assertEqual(status, 404)
        status, body = SERVER.get("/api/v1/employment/reports", year="2025届")
        self.assertEqual(status, 400)
        self.assertIn("year:", body["error"]["message"])
        status, body = SERVER.get("/api/v1/employment/reports", size=0)
        self.assertEqual(status, 400)

    def test_corpus_statistics_are_listed_without_revisions(self):
        summary = listed_series()["demo-qingliu-youth-employment"]
        self.assertEqual(summary["frequency"], "Y")
        self.assertEqual(summary["first"], "2019")
        status, body = SERVER.get("/api/v1/series/demo-qingliu-youth-employment")
        self.assertEqual(status, 200)
        self.assertEqual(body["revisions"], 0)
        self.assertNotIn("revision", body)
        status, body = SERVER.get("/api/v1/employment/reports", school="青柳职业技术学院",
                                  year=2025)
        self.assertEqual(body["total"], 3)
        self.assertEqual(sorted(r["major"] for r in body["reports"]),
                         ["学前教育", "工业机器人技术", "软件技术"])


if __name__ == "__main__":
    run_suite(__import__(__name__), sources=(SAMPLE, STATISTICS))
