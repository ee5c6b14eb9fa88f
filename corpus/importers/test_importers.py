"""Tests for the dataset importers.  Run from this directory:

    python3 -m unittest -v test_importers

All fixtures are synthetic and written to a temporary directory.  The RealDataset tests read
<repo>/../shared/data when it exists and skip otherwise.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

kHere = Path(__file__).resolve().parent
sys.path.insert(0, str(kHere))

import chanjiao_import  # noqa: E402
from fields import (  # noqa: E402
    date_from_datetime_text,
    date_from_epoch_ms,
    normalize_education,
    normalize_experience,
    parse_region,
    short_hash,
    split_welfare,
    validate_document,
)
from salary import parse_salary  # noqa: E402
import labour_stats  # noqa: E402
from fields import validate_series  # noqa: E402

kScript = kHere / "chanjiao_import.py"
kRealDataDir = kHere.parents[1].parent / "shared" / "data"


class ParseSalaryTest(unittest.TestCase):
    def test_formats_normalise_to_yuan_per_month(self):
        rows = [
            # 万 with explicit month
            ("1.5-2万/月", (15000, 20000)),
            ("0.3-1.2万/月", (3000, 12000)),
            ("1.5万元/月", (15000, 15000)),
            # k / K / 千
            ("15k-30k", (15000, 30000)),
            ("10-15K", (10000, 15000)),
            ("5K-10K", (5000, 10000)),
            ("1千-2千", (1000, 2000)),
            ("3-4.5千/月", (3000, 4500)),
            # mixed units, one per side
            ("5千-1万", (5000, 10000)),
            ("1万-1.5万", (10000, 15000)),
            # plain yuan
            ("8000-12000元/月", (8000, 12000)),
            ("8000-12000", (8000, 12000)),
            # yearly: divide by 12, round half up
            ("20-30万/年", (16667, 25000)),
            ("6.5-12万/年", (5417, 10000)),
            # daily: x21.75, round half up
            ("150-200元/天", (3263, 4350)),
            ("150-200/天", (3263, 4350)),
            ("100元/日", (2175, 2175)),
            # open ranges collapse to the stated figure
            ("10万以上", (100000, 100000)),
            ("1K以下", (1000, 1000)),
            ("1千以下", (1000, 1000)),
            # single values
            ("8000元/月", (8000, 8000)),
            ("15K", (15000, 15000)),
            ("2万", (20000, 20000)),
            # decorations
            ("6-10K·13薪", (6000, 10000)),
            ("9-12K·14薪", (9000, 12000)),
            ("15-25k 16薪", (15000, 25000)),
            (" 10-15K ", (10000, 15000)),
            ("１０Ｋ－１５Ｋ", (10000, 15000)),
            ("10~15K", (10000, 15000)),
            # reversed range is swapped so min <= max
            ("30-20K", (20000, 30000)),
        ]
        for text, expected in rows:
            with self.subTest(text=text):
                self.assertEqual(parse_salary(text), expected)

    def test_unusable_text_returns_none(self):
        rows = [
            "面议",
            "薪资面议",
            "面议\n 24小时反馈",
            "",
            "   ",
            "abc",
            "万",
            "-",
            "K15",
            "15k-",
            "-15k",
            "1-2-3K",
            "1..5K",
            "0-0K",
            "50元/小时",
            "15k-30k美元",
            None,
            12000,
        ]
        for text in rows:
            with self.subTest(text=text):
                self.assertIsNone(parse_salary(text))

    def test_default_period_applies_only_when_text_names_none(self):
        rows = [
            ("18-36万\n 24小时反馈", "year", (15000, 30000)),
            ("18-36万", "month", (180000, 360000)),
            ("1.5-2万/月", "year", (15000, 20000)),
            ("200", "day", (4350, 4350)),
        ]
        for text, period, expected in rows:
            with self.subTest(text=text, period=period):
                self.assertEqual(parse_salary(text, default_period=period), expected)

    def test_unknown_default_period_is_a_programming_error(self):
        with self.assertRaises(ValueError):
            parse_salary("10K", default_period="week")


class FieldNormalisationTest(unittest.TestCase):
    def test_education_maps_to_fixed_vocabulary(self):
        rows = [
            ("学历不限", "不限"),
            ("不限", "不限"),
            ("无", "不限"),
            ("初中及以下", "不限"),
            ("中技", "中专"),
            ("中专", "中专"),
            ("中专/中技", "中专"),
            ("中专/中技及以上", "中专"),
            ("高中", "高中"),
            ("大专", "大专"),
            ("大专及以上", "大专"),
            ("专科", "大专"),
            ("本科", "本科"),
            ("统招本科", "本科"),
            ("本科及以上", "本科"),
            ("全日制本科", "本科"),
            ("5个月,本科", "本科"),
            ("6个月,学历不限", "不限"),
            ("大专/本科", "大专"),
            ("硕士", "硕士"),
            ("硕士及以上", "硕士"),
            ("MBA", "硕士"),
            ("博士", "博士"),
            ("其他", None),
            ("3-5年", None),
            ("应届生", None),
            ("", None),
            ("N/A", None),
            (None, None),
        ]
        for text, expected in rows:
            with self.subTest(text=text):
                self.assertEqual(normalize_education(text), expected)

    def test_experience_keeps_wording_and_drops_non_experience(self):
        rows = [
            ("3-5年", "3-5年"),
            ("经验不限", "经验不限"),
            ("不限", "不限"),
            ("无经验", "无经验"),
            ("1年以下", "1年以下"),
            ("应届生", "应届生"),
            ("本科", None),
            ("5天/周", None),
            ("N/A", None),
            ("", None),
        ]
        for text, expected in rows:
            with self.subTest(text=text):
                self.assertEqual(normalize_experience(text), expected)

    def test_region_is_the_city_part(self):
        rows = [
            ("上海-徐汇区", "上海"),
            ("上海", "上海"),
            ("郑州-郑东新区 ", "郑州"),
            ("青岛-黄岛区（新行政区）", "青岛"),
            ("北京市", "北京"),
            ("北京市-朝阳区", "北京"),
            ("乌鲁木齐", "乌鲁木齐"),
            ("全国", None),
            ("", None),
            (None, None),
        ]
        for text, expected in rows:
            with self.subTest(text=text):
                self.assertEqual(parse_region(text), expected)

    def test_welfare_split_only_when_clean(self):
        rows = [
            ("五险一金,定期体检,年终奖", ["五险一金", "定期体检", "年终奖"]),
            ("五险一金 年终奖金", ["五险一金", "年终奖金"]),
            ("职位亮点五险一金", ["五险一金"]),
            ("五险一金、五险一金、餐补", ["五险一金", "餐补"]),
            ("职位亮点五险一金带薪年假节日福利", []),
            ("五险一金,111089,一句很长的不是福利标签的句子", ["五险一金"]),
            ("", []),
            (None, []),
        ]
        for text, expected in rows:
            with self.subTest(text=text):
                self.assertEqual(split_welfare(text), expected)

    def test_dates(self):
        self.assertEqual(date_from_datetime_text("2019-06-08 20:15:27"), "2019-06-08")
        self.assertIsNone(date_from_datetime_text("昨天"))
        self.assertIsNone(date_from_datetime_text("2019-13-45 00:00:00"))
        # 2019-02-28 16:00 UTC is already 2019-03-01 in China.
        self.assertEqual(date_from_epoch_ms(1551369600000), "2019-03-01")
        self.assertIsNone(date_from_epoch_ms(None))
        self.assertIsNone(date_from_epoch_ms(True))
        self.assertIsNone(date_from_epoch_ms(-1))

    def test_validate_document_rejects_contract_breaks(self):
        good = {"id": "it-job-1", "type": "job", "title": "工程师"}
        self.assertIsNone(validate_document(good))
        rows = [
            ({"id": "it job"}, "invalid id"),
            ({"id": ""}, "invalid id"),
            ({"type": "course"}, "invalid type"),
            ({"title": " "}, "missing title"),
            ({"body": ""}, "empty field body"),
            ({"tags": []}, "empty field tags"),
            ({"tags": ["a", ""]}, "list of non-empty strings"),
            ({"published_at": "2019/06/01"}, "invalid published_at"),
            ({"education": "本科及以上"}, "invalid education"),
            ({"salary_min": 1000}, "must come together"),
            ({"salary_min": 3000, "salary_max": 2000}, "invalid salary range"),
            ({"salary_min": 1.5, "salary_max": 2000}, "invalid salary range"),
        ]
        for change, expected in rows:
            with self.subTest(change=change):
                self.assertIn(expected, validate_document({**good, **change}) or "")


def _write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _json(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


class VocabularyAgreesWithSchemaTest(unittest.TestCase):
    """The importer's vocabularies are the corpus schemas', which core/index_fields_test.cc
    checks against the C++ table (core/index_fields.h): the three agree."""

    @staticmethod
    def schema(name):
        return json.loads((kHere.parent / "schema" / name).read_text(encoding="utf-8"))

    def test_education_levels(self):
        import fields
        self.assertEqual(list(fields.kEducationLevels),
                         self.schema("job.schema.json")["properties"]["education"]["enum"])

    def test_resource_levels(self):
        import fields
        self.assertEqual(list(fields.kResourceLevels),
                         self.schema("resource.schema.json")["properties"]["level"]["enum"])

    def test_document_types(self):
        import fields
        types = {self.schema(p.name)["properties"]["type"]["const"]
                 for p in (kHere.parent / "schema").glob("*.schema.json")}
        self.assertEqual(set(fields.kDocumentTypes), types)


class ImporterTestCase(unittest.TestCase):
    """Runs the CLI entry point in-process against a synthetic data directory."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.data = Path(self.tmp.name) / "data"
        self.data.mkdir()
        self.out = Path(self.tmp.name) / "out.jsonl"

    def run_cli(self, *args: str) -> tuple[int, list[dict], str]:
        err = io.StringIO()
        code = chanjiao_import.main(
            [*args, "--data", str(self.data), "--out", str(self.out)], err=err
        )
        docs = []
        if self.out.exists():
            docs = [json.loads(line) for line in self.out.read_text(encoding="utf-8").splitlines()]
        return code, docs, err.getvalue()

    def by_id(self, docs: list[dict]) -> dict[str, dict]:
        return {doc["id"]: doc for doc in docs}


