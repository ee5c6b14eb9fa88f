#!/usr/bin/env python3
"""Issue 19's behaviour checks on a corpus whose only 前端 documents are a
posting titled 前端开发工程师 (body: 前端页面开发) and a course titled
Web前端开发实战（Vue.js）(tests/fixtures/frontend): pinyin of a sub-word,
its initials, a mixed-script compound whose Latin part is a qualifier, and a
sub-word all find the posting; the exact title ranks first.

    python3 tests/integration/test_relevance_examples.py --build build
"""
import sys
import unittest
from pathlib import Path

from chanjiao_server import REPO, run_suite

SERVER = None
POSTING = "fe-job"


def ids(q, **params):
    status, body = SERVER.get("/api/v1/search", q=q, **params)
    assert status == 200, (status, body)
    return [h["id"] for h in body["hits"]], body


class SubwordsAndSafetyNet(unittest.TestCase):
    def test_pinyin_of_a_sub_word_finds_the_posting(self):
        self.assertIn(POSTING, ids("qianduan")[0])

    def test_initials_of_a_sub_word_find_the_posting(self):
        self.assertIn(POSTING, ids("qd")[0])

    def test_web_qualifier_is_optional(self):
        found, body = ids("web前端")
        self.assertIn(POSTING, found)
        self.assertIn("fe-course", found)
        # The course says web; the posting does not: the course comes first.
        self.assertEqual(found[0], "fe-course")
        self.assertFalse(body["relaxed"])

    def test_sub_word_finds_the_posting(self):
        found, _ = ids("工程师")
        self.assertIn(POSTING, found)
        self.assertIn("qa-job", found)

    def test_exact_title_ranks_first(self):
        found, body = ids("前端开发工程师")
        self.assertEqual(found[0], POSTING)
        self.assertNotIn("partial", body["hits"][0])

    def test_partial_matches_follow_the_full_ones(self):
        # Only the posting has both words; the others share 工程师 or 开发.
        found, body = ids("前端 工程师")
        self.assertEqual(found[0], POSTING)
        full = body["full_matches"]
        self.assertEqual(full, 1)
        self.assertGreater(body["total"], full)
        self.assertEqual(len(found), body["total"])  # all fit on one page
        flags = [h.get("partial", False) for h in body["hits"]]
        self.assertEqual(flags, [False] * full + [True] * (len(flags) - full))
        self.assertIn("be-job", found)
        # Facet counts cover every hit, full and partial.
        types = {f["value"]: f["count"] for f in body["facets"]["type"]}
        self.assertEqual(sum(types.values()), body["total"])

    def test_full_page_gets_no_partial_matches(self):
        _, body = ids("前端 工程师", size=1)
        self.assertEqual([h["id"] for h in body["hits"]], [POSTING])
        self.assertNotIn("partial", body["hits"][0])

    def test_sharing_a_word_ranks_above_sharing_a_character(self):
        # 幼儿园教师 shares only the character 师 (the n-gram baseline finds
        # it too); 后端开发工程师 and 软件测试工程师 share whole words.
        found, _ = ids("前端开发工程师")
        self.assertIn("kg-job", found)
        self.assertLess(found.index("be-job"), found.index("kg-job"))
        self.assertLess(found.index("qa-job"), found.index("kg-job"))
        self.assertNotIn("cook-case", found)  # nothing in common

if __name__ == "__main__":
    run_suite(sys.modules[__name__], sources=(REPO / "tests" / "fixtures" / "frontend",))
