#!/usr/bin/env python3
"""The OpenAPI description served at /api/v1/openapi.json against the routes
the real chanjiao-server registers (`chanjiao-server --list-routes`, the same
ApiServer the running server uses): no route undocumented, none documented
that does not exist, and the document well-formed.

    python3 tests/integration/test_openapi.py --build build
"""
import re
import subprocess
import sys
import unittest

from chanjiao_server import run_suite

SERVER = None
METHODS = ("get", "post", "put", "delete", "patch", "head", "options")


def registered_routes():
    out = subprocess.run([str(SERVER.build / "chanjiao-server"), "--index", SERVER.index,
                          "--store", SERVER.store, "--list-routes"],
                         check=True, capture_output=True, text=True).stdout
    return {tuple(line.split(" ", 1)) for line in out.splitlines() if line}


def resolve(doc, ref):
    node = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        status, cls.doc = SERVER.get("/api/v1/openapi.json")
        assert status == 200, cls.doc

    def test_documents_exactly_the_registered_routes(self):
        documented = {(m.upper(), path) for path, item in self.doc["paths"].items()
                      for m in item if m in METHODS}
        routes = registered_routes()
        self.assertIn(("POST", "/api/v1/search"), routes)
        self.assertIn(("GET", "/api/v1/openapi.json"), routes)
        self.assertEqual(sorted(routes - documented), [], "registered but not documented")
        self.assertEqual(sorted(documented - routes), [], "documented but not registered")

    def test_is_an_openapi_3_document(self):
        self.assertTrue(self.doc["openapi"].startswith("3."))
        self.assertIn("title", self.doc["info"])
        ids = []
        for path, item in self.doc["paths"].items():
            declared = {p["name"] for p in item.get("parameters", []) if p.get("in") == "path"}
            self.assertEqual(declared, set(re.findall(r"\{(\w+)\}", path)), path)
            for method, op in item.items():
                if method not in METHODS:
                    continue
                ids.append(op["operationId"])
                self.assertTrue(op["responses"], (method, path))
                for code in op["responses"]:
                    self.assertRegex(code, r"^[1-5]\d\d$", (method, path))
        self.assertEqual(len(ids), len(set(ids)), "operationId must be unique")

    def test_every_reference_resolves(self):
        refs = []

        def walk(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    refs.append(node["$ref"])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(self.doc)
        self.assertGreater(len(refs), 10)
        for ref in refs:
            with self.subTest(ref=ref):
                self.assertIsInstance(resolve(self.doc, ref), dict)

    def test_search_body_lists_the_parameters_the_server_accepts(self):
        # Every documented body field is accepted (no "not a search parameter").
        props = self.doc["components"]["schemas"]["SearchBody"]["properties"]
        for name in props:
            with self.subTest(field=name):
                status, body = SERVER.call("POST", "/api/v1/search", {name: None})
                self.assertEqual(status, 200, body)
        status, body = SERVER.call("POST", "/api/v1/search", {"undocumented": 1})
        self.assertEqual(status, 400, body)


if __name__ == "__main__":
    run_suite(sys.modules[__name__])