def _it_row(**fields) -> dict:
    row = {
        "id": "job-00001",
        "src": "by_language/Java.xlsx",
        "keyword": "Java",
        "title": "测试开发工程师",
        "company": "示例科技有限公司",
        "city": "上海",
        "district": "",
        "education": "统招本科",
        "salary": "1.5-2万/月",
        "experience": "3-5年",
        "industry": "计算机软件",
        "welfare": "五险一金,带薪年假",
        "company_size": "100-499人",
        "description": "负责示例系统的测试与质量保障。",
    }
    row.update(fields)
    return row


class JobsItImporterTest(ImporterTestCase):
    def write(self, lines: list[str]) -> None:
        _write_lines(self.data / "jobs-it-2019" / "jobs-00.jsonl", lines)

    def test_row_maps_to_job_document(self):
        self.write([_json(_it_row())])
        code, docs, _ = self.run_cli("jobs-it")
        self.assertEqual(code, 0)
        self.assertEqual(
            docs,
            [
                {
                    "id": "it-job-00001",
                    "type": "job",
                    "title": "测试开发工程师",
                    "body": "负责示例系统的测试与质量保障。",
                    "org": "示例科技有限公司",
                    "region": "上海",
                    "tags": ["Java", "五险一金", "带薪年假"],
                    "published_at": "2019-06-01",
                    "salary_min": 15000,
                    "salary_max": 20000,
                    "education": "本科",
                    "experience": "3-5年",
                    "industry": "计算机软件",
                }
            ],
        )

    def test_liepin_salary_is_annual_and_keyword_alias_applies(self):
        row = _it_row(
            src="raw/猎聘网.xlsx:sheet=JS",
            keyword="JS",
            salary="18-36万\n 24小时反馈",
            welfare="",
            industry="",
        )
        self.write([_json(row)])
        _, docs, _ = self.run_cli("jobs-it")
        doc = docs[0]
        self.assertEqual((doc["salary_min"], doc["salary_max"]), (15000, 30000))
        self.assertEqual(doc["tags"], ["JavaScript"])
        self.assertNotIn("industry", doc)

    def test_swapped_education_and_experience_columns_are_repaired(self):
        self.write([_json(_it_row(education="1-3年", experience="大专"))])
        _, docs, err = self.run_cli("jobs-it")
        self.assertEqual((docs[0]["education"], docs[0]["experience"]), ("大专", "1-3年"))
        self.assertIn("columns swapped back", err)

    def test_missing_values_are_omitted_not_emptied(self):
        row = _it_row(salary="面议", welfare="职位亮点五险一金带薪年假节日福利", experience="N/A")
        self.write([_json(row)])
        _, docs, _ = self.run_cli("jobs-it")
        doc = docs[0]
        for key in ("salary_min", "salary_max", "experience"):
            self.assertNotIn(key, doc)
        self.assertEqual(doc["tags"], ["Java"])
        self.assertNotIn("", doc.values())

    def test_malformed_lines_are_reported_with_file_and_line_and_skipped(self):
        self.write(
            [
                _json(_it_row(id="job-00001")),
                "{not json",
                "[1, 2]",
                "",
                _json(_it_row(id="job-00005", title="  ")),
                _json(_it_row(id="job-00006")),
                _json(_it_row(id="job-00006")),
            ]
        )
        code, docs, err = self.run_cli("jobs-it")
        self.assertEqual(code, 0)
        self.assertEqual([d["id"] for d in docs], ["it-job-00001", "it-job-00006"])
        self.assertIn("jobs-it-2019/jobs-00.jsonl:2: invalid JSON", err)
        self.assertIn("jobs-it-2019/jobs-00.jsonl:3: not a JSON object", err)
        self.assertIn("jobs-it-2019/jobs-00.jsonl:5: missing title", err)
        self.assertIn("jobs-it-2019/jobs-00.jsonl:7: duplicate id", err)
        self.assertIn("read 6, written 2, skipped 4", err)

    def test_invalid_utf8_costs_one_line(self):
        path = self.data / "jobs-it-2019" / "jobs-00.jsonl"
        path.parent.mkdir(parents=True)
        good = [_json(_it_row(id=f"job-0000{i}")).encode("utf-8") for i in (1, 3)]
        path.write_bytes(good[0] + b"\n" + b'{"id": "\xff\xfe"}\n' + good[1] + b"\n")
        _, docs, err = self.run_cli("jobs-it")
        self.assertEqual([d["id"] for d in docs], ["it-job-00001", "it-job-00003"])
        self.assertIn("jobs-it-2019/jobs-00.jsonl:2: invalid UTF-8", err)

    def test_limit_caps_written_documents(self):
        self.write([_json(_it_row(id=f"job-0000{i}")) for i in range(1, 6)])
        _, docs, _ = self.run_cli("jobs-it", "--limit", "2")
        self.assertEqual(len(docs), 2)


