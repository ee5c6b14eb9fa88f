#!/usr/bin/env python3
"""Slow and hostile clients (issue 17, SECURITY.md): the real chanjiao-server
(8 worker threads, as deployed) alone and behind Debian's nginx with
deploy/nginx.conf, both on loopback.

- 200 connections that send nothing, a header a byte a second or a body a byte
  a second hold every worker of the server alone (the control: the attack is
  real), and searches through nginx still answer while they are open.
- Bodies over 1 MiB are refused on every route that reads one, by the server
  and by nginx, in the API's JSON error shape; so are chunked bodies (server:
  411; nginx: read up to 1 MiB) and compressed ones (415, never inflated).
- A request that stops arriving is dropped (server: read timeout 5 s; nginx:
  client_header_timeout 10 s).
- nginx holds one address to 32 requests in progress (429), without touching
  other addresses, and refuses a flood of header lines (the server alone
  would keep them all in memory).

    python3 tests/integration/test_slow_clients.py --build build
"""
import json
import re
import socket
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import zlib

from chanjiao_server import run_suite
from hostile_clients import Nginx, SlowClients

SERVER = None
NGINX = None
SLOW = 200
ANSWER_WITHIN = 10.0  # seconds: "answers, not timing out" (searches take milliseconds)
MIB = 1 << 20


def port_of(base):
    return urllib.parse.urlparse(base).port


def get(base, path, timeout=ANSWER_WITHIN, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.headers, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read())


