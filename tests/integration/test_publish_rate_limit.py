#!/usr/bin/env python3
"""The per-key publishing rate limit (issue 17, SECURITY.md): the real server
with a small budget (--publish-rate 1: one document a second, a bucket of 100),
keys from the real chanjiao-admin, over HTTP on loopback.

    python3 tests/integration/test_publish_rate_limit.py --build build
"""
import time
import unittest

from chanjiao_server import run_suite

SERVER = None
RATE = 1  # documents per second per key
BURST = 100  # PublishLimits::kBurstSeconds * RATE


def job(doc_id, title="限流测试岗位"):
    return {"id": doc_id, "type": "job", "title": title, "body": "发布限流"}


class PublishRateLimitTest(unittest.TestCase):
    def fresh_key(self, org="rate-org"):
        return SERVER.create_key(org, "enterprise")

    def post(self, key, docs):
        return SERVER.call_with_headers("POST", "/api/v1/documents", docs, key=key)

    def assert_limited(self, status, headers, body):
        self.assertEqual(status, 429, body)
        self.assertEqual(body["error"]["code"], "too_many_requests")
        self.assertIn("retry after", body["error"]["message"])
        retry_after = headers.get("Retry-After")
        self.assertIsNotNone(retry_after, "a 429 must say when to retry")
        self.assertTrue(retry_after.isdigit() and int(retry_after) >= 1, retry_after)
        return int(retry_after)

    def test_a_key_over_its_budget_gets_429_with_retry_after_and_nothing_is_written(self):
        key = self.fresh_key()
        status, _, body = self.post(key, [job("rl-burst-%d" % i) for i in range(BURST)])
        self.assertEqual(status, 201, body)
        retry_after = self.assert_limited(*self.post(key, job("rl-refused")))
        self.assertEqual(retry_after, 1)  # one document at one a second
        self.assertEqual(SERVER.call("GET", "/api/v1/documents/rl-refused")[0], 404)
        # Waiting as told is enough.
        time.sleep(retry_after + 0.2)
        status, _, body = self.post(key, job("rl-after-wait"))
        self.assertEqual(status, 201, body)
        self.assertEqual(SERVER.call("GET", "/api/v1/documents/rl-after-wait")[0], 200)

    def test_put_and_delete_spend_the_same_budget(self):
        key = self.fresh_key()
        self.assertEqual(self.post(key, [job("rl-pd-%d" % i) for i in range(BURST)])[0], 201)
        self.assert_limited(*SERVER.call_with_headers("PUT", "/api/v1/documents/rl-pd-0",
                                                      job("rl-pd-0", "改过的标题"), key=key))
        self.assert_limited(*SERVER.call_with_headers("DELETE", "/api/v1/documents/rl-pd-1",
                                                      key=key))
        self.assertEqual(SERVER.call("GET", "/api/v1/documents/rl-pd-1")[0], 200)

    def test_keys_have_their_own_budgets_even_in_one_organisation(self):
        first, second = self.fresh_key("shared-org"), self.fresh_key("shared-org")
        self.assertEqual(self.post(first, [job("rl-k1-%d" % i) for i in range(BURST)])[0], 201)
        self.assert_limited(*self.post(first, job("rl-k1-more")))
        status, _, body = self.post(second, job("rl-k2-0"))
        self.assertEqual(status, 201, body)

    def test_a_batch_larger_than_the_bucket_passes_once_and_leaves_a_debt(self):
        key = self.fresh_key()
        status, _, body = self.post(key, [job("rl-big-%d" % i) for i in range(BURST + 50)])
        self.assertEqual(status, 201, body)
        # 50 documents of debt plus the one asked for, at one a second.
        retry_after = self.assert_limited(*self.post(key, job("rl-big-more")))
        self.assertTrue(49 <= retry_after <= 51, retry_after)

    def test_reads_are_not_limited(self):
        key = self.fresh_key()
        self.assertEqual(self.post(key, [job("rl-read-%d" % i) for i in range(BURST)])[0], 201)
        self.assert_limited(*self.post(key, job("rl-read-more")))
        for i in range(200):
            status, body = SERVER.call("GET", "/api/v1/search", key=key, q="工程师")
            self.assertEqual(status, 200, body)
        self.assertEqual(SERVER.call("GET", "/api/v1/documents/rl-read-0", key=key)[0], 200)

    def test_an_invalid_key_is_401_not_429(self):
        status, _, body = self.post("cj_not-a-key", job("rl-nokey"))
        self.assertEqual(status, 401, body)


if __name__ == "__main__":
    run_suite(__import__(__name__), extra_args=("--publish-rate", RATE))
