#!/usr/bin/env python3
"""Integration tests of /api/v1/insights/*: the real chanjiao-server on an
ephemeral loopback port over an index of tests/fixtures/insights, whose
numbers are recomputed here from the fixture file, independently of the
server.

    python3 tests/integration/test_insights_api.py --build build
"""
import json
import os
import statistics
import sys
import unittest
from collections import Counter

from chanjiao_server import REPO, run_suite

FIXTURE = REPO / "tests" / "fixtures" / "insights" / "corpus.jsonl"


def load_fixture():
    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
    # Reposts (same type, org and title) count once, as in search.
    seen, unique = set(), []
    for d in docs:
        key = (d["type"], d["org"], d["title"])
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


DOCS = load_fixture()
JOBS = [d for d in DOCS if d["type"] == "job"]
TEACHING = [d for d in DOCS if d["type"] in ("resource", "case")]


def salary(d):
    lo, hi = d.get("salary_min"), d.get("salary_max")
    if lo is None and hi is None:
        return None
    lo = hi if lo is None else lo
    hi = lo if hi is None else hi
    return (lo + hi) / 2


def salary_stats(values):
    values = sorted(values)
    if not values:
        return {"count": 0}
    if len(values) == 1:
        q = [values[0]] * 3
    else:
        q = statistics.quantiles(values, n=4, method="inclusive")
    return {"count": len(values), "min": values[0], "p25": q[0], "median": q[1], "p75": q[2],
            "max": values[-1]}


SERVER = None


def api(path, **params):
    status, body = SERVER.get(path, **params)
    assert status == 200, (path, params, status, body)
    return body


_GOV_KEY = []


def gov_key():
    """One gov key for the suite, made on first use."""
    if not _GOV_KEY:
        _GOV_KEY.append(SERVER.create_key("stats-bureau", "gov"))
    return _GOV_KEY[0]


def query_log(**params):
    """GET /insights/queries with a gov key (the query log is for gov and admin keys)."""
    status, body = SERVER.call("GET", "/api/v1/insights/queries", key=gov_key(), **params)
    assert status == 200, (params, status, body)
    return body


def demand(**params):
    return api("/api/v1/insights/demand", **params)


def as_counts(entries):
    return {e["value"]: e["count"] for e in entries}


def skill_counts(docs):
    return Counter(s for d in docs for s in d.get("skills", []))


class DemandTest(unittest.TestCase):
    def test_total_equals_fixture_and_search(self):
        body = demand(q="")
        self.assertEqual(body["total"], len(JOBS))
        self.assertEqual(body["total"], api("/api/v1/search", q="", type="job")["total"])
        # A fixture this small is counted exactly: the breakdowns cover the total.
        self.assertTrue(body["total_exact"])
        self.assertEqual(body["counted"], body["total"])
        for q in ["专员", "开发", "甲辰科技", "nothing-matches-this"]:
            searched = api("/api/v1/search", q=q, type="job")
            body = demand(q=q)
            # Demand counts the postings about the query: search's full
            # matches, or its partial ones when nothing has every word.
            full = searched["full_matches"]
            self.assertEqual(body["total"], full if full else searched["total"], q)
            self.assertEqual(body["total_exact"], searched["total_exact"], q)

    def test_months_skills_orgs_regions(self):
        body = demand(q="", limit=100)
        months = Counter(d["published_at"][:7] for d in JOBS)
        by_month = {m["value"]: m["count"] for m in body["by_month"]}
        self.assertEqual({k: v for k, v in by_month.items() if v}, dict(months))
        self.assertEqual(by_month.get("2025-04"), 0)  # gaps are filled, in order
        self.assertEqual([m["value"] for m in body["by_month"]],
                         sorted(m["value"] for m in body["by_month"]))
        self.assertEqual(as_counts(body["skills"]), dict(skill_counts(JOBS)))
        python = next(s for s in body["skills"] if s["value"] == "Python")
        self.assertAlmostEqual(python["share"], skill_counts(JOBS)["Python"] / len(JOBS))
        self.assertEqual(body["skills"][0]["value"], "Python")
        self.assertEqual(as_counts(body["orgs"]), dict(Counter(d["org"] for d in JOBS)))
        self.assertEqual(as_counts(body["regions"]), dict(Counter(d["region"] for d in JOBS)))

    def test_salary_distribution(self):
        body = demand(q="", limit=100)
        expected = salary_stats([s for s in map(salary, JOBS) if s is not None])
        self.assertEqual(body["salary"], expected)
        by_education = {g["value"]: g["salary"] for g in body["salary_by_education"]}
        for education in {d["education"] for d in JOBS}:
            values = [salary(d) for d in JOBS if d["education"] == education and salary(d)]
            self.assertEqual(by_education[education], salary_stats(values), education)
        by_skill = {g["value"]: g["salary"] for g in body["salary_by_skill"]}
        for skill in skill_counts(JOBS):
            values = [salary(d) for d in JOBS if skill in d["skills"] and salary(d)]
            self.assertEqual(by_skill[skill], salary_stats(values), skill)

    def test_filters_narrow(self):
        for field, value in [("region", "长沙"), ("industry", "智能制造"), ("education", "本科"),
                             ("major", "软件技术")]:
            body = demand(q="", limit=100, **{field: value})
            docs = [d for d in JOBS if d.get(field) == value]
            self.assertEqual(body["total"], len(docs), field)
            self.assertEqual(as_counts(body["skills"]), dict(skill_counts(docs)), field)
            self.assertEqual(body["total"], api("/api/v1/search", q="", type="job",
                                                **{field: value})["total"])
        body = demand(q="", published_after="2025-03-01", published_before="2025-05-31")
        docs = [d for d in JOBS if "2025-03-01" <= d["published_at"] <= "2025-05-31"]
        self.assertEqual(body["total"], len(docs))
        self.assertEqual([m["value"] for m in body["by_month"]],
                         ["2025-03", "2025-04", "2025-05"])
        self.assertEqual(body["total"], api("/api/v1/search", q="", type="job",
                                            published_after="2025-03-01",
                                            published_before="2025-05-31")["total"])
        body = demand(q="", region="长沙", education="中专")
        self.assertEqual(body["total"], 2)

    def test_limit(self):
        body = demand(q="", limit=2)
        self.assertEqual(len(body["skills"]), 2)
        self.assertEqual(len(body["orgs"]), 2)

    def test_bad_parameters_are_4xx_json(self):
        for path in ["/api/v1/insights/demand", "/api/v1/insights/gap"]:
            for params in [{"limit": "0"}, {"limit": "x"}, {"published_before": "2025-02-30"},
                           {"published_after": "yesterday"}, {"salary_min": "-1"},
                           {"q": "x" * 5000}]:
                status, body = SERVER.get(path, **params)
                self.assertEqual(status, 400, (path, params))
                self.assertIn("message", body["error"])
        status, body = SERVER.call("GET", "/api/v1/insights/queries", key=gov_key(),
                                   days="0")
        self.assertEqual(status, 400)


