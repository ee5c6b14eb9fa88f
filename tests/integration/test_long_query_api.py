#!/usr/bin/env python3
"""Integration tests for long-text search (issue 13): POST /api/v1/search with
a JSON body, its limits, and the GET form's refusal of long texts. The real
chanjiao-server over a fresh index of the sample corpus.

    python3 tests/integration/test_long_query_api.py --build build
"""
import json
import sys
import unittest
import urllib.error
import urllib.request

from chanjiao_server import run_suite


SERVER = None

# A CV written for this test (not from any data set): an embedded C++
# developer. Repeated with numbered sections up to the length under test,
# the way a long CV restates its skills project by project.
CV = ("个人简历：本人毕业于电子信息工程专业，熟悉C++和嵌入式Linux开发，"
      "做过驱动程序移植、串口与SPI通信、多线程调试，熟悉交叉编译和GDB调试，"
      "了解ARM架构与实时操作系统，参与过工业控制板卡的软件开发与测试，"
      "能阅读英文芯片手册，有良好的团队协作与沟通能力。")


def long_text(chars):
    parts, n = [], 0
    while n < chars:
        part = f"项目经历{len(parts) + 1}：{CV}"
        parts.append(part)
        n += len(part)
    return "".join(parts)[:chars]


def post(body):
    return SERVER.call("POST", "/api/v1/search", body)