class ZhaopinImporterTest(ImporterTestCase):
    def test_row_maps_to_job_document_with_synthesised_body(self):
        row = {
            "number": "CC000000001J00000000001",
            "title": "软件测试工程师",
            "company": "示例网络有限公司",
            "company_type": "民营",
            "company_size": "不限",
            "city": "上海-徐汇区",
            "business_area": "漕河泾",
            "salary": "8K-12K",
            "education": "中技",
            "experience": "1-3年",
            "job_type": "软件/互联网开发/系统集成",
            "employment": "全职",
            "welfare": ["五险一金", "餐补", "五险一金"],
            "skills": ["Selenium", "Python"],
            "update_date": "2019-06-08 20:15:27",
            "crawl_query": "上海_IT服务",
        }
        _write_lines(self.data / "jobs-zhaopin-2019" / "zhaopin-jobs-00.jsonl", [_json(row)])
        code, docs, _ = self.run_cli("zhaopin")
        self.assertEqual(code, 0)
        self.assertEqual(
            docs,
            [
                {
                    "id": "zp-CC000000001J00000000001",
                    "type": "job",
                    "title": "软件测试工程师",
                    "body": "职位类别：软件/互联网开发/系统集成；工作地点：上海-徐汇区；"
                    "商圈：漕河泾；工作性质：全职；公司性质：民营。",
                    "org": "示例网络有限公司",
                    "region": "上海",
                    "tags": ["五险一金", "餐补"],
                    "skills": ["Selenium", "Python"],
                    "published_at": "2019-06-08",
                    "salary_min": 8000,
                    "salary_max": 12000,
                    "education": "中专",
                    "experience": "1-3年",
                    "industry": "软件/互联网开发/系统集成",
                }
            ],
        )

    def test_negotiable_salary_and_bad_fields_are_omitted(self):
        row = {
            "number": "CZ000000002J00000000002",
            "title": "客服专员",
            "city": "成都",
            "salary": "薪资面议",
            "education": "学历不限",
            "experience": "不限",
            "welfare": [],
            "skills": None,
            "update_date": "unknown",
        }
        _write_lines(self.data / "jobs-zhaopin-2019" / "zhaopin-jobs-00.jsonl", [_json(row)])
        _, docs, err = self.run_cli("zhaopin")
        doc = docs[0]
        for key in ("salary_min", "tags", "skills", "published_at", "org"):
            self.assertNotIn(key, doc)
        self.assertEqual(doc["education"], "不限")
        self.assertIn("update_date not parsed", err)


