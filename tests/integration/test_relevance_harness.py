#!/usr/bin/env python3
"""The qbqtc-dev harness (bench/relevance/qbqtc.py) end to end on a tiny
made-up data set in QBQTC's format, and its metrics on hand-computed cases.

    python3 tests/integration/test_relevance_harness.py --build build
"""
import argparse
import json
import math
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench" / "relevance"))
import qbqtc  # noqa: E402
import rellib  # noqa: E402

BUILD = REPO / "build"

# (query, title, label): invented rows, one title judged per query as in QBQTC.
ROWS = [
    ("前端开发", "前端开发工程师招聘", "2"),
    ("前端开发", "后端开发工程师招聘", "0"),
    ("红烧肉做法", "红烧肉的家常做法步骤", "2"),
    ("手机价格", "小米手机最新报价", "1"),
    ("天气预报", "北京天气预报一周", "1"),
    ("python教程", "Python入门教程", "2"),
    ("无关的查询", "红烧肉的家常做法步骤", "0"),
]


class MetricsTest(unittest.TestCase):
    def test_unjudged_titles_have_gain_zero_but_drop_out_of_judged_only(self):
        judged = {"a": 2, "b": 0}
        m = qbqtc.query_metrics(["x", "a", "b"], judged)
        self.assertAlmostEqual(m["ndcg@10"], 2 / math.log2(3) / 2)
        self.assertAlmostEqual(m["ndcg_judged@10"], 1.0)  # condensed list: a, b
        self.assertAlmostEqual(m["mrr@10"], 0.5)
        self.assertEqual(m["found@50"], 1.0)

    def test_query_without_relevant_title_is_not_evaluated(self):
        self.assertIsNone(qbqtc.query_metrics(["a"], {"a": 0}))

    def test_grouped_randomization_test_agrees_with_sign_flips(self):
        a = [1.0] * 30 + [0.5] * 20 + [0.0] * 10
        b = [0.5] * 30 + [0.5] * 20 + [0.5] * 10
        exact = rellib.randomization_test(a, b, permutations=4000)
        grouped = rellib.randomization_test_grouped(a, b, permutations=4000)
        self.assertLess(grouped, 0.05)
        self.assertAlmostEqual(exact, grouped, delta=0.02)
        self.assertEqual(rellib.randomization_test_grouped([0.3, 0.4], [0.3, 0.4]), 1.0)

    def test_sample_is_deterministic_and_a_subset(self):
        queries = [(qbqtc.query_id(str(i)), str(i)) for i in range(100)]
        first = qbqtc.sample(queries, 10)
        self.assertEqual(first, qbqtc.sample(list(reversed(queries)), 10)[::-1])
        self.assertEqual(len(first), 10)


class HarnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-qbqtc-test-")
        tmp = Path(cls.tmp.name)
        data = tmp / "dev.json"
        data.write_text("\n".join(json.dumps({"id": i, "query": q, "title": t, "label": l},
                                             ensure_ascii=False)
                                  for i, (q, t, l) in enumerate(ROWS)), encoding="utf-8")
        cls.out = tmp / "out.json"
        cls.proc = subprocess.run(
            [sys.executable, str(REPO / "bench" / "relevance" / "qbqtc.py"), "--build", str(BUILD),
             "--data", str(data), "--work", str(tmp / "work"), "--json", str(cls.out)],
            capture_output=True, text=True, timeout=120)
        cls.result = json.loads(cls.out.read_text()) if cls.out.exists() else None

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_runs_every_system_and_prints_the_table(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-2000:])
        for label in qbqtc.LABELS.values():
            self.assertIn(label, self.proc.stdout)
        self.assertIn("nDCG@10 judged-only", self.proc.stdout)

    def test_counts_queries_with_a_relevant_title(self):
        s = self.result["summary"]["ours"]
        self.assertEqual(s["queries"], 6)            # distinct queries
        self.assertEqual(s["evaluated_queries"], 5)  # 无关的查询 has only a label-0 title

    def test_exact_title_words_are_found_first_by_ours_and_the_or_baselines(self):
        q = self.result["queries"][qbqtc.query_id("红烧肉做法")]
        want = qbqtc.doc_id("红烧肉的家常做法步骤")
        for s in ("ours", "ngram-or", "jieba"):
            self.assertEqual(q["systems"][s]["top10"][:1], [want], s)
            self.assertEqual(q["systems"][s]["ndcg@10"], 1.0, s)
        self.assertIn(want, self.result["titles"])

    def test_and_mode_requires_every_ngram_or_mode_does_not(self):
        # 手机价格 shares 手机 with 小米手机最新报价 but not 价格.
        q = self.result["queries"][qbqtc.query_id("手机价格")]
        self.assertEqual(q["systems"]["ngram-and"]["hits"], 0)
        self.assertGreater(q["systems"]["ngram-or"]["hits"], 0)

    def test_a_second_run_reuses_the_indexes(self):
        tmp = Path(self.tmp.name)
        again = subprocess.run(
            [sys.executable, str(REPO / "bench" / "relevance" / "qbqtc.py"), "--build", str(BUILD),
             "--data", str(tmp / "dev.json"), "--work", str(tmp / "work"),
             "--systems", "ours,ngram-or,fts5"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(again.returncode, 0, again.stderr[-2000:])
        self.assertEqual(again.stderr.count("index up to date"), 3, again.stderr)

    def test_absent_data_is_skipped_with_exit_0(self):
        r = subprocess.run([sys.executable, str(REPO / "bench" / "relevance" / "qbqtc.py"),
                            "--build", str(BUILD), "--data", "/nonexistent/dev.json"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0)
        self.assertIn("skipped", r.stdout)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", type=Path, default=BUILD)
    args, rest = ap.parse_known_args()
    BUILD = args.build.resolve()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
