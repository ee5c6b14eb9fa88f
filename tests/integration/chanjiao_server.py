"""The real chanjiao-server for integration tests: builds an index from JSONL
sources in a temporary directory, starts the server on an ephemeral loopback
port, and speaks HTTP to it. Shared by the test_*_api.py suites.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
SAMPLE = REPO / "corpus" / "sample"


def start_server(build, index, threads, *extra_args, stderr_log=None):
    """Starts `chanjiao-server --index INDEX --port 0` (the kernel picks a free
    loopback port) and waits for its "listening on URL" line. Returns
    (process, base URL). stderr is drained on a thread (the server must never
    block on a full pipe), into `stderr_log` when given. The one way Python
    starts the server: the integration tests and every bench use it."""
    proc = subprocess.Popen(
        [str(Path(build) / "chanjiao-server"), "--index", str(index), "--port", "0",
         "--threads", str(threads), "--no-access-log", *map(str, extra_args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # The server's slow-request line cuts the query at a byte count, which
        # can split a UTF-8 character: a strict decode killed the drain thread
        # (and a server whose stderr is not drained blocks once the pipe fills).
        errors="replace")
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise RuntimeError("chanjiao-server did not start: " + line + proc.stderr.read()[-2000:])

    def drain(stream=proc.stderr):
        with stream, open(stderr_log, "a") if stderr_log else open(os.devnull, "w") as out:
            for text in stream:
                out.write(text)
                out.flush()
    threading.Thread(target=drain, daemon=True).start()
    return proc, line.split()[2]


def stop_server(proc):
    """SIGTERM, then SIGKILL after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stdout.close()


class Server:
    def __init__(self, build, sources=(SAMPLE,), threads=4, extra_args=()):
        """`extra_args`: more chanjiao-server flags, e.g. ("--publish-rate", 1)."""
        self.build = Path(build)
        self.extra_args = tuple(extra_args)
        self.sources = [str(s) for s in sources]
        self.threads = threads
        self.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-it-")
        self.index = os.path.join(self.tmp.name, "index")
        # The document store (publishing): the server's default, beside the index.
        self.store = os.path.join(self.index, "store.db")
        self.reindex()
        self.start()

    def reindex(self, sources=None):
        subprocess.run([str(self.build / "chanjiao-index"), "build", "--out", self.index,
                        *(sources or self.sources)], check=True, capture_output=True)

    def index_job(self, command, *args, check=True):
        """Runs `chanjiao-index COMMAND --index INDEX ARGS...`; returns the CompletedProcess."""
        return subprocess.run([str(self.build / "chanjiao-index"), command, "--index", self.index,
                               *map(str, args)], check=check, capture_output=True, text=True)

    def create_key(self, org, role):
        """A new API key from `chanjiao-admin key create` (its last line of output)."""
        out = subprocess.run([str(self.build / "chanjiao-admin"), "key", "create", "--org", org,
                              "--role", role, "--store", self.store],
                             check=True, capture_output=True, text=True).stdout
        return out.strip().splitlines()[-1]

    def start(self):
        # $CHANJIAO_TEST_SERVER_LOG: the server's stderr, for debugging.
        self.proc, self.base = start_server(self.build, self.index, self.threads, *self.extra_args,
                                            stderr_log=os.environ.get("CHANJIAO_TEST_SERVER_LOG"))

    def stop(self):
        stop_server(self.proc)

    def kill(self):
        """kill -9: no chance to flush or clean up."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def restart(self):
        self.stop()
        self.start()

    def get(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        url = self.base + path + ("?" + query if query else "")
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read().decode("utf-8"))

    def call(self, method, path, body=None, key=None, headers=None, **params):
        """Any method with an optional JSON body and API key; returns (status, JSON)."""
        status, _, reply = self.call_with_headers(method, path, body, key, headers, **params)
        return status, reply

    def call_with_headers(self, method, path, body=None, key=None, headers=None, **params):
        """Like call(); returns (status, response headers, JSON)."""
        query = urllib.parse.urlencode(params, doseq=True)
        url = self.base + path + ("?" + query if query else "")
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if key is not None:
            request.add_header("Authorization", "Bearer " + key)
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, r.headers, json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            return e.code, e.headers, json.loads(e.read().decode("utf-8"))

    def raw(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return r.status, r.headers, r.read()

    def close(self):
        self.stop()
        self.tmp.cleanup()


def run_suite(module, **server_options):
    """Parses --build, sets `module.SERVER`, runs the module's tests, exits."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(BUILD))
    args, rest = parser.parse_known_args()
    module.SERVER = Server(args.build, **server_options)
    try:
        result = unittest.main(module=module, argv=[sys.argv[0], "-v", *rest], exit=False).result
    finally:
        module.SERVER.close()
    sys.exit(0 if result.wasSuccessful() else 1)