class Icourse163ImporterTest(ImporterTestCase):
    def write(self, course_list, course_school, intros) -> None:
        root = self.data / "courses-icourse163"
        _write_lines(root / "course_list.tsv", ["name\tcategory\ttype", *course_list])
        _write_lines(root / "course_school.tsv", ["name\tlearners\turl\tschool", *course_school])
        _write_lines(root / "cs_courses_with_intro.jsonl", [_json(r) for r in intros])

    def test_join_merge_and_ids(self):
        self.write(
            course_list=[
                "示例数据结构\t计算机\t国家精品",
                "示例数据结构\t工学\tnull",
                "示例数据结构\t计算机\tnull",
                "示例孤立课程\t理学\t加群免费刷考研题",
                "缺一列\t工学",
            ],
            course_school=[
                "示例数据结构\t100\thttps://www.icourse163.org/course/ABC-1001\t示例大学",
                "示例无链接课程\t5\t\t示例学院",
                "示例编译原理\t7\thttps://www.icourse163.org/course/DEF-3003\t示例工业大学",
            ],
            intros=[
                {
                    "id": 1001,
                    "name": "示例数据结构",
                    "school": "示例大学",
                    "intro": "一段合成的课程简介。",
                    "startTime": 1551369600000,
                    "tags": ["大学先修课"],
                    "url": "https://www.icourse163.org/course/ABC-1001",
                },
                {
                    "id": 2002,
                    "name": "示例操作系统",
                    "school": "示例理工大学",
                    "intro": "",
                    "startTime": 1551369600000,
                    "tags": [],
                    "url": "https://www.icourse163.org/course/XYZ-2002",
                },
                {
                    "id": 3003,
                    "name": "示例编译原理（旧名）",
                    "school": "示例工业大学",
                    "intro": None,
                    "startTime": 1551369600000,
                    "tags": [],
                    "url": "https://www.icourse163.org/course/DEF-3003",
                },
            ],
        )
        code, docs, err = self.run_cli("icourse163")
        self.assertEqual(code, 0)
        self.assertIn("course_list.tsv:6: wrong column count", err)
        docs = self.by_id(docs)
        no_url_id = "mooc-" + short_hash("示例无链接课程", "示例学院")
        orphan_id = "mooc-" + short_hash("示例孤立课程", "")
        self.assertEqual(
            set(docs), {"mooc-ABC-1001", "mooc-DEF-3003", "mooc-XYZ-2002", no_url_id, orphan_id}
        )
        self.assertEqual(
            docs["mooc-ABC-1001"],
            {
                "id": "mooc-ABC-1001",
                "type": "resource",
                "title": "示例数据结构",
                "body": "一段合成的课程简介。",
                "org": "示例大学",
                "tags": ["国家精品", "大学先修课"],
                "published_at": "2019-03-01",
                "url": "https://www.icourse163.org/course/ABC-1001",
                "major": "计算机",
                "level": "本科",
                "format": "课程",
                "school": "示例大学",
            },
        )
        # Without an intro the TSV record wins; the JSONL only fills gaps.
        self.assertEqual(docs["mooc-DEF-3003"]["title"], "示例编译原理")
        self.assertEqual(docs["mooc-DEF-3003"]["published_at"], "2019-03-01")
        self.assertNotIn("body", docs["mooc-DEF-3003"])
        self.assertEqual(docs["mooc-XYZ-2002"]["major"], "计算机")
        self.assertNotIn("body", docs["mooc-XYZ-2002"])
        self.assertEqual(docs[no_url_id]["school"], "示例学院")
        self.assertNotIn("url", docs[no_url_id])
        self.assertEqual(docs[orphan_id]["major"], "理学")
        self.assertNotIn("tags", docs[orphan_id])
        self.assertNotIn("school", docs[orphan_id])

    def test_unexpected_header_is_fatal(self):
        root = self.data / "courses-icourse163"
        _write_lines(root / "course_list.tsv", ["课程\t类别\t类型"])
        _write_lines(root / "course_school.tsv", ["name\tlearners\turl\tschool"])
        _write_lines(root / "cs_courses_with_intro.jsonl", [])
        code, _, err = self.run_cli("icourse163")
        self.assertEqual(code, 2)
        self.assertIn("course_list.tsv:1: expected header", err)


