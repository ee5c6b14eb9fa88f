#!/usr/bin/env python3
"""Integration tests of the skill-coverage recommendations (issue 18) over the
team-written fixture tests/fixtures/recommend/corpus.jsonl: postings using
words in a non-teaching sense (跟着, 游戏, a company name, 测试项目, 结构设计,
a benefit), courses named after them. The real chanjiao-server on an ephemeral
loopback port.

    python3 tests/integration/test_recommend_skills.py --build build
"""
import json
import sys
import unittest
import urllib.request

from chanjiao_server import REPO, run_suite

SERVER = None
FIXTURE = REPO / "tests" / "fixtures" / "recommend"


def similar(**params):
    status, body = SERVER.get("/api/v1/recommend", **params)
    assert status == 200, (status, body)
    return body


def courses_for(job):
    return similar(id=job, type="resource", size=5)["hits"]


def post(profile):
    req = urllib.request.Request(SERVER.base + "/api/v1/recommend",
                                 data=json.dumps(profile).encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read().decode("utf-8"))


class SkillRecommendTest(unittest.TestCase):
    def test_words_in_another_sense_are_no_match(self):
        rows = [
            ("rj-follow", "rc-movie", "rc-java-mysql"),      # 跟着 → 跟着电影去旅游
            ("rj-game", "rc-kids-game", "rc-cpp"),           # 游戏 → 学前儿童游戏
            ("rj-kiwi", "rc-kiwi", "rc-web"),                # 奇异果科技 → 奇异的生命之道
            ("rj-test", "rc-fitness", "rc-testing"),         # 测试项目 → 体质健康标准测试项目
            ("rj-struct", "rc-building", "rc-solidworks"),   # 结构设计 → 建筑结构设计
            ("rj-cashier", "rc-python", "rc-accounting"),    # 免费Python培训 (a benefit)
        ]
        for job, wrong, expected in rows:
            ids = [h["id"] for h in courses_for(job)]
            self.assertIn(expected, ids, job)
            self.assertNotIn(wrong, ids, job)

    def test_every_course_hit_names_a_skill_it_teaches(self):
        for job in ("rj-follow", "rj-game", "rj-kiwi", "rj-test", "rj-struct"):
            hits = courses_for(job)
            self.assertGreater(len(hits), 0, job)
            for h in hits:
                self.assertTrue(h["reasons"][0].startswith(("教授：", "基础：")), (job, h))

    def test_reasons_name_taught_and_missing_skills(self):
        hits = courses_for("rj-follow")
        self.assertEqual(hits[0]["id"], "rc-java-mysql")
        self.assertEqual(hits[0]["reasons"][0], "教授：Java、MySQL；未覆盖：Spring")

    def test_the_first_five_are_different_courses(self):
        titles = [h["title"] for h in courses_for("rj-follow")]
        self.assertEqual(len(titles), len(set(titles)))

    def test_generic_courses_only_when_asked_for(self):
        self.assertNotIn("rc-english", [h["id"] for h in courses_for("rj-follow")])
        self.assertIn("rc-english", [h["id"] for h in courses_for("rj-trade")])

    def test_course_to_jobs(self):
        hits = similar(id="rc-java-mysql", type="job", size=5)["hits"]
        self.assertGreater(len(hits), 0)
        self.assertEqual(hits[0]["id"], "rj-follow")
        self.assertEqual(hits[0]["reasons"][0], "需要：Java、MySQL；还需要：Spring")
        self.assertTrue(all(h["type"] == "job" for h in hits))

    def test_profile_finds_courses_teaching_its_skills(self):
        status, body = post({"skills": ["Java", "MySQL"], "types": ["resource"], "size": 5})
        self.assertEqual(status, 200)
        ids = [h["id"] for h in body["hits"]]
        self.assertEqual(ids[0], "rc-java-mysql")
        self.assertNotIn("rc-movie", ids)
        self.assertIn("匹配技能：Java、MySQL", body["hits"][0]["reasons"])

    def test_keywords_mode_is_still_served(self):
        body = similar(id="rj-follow", type="resource", size=5, mode="keywords")
        self.assertGreater(len(body["hits"]), 0)


if __name__ == "__main__":
    run_suite(sys.modules[__name__], sources=(FIXTURE,))
