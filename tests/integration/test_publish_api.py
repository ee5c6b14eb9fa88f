#!/usr/bin/env python3
"""Integration tests for publishing (issue 6): the real chanjiao-server with its
document store, API keys from the real chanjiao-admin, over HTTP on loopback.

    python3 tests/integration/test_publish_api.py --build build
"""
import subprocess
import time
import unittest

from chanjiao_server import run_suite

SERVER = None
VISIBLE_WITHIN = 2.0  # seconds: the near-real-time bound


def wait_until(predicate, timeout=VISIBLE_WITHIN):
    """Polls `predicate` until true; returns the seconds it took or fails."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError("not true within %.1fs" % timeout)
        time.sleep(0.02)


def search_ids(key=None, **params):
    status, body = SERVER.call("GET", "/api/v1/search", key=key, size=50, **params)
    assert status == 200, (status, body)
    return [h["id"] for h in body["hits"]]


def full_match_ids(**params):
    """The hits with every query word (not the partial matches that fill a page)."""
    status, body = SERVER.call("GET", "/api/v1/search", size=50, **params)
    assert status == 200, (status, body)
    return [h["id"] for h in body["hits"] if not h.get("partial")]


def job(doc_id, title, **fields):
    return {"id": doc_id, "type": "job", "title": title, **fields}


class PublishTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gov = SERVER.create_key("csgov", "gov")
        cls.school = SERVER.create_key("cs-school", "school")
        cls.admin = SERVER.create_key("platform", "admin")

    def publish(self, docs, key=None, expect=201):
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=key or self.gov)
        self.assertEqual(status, expect, body)
        return body

    def test_published_document_is_searchable_within_two_seconds(self):
        body = self.publish(job("pub-nrt-1", "量子计算研发工程师", body="量子纠错与超导量子比特"))
        self.assertEqual(body["ids"], ["pub-nrt-1"])
        took = wait_until(lambda: "pub-nrt-1" in search_ids(q="量子纠错"))
        self.assertLess(took, VISIBLE_WITHIN)
        status, doc = SERVER.get("/api/v1/documents/pub-nrt-1")
        self.assertEqual(status, 200)
        self.assertEqual(doc["document"]["owner_org"], "csgov")

    def test_batch_is_published_and_each_is_searchable(self):
        docs = [job("pub-batch-%d" % i, "潜水装备维修技师%d级" % i) for i in range(20)]
        body = self.publish(docs)
        self.assertEqual(len(body["ids"]), 20)
        wait_until(lambda: len([i for i in search_ids(q="潜水装备") if i.startswith("pub-batch-")])
                   == 20)

    def test_update_and_delete_are_reflected(self):
        self.publish(job("pub-upd-1", "冰雕艺术设计师"))
        wait_until(lambda: "pub-upd-1" in search_ids(q="冰雕"))
        status, body = SERVER.call("PUT", "/api/v1/documents/pub-upd-1",
                                   {"type": "job", "title": "沙雕艺术设计师"}, key=self.gov)
        self.assertEqual(status, 200, body)
        # (沙雕 still shares 雕 with 冰雕: at most a partial match now.)
        wait_until(lambda: "pub-upd-1" in full_match_ids(q="沙雕")
                   and "pub-upd-1" not in full_match_ids(q="冰雕"))
        status, body = SERVER.call("DELETE", "/api/v1/documents/pub-upd-1", key=self.gov)
        self.assertEqual(status, 200, body)
        self.assertTrue(body["deleted"])
        wait_until(lambda: "pub-upd-1" not in search_ids(q="沙雕"))
        self.assertEqual(SERVER.get("/api/v1/documents/pub-upd-1")[0], 404)
        self.assertEqual(SERVER.call("DELETE", "/api/v1/documents/pub-upd-1", key=self.gov)[0], 404)

    def test_missing_invalid_or_revoked_key_is_401(self):
        doc = job("pub-auth-1", "无钥匙岗位")
        for headers in ({}, {"Authorization": "Bearer cj_not-a-key"}, {"X-API-Key": "nope"}):
            status, body = SERVER.call("POST", "/api/v1/documents", doc, headers=headers)
            self.assertEqual(status, 401, headers)
            self.assertEqual(body["error"]["code"], "unauthorized")
        # X-API-Key works as well as Authorization: Bearer.
        status, _ = SERVER.call("POST", "/api/v1/documents", doc, headers={"X-API-Key": self.gov})
        self.assertEqual(status, 201)
        key = SERVER.create_key("short-lived", "enterprise")
        self.publish(job("pub-auth-2", "临时岗位"), key=key)
        subprocess.run([str(SERVER.build / "chanjiao-admin"), "key", "revoke", key[:12],
                        "--store", SERVER.store], check=True, capture_output=True)
        self.assertEqual(SERVER.call("DELETE", "/api/v1/documents/pub-auth-2", key=key)[0], 401)
        # A bad key on a read is an error too, not a silent anonymous read.
        self.assertEqual(SERVER.call("GET", "/api/v1/search", key="cj_wrong", q="岗位")[0], 401)

    def test_other_organisation_is_403_and_admin_may_change_any(self):
        self.publish(job("pub-own-1", "校企合作专员"), key=self.school)
        for method, body in (("PUT", {"type": "job", "title": "改"}), ("DELETE", None)):
            status, err = SERVER.call(method, "/api/v1/documents/pub-own-1", body, key=self.gov)
            self.assertEqual(status, 403, err)
            self.assertEqual(err["error"]["code"], "forbidden")
        status, _ = SERVER.call("POST", "/api/v1/documents",
                                job("pub-own-2", "冒名岗位", owner_org="cs-school"), key=self.gov)
        self.assertEqual(status, 403)
        # Corpus records belong to nobody: only an admin may change them.
        self.assertEqual(SERVER.call("DELETE", "/api/v1/documents/job-0002", key=self.gov)[0], 403)
        status, _ = SERVER.call("PUT", "/api/v1/documents/pub-own-1",
                                {"type": "job", "title": "校企合作主管"}, key=self.admin)
        self.assertEqual(status, 200)
        self.assertEqual(SERVER.get("/api/v1/documents/pub-own-1")[1]["document"]["owner_org"],
                         "cs-school")
        self.assertEqual(SERVER.call("DELETE", "/api/v1/documents/job-0002", key=self.admin)[0], 200)
        wait_until(lambda: SERVER.get("/api/v1/documents/job-0002")[0] == 404)

    def test_batch_with_a_bad_record_names_it_and_writes_nothing(self):
        docs = [job("pub-bad-0", "好岗位零号"), job("pub-bad-1", "好岗位一号"),
                {"id": "pub-bad-2", "type": "job", "title": "薪资颠倒", "salary_min": 9000,
                 "salary_max": 100}]
        status, body = SERVER.call("POST", "/api/v1/documents", docs, key=self.gov)
        self.assertEqual(status, 400)
        self.assertEqual(body["error"]["code"], "bad_request")
        message = body["error"]["message"]
        self.assertIn("documents[2]", message)
        self.assertIn("pub-bad-2", message)
        self.assertIn("salary_min", message)
        for i in range(3):
            self.assertEqual(SERVER.get("/api/v1/documents/pub-bad-%d" % i)[0], 404)
        # A batch refused for ownership writes nothing either.
        self.publish(job("pub-bad-theirs", "别家岗位"), key=self.school)
        status, _ = SERVER.call("POST", "/api/v1/documents",
                                [job("pub-bad-3", "好岗位三号"), job("pub-bad-theirs", "抢")],
                                key=self.gov)
        self.assertEqual(status, 403)
        self.assertEqual(SERVER.get("/api/v1/documents/pub-bad-3")[0], 404)
        # Field-level errors for single documents and PUT.
        status, body = SERVER.call("POST", "/api/v1/documents", {"id": "x", "type": "nope",
                                                                 "title": "t"}, key=self.gov)
        self.assertEqual(status, 400)
        self.assertTrue(body["error"]["message"].startswith("type:"))
        status, body = SERVER.call("PUT", "/api/v1/documents/pub-bad-4",
                                   {"id": "other", "type": "job", "title": "t"}, key=self.gov)
        self.assertEqual(status, 400)
        self.assertIn("id", body["error"]["message"])

    def test_restricted_documents_only_for_their_org_and_admin(self):
        secret = job("pub-sec-1", "涉密雷达调试工程师", restricted=True,
                     skills=["雷达调试", "信号处理"], body="雷达整机调试与信号处理算法验证")
        self.publish(secret, key=self.school)
        self.publish(job("pub-sec-2", "雷达信号处理工程师", skills=["雷达调试", "信号处理"],
                         body="雷达信号处理"), key=self.school)
        wait_until(lambda: "pub-sec-1" in search_ids(key=self.school, q="雷达"))
        for key in (self.school, self.admin):
            self.assertIn("pub-sec-1", search_ids(key=key, q="雷达"))
            self.assertEqual(SERVER.call("GET", "/api/v1/documents/pub-sec-1", key=key)[0], 200)
        for key in (None, self.gov):
            self.assertNotIn("pub-sec-1", search_ids(key=key, q="雷达"))
            self.assertIn("pub-sec-2", search_ids(key=key, q="雷达"))
            self.assertEqual(SERVER.call("GET", "/api/v1/documents/pub-sec-1", key=key)[0], 404)

        def suggestions(key):
            status, body = SERVER.call("GET", "/api/v1/suggest", key=key, q="涉密")
            self.assertEqual(status, 200)
            return [s["text"] for s in body["suggestions"]]
        self.assertIn("涉密雷达调试工程师", suggestions(self.school))
        self.assertNotIn("涉密雷达调试工程师", suggestions(None))
        self.assertNotIn("涉密雷达调试工程师", suggestions(self.gov))

        def similar(key, doc_id):
            return SERVER.call("GET", "/api/v1/recommend", key=key, id=doc_id, size=20)
        self.assertIn("pub-sec-1", [h["id"] for h in similar(self.school, "pub-sec-2")[1]["hits"]])
        self.assertNotIn("pub-sec-1", [h["id"] for h in similar(None, "pub-sec-2")[1]["hits"]])
        self.assertEqual(similar(None, "pub-sec-1")[0], 404)
        self.assertEqual(similar(self.admin, "pub-sec-1")[0], 200)
        profile = {"skills": ["雷达调试", "信号处理"], "size": 20}
        for key, visible in ((self.school, True), (self.gov, False)):
            status, body = SERVER.call("POST", "/api/v1/recommend", profile, key=key)
            self.assertEqual(status, 200, body)
            self.assertEqual("pub-sec-1" in [h["id"] for h in body["hits"]], visible)


if __name__ == "__main__":
    run_suite(__import__(__name__))