def _mohrss_record(period: str, emp_new: float, title: str | None = None, **fields) -> dict:
    year, month = (int(x) for x in period.split("-"))
    record = {"period": period, "year": year, "month": month, "emp_new": emp_new,
              "emp_reemp": emp_new / 3, "emp_hard": emp_new / 10, "unemp_registered": None,
              "title": title or f"{year}年1-{month}月人力资源和社会保障统计数据",
              "url": "https://www.mohrss.gov.cn/x/t20260803_1.html"}
    record.update(fields)
    return record


def _write_labour_stats(root: Path) -> None:
    base = root / "labour-stats-cn"
    mohrss = [
        _mohrss_record("2016-01", 89.0, "2016年1月人力资源社会保障统计数据"),
        _mohrss_record("2016-03", 318.0, "2016年一季度人力资源和社会保障主要统计数据",
                       unemp_registered=4.04),
        _mohrss_record("2016-09", 1067.0, "2016年前三季度人力资源社会保障统计数据"),
        # As at source: the December row holds the Jan–Oct release.
        _mohrss_record("2016-12", 1168.0, "2016年1－10月人力资源和社会保障主要统计数据"),
    ]
    (base / "mohrss-monthly-2013-2026").mkdir(parents=True)
    (base / "mohrss-monthly-2013-2026" / "mohrss_series.json").write_text(
        json.dumps(mohrss, ensure_ascii=False), encoding="utf-8")
    nbs = base / "nbs-unemployment-monthly"
    nbs.mkdir()
    for file_name, doc_id, _region in labour_stats.kNbsSeries:
        source = {"name_zh": doc_id + "名称", "unit_zh": "%", "generated_at": "2026-09-17T09:25:50Z",
                  "source": {"url": "https://data.stats.gov.cn/"},
                  "observations": [{"period": "2023-12", "m": 14.9, "src": "dg:1"},
                                   {"period": "2024-01", "m": 14.6}],
                  "breaks": []}
        if "exstudent" in doc_id:
            source["breaks"] = [{"effective": "2023-12", "note_zh": "新口径"}]
        (nbs / file_name).write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    grads = base / "graduates-supply-cn"
    grads.mkdir()
    (grads / "graduate_supply_panel.csv").write_text(
        "\ufeffyear,graduate_total,vocational_graduates,undergraduate_graduates,postgraduate_graduates\n"
        "2024,1100.5,500.1,490.2,110.2\n2025,1221.8,,,116.7\n", encoding="utf-8")
    annual = base / "nbs-annual-wage-regunemp"
    annual.mkdir()
    (annual / "年度城镇单位就业人员平均工资.csv").write_text(
        ",A040F01_sj,A040F02_sj\n2022,0.0,0.0\n2021,106837.0,110221.0\n2020,97379.0,100512.0\n",
        encoding="utf-8")
    (annual / "年度城镇登记失业人员及失业率.csv").write_text(
        ",A040N01_sj,A040N02_sj\n2022,0.0,0.0\n2021,1040.0,3.96\n", encoding="utf-8")


