#!/usr/bin/env python3
"""Integration tests: the real chanjiao-server on an ephemeral loopback port
over a fresh index of the sample corpus, spoken to over HTTP.

    python3 tests/integration/test_search_api.py --build build
"""
import concurrent.futures
import sys
import threading
import unittest
import urllib.error
import urllib.request

from chanjiao_server import run_suite


SERVER = None


def search(**params):
    status, body = SERVER.get("/api/v1/search", **params)
    assert status == 200, (status, body)
    return body


def titles(body):
    return [h["title"] for h in body["hits"]]


class SearchTest(unittest.TestCase):
    def test_chinese_query_ranks_title_matches_first(self):
        body = search(q="前端开发工程师")
        self.assertGreater(body["total"], 0)
        self.assertIn("前端", body["hits"][0]["title"])
        self.assertIn("took_ms", body)

    def test_cpp_and_c_are_separate(self):
        cpp = titles(search(q="C++", size=50))
        self.assertTrue(any("C++软件开发工程师" in t for t in cpp))
        self.assertFalse(any("C语言嵌入式" in t for t in cpp))
        c = titles(search(q="C语言", size=50))
        self.assertTrue(any("C语言嵌入式" in t for t in c))
        self.assertFalse(any("C++软件开发" in t for t in c))

    def test_traditional_query_matches_simplified_documents(self):
        self.assertEqual(search(q="軟體工程師")["total"], search(q="软件工程师")["total"])
        self.assertGreater(search(q="軟體工程師")["total"], 0)

    def test_full_width_query(self):
        self.assertEqual(search(q="ＪＡＶＡ")["total"], search(q="java")["total"])

    def test_recall_layer(self):
        self.assertTrue(any("测试工具箱" in t for t in titles(search(q="工具", size=50))))
        self.assertGreater(search(q="农业")["total"], 0)
        self.assertIn("工业机器人 运维实训基地建设案例", titles(search(q="机器人运维", size=50)))

    def test_pinyin_and_initials(self):
        self.assertTrue(any("前端" in t for t in titles(search(q="qianduan"))))
        self.assertTrue(any("数据分析" in t for t in titles(search(q="sjfx"))))
        self.assertGreater(search(q="changsha")["total"], 0)

    def test_synonyms(self):
        ops = titles(search(q="系统运维", size=50))
        self.assertTrue(any(t == "运维工程师" for t in ops))

    def test_phrase_exclude_or_and_fields(self):
        all_ops = search(q="运维")["total"]
        self.assertLess(search(q="运维 -系统")["total"], all_ops)
        # Full matches: `total` also counts the partial matches that fill a
        # page the full ones leave short (test_partial_matches_fill_the_page).
        either = search(q="幼儿园 OR 导游")["full_matches"]
        self.assertGreaterEqual(either, search(q="幼儿园")["full_matches"])
        self.assertGreaterEqual(either, search(q="导游")["full_matches"])
        in_title = titles(search(q="title:运维", size=50))
        self.assertGreater(len(in_title), 0)
        for t in in_title:
            self.assertIn("运维", t)
        self.assertGreater(search(q='"数据分析"')["total"], 0)
        ranged = search(q="salary:20000..", type="job", size=50)
        self.assertGreater(len(ranged["hits"]), 0)
        for h in ranged["hits"]:
            self.assertGreaterEqual(h["fields"].get("salary_max", 0), 20000)

    def test_broken_syntax_degrades_to_text(self):
        for q in ['"未闭合', "OR", "-", "title:", "salary:abc..", "((("]:
            status, _ = SERVER.get("/api/v1/search", q=q)
            self.assertEqual(status, 200, q)

    def test_filters_and_facets(self):
        body = search(q="", type="job", region="长沙", size=50)
        self.assertGreater(body["total"], 0)
        for h in body["hits"]:
            self.assertEqual(h["type"], "job")
            self.assertEqual(h["fields"]["region"], "长沙")
        facets = search(q="")["facets"]
        counts = {v["value"]: v["count"] for v in facets["type"]}
        self.assertEqual(set(counts), {"job", "resource", "case"})
        # Reposted duplicates count once, in facets and totals alike.
        self.assertEqual(counts["job"], search(q="", type="job")["total"])
        self.assertEqual(sum(counts.values()), search(q="")["total"])
        both = search(q="", region=["长沙", "重庆"])["total"]
        self.assertEqual(both, search(q="", region="长沙")["total"] + search(q="", region="重庆")["total"])
        for band in facets["salary"]:
            self.assertGreater(band["count"], 0)

    def test_salary_overlap_filter(self):
        body = search(q="", type="job", salary_min=15000, salary_max=20000, size=50)
        self.assertGreater(len(body["hits"]), 0)
        for h in body["hits"]:
            f = h["fields"]
            self.assertGreaterEqual(f["salary_max"], 15000)
            self.assertLessEqual(f["salary_min"], 20000)

    def test_sorting(self):
        dates = [h["fields"].get("published_at", "") for h in search(q="", sort="date", size=20)["hits"]]
        self.assertEqual(dates, sorted(dates, reverse=True))
        pay = [h["fields"].get("salary_max", 0) for h in search(q="", type="job", sort="salary")["hits"]]
        self.assertEqual(pay, sorted(pay, reverse=True))

    def test_pagination(self):
        first = search(q="", size=5, page=1)
        second = search(q="", size=5, page=2)
        self.assertFalse(set(h["id"] for h in first["hits"]) & set(h["id"] for h in second["hits"]))
        status, body = SERVER.get("/api/v1/search", q="", size=50, page=100)
        self.assertEqual(status, 400)
        self.assertIn("page", body["error"]["message"])

    def test_partial_matches_never_repeat_a_full_match(self):
        # Sorted by date, the full matches of 工程师 in 长沙 leave a page of 50
        # short; the partial ones follow, each document once, the same every
        # time (Xapian's AND_NOT alone let full matches through now and then).
        pages = set()
        for _ in range(20):
            body = search(q="工程师", region="长沙", sort="date", size=50)
            ids = [h["id"] for h in body["hits"]]
            self.assertLess(body["full_matches"], len(ids))
            self.assertEqual(len(ids), len(set(ids)))
            self.assertEqual(len(ids), body["total"])
            pages.add(tuple(ids))
        self.assertEqual(len(pages), 1)

    def test_highlights_whole_words_and_escape(self):
        body = search(q="工程师")
        # Whole words are marked: 运维工程师 is one word containing 工程师.
        # (韌體工程師 is marked as written: the match is on its simplified form.)
        self.assertRegex(body["hits"][0]["title_html"], r"<mark>[^<]*工程[师師]</mark>")
        body = search(q="数据分析")
        self.assertIn("<mark>", body["hits"][0]["snippet_html"] + body["hits"][0]["title_html"])
        body = search(q="<script>alert(1)</script> 工程师")
        self.assertGreater(len(body["hits"]), 0)
        for h in body["hits"]:
            self.assertNotIn("<script>", h["title_html"] + h["snippet_html"])

    def test_spelling_suggestion(self):
        body = search(q="软件工成师")
        self.assertEqual(body.get("suggestion"), "软件工程师")

    def test_duplicates_collapse(self):
        ids = [h["id"] for h in search(q="", size=50, page=1)["hits"]]
        ids += [h["id"] for h in search(q="", size=50, page=2)["hits"]]
        ids += [h["id"] for h in search(q="", size=50, page=3)["hits"]]
        ids += [h["id"] for h in search(q="", size=50, page=4)["hits"]]
        self.assertFalse("job-0140" in ids and "job-0141" in ids)

    def test_bad_parameters_are_4xx_json(self):
        for params in [{"page": "x"}, {"size": "0"}, {"size": "1000"}, {"sort": "random"},
                       {"type": "news"}, {"salary_min": "-5"}, {"published_after": "2026-13-01"},
                       {"q": "x" * 5000}]:
            status, body = SERVER.get("/api/v1/search", **params)
            self.assertEqual(status, 400, params)
            self.assertIn("message", body["error"])

    def test_binary_query(self):
        url = SERVER.base + "/api/v1/search?q=%ff%fe%00abc"
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(url, timeout=10)
        self.assertEqual(ctx.exception.code, 400)

    def test_suggest(self):
        _, body = SERVER.get("/api/v1/suggest", q="数据")
        self.assertTrue(any("数据" in s["text"] for s in body["suggestions"]))
        _, body = SERVER.get("/api/v1/suggest", q="shuj")
        self.assertTrue(any(s["text"].startswith("数据") for s in body["suggestions"]))

    def test_hit_fields_are_the_document_without_the_card_text(self):
        hits = search(q="", size=10)["hits"] + search(q="软件工程师", size=10)["hits"]
        self.assertGreaterEqual(len(hits), 11)
        for hit in hits:
            status, body = SERVER.get(f"/api/v1/documents/{hit['id']}")
            self.assertEqual(status, 200)
            stored = body["document"]
            expected = {k: v for k, v in stored.items() if k not in ("id", "type", "title", "body")}
            self.assertEqual(hit["fields"], expected, hit["id"])
            self.assertEqual(list(hit["fields"]), list(expected), "field order kept")

    def test_document_and_404(self):
        status, body = SERVER.get("/api/v1/documents/job-0140")
        self.assertEqual(status, 200)
        self.assertEqual(body["document"]["id"], "job-0140")
        status, body = SERVER.get("/api/v1/documents/nope")
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["code"], "not_found")
        status, body = SERVER.get("/api/v1/nothing")
        self.assertEqual(status, 404)

    def test_analyze_health_metrics(self):
        _, body = SERVER.get("/api/v1/analyze", text="熟悉C++和5G基站")
        self.assertIn("c++", [t["token"] for t in body["tokens"]])
        status, body = SERVER.get("/healthz")
        self.assertEqual(status, 200)
        self.assertGreaterEqual(body["documents"], 300)
        _, headers, metrics = SERVER.raw("/metrics")
        self.assertIn(b"chanjiao_http_requests_total", metrics)
        self.assertIn(b"chanjiao_index_documents", metrics)

    def test_web_ui_is_served(self):
        status, headers, page = SERVER.raw("/")
        self.assertEqual(status, 200)
        self.assertIn(b"<html", page.lower())

    def test_index_swap_under_load_fails_no_request(self):
        generation = lambda: int(SERVER.get("/healthz")[1]["generation"].rsplit("-", 1)[1])
        before = generation()
        failures = []
        stop = threading.Event()

        def hammer():
            while not stop.is_set():
                status, _ = SERVER.get("/api/v1/search", q="工程师")
                if status != 200:
                    failures.append(status)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(hammer) for _ in range(4)]
            for _ in range(3):
                SERVER.reindex()
            stop.set()
            for f in futures:
                f.result()
        self.assertEqual(failures, [])
        self.assertEqual(generation(), before + 3)  # the server serves the last rebuild


if __name__ == "__main__":
    run_suite(sys.modules[__name__])
