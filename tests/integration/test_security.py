#!/usr/bin/env python3
"""Security integration tests (issue 17, SECURITY.md): a restricted document
never leaks through any route (hits, totals, facet counts, completions,
did-you-mean, recommendations, insights); static files never come from outside
web/; every response carries the UI's security headers.

    python3 tests/integration/test_security.py --build build
"""
import http.client
import json
import time
import unittest
import urllib.parse

from chanjiao_server import REPO, run_suite

SERVER = None

# Words that occur only in the restricted document.
SECRET_TITLE = "绝密舰载相控阵雷达调试工程师"
SECRET_SKILL = "相控阵标定"
SECRET_REGION = "保密市"
SECRET_ORG = "secret-lab"
PUBLIC_ID, SECRET_ID = "sec-public-1", "sec-secret-1"


def ids(body):
    return [h["id"] for h in body["hits"]]


def wait_until(predicate, timeout=5.0):
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("not true within %.1fs" % timeout)
        time.sleep(0.05)


class RestrictedLeakTest(unittest.TestCase):
    """Each route asked as the owner (must see the document: the check can fail),
    then anonymously and with another organisation's key (must not)."""

    @classmethod
    def setUpClass(cls):
        cls.owner = SERVER.create_key(SECRET_ORG, "enterprise")
        cls.other = SERVER.create_key("other-corp", "enterprise")
        cls.gov = SERVER.create_key("stats", "gov")
        common = {"type": "job", "skills": [SECRET_SKILL, "雷达调试"], "education": "本科",
                  "major": "电子信息工程", "salary_min": 9000, "salary_max": 15000,
                  "published_at": "2025-03-01"}
        docs = [dict(common, id=SECRET_ID, title=SECRET_TITLE, restricted=True,
                     region=SECRET_REGION, body="舰载相控阵雷达整机调试与相控阵标定"),
                dict(common, id=PUBLIC_ID, title="雷达调试工程师", region="长沙",
                     skills=["雷达调试"], body="雷达整机调试")]
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=cls.owner)
        assert status == 201, (status, body)
        wait_until(lambda: SECRET_ID in ids(cls.search(cls.owner, q="雷达")[1]))
        cls.outsiders = (None, cls.other, cls.gov)
        # A restricted series of a statistics office, and the postings forecast.
        cls.stats_owner = SERVER.create_key("secret-stats", "gov")
        series = {"id": "sec-secret-series", "type": "series", "name": "保密市内部失业率",
                  "unit": "%", "frequency": "M", "region": SECRET_REGION, "restricted": True,
                  "observations": [{"period": "2020-%02d" % m, "value": 5.0 + m / 10}
                                   for m in range(1, 13)]}
        status, body = SERVER.call("POST", "/api/v1/documents", series, key=cls.stats_owner)
        assert status == 201, (status, body)
        wait_until(lambda: SERVER.call("GET", "/api/v1/series",  # the list reads the index
                                       key=cls.stats_owner)[1]["total"] == 1)

    @staticmethod
    def search(key, **params):
        return SERVER.call("GET", "/api/v1/search", key=key, size=50, **params)

    def test_search_hits_and_totals(self):
        _, mine = self.search(self.owner, q="相控阵")
        self.assertIn(SECRET_ID, ids(mine))
        for key in self.outsiders:
            status, body = self.search(key, q="相控阵 标定")
            self.assertEqual(status, 200)
            self.assertNotIn(SECRET_ID, ids(body))
            _, strict = self.search(key, q=SECRET_TITLE)
            self.assertNotIn(SECRET_ID, ids(strict))
            _, browse = self.search(key, q="")
            _, owner_browse = self.search(self.owner, q="")
            self.assertEqual(browse["total"], owner_browse["total"] - 1, key)

    def test_facet_counts(self):
        def regions(key):
            _, body = self.search(key, q="雷达")
            return {v["value"]: v["count"] for v in body["facets"].get("region", [])}
        self.assertEqual(regions(self.owner).get(SECRET_REGION), 1)
        for key in self.outsiders:
            self.assertNotIn(SECRET_REGION, regions(key))
            status, body = self.search(key, q="", region=SECRET_REGION)
            self.assertEqual((status, body["total"], body["hits"]), (200, 0, []))

    def test_suggest_completions(self):
        def completions(key):
            status, body = SERVER.call("GET", "/api/v1/suggest", key=key, q="绝密")
            self.assertEqual(status, 200)
            return " ".join(s["text"] for s in body["suggestions"])
        self.assertIn("绝密", completions(self.owner))
        for key in self.outsiders:
            self.assertNotIn("绝密", completions(key))
            status, body = SERVER.call("GET", "/api/v1/suggest", key=key, q="相控")
            self.assertFalse(any("相控阵" in s["text"] for s in body["suggestions"]), key)

    def test_did_you_mean(self):
        typo = SECRET_SKILL[:-1] + "锭"  # 相控阵标锭: one character off
        _, mine = self.search(self.owner, q=typo)
        self.assertIn("相控阵", mine.get("suggestion", ""), mine)
        for key in self.outsiders:
            _, body = self.search(key, q=typo)
            self.assertNotIn("相控阵", body.get("suggestion", ""), key)

    def test_document_route(self):
        self.assertEqual(SERVER.call("GET", "/api/v1/documents/" + SECRET_ID,
                                     key=self.owner)[0], 200)
        for key in self.outsiders:
            status, body = SERVER.call("GET", "/api/v1/documents/" + SECRET_ID, key=key)
            self.assertEqual(status, 404)
            self.assertNotIn(SECRET_TITLE, str(body))

    def test_recommend_similar_and_profile(self):
        def similar(key, doc_id):
            return SERVER.call("GET", "/api/v1/recommend", key=key, id=doc_id, size=50)
        self.assertIn(SECRET_ID, ids(similar(self.owner, PUBLIC_ID)[1]))
        profile = {"skills": [SECRET_SKILL, "雷达调试"], "size": 50}
        self.assertIn(SECRET_ID, ids(SERVER.call("POST", "/api/v1/recommend", profile,
                                                 key=self.owner)[1]))
        for key in self.outsiders:
            self.assertNotIn(SECRET_ID, ids(similar(key, PUBLIC_ID)[1]))
            self.assertEqual(similar(key, SECRET_ID)[0], 404)
            status, body = SERVER.call("POST", "/api/v1/recommend", profile, key=key)
            self.assertEqual(status, 200, body)
            self.assertNotIn(SECRET_ID, ids(body))

    def test_insights_demand_and_gap(self):
        def demand(key):
            status, body = SERVER.call("GET", "/api/v1/insights/demand", key=key, q="雷达")
            self.assertEqual(status, 200, body)
            return body
        mine = demand(self.owner)
        self.assertIn(SECRET_SKILL, [s["value"] for s in mine["skills"]])
        self.assertIn(SECRET_REGION, [r["value"] for r in mine["regions"]])
        for key in self.outsiders:
            body = demand(key)
            self.assertEqual(body["total"], mine["total"] - 1)
            self.assertNotIn(SECRET_SKILL, [s["value"] for s in body["skills"]])
            self.assertNotIn(SECRET_REGION, [r["value"] for r in body["regions"]])
            status, gap = SERVER.call("GET", "/api/v1/insights/gap", key=key, q="雷达",
                                      limit=100)
            self.assertEqual(status, 200)
            self.assertNotIn(SECRET_SKILL, [s["value"] for s in gap["skills"]])

    def test_series_list_series_and_forecast(self):
        def get(path, key, **params):
            return SERVER.call("GET", path, key=key, **params)
        listed = [s["id"] for s in get("/api/v1/series", self.stats_owner)[1]["series"]]
        self.assertIn("sec-secret-series", listed)
        status, body = get("/api/v1/insights/forecast", self.stats_owner,
                           series="sec-secret-series")
        self.assertEqual(status, 200, body)
        mine = get("/api/v1/insights/forecast", self.owner, q="雷达")[1]
        self.assertEqual(mine["counted"], 2)
        for key in self.outsiders:
            listed = [s["id"] for s in get("/api/v1/series", key)[1]["series"]]
            self.assertNotIn("sec-secret-series", listed)
            for path, params in (("/api/v1/series/sec-secret-series", {}),
                                 ("/api/v1/series/sec-secret-series/revisions", {}),
                                 ("/api/v1/insights/forecast", {"series": "sec-secret-series"})):
                status, body = get(path, key, **params)
                self.assertEqual(status, 404, (path, body))
                self.assertNotIn("保密", json.dumps(body, ensure_ascii=False))
            body = get("/api/v1/insights/forecast", key, q="雷达")[1]
            self.assertEqual(body["counted"], 1)

    def test_query_log_needs_gov_or_admin(self):
        self.assertEqual(SERVER.get("/api/v1/insights/queries")[0], 401)
        for key in (self.owner, self.other):
            self.assertEqual(SERVER.call("GET", "/api/v1/insights/queries", key=key)[0], 403)
        self.assertEqual(SERVER.call("GET", "/api/v1/insights/queries", key=self.gov)[0], 200)