class LabourStatsTest(ImporterTestCase):
    def test_release_titles_name_the_months_they_cover(self):
        rows = [
            ("2016年1月人力资源社会保障统计数据", 1),
            ("2019年1-2月人力资源和社会保障统计数据", 2),
            ("2016年1－10月人力资源和社会保障主要统计数据", 10),
            ("2016年一季度人力资源和社会保障主要统计数据", 3),
            ("2020年上半年人力资源社会保障统计数据", 6),
            ("2018年前三季度人力资源社会保障统计数据", 9),
            ("2019年人力资源和社会保障统计快报数据", None),
        ]
        for title, months in rows:
            with self.subTest(title):
                self.assertEqual(labour_stats.months_in_title(title), months)

    def test_series_documents_keep_cumulative_values_and_fix_the_mislabelled_row(self):
        _write_labour_stats(self.data)
        code, docs, err = self.run_cli("labour-stats")
        self.assertEqual(code, 0, err)
        by_id = self.by_id(docs)
        new_jobs = by_id["mohrss-urban-new-employment-ytd"]
        self.assertTrue(new_jobs["cumulative"])
        self.assertIn("年内累计", new_jobs["body"])
        self.assertEqual(new_jobs["published_at"], "2026-08-03")
        periods = {o["period"]: o for o in new_jobs["observations"]}
        self.assertEqual(sorted(periods), ["2016-01", "2016-03", "2016-09", "2016-10"])
        self.assertEqual(periods["2016-10"]["value"], 1168.0)  # as published: Jan–Oct, YTD
        self.assertIn("2016-12", periods["2016-10"]["note"])
        self.assertIn("relabelled 2016-12 as 2016-10", err)
        quarterly = by_id["mohrss-registered-unemployment-rate-q"]
        self.assertEqual(quarterly["frequency"], "Q")
        self.assertEqual(quarterly["observations"], [{"period": "2016-Q1", "value": 4.04}])

    def test_the_two_youth_bases_are_separate_documents(self):
        _write_labour_stats(self.data)
        _, docs, _ = self.run_cli("labour-stats")
        by_id = self.by_id(docs)
        new_basis = by_id["nbs-urban-unemp-youth-1624-exstudent"]
        self.assertEqual(new_basis["breaks"], [{"period": "2023-12", "note": "新口径"}])
        self.assertIn("nbs-urban-unemp-youth-1624", by_id)
        self.assertNotIn("breaks", by_id["nbs-urban-unemp"])
        # A row without `src` came from a press release, and says so.
        self.assertIn("note", new_basis["observations"][1])
        self.assertEqual(new_basis["published_at"], "2026-09-17")

    def test_annual_sets_skip_missing_values(self):
        _write_labour_stats(self.data)
        _, docs, _ = self.run_cli("labour-stats")
        by_id = self.by_id(docs)
        self.assertEqual([o["period"] for o in by_id["nbs-graduates-vocational"]["observations"]],
                         ["2024"])
        self.assertEqual([o["period"] for o in by_id["nbs-graduates-total"]["observations"]],
                         ["2024", "2025"])
        wages = by_id["nbs-average-wage-urban-units"]["observations"]
        self.assertEqual(wages, [{"period": "2020", "value": 97379.0},
                                 {"period": "2021", "value": 106837.0}])  # 0.0 = no value
        self.assertEqual(by_id["nbs-registered-unemployment-rate-annual"]["unit"], "%")
        for doc in docs:
            self.assertIsNone(validate_document(doc), doc["id"])

    def test_missing_file_exits_2(self):
        _write_labour_stats(self.data)
        (self.data / "labour-stats-cn" / "graduates-supply-cn" / "graduate_supply_panel.csv").unlink()
        code, _, err = self.run_cli("labour-stats")
        self.assertEqual(code, 2)
        self.assertIn("graduate_supply_panel.csv", err)

    def test_series_contract_matches_the_indexer(self):
        def doc(**fields):
            base = {"id": "s", "type": "series", "title": "t", "unit": "%", "frequency": "M",
                    "observations": [{"period": "2024-01", "value": 5.0}]}
            base.update(fields)
            return base

        self.assertIsNone(validate_series(doc()))
        rows = [
            (doc(observations=[{"period": "2024/01", "value": 1}]), "observations[0].period"),
            (doc(observations=[{"period": "2024-01", "value": 1}, {"period": "2024-01", "value": 2}]),
             "observations[1].period: duplicate"),
            (doc(observations=[{"period": "2024-01", "value": "5"}]), "observations[0].value"),
            (doc(observations=[{"period": "2024-01", "value": 101}]), "outside 0..100"),
            (doc(frequency="W"), "invalid frequency"),
            (doc(frequency="Y", cumulative=True, observations=[{"period": "2024", "value": 1}]),
             "cumulative"),
        ]
        for bad, message in rows:
            with self.subTest(message):
                self.assertIn(message, validate_series(bad))


