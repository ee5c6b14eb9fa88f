#!/usr/bin/env python3
"""Integration tests of /api/v1/recommend: the real chanjiao-server on an
ephemeral loopback port over a fresh index of the sample corpus.

    python3 tests/integration/test_recommend_api.py --build build
"""
import json
import sys
import unittest
import urllib.error
import urllib.request

from chanjiao_server import run_suite

SERVER = None
EDUCATION_RANK = {"不限": 0, "中专": 1, "高中": 1, "大专": 2, "本科": 3, "硕士": 4, "博士": 5}


def similar(**params):
    status, body = SERVER.get("/api/v1/recommend", **params)
    assert status == 200, (status, body)
    return body


def post(profile):
    data = profile if isinstance(profile, bytes) else json.dumps(profile).encode("utf-8")
    req = urllib.request.Request(SERVER.base + "/api/v1/recommend", data=data, method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8"))


def recommend(profile):
    status, body = post(profile)
    assert status == 200, (status, body)
    return body


def document(doc_id):
    status, body = SERVER.get("/api/v1/documents/" + doc_id)
    assert status == 200, (status, body)
    return body["document"]


def shared_skill_names(reasons, label):
    for r in reasons:
        if r.startswith(label):
            return r[len(label):].split("、")
    return []


class RecommendTest(unittest.TestCase):
    def test_response_has_the_search_shape_and_reasons(self):
        body = similar(id="job-0001")
        for key in ("hits", "total", "took_ms"):
            self.assertIn(key, body)
        self.assertGreater(len(body["hits"]), 0)
        for hit in body["hits"]:
            for key in ("id", "type", "title", "title_html", "snippet_html", "score", "fields",
                        "reasons"):
                self.assertIn(key, hit)
            self.assertGreater(len(hit["reasons"]), 0)

    def test_job_to_resources_and_cases_returns_only_those_types(self):
        body = similar(id="job-0001", type=["resource", "case"], size=10)
        self.assertGreater(len(body["hits"]), 0)
        self.assertTrue(all(h["type"] in ("resource", "case") for h in body["hits"]))
        self.assertIn("res-0040", [h["id"] for h in body["hits"]])  # C++程序设计基础

    def test_course_to_jobs_that_need_what_it_teaches(self):
        body = similar(id="res-0002", type="job", size=5)  # 智能财税实训
        self.assertTrue(all(h["type"] == "job" for h in body["hits"]))
        self.assertIn("会计", [h["title"] for h in body["hits"]][:3])

    def test_case_to_jobs_and_resources(self):
        body = similar(id="case-0001", type=["job", "resource"], size=10)
        self.assertGreater(len(body["hits"]), 0)
        self.assertTrue(all(h["type"] in ("job", "resource") for h in body["hits"]))

    def test_never_returns_the_source_document(self):
        for doc_id in ("job-0001", "res-0002", "case-0001", "job-0096"):
            for size in (10, 50):
                ids = [h["id"] for h in similar(id=doc_id, size=size)["hits"]]
                self.assertNotIn(doc_id, ids)

    def test_reposts_of_the_source_are_not_recommended(self):
        ids = [h["id"] for h in similar(id="job-0140", size=50)["hits"]]
        self.assertNotIn("job-0141", ids)
        ids = [h["id"] for h in similar(id="job-0141", size=50)["hits"]]
        self.assertNotIn("job-0140", ids)

    def test_reposts_collapse_among_results(self):
        # job-0140 and job-0141 are one posting published twice: exactly one of
        # them is shown (neither would mean the test looked at the wrong results).
        reposts = {"job-0140", "job-0141"}
        ids = [h["id"] for h in similar(id="job-0139", size=50)["hits"]]
        self.assertEqual(len(reposts & set(ids)), 1, ids)
        ids = [h["id"] for h in recommend({"skills": ["直播中控", "抖音电商"], "size": 50})["hits"]]
        self.assertEqual(len(reposts & set(ids)), 1, ids)

    def test_shared_skills_in_reasons_are_skills_of_both_documents(self):
        body = similar(id="job-0001", size=20)
        self.assertEqual(body["source"]["id"], "job-0001")
        source_skills = set(body["source"]["skills"])
        self.assertIn("C++", source_skills)
        named = 0
        for hit in body["hits"]:
            if hit["type"] != "job":
                continue  # a course names what it teaches (test_course_reasons_*)
            shared = shared_skill_names(hit["reasons"], "共同技能：")
            named += len(shared)
            for skill in shared:
                self.assertIn(skill, source_skills, hit["id"])
                self.assertIn(skill, hit["skills"], hit["id"])
            # Nothing shared is left out either (up to the five a reason lists).
            self.assertEqual(len(shared), min(5, len(source_skills & set(hit["skills"]))))
        self.assertGreater(named, 0)
        # Checked against the raw documents: job-0026 names C++ and Linux, as job-0001 does.
        hit = next(h for h in body["hits"] if h["id"] == "job-0026")
        shared = shared_skill_names(hit["reasons"], "共同技能：")
        self.assertIn("C++", shared)
        for doc_id in ("job-0001", "job-0026"):
            self.assertIn("c++", json.dumps(document(doc_id), ensure_ascii=False).lower())

    def test_profile_reasons_name_only_skills_the_hit_has(self):
        body = recommend({"skills": ["Java", "SpringBoot", "PLC", "焊接"], "size": 20})
        self.assertGreater(len(body["hits"]), 0)
        asked = {"Java", "Spring Boot", "PLC", "焊接"}
        for hit in body["hits"]:
            for name in shared_skill_names(hit["reasons"], "匹配技能："):
                self.assertIn(name, hit["skills"], hit["id"])
                self.assertIn(name, asked)

    def test_skill_spellings_are_one_skill(self):
        a = recommend({"skills": ["SpringBoot"], "types": ["job"]})
        b = recommend({"skills": ["Spring Boot"], "types": ["job"]})
        c = recommend({"skills": ["spring-boot"], "types": ["job"]})
        self.assertEqual([h["id"] for h in a["hits"]], [h["id"] for h in b["hits"]])
        self.assertEqual([h["id"] for h in a["hits"]], [h["id"] for h in c["hits"]])
        self.assertIn("匹配技能：Spring Boot", a["hits"][0]["reasons"])

    def test_education_is_a_hard_filter_for_jobs(self):
        profile = {"major": "软件技术", "skills": ["Java", "Python", "MySQL"], "education": "大专",
                   "types": ["job"], "size": 50}
        body = recommend(profile)
        self.assertGreater(len(body["hits"]), 0)
        for hit in body["hits"]:
            level = hit["fields"].get("education", "不限")
            self.assertLessEqual(EDUCATION_RANK.get(level, 0), EDUCATION_RANK["大专"], hit["id"])
        levels = {h["fields"].get("education") for h in
                  recommend(dict(profile, education="硕士"))["hits"]}
        self.assertIn("本科", levels)  # a 硕士 sees 本科 postings

    def test_education_does_not_filter_resources_and_cases(self):
        body = recommend({"major": "学前教育", "education": "中专", "size": 30})
        self.assertTrue(any(h["type"] != "job" for h in body["hits"]))

    def test_region_boosts_without_filtering(self):
        base = {"skills": ["Excel", "数据分析"], "types": ["job"], "size": 10}
        plain = recommend(base)["hits"]
        boosted = recommend(dict(base, region="长沙"))["hits"]
        def rank_of_region(hits):
            return [i for i, h in enumerate(hits) if h["fields"].get("region") == "长沙"]
        self.assertNotEqual(plain[0]["fields"].get("region"), "长沙")
        self.assertEqual(boosted[0]["fields"].get("region"), "长沙")
        self.assertIn("地区匹配：长沙", boosted[0]["reasons"])
        self.assertTrue(any(h["fields"].get("region") != "长沙" for h in boosted))

    def test_profile_types_and_exclude(self):
        body = recommend({"skills": ["Python"], "types": ["resource"], "exclude": ["res-0001"]})
        self.assertTrue(all(h["type"] == "resource" for h in body["hits"]))
        first = body["hits"][0]["id"]
        again = recommend({"skills": ["Python"], "types": ["resource"], "exclude": [first]})
        self.assertNotIn(first, [h["id"] for h in again["hits"]])

    def test_unknown_id_is_404(self):
        status, body = SERVER.get("/api/v1/recommend", id="job-9999")
        self.assertEqual(status, 404)
        self.assertIn("error", body)

    def test_bad_get_parameters_are_400(self):
        for params in ({}, {"id": "job-0001", "type": "person"}, {"id": "job-0001", "size": "0"},
                       {"id": "job-0001", "size": "abc"}):
            status, body = SERVER.get("/api/v1/recommend", **params)
            self.assertEqual(status, 400, params)
            self.assertIn("message", body["error"])

    def test_malformed_profiles_are_400_naming_the_field(self):
        cases = [
            (b"not json", "profile"),
            (b"[1, 2]", "profile"),
            ({}, "profile"),
            ({"skills": "Java"}, "skills"),
            ({"skills": ["Java", 3]}, "skills"),
            ({"skills": ["Java"], "education": "幼儿园"}, "education"),
            ({"skills": ["Java"], "types": ["person"]}, "types"),
            ({"skills": ["Java"], "size": 0}, "size"),
            ({"skills": ["Java"], "size": "ten"}, "size"),
            ({"major": 5}, "major"),
            ({"skills": ["Java"], "exclude": "job-0001"}, "exclude"),
        ]
        for profile, field in cases:
            status, body = post(profile)
            self.assertEqual(status, 400, profile)
            self.assertTrue(body["error"]["message"].startswith(field + ":"), body)

    def test_search_has_a_skills_facet(self):
        status, body = SERVER.get("/api/v1/search", q="Java")
        self.assertEqual(status, 200)
        values = [v["value"] for v in body["facets"]["skills"]]
        self.assertIn("Java", values)


if __name__ == "__main__":
    run_suite(sys.modules[__name__])