class JsonReadRoutesTest(unittest.TestCase):
    """What server/json_route.h promises on every JSON read route: a bad key
    is a 401 before anything else is looked at, and every answer carries
    took_ms."""

    ROUTES = (("GET", "/api/v1/search", {"q": "雷达"}, None),
              ("POST", "/api/v1/search", None, {"q": "雷达"}),
              ("GET", "/api/v1/suggest", {"q": "雷"}, None),
              ("GET", "/api/v1/analyze", {"text": "雷达调试"}, None),
              ("GET", "/api/v1/recommend", {"id": "job-0001"}, None),
              ("POST", "/api/v1/recommend", None, {"skills": ["雷达调试"]}),
              ("GET", "/api/v1/insights/demand", {"q": "雷达"}, None),
              ("GET", "/api/v1/insights/gap", {"q": "雷达"}, None),
              ("GET", "/api/v1/insights/forecast", {"q": "雷达"}, None),
              ("GET", "/api/v1/series", {}, None),
              ("GET", "/api/v1/employment/reports", {}, None),
              ("GET", "/api/v1/documents/job-0001", {}, None))

    def test_every_read_route_answers_with_took_ms(self):
        for method, path, params, body in self.ROUTES:
            status, answer = SERVER.call(method, path, body, **(params or {}))
            self.assertEqual(status, 200, (path, answer))
            self.assertIsInstance(answer.get("took_ms"), float, (path, answer))
            self.assertGreaterEqual(answer["took_ms"], 0)

    def test_a_bad_key_is_401_on_every_read_route_even_with_bad_parameters(self):
        for method, path, params, body in self.ROUTES:
            bad_params = dict(params or {}, size="0")  # a bad parameter as well
            status, answer = SERVER.call(method, path, body, key="cj_not-a-key", **bad_params)
            self.assertEqual(status, 401, (path, answer))
            self.assertIn("error", answer)