class CliTest(ImporterTestCase):
    def test_missing_dataset_folder_exits_2_with_message(self):
        code, docs, err = self.run_cli("zhaopin")
        self.assertEqual(code, 2)
        self.assertIn("dataset folder not found", err)
        self.assertIn("jobs-zhaopin-2019", err)
        self.assertFalse(self.out.exists())

    def test_all_checks_every_folder_before_writing(self):
        _write_lines(self.data / "jobs-it-2019" / "jobs-00.jsonl", [_json(_it_row())])
        code, _, err = self.run_cli("all")
        self.assertEqual(code, 2)
        self.assertFalse(self.out.exists())

    def test_missing_file_inside_dataset_exits_2(self):
        (self.data / "courses-icourse163").mkdir()
        code, _, err = self.run_cli("icourse163")
        self.assertEqual(code, 2)
        self.assertIn("course_list.tsv", err)

    def test_script_runs_as_a_program_and_writes_stdout(self):
        _write_lines(self.data / "jobs-it-2019" / "jobs-00.jsonl", [_json(_it_row())])
        result = subprocess.run(
            [sys.executable, str(kScript), "jobs-it", "--data", str(self.data)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["id"], "it-job-00001")
        self.assertIn("测试开发工程师", result.stdout)  # ensure_ascii=False
        self.assertIn("jobs-it: read 1, written 1, skipped 0", result.stderr)


class RealDatasetTest(unittest.TestCase):
    """Smoke-runs each importer over the shared datasets with --limit 200 (default --data)."""

    kRequired = ("id", "type", "title")

    def run_real(self, dataset: str, folder: str, expected_type: str) -> None:
        if not (kRealDataDir / folder).is_dir():
            self.skipTest(f"{kRealDataDir / folder} not present")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.jsonl"
            result = subprocess.run(
                [sys.executable, str(kScript), dataset, "--limit", "200", "--out", str(out)],
                capture_output=True,
                text=True,
                encoding="utf-8",
                check=False,
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        self.assertGreater(len(docs), 0)
        self.assertLessEqual(len(docs), 200)
        self.assertEqual(len({d["id"] for d in docs}), len(docs), "ids must be unique")
        for doc in docs:
            for key in self.kRequired:
                self.assertIn(key, doc, doc.get("id"))
            self.assertEqual(doc["type"], expected_type)
            self.assertIsNone(validate_document(doc), doc["id"])

    def test_jobs_it(self):
        self.run_real("jobs-it", "jobs-it-2019", "job")

    def test_zhaopin(self):
        self.run_real("zhaopin", "jobs-zhaopin-2019", "job")

    def test_icourse163(self):
        self.run_real("icourse163", "courses-icourse163", "resource")

    def test_labour_stats(self):
        self.run_real("labour-stats", "labour-stats-cn", "series")


if __name__ == "__main__":
    unittest.main()