def send(base, method, path, body, timeout=ANSWER_WITHIN, headers=None):
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def rss_kib(pid):
    with open("/proc/%d/status" % pid, encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def raw_exchange(port, head, chunks=(), source="127.0.0.1", timeout=30):
    """Sends `head` and `chunks` on a new connection; returns the status line
    of the first answer (b"" when the peer closed without one) and its body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                  source_address=(source, 0)) as s:
        s.sendall(head)
        try:
            for chunk in chunks:
                s.sendall(chunk)
        except OSError:
            pass  # the peer refused the rest; its answer is below
        data = b""
        while not answer_complete(data):
            try:
                more = s.recv(65536)
            except OSError:
                break
            if not more:
                break
            data += more
        head, _, body = data.partition(b"\r\n\r\n")
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head + b"\r\n")
        return head.split(b"\r\n", 1)[0], body[:int(length.group(1))] if length else body


def answer_complete(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head + b"\r\n")
    return length is None or len(body) >= int(length.group(1))


class SlowClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        global NGINX
        NGINX = Nginx(port_of(SERVER.base))
        cls.addClassCleanup(NGINX.close)

    def test_the_slow_clients_hold_every_worker_of_the_server_alone(self):
        # The control: without it the nginx test below could pass with a
        # harmless "attack". Header and body trickles never let a worker go.
        with SlowClients("127.0.0.1", port_of(SERVER.base), SLOW, ("header", "body")) as slow:
            self.assertEqual(slow.opened, SLOW)
            with self.assertRaises((urllib.error.URLError, socket.timeout, TimeoutError)):
                get(SERVER.base, "/api/v1/search", timeout=3, q="工程师")
        # Once they are gone, the server answers again (read timeout 5 s).
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(SERVER.base, "/api/v1/search", timeout=3, q="工程师")[0] == 200:
                    break
            except (urllib.error.URLError, socket.timeout, TimeoutError):
                pass
            self.assertLess(time.monotonic(), deadline, "the server did not recover")

    def test_searches_answer_behind_nginx_while_200_slow_connections_are_open(self):
        with SlowClients("127.0.0.1", NGINX.port, SLOW) as slow:
            self.assertEqual(slow.opened, SLOW)
            time.sleep(2)  # every kind has started trickling
            for i in range(20):
                status, headers, body = get(NGINX.base, "/api/v1/search",
                                            q=["工程师", "数据分析", "java"][i % 3])
                self.assertEqual(status, 200, body)
                self.assertGreater(body["total"], 0)
            self.assertIn("frame-ancestors", headers["Content-Security-Policy"])
            status, _, body = get(NGINX.base, "/api/v1/suggest", q="gong")
            self.assertEqual(status, 200, body)
            status, body = send(NGINX.base, "POST", "/api/v1/search",
                                json.dumps({"q": "熟悉Python和SQL，负责数据采集与分析"}).encode())
            self.assertEqual(status, 200, body)
            # The attack was still in place while the searches answered.
            self.assertGreaterEqual(slow.open_now(), SLOW * 3 // 4)

    def test_every_route_that_reads_a_body_refuses_one_over_1_mib(self):
        key = SERVER.create_key("big-bodies", "admin")
        big = b"[" + b" " * (MIB + 16) + b"]"
        routes = [("POST", "/api/v1/search"), ("POST", "/api/v1/recommend"),
                  ("POST", "/api/v1/documents"), ("PUT", "/api/v1/documents/big-1"),
                  ("DELETE", "/api/v1/documents/big-1")]
        for base in (SERVER.base, NGINX.base):
            for method, path in routes:
                status, body = send(base, method, path, big,
                                    headers={"Authorization": "Bearer " + key})
                self.assertEqual(status, 413, (base, method, path, body))
                self.assertEqual(body["error"]["code"], "payload_too_large")
            # Just under the limit is read (and then judged on its content).
            status, body = send(base, "POST", "/api/v1/search", b"{" + b" " * (MIB - 100) + b"}")
            self.assertNotEqual(status, 413, body)
        self.assertEqual(SERVER.call("GET", "/api/v1/documents/big-1")[0], 404)

    def test_a_chunked_body_is_refused_by_the_server_and_bounded_by_nginx(self):
        # cpp-httplib 0.11 would read a chunked body of any size: the server
        # refuses it unread (411); nginx reads it up to 1 MiB and passes it on
        # with a Content-Length.
        head = (b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b" " * 64 * 1024)
        status, body = raw_exchange(port_of(SERVER.base), head, [chunk] * 40 + [b"0\r\n\r\n"])
        self.assertTrue(status.startswith(b"HTTP/1.1 411 "), status)
        self.assertIn(b'"length_required"', body)
        status, body = raw_exchange(NGINX.port, head, [chunk] * 40 + [b"0\r\n\r\n"])
        self.assertTrue(status.startswith(b"HTTP/1.1 413 "), (status, NGINX.log_tail()))
        small = json.dumps({"q": "工程师"}).encode()
        status, body = raw_exchange(NGINX.port, head, [b"%x\r\n%s\r\n0\r\n\r\n" % (len(small),
                                                                                small)])
        self.assertTrue(status.startswith(b"HTTP/1.1 200 "), (status, body))

    def test_a_compressed_body_is_refused_unread(self):
        # 100 KB of gzip that inflates to 100 MB: cpp-httplib 0.11 would
        # inflate it in memory whatever the payload limit.
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        bomb = packer.compress(b'{"q": "') + b"".join(
            packer.compress(b" " * MIB) for _ in range(100)) + packer.compress(b'"}')
        bomb += packer.flush()
        self.assertLess(len(bomb), MIB)
        head = (b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb))
        before = rss_kib(SERVER.proc.pid)
        for port in (port_of(SERVER.base), NGINX.port):
            status, body = raw_exchange(port, head, [bomb])
            self.assertTrue(status.startswith(b"HTTP/1.1 415 "), (port, status))
            self.assertIn(b'"unsupported_media_type"', body)
        self.assertLess(rss_kib(SERVER.proc.pid) - before, 50 * 1024)

    def test_nginx_refuses_a_header_flood_that_the_server_would_keep(self):
        # cpp-httplib 0.11 limits each header line to 8 KB but not their
        # number (measured: 200 MB of headers held in server memory). nginx
        # allows 4 × 8 KB of header lines in all.
        line = b"X-" + b"a" * 8000 + b": b\r\n"
        head = b"GET /api/v1/search?q=a HTTP/1.1\r\nHost: x\r\n"
        before = rss_kib(SERVER.proc.pid)
        status, _ = raw_exchange(NGINX.port, head, [line] * 500 + [b"\r\n"])  # 4 MB
        self.assertTrue(status.startswith(b"HTTP/1.1 400 "), status)
        self.assertLess(rss_kib(SERVER.proc.pid) - before, 2 * 1024)

    def test_a_request_that_stops_arriving_is_dropped(self):
        half = b"GET /api/v1/search?q=a HTTP/1.1\r\nHost: x\r\n"
        answers = {}

        def wait(name, port, bound):
            start = time.monotonic()
            status, _ = raw_exchange(port, half, timeout=bound)
            answers[name] = (status, time.monotonic() - start)

        threads = [threading.Thread(target=wait, args=("server", port_of(SERVER.base), 20)),
                   threading.Thread(target=wait, args=("nginx", NGINX.port, 30))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        status, seconds = answers["server"]
        self.assertTrue(status.startswith(b"HTTP/1.1 400"), status)  # read timeout 5 s
        self.assertLess(seconds, 20)
        status, seconds = answers["nginx"]
        self.assertEqual(status, b"")  # client_header_timeout 10 s: closed without an answer
        self.assertLess(seconds, 30)

    def test_nginx_holds_one_address_to_32_requests_in_progress(self):
        head = (b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n{")
        socks, refused = [], 0
        try:
            for _ in range(40):
                s = socket.create_connection(("127.0.0.1", NGINX.port), timeout=5,
                                             source_address=("127.0.0.3", 0))
                s.sendall(head)
                socks.append(s)
            # The 32 admitted wait for their bodies (10 s); the others are answered
            # at once. Collected for up to 5 s, so a busy machine cannot miss one.
            for s in socks:
                s.setblocking(False)
            waiting, deadline = list(socks), time.monotonic() + 5
            while waiting and time.monotonic() < deadline:
                for s in list(waiting):
                    try:
                        answer = s.recv(4096)
                    except BlockingIOError:
                        continue
                    waiting.remove(s)
                    self.assertTrue(answer.startswith(b"HTTP/1.1 429"), answer[:100])
                    self.assertIn(b'"too_many_requests"', answer)
                    refused += 1
                time.sleep(0.05)
            self.assertEqual(refused, 40 - 32)
            # Another address is not affected.
            self.assertEqual(get(NGINX.base, "/api/v1/search", q="工程师")[0], 200)
        finally:
            for s in socks:
                s.close()


if __name__ == "__main__":
    run_suite(__import__(__name__), threads=8)