def raw_get(path):
    """GET `path` byte for byte (no client-side normalisation of `..`)."""
    parts = urllib.parse.urlsplit(SERVER.base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


class StaticFilesTest(unittest.TestCase):
    OUTSIDE = [REPO / "CMakeLists.txt", REPO / "README.md"]

    def test_traversal_is_4xx_and_never_a_file_outside_web(self):
        outside = [p.read_bytes()[:200] for p in self.OUTSIDE] + [b"root:"]
        for path in ["/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%2E%2E/README.md",
                     "/..%2fCMakeLists.txt", "/..%2FREADME.md", "/lib/../../CMakeLists.txt",
                     "/lib/%2e%2e/%2e%2e/CMakeLists.txt", "/..\\CMakeLists.txt",
                     "//etc/passwd", "/%2fetc%2fpasswd", "/etc/passwd",
                     "/../../../../../../etc/passwd", "/%252e%252e/CMakeLists.txt",
                     "/%c0%ae%c0%ae/CMakeLists.txt", "/.%00./CMakeLists.txt"]:
            status, _, body = raw_get(path)
            self.assertGreaterEqual(status, 400, path)
            self.assertLess(status, 500, path)
            for secret in outside:
                self.assertNotIn(secret, body, path)

    def test_files_inside_web_are_served(self):
        status, headers, body = raw_get("/index.html")
        self.assertEqual(status, 200)
        self.assertIn(b"<html", body)


class HeadersTest(unittest.TestCase):
    def check(self, headers, what):
        csp = headers.get("Content-Security-Policy", "")
        self.assertIn("script-src 'self'", csp, what)
        self.assertIn("frame-ancestors 'none'", csp, what)
        self.assertNotIn("unsafe-inline", csp, what)
        self.assertNotIn("unsafe-eval", csp, what)
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff", what)
        self.assertEqual(headers.get("X-Frame-Options"), "DENY", what)
        self.assertEqual(headers.get("Referrer-Policy"), "same-origin", what)
        self.assertNotIn("Access-Control-Allow-Origin", headers, what)

    def test_pages_api_and_errors_carry_the_headers(self):
        for path in ["/", "/index.html", "/insights.html", "/app.js", "/api/v1/search?q=x",
                     "/api/v1/nope", "/api/v1/insights/queries"]:
            _, headers, _ = raw_get(path)
            self.check(headers, path)

    def test_no_page_needs_inline_script_or_style(self):
        for page in (REPO / "web").glob("*.html"):
            text = page.read_text(encoding="utf-8")
            self.assertNotRegex(text, r"<script(?![^>]*\bsrc=)[^>]*>", page.name)
            self.assertNotIn("<style", text, page.name)
            self.assertNotRegex(text, r"\son[a-z]+=", page.name)
            self.assertNotRegex(text, r"\sstyle=", page.name)

    def test_cross_origin_requests_get_no_cors_grant(self):
        parts = urllib.parse.urlsplit(SERVER.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("GET", "/api/v1/search?q=x", headers={"Origin": "https://evil.example"})
        r = conn.getresponse()
        r.read()
        conn.close()
        self.assertIsNone(r.getheader("Access-Control-Allow-Origin"))


def raw_request(method, path, body=None, key=None):
    """`body` as given, bytes included: no client-side encoding or validation."""
    parts = urllib.parse.urlsplit(SERVER.base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = "Bearer " + key
    try:
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, json.loads(r.read().decode("utf-8"))
    finally:
        conn.close()


# Invalid UTF-8: overlong '/', CESU-8 surrogate pair, a lone surrogate, a stray
# continuation byte, a byte that never occurs, a truncated 3-byte sequence.
BAD_BYTES = [b"\xc0\xaf", b"\xed\xa0\x80\xed\xb0\x80", b"\xed\xa0\x80", b"\x80",
             b"\xff", b"\xe5\xb7"]


class UnicodeInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.key = SERVER.create_key("unicode-org", "enterprise")

    def test_bad_bytes_in_query_parameters_are_400_naming_the_parameter(self):
        for bad in BAD_BYTES:
            escaped = urllib.parse.quote_from_bytes(b"java" + bad)
            for path, name in [("/api/v1/search?q=", "q"), ("/api/v1/suggest?q=", "q"),
                               ("/api/v1/search?region=", "region"),
                               ("/api/v1/insights/demand?q=", "q"),
                               ("/api/v1/analyze?text=", "text")]:
                status, body = raw_request("GET", path + escaped)
                self.assertEqual(status, 400, (path, bad))
                self.assertTrue(body["error"]["message"].startswith(name + ":"), body)
        status, body = raw_request("GET", "/api/v1/search?q=a%00b")
        self.assertEqual(status, 400)
        self.assertTrue(body["error"]["message"].startswith("q:"))

    def test_bad_bytes_in_json_bodies_are_400_naming_the_field(self):
        for bad in BAD_BYTES:
            doc = b'{"id":"uni-bad","type":"job","title":"t' + bad + b'"}'
            status, body = raw_request("POST", "/api/v1/documents", doc, key=self.key)
            self.assertEqual(status, 400, bad)
            self.assertTrue(body["error"]["message"].startswith("title:"), body)
            profile = b'{"skills":["Python","x' + bad + b'"]}'
            status, body = raw_request("POST", "/api/v1/recommend", profile)
            self.assertEqual(status, 400, bad)
            self.assertEqual(body["error"]["message"], "skills: item 1 is not valid UTF-8 text")
        status, body = raw_request("POST", "/api/v1/recommend", b'{"skills":["\\ud800"]}')
        self.assertEqual(status, 400)
        self.assertIn("profile: not valid JSON", body["error"]["message"])
        status, body = raw_request("POST", "/api/v1/documents",
                                   b'{"id":"uni-nul","type":"job","title":"a\\u0000b"}',
                                   key=self.key)
        self.assertEqual(status, 400)
        self.assertTrue(body["error"]["message"].startswith("title:"), body)

    def test_valid_corner_cases_are_published_and_found(self):
        docs = [{"id": "uni-ext-b", "type": "job", "title": "𠀀𠀁古籍修复师",
                 "body": "古籍修复"},
                {"id": "uni-emoji", "type": "job", "title": "新媒体运营😀专员",
                 "body": "短视频运营"},
                {"id": "uni-fullwidth", "type": "job", "title": "ＰＹＴＨＯＮ数据清洗工程师",
                 "body": "数据清洗"},
                {"id": "uni-bidi", "type": "job", "title": "阿拉伯语\u202e翻译专员",
                 "body": "阿拉伯语翻译"}]
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=self.key)
        self.assertEqual(status, 201, body)

        def found(q, doc_id):
            status, body = SERVER.call("GET", "/api/v1/search", q=q, size=50)
            self.assertEqual(status, 200, body)
            return doc_id in ids(body)
        wait_until(lambda: found("古籍修复师", "uni-ext-b"))
        self.assertTrue(found("𠀀𠀁", "uni-ext-b"))       # 4-byte CJK Extension B
        self.assertTrue(found("运营专员", "uni-emoji"))
        self.assertTrue(found("python 数据清洗", "uni-fullwidth"))  # full width folded
        self.assertTrue(found("ｐｙｔｈｏｎ", "uni-fullwidth"))
        self.assertTrue(found("翻译专员", "uni-bidi"))
        status, body = SERVER.call("GET", "/api/v1/analyze", text="𠀀ＰＬＣ😀")
        self.assertEqual(status, 200)
        self.assertEqual(body["normalized"][:1], "𠀀")
        self.assertIn("plc", [t["token"] for t in body["tokens"]])


if __name__ == "__main__":
    run_suite(__import__(__name__))
