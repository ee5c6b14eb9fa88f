"""Slow and hostile HTTP clients, and nginx in front of chanjiao-server (issue
17): shared by tests/integration/test_slow_clients.py and
bench/slow_clients_bench.py.

SlowClients opens many connections that hold a server's attention without
ever finishing a request: `idle` (connect, send nothing), `header` (a request
header one byte a second, never ending), `body` (a whole header announcing a
large body, then the body one byte a second). A connection the peer closes is
opened again at once, as an attacker would. They connect from 127.0.0.2 (all of
127/8 is loopback on Linux), so a per-address limit in front treats them apart
from the probing client on 127.0.0.1.

Nginx runs Debian's nginx with deploy/nginx.conf, rewritten only where a test
must differ from a deployment: loopback listen address and ephemeral port, the
upstream port, and file paths inside a temporary prefix.
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NGINX_CONF = REPO / "deploy" / "nginx.conf"
ATTACK_ADDRESS = "127.0.0.2"
MODES = ("idle", "header", "body")


class SlowClients:
    def __init__(self, host, port, count, modes=MODES, source=ATTACK_ADDRESS, interval=1.0):
        self.host, self.port, self.source, self.interval = host, port, source, interval
        self.modes = [modes[i % len(modes)] for i in range(count)]
        self.socks = [None] * count
        self.sent = [0] * count
        self.opened = 0  # connections opened, first ones included
        self.refused = 0  # connect() failures (a full backlog, a limit in front)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _preamble(self, mode):
        if mode == "header":
            return b"GET /api/v1/search?q=%E5%B7%A5 HTTP/1.1\r\nHost: x\r\nX-Slow: "
        if mode == "body":
            return (b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 100000\r\n\r\n{\"q\": \"")
        return b""

    def _open(self, i):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(True)
        s.settimeout(2)
        try:
            s.bind((self.source, 0))
            s.connect((self.host, self.port))
            s.sendall(self._preamble(self.modes[i]))
            s.setblocking(False)
        except OSError:
            s.close()
            self.refused += 1
            return None
        self.opened += 1
        self.sent[i] = 0
        return s

    def _tick(self, i):
        s = self.socks[i]
        if s is None:
            self.socks[i] = self._open(i)
            return
        try:
            s.recv(65536)  # returns only when the peer answered (an error) or closed
            s.close()
            self.socks[i] = self._open(i)
            return
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            self.socks[i] = self._open(i)
            return
        if self.modes[i] == "idle":
            return
        try:
            s.send(b"a")
            self.sent[i] += 1
        except OSError:
            s.close()
            self.socks[i] = self._open(i)

    def _run(self):
        for i in range(len(self.socks)):
            if self.stop_event.is_set():
                return
            self.socks[i] = self._open(i)
        while not self.stop_event.wait(self.interval):
            for i in range(len(self.socks)):
                self._tick(i)

    def open_now(self):
        """Connections currently open."""
        return sum(s is not None for s in self.socks)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while self.opened < len(self.socks) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join()
        for s in self.socks:
            if s is not None:
                s.close()


def free_port(host="127.0.0.1"):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def nginx_binary():
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                     else None)


def nginx_test_config(upstream_port, listen_port, prefix):
    """deploy/nginx.conf for a test: listen on 127.0.0.1:listen_port, proxy to
    127.0.0.1:upstream_port, every file under `prefix`, no `user` switch."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    replaced = {
        r"^user\s+[^;]+;\n": "",
        r"listen\s+80\s*;": "listen 127.0.0.1:%d;" % listen_port,
        r"server\s+127\.0\.0\.1:8080": "server 127.0.0.1:%d" % upstream_port,
        r"/var/log/nginx/": prefix + "/",
        r"/run/nginx\.pid": prefix + "/nginx.pid",
        r"/var/lib/nginx/": prefix + "/",
    }
    for pattern, new in replaced.items():
        text, n = re.subn(pattern, new, text, flags=re.M)
        if n == 0:
            raise RuntimeError("deploy/nginx.conf no longer has " + pattern)
    return text


class Nginx:
    """Debian's nginx with deploy/nginx.conf in front of `upstream_port`."""

    def __init__(self, upstream_port):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (tools/setup.sh CHANJIAO_TEST_PACKAGES)")
        self.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-nginx-")
        # Run as root, nginx's workers are `nobody`: they must reach the temporary
        # body files under the prefix (mkdtemp makes it 0700).
        os.chmod(self.tmp.name, 0o755)
        self.port = free_port()
        conf = os.path.join(self.tmp.name, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(nginx_test_config(upstream_port, self.port, self.tmp.name))
        self.error_log = os.path.join(self.tmp.name, "error.log")
        args = [binary, "-p", self.tmp.name, "-c", conf, "-e", self.error_log,
                "-g", "daemon off;"]
        check = subprocess.run(args + ["-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError("nginx -t: " + check.stderr)
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("nginx did not start: " + self.log_tail())
                time.sleep(0.05)
        self.base = "http://127.0.0.1:%d" % self.port

    def log_tail(self):
        try:
            return Path(self.error_log).read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # fast shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.tmp.cleanup()
