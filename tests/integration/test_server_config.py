#!/usr/bin/env python3
"""The server's configuration from the outside (issue 14, part 4): a bad value
exits with status 2 naming its source; an index built with other dictionaries
is refused with the rebuild command, and served with --allow-analyzer-mismatch;
the binaries carry no path of the source tree.

    python3 tests/integration/test_server_config.py --build build
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
import urllib.request
from pathlib import Path

from chanjiao_server import BUILD, REPO, SAMPLE, start_server, stop_server

ARGS = None


def run_server(*args, env=None, timeout=60):
    """Runs chanjiao-server to completion (it is expected to refuse to start)."""
    return subprocess.run([str(Path(ARGS.build) / "chanjiao-server"), "--port", "0",
                           "--no-access-log", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def search(base, q):
    url = base + "/api/v1/search?" + urllib.parse.urlencode({"q": q})
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


class ServerConfigTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="chanjiao-config-")
        root = Path(cls.tmp.name)
        build = Path(ARGS.build)
        # Dictionaries that differ from the server's by one added word.
        cls.other_dict = root / "dict"
        shutil.copytree(build / "share" / "chanjiao" / "dict", cls.other_dict)
        with open(cls.other_dict / "domain.dict", "a", encoding="utf-8") as f:
            f.write("阐教配置测试词 5 skill\n")
        cls.same_index = root / "same"
        cls.other_index = root / "other"
        for index, extra in ((cls.same_index, []),
                             (cls.other_index, ["--dict-dir", str(cls.other_dict)])):
            subprocess.run([str(build / "chanjiao-index"), "build", "--out", str(index), *extra,
                            str(SAMPLE)], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_a_bad_flag_value_exits_2_naming_the_flag(self):
        r = run_server("--index", self.same_index, "--threads", "many")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("flag --threads", r.stderr)
        self.assertIn("'many'", r.stderr)

    def test_a_bad_environment_value_exits_2_naming_the_variable(self):
        env = {"PATH": "/usr/bin:/bin", "CHANJIAO_PORT": "99999"}
        r = run_server("--index", self.same_index, env=env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("environment variable CHANJIAO_PORT", r.stderr)
        self.assertIn("0..65535", r.stderr)

    def test_a_bad_file_value_exits_2_naming_file_and_line(self):
        conf = Path(self.tmp.name) / "server.conf"
        conf.write_text("# test\nindex = %s\nkeep_alive_seconds = -3\n" % self.same_index)
        r = run_server("--config", conf)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("%s:3" % conf, r.stderr)
        self.assertIn("keep_alive_seconds", r.stderr)

    def test_help_lists_every_setting_and_exits_0(self):
        r = run_server("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for flag in ("--index", "--data-dir", "--dict-dir", "--allow-analyzer-mismatch",
                     "--web", "--openapi", "--max-request-bytes", "CHANJIAO_THREADS"):
            self.assertIn(flag, r.stdout)

    def test_an_index_built_with_other_dictionaries_is_refused_with_how_to_rebuild(self):
        r = run_server("--index", self.other_index)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("was built with other dictionaries", r.stderr)
        self.assertIn("chanjiao-index rebuild --index %s" % self.other_index, r.stderr)
        self.assertIn("--allow-analyzer-mismatch", r.stderr)
        self.assertNotIn("listening on", r.stdout)

    def test_the_override_serves_a_mismatched_index_with_a_warning(self):
        log = Path(self.tmp.name) / "override.log"
        proc, base = start_server(ARGS.build, self.other_index, 2, "--allow-analyzer-mismatch",
                                  stderr_log=str(log))
        try:
            self.assertGreater(search(base, "工程师")["total"], 0)
        finally:
            stop_server(proc)
        self.assertIn("warning:", log.read_text())
        self.assertIn("other dictionaries", log.read_text())

    def test_the_server_given_the_index_dictionaries_serves_it(self):
        log = Path(self.tmp.name) / "same-dict.log"
        proc, base = start_server(ARGS.build, self.other_index, 2, "--dict-dir",
                                  self.other_dict, stderr_log=str(log))
        try:
            self.assertGreater(search(base, "工程师")["total"], 0)
        finally:
            stop_server(proc)
        self.assertNotIn("other dictionaries", log.read_text())

    def test_the_indexer_reads_the_dictionaries_from_the_servers_environment(self):
        index = Path(self.tmp.name) / "from-env"
        env = dict(os.environ, CHANJIAO_DICT_DIR=str(self.other_dict))
        subprocess.run([str(Path(ARGS.build) / "chanjiao-index"), "build", "--out", str(index),
                        str(SAMPLE)], check=True, capture_output=True, env=env)
        self.assertEqual(run_server("--index", index).returncode, 1)
        r = run_server("--index", index, "--list-routes", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("GET /api/v1/search", r.stdout)

    def test_the_web_ui_and_api_description_come_from_the_data_dir(self):
        proc, base = start_server(ARGS.build, self.same_index, 2)
        try:
            with urllib.request.urlopen(base + "/", timeout=10) as r:
                self.assertIn("<html", r.read().decode("utf-8").lower())
            with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=10) as r:
                self.assertIn("openapi", json.loads(r.read().decode("utf-8")))
        finally:
            stop_server(proc)

    def test_the_binaries_carry_no_source_tree_path(self):
        # Read-only data of each binary (string literals), not its debug
        # information, which names source files by design.
        if shutil.which("objcopy") is None:
            self.skipTest("objcopy not installed")
        source = str(REPO).encode()
        for name in ("chanjiao-server", "chanjiao-index", "chanjiao-analyze", "chanjiao-admin"):
            with tempfile.NamedTemporaryFile() as out:
                subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata",
                                str(Path(ARGS.build) / name), out.name], check=True)
                self.assertNotIn(source, Path(out.name).read_bytes(), name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(BUILD))
    ARGS, rest = parser.parse_known_args()
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