class GapTest(unittest.TestCase):
    def expected(self, demand_docs, supply_docs, key, limit):
        if key == "skills":
            d, s = skill_counts(demand_docs), skill_counts(supply_docs)
        else:
            d = Counter(x["major"] for x in demand_docs)
            s = Counter(x["major"] for x in supply_docs)
        top = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        rows = [(v, n, s.get(v, 0), n / (s.get(v, 0) + 1)) for v, n in top]
        rows.sort(key=lambda r: (-r[3], -r[1], r[0]))
        return [(v, n, sup) for v, n, sup, _ in rows]

    def test_order_and_counts(self):
        body = api("/api/v1/insights/gap", q="", limit=100)
        self.assertEqual(body["demand_total"], len(JOBS))
        self.assertEqual(body["supply_total"], len(TEACHING))
        for key in ["skills", "majors"]:
            got = [(r["value"], r["demand"], r["supply"]) for r in body[key]]
            self.assertEqual(got, self.expected(JOBS, TEACHING, key, 100), key)
        # Wanted and barely taught first: SQL (3 postings, 1 course) before Python (5, 3).
        self.assertEqual([r["value"] for r in body["skills"][:2]], ["SQL", "Python"])

    def test_filters_apply_to_demand_only(self):
        body = api("/api/v1/insights/gap", q="", region="长沙", limit=100)
        jobs = [d for d in JOBS if d["region"] == "长沙"]
        self.assertEqual(body["demand_total"], len(jobs))
        self.assertEqual(body["supply_total"], len(TEACHING))
        got = [(r["value"], r["demand"], r["supply"]) for r in body["skills"]]
        self.assertEqual(got, self.expected(jobs, TEACHING, "skills", 100))


class QueryLogTest(unittest.TestCase):
    def test_only_gov_and_admin_keys_read_the_query_log(self):
        api("/api/v1/search", q="专员")
        status, body = SERVER.get("/api/v1/insights/queries")
        self.assertEqual(status, 401)
        self.assertNotIn("top", body)
        for role in ("school", "enterprise"):
            status, body = SERVER.call("GET", "/api/v1/insights/queries",
                                       key=SERVER.create_key("org-" + role, role))
            self.assertEqual(status, 403, role)
            self.assertIn("gov and admin", body["error"]["message"])
        self.assertEqual(SERVER.call("GET", "/api/v1/insights/queries", key="cj_wrong")[0], 401)
        admin = SERVER.create_key("platform", "admin")
        for key in (admin, gov_key()):
            self.assertEqual(SERVER.call("GET", "/api/v1/insights/queries", key=key)[0], 200)

    def test_records_searches_and_survives_restart(self):
        before = query_log()
        counts = {q["query"]: q["count"] for q in before["top"]}
        for _ in range(3):
            api("/api/v1/search", q="专员")
        api("/api/v1/search", q="ＰＬＣ 专员")  # normalised: full width, case
        api("/api/v1/search", q="qxzjvkwq")
        api("/api/v1/search", q="专员", page=2, size=5)  # later pages are not searches
        api("/api/v1/search", q="")  # browsing is not a query
        api("/api/v1/search", q="电话 13812345678")  # digit runs are masked
        body = query_log(limit=100)
        top = {q["query"]: q for q in body["top"]}
        self.assertEqual(top["专员"]["count"], counts.get("专员", 0) + 3)
        self.assertEqual(top["专员"]["last_total"],
                         api("/api/v1/search", q="专员")["total"])
        self.assertIn("plc 专员", top)
        self.assertNotIn("", top)
        self.assertIn("电话 #", top)
        self.assertFalse(any("13812345678" in q for q in top))
        no_results = {q["query"]: q for q in body["no_results"]}
        self.assertIn("qxzjvkwq", no_results)
        self.assertNotIn("专员", no_results)
        self.assertEqual(body["searches"], sum(d["searches"] for d in body["by_day"]))
        self.assertGreaterEqual(body["no_result_searches"], 1)
        self.assertEqual(body["top"][0]["query"], "专员")

        SERVER.restart()
        after = query_log(limit=100)
        self.assertEqual(after["searches"], body["searches"] + 1)  # the last_total check
        self.assertIn("qxzjvkwq", {q["query"] for q in after["no_results"]})
        self.assertTrue(os.path.exists(os.path.join(SERVER.index, "query-log.sqlite")))


if __name__ == "__main__":
    run_suite(sys.modules[__name__], sources=[FIXTURE], threads=2)