def post_raw(data, content_type="application/json"):
    request = urllib.request.Request(SERVER.base + "/api/v1/search", data=data, method="POST",
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8"))


def ids(body):
    return [h["id"] for h in body["hits"]]


class LongQueryTest(unittest.TestCase):
    def assert_error(self, status, body, expected_status, field):
        self.assertEqual(status, expected_status, body)
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message"})
        self.assertTrue(body["error"]["message"].startswith(field + ":"), body)

    def test_post_6000_character_text_answers_ranked_hits(self):
        text = long_text(6000)
        self.assertEqual(len(text), 6000)
        status, body = post({"q": text, "size": 10})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["query"], text)
        self.assertGreater(len(body["hits"]), 3)
        scores = [h["score"] for h in body["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        # The CV is about embedded C++/Linux work: the matching job leads,
        # and jobs that share nothing with it (kindergarten teachers) are absent.
        self.assertIn(body["hits"][0]["title"], {"嵌入式Linux驱动工程师", "C++软件开发工程师"})
        self.assertFalse(any("幼儿" in h["title"] for h in body["hits"]))
        # The chosen terms are highlighted in the hits.
        self.assertIn("<mark>", body["hits"][0]["title_html"] + body["hits"][0]["snippet_html"])

    def test_post_text_with_filters_and_paging(self):
        text = long_text(3000)
        status, first = post({"q": text, "type": ["job"], "size": 2, "page": 1})
        self.assertEqual(status, 200, first)
        status, second = post({"q": text, "type": "job", "size": 2, "page": 2})
        self.assertEqual(status, 200, second)
        self.assertEqual(len(first["hits"]), 2)
        self.assertFalse(set(ids(first)) & set(ids(second)))
        for h in first["hits"] + second["hits"]:
            self.assertEqual(h["type"], "job")

    def test_post_text_up_to_64_kib_is_searched(self):
        text = long_text(21000)  # 3 bytes a character: just under 64 KiB of UTF-8
        self.assertLessEqual(len(text.encode("utf-8")), 64 * 1024)
        status, body = post({"q": text})
        self.assertEqual(status, 200, body)
        self.assertGreater(len(body["hits"]), 0)

    def test_post_70_kib_query_answers_413_json(self):
        text = "数" * (70 * 1024 // 3 + 1)
        self.assertGreater(len(text.encode("utf-8")), 70 * 1024)
        status, body = post({"q": text})
        self.assert_error(status, body, 413, "q")
        self.assertEqual(body["error"]["code"], "payload_too_large")
        self.assertIn("65536", body["error"]["message"])

    def test_get_over_the_limit_names_the_post_form(self):
        status, body = SERVER.get("/api/v1/search", q=long_text(400))  # ~1.2 KB of UTF-8
        self.assert_error(status, body, 400, "q")
        self.assertIn("POST /api/v1/search", body["error"]["message"])
        # At the limit the GET form still answers.
        status, body = SERVER.get("/api/v1/search", q="a" * 1024)
        self.assertEqual(status, 200, body)

    def test_bad_json_names_the_body(self):
        for data in (b"{", b"[1, 2]", b"\"q\"", b"", "{\"q\": \"\xff\"}".encode("latin-1")):
            with self.subTest(data=data):
                status, body = post_raw(data)
                self.assertEqual(status, 400, body)
                self.assertIn(body["error"]["message"].split(":")[0], {"body", "q"})

    def test_wrong_types_name_the_field(self):
        cases = [
            ({"q": {"text": "运维"}}, "q"),
            ({"q": ["运维", 3.5]}, "q"),
            ({"q": True}, "q"),
            ({"size": "many"}, "size"),
            ({"size": 500}, "size"),
            ({"page": 1.5}, "page"),
            ({"type": "person"}, "type"),
            ({"sort": "price"}, "sort"),
            ({"salary_min": -1}, "salary_min"),
            ({"published_after": "yesterday"}, "published_after"),
            ({"qq": "运维"}, "qq"),
        ]
        for body_in, field in cases:
            with self.subTest(body=body_in):
                status, body = post(body_in)
                self.assert_error(status, body, 400, field)

    def test_short_post_query_keeps_the_query_language(self):
        # Phrases, exclusion, OR, fields and ranges mean the same in both forms.
        queries = [
            {"q": '"数据分析"'},
            {"q": "运维 -系统"},
            {"q": "幼儿园 OR 导游"},
            {"q": "title:运维", "size": 50},
            {"q": "salary:20000..", "type": "job", "size": 50},
            {"q": "工程师", "region": "长沙", "sort": "date"},
            {"q": "工程师", "page": 2, "size": 5},
        ]
        for params in queries:
            with self.subTest(params=params):
                status, via_get = SERVER.get("/api/v1/search", **params)
                self.assertEqual(status, 200, via_get)
                status, via_post = post(params)
                self.assertEqual(status, 200, via_post)
                self.assertGreater(via_get["total"], 0)
                self.assertEqual(ids(via_post), ids(via_get))
                for key in ("total", "total_exact", "relaxed", "page", "size", "facets"):
                    self.assertEqual(via_post[key], via_get[key], key)
        # A short query is syntax, not text: the exclusion is honoured.
        status, body = post({"q": "运维 -系统", "size": 50})
        for h in body["hits"]:
            self.assertNotIn("系统", h["title"])


class RecommendTextTest(unittest.TestCase):
    def test_cv_text_recommends_jobs_with_its_skills_and_terms_as_reasons(self):
        status, body = SERVER.call("POST", "/api/v1/recommend",
                                   {"text": long_text(2000), "types": ["job"], "size": 5})
        self.assertEqual(status, 200, body)
        self.assertGreater(len(body["hits"]), 0)
        first = body["hits"][0]
        self.assertEqual(first["type"], "job")
        self.assertIn(first["title"], {"嵌入式Linux驱动工程师", "C++软件开发工程师"})
        reasons = " ".join(first["reasons"])
        self.assertIn("匹配技能", reasons)
        self.assertTrue(any(s in reasons for s in ("C++", "Linux")), reasons)
        self.assertIn("与简历相关", reasons)

    def test_text_alone_is_a_profile_and_bad_text_names_the_field(self):
        status, body = SERVER.call("POST", "/api/v1/recommend", {"text": 42})
        self.assertEqual(status, 400, body)
        self.assertTrue(body["error"]["message"].startswith("text:"), body)
        status, body = SERVER.call("POST", "/api/v1/recommend", {"text": "数" * 22000})
        self.assertEqual(status, 400, body)
        self.assertTrue(body["error"]["message"].startswith("text:"), body)
        status, body = SERVER.call("POST", "/api/v1/recommend", {"types": ["job"]})
        self.assertEqual(status, 400, body)
        self.assertIn("text", body["error"]["message"])


if __name__ == "__main__":
    run_suite(sys.modules[__name__])
