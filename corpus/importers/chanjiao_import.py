#!/usr/bin/env python3
"""Turns the public datasets under shared/data into Chanjiao JSONL documents.

    python3 corpus/importers/chanjiao_import.py {jobs-it|zhaopin|icourse163|labour-stats|all}
        [--data DIR] [--out FILE|-] [--limit N]

Exit status: 0 = done (skipped source lines are reported, not fatal); 2 = a dataset folder or
one of its files is missing, or bad arguments.  Documents go to --out (stdout by default); the
summary and every `file:line: problem` go to stderr.  See README.md for the field mapping.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from fields import (
    clean_text,
    date_from_datetime_text,
    date_from_epoch_ms,
    looks_like_experience,
    normalize_education,
    normalize_experience,
    parse_region,
    short_hash,
    split_welfare,
    unique,
    validate_document,
)
from labour_stats import import_labour_stats
from salary import parse_salary

kRepoDir = Path(__file__).resolve().parents[2]
kDefaultDataDir = kRepoDir.parent / "shared" / "data"

# jobs-it-2019 carries no posting dates; the scrape ran May-June 2019 (repository commit
# 2019-06-29), so every posting gets the middle of that window.
kJobsItPublishedAt = "2019-06-01"

# Search keywords differ in spelling between the by_language sheets and the Liepin sheets.
kKeywordAliases = {"JS": "JavaScript", "python": "Python"}

# course_list.tsv `type` values that are site promotions, not course designations.
kPromotionalCourseTypes = {"加群免费刷考研题"}

# cs_courses_with_intro.jsonl was scraped from icourse163's computer-science channel.
kCsChannelCategory = "计算机"

kMaxProblemsPrinted = 50

# Output key order: common fields first, then the type-specific ones (readability only).
kFieldOrder = (
    "id", "type", "title", "body", "org", "region", "tags", "skills", "published_at", "url",
    "salary_min", "salary_max", "education", "experience", "industry", "major",
    "level", "format", "school", "enterprise", "year",
)


@dataclasses.dataclass
class ImportStats:
    """Counters for one dataset run; `problems` holds `file:line: problem` strings."""

    dataset: str
    read: int = 0
    written: int = 0
    skipped: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    notes: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    problems: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def skip(self, where: str, reason: str, detail: str = "") -> None:
        self.skipped[reason] += 1
        self.problems.append(f"{where}: {reason}{': ' + detail if detail else ''}")

    def summary(self) -> str:
        lines = [
            f"{self.dataset}: read {self.read}, written {self.written}, "
            f"skipped {sum(self.skipped.values())} in {self.seconds:.2f} s"
        ]
        lines += [f"  skipped {n:>6}  {reason}" for reason, n in self.skipped.most_common()]
        lines += [f"  note    {n:>6}  {note}" for note, n in sorted(self.notes.items())]
        if self.written and "salary parsed" in self.notes:
            share = 100 * self.notes["salary parsed"] / self.written
            lines.append(f"  salary parsed for {share:.1f}% of written jobs")
        return "\n".join(lines)


class DatasetUnavailable(Exception):
    """The dataset folder or one of its files is absent or not in the expected layout."""


# ---------------------------------------------------------------------------- source readers


def _display(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _numbered_lines(path: Path, data_dir: Path) -> Iterator[tuple[str, str | None]]:
    """Yields (`file:line`, text) per non-blank line; text is None when the line is not UTF-8.

    Lines are decoded one by one so a bad byte costs one line, not the rest of the file.
    """
    name = _display(path, data_dir)
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                yield f"{name}:{line_no}", None
                continue
            if line_no == 1:
                text = text.removeprefix("\ufeff")
            if text.strip():
                yield f"{name}:{line_no}", text


def read_jsonl(path: Path, data_dir: Path, stats: ImportStats) -> Iterator[tuple[str, dict]]:
    """Yields (`file:line`, object) for each well-formed line; reports and skips the rest."""
    for where, text in _numbered_lines(path, data_dir):
        stats.read += 1
        if text is None:
            stats.skip(where, "invalid UTF-8")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as error:
            stats.skip(where, "invalid JSON", f"{error.msg} at column {error.colno}")
            continue
        if not isinstance(obj, dict):
            stats.skip(where, "not a JSON object")
            continue
        yield where, obj


def read_tsv(
    path: Path, data_dir: Path, columns: tuple[str, ...], stats: ImportStats
) -> Iterator[tuple[str, dict]]:
    """Yields (`file:line`, row) for rows with exactly `columns`; the header must match."""
    lines = _numbered_lines(path, data_dir)
    header_where, header = next(lines, (f"{_display(path, data_dir)}:1", ""))
    if header is None or tuple(header.split("\t")) != columns:
        raise DatasetUnavailable(
            f"{header_where}: expected header {'<TAB>'.join(columns)}, got {header!r}"
        )
    for where, text in lines:
        stats.read += 1
        if text is None:
            stats.skip(where, "invalid UTF-8")
            continue
        cells = text.split("\t")
        if len(cells) != len(columns):
            stats.skip(where, "wrong column count", f"{len(cells)} != {len(columns)}")
            continue
        yield where, dict(zip(columns, cells))


def _dataset_files(data_dir: Path, folder: str, patterns: Iterable[str]) -> list[Path]:
    root = data_dir / folder
    if not root.is_dir():
        raise DatasetUnavailable(f"dataset folder not found: {root}")
    files = []
    for pattern in patterns:
        matches = sorted(root.glob(pattern))
        if not matches:
            raise DatasetUnavailable(f"{root}: no file matches {pattern}")
        files += matches
    return files


# ---------------------------------------------------------------------------- record mapping


def _set(doc: dict, key: str, value: object) -> None:
    """Adds a field unless it is empty: the schema omits unknown fields instead of nulling them."""
    if isinstance(value, str):
        value = clean_text(value)
    if value is None or value == "" or value == []:
        return
    doc[key] = value


def _set_salary(doc: dict, text: object, stats: ImportStats, default_period: str = "month") -> None:
    parsed = parse_salary(text, default_period=default_period)
    if parsed is None:
        stats.notes["salary not parsed (面议 or unknown format)"] += 1
        return
    stats.notes["salary parsed"] += 1
    doc["salary_min"], doc["salary_max"] = parsed


def _require_title(where: str, obj: dict, key: str, stats: ImportStats) -> str | None:
    title = clean_text(obj.get(key))
    if title is None:
        stats.skip(where, f"missing {key}")
    return title


def map_jobs_it(where: str, row: dict, stats: ImportStats) -> dict | None:
    """One jobs-it-2019 row -> job document (None when the row cannot be used)."""
    source_id = clean_text(row.get("id"))
    if source_id is None:
        stats.skip(where, "missing id")
        return None
    title = _require_title(where, row, "title", stats)
    if title is None:
        return None
    education_raw, experience_raw = row.get("education"), row.get("experience")
    # 179 rows (Ruby sheet) have education and experience in each other's columns.
    if looks_like_experience(education_raw) and normalize_education(experience_raw):
        education_raw, experience_raw = experience_raw, education_raw
        stats.notes["education/experience columns swapped back"] += 1
    keyword = clean_text(row.get("keyword"))
    keyword = kKeywordAliases.get(keyword, keyword)
    welfare = split_welfare(row.get("welfare"))
    if clean_text(row.get("welfare")) and not welfare:
        stats.notes["welfare not separable, dropped"] += 1

    doc = {"id": f"it-{source_id}", "type": "job", "title": title}
    _set(doc, "body", row.get("description"))
    _set(doc, "org", row.get("company"))
    _set(doc, "region", parse_region(row.get("city")))
    _set(doc, "tags", unique(([keyword] if keyword else []) + welfare))
    doc["published_at"] = kJobsItPublishedAt
    # Liepin quotes annual packages as a bare "18-36万"; the other sites quote monthly pay.
    is_liepin = str(row.get("src", "")).startswith("raw/猎聘网")
    _set_salary(doc, row.get("salary"), stats, default_period="year" if is_liepin else "month")
    _set(doc, "education", normalize_education(education_raw))
    _set(doc, "experience", normalize_experience(experience_raw))
    _set(doc, "industry", row.get("industry"))
    return doc


def _zhaopin_body(row: dict) -> str | None:
    """The source has no description text; a sentence built from its structured fields gives
    the document body something to match on and to show as a snippet."""
    parts = []
    for label, key in (
        ("职位类别", "job_type"),
        ("工作地点", "city"),
        ("商圈", "business_area"),
        ("工作性质", "employment"),
        ("公司性质", "company_type"),
        ("公司规模", "company_size"),
    ):
        value = clean_text(row.get(key))
        if value is not None and value != "不限":
            parts.append(f"{label}：{value}")
    return "；".join(parts) + "。" if parts else None


def _string_list(value: object) -> list[str]:
    return unique([v for v in value if isinstance(v, str)]) if isinstance(value, list) else []


def map_zhaopin(where: str, row: dict, stats: ImportStats) -> dict | None:
    """One jobs-zhaopin-2019 row -> job document."""
    number = clean_text(row.get("number"))
    if number is None:
        stats.skip(where, "missing number")
        return None
    title = _require_title(where, row, "title", stats)
    if title is None:
        return None
    doc = {"id": f"zp-{number}", "type": "job", "title": title}
    _set(doc, "body", _zhaopin_body(row))
    _set(doc, "org", row.get("company"))
    _set(doc, "region", parse_region(row.get("city")))
    _set(doc, "tags", _string_list(row.get("welfare")))
    _set(doc, "skills", _string_list(row.get("skills")))
    published = date_from_datetime_text(row.get("update_date"))
    if published is None:
        stats.notes["update_date not parsed"] += 1
    _set(doc, "published_at", published)
    _set_salary(doc, row.get("salary"), stats)
    _set(doc, "education", normalize_education(row.get("education")))
    _set(doc, "experience", normalize_experience(row.get("experience")))
    _set(doc, "industry", row.get("job_type"))
    return doc


_COURSE_URL_RE = re.compile(r"/course/([A-Za-z0-9._-]+)/?(?:[?#].*)?$")


def _course_id(url: str | None, name: str, school: str | None) -> str:
    match = _COURSE_URL_RE.search(url or "")
    return "mooc-" + (match.group(1) if match else short_hash(name, school or ""))


def _resource(doc_id: str, title: str) -> dict:
    return {"id": doc_id, "type": "resource", "title": title}


def _finish_resource(doc: dict) -> dict:
    doc["level"] = "本科"  # icourse163 courses are university MOOCs
    doc["format"] = "课程"
    return doc


# ---------------------------------------------------------------------------- importers


def import_jobs_it(data_dir: Path, stats: ImportStats) -> Iterator[tuple[str, dict]]:
    for path in _dataset_files(data_dir, "jobs-it-2019", ["jobs-*.jsonl"]):
        for where, row in read_jsonl(path, data_dir, stats):
            doc = map_jobs_it(where, row, stats)
            if doc is not None:
                yield where, doc


def import_zhaopin(data_dir: Path, stats: ImportStats) -> Iterator[tuple[str, dict]]:
    for path in _dataset_files(data_dir, "jobs-zhaopin-2019", ["zhaopin-jobs-*.jsonl"]):
        for where, row in read_jsonl(path, data_dir, stats):
            doc = map_zhaopin(where, row, stats)
            if doc is not None:
                yield where, doc


def _course_catalog(path: Path, data_dir: Path, stats: ImportStats) -> dict[str, dict]:
    """course_list.tsv -> name -> {"where": first line, "major": most frequent category,
    "tags": designations}.  A name listed under several channels keeps its commonest one."""
    categories: dict[str, collections.Counter] = {}
    first_seen: dict[str, str] = {}
    designations: dict[str, list[str]] = collections.defaultdict(list)
    for where, row in read_tsv(path, data_dir, ("name", "category", "type"), stats):
        stats.notes["course_list rows joined by name"] += 1
        name = clean_text(row["name"])
        if name is None:
            stats.skip(where, "missing name")
            continue
        counts = categories.setdefault(name, collections.Counter())
        first_seen.setdefault(name, where)
        category = clean_text(row["category"])
        if category is not None:
            counts[category] += 1  # most_common() keeps first-seen order among ties
        designation = clean_text(row["type"])
        if designation in kPromotionalCourseTypes:
            stats.notes["promotional course type dropped"] += 1
        elif designation is not None:
            designations[name].append(designation)
    return {
        name: {
            "where": first_seen[name],
            "major": counts.most_common(1)[0][0] if counts else None,
            "tags": unique(designations.get(name, [])),
        }
        for name, counts in categories.items()
    }


def import_icourse163(data_dir: Path, stats: ImportStats) -> Iterator[tuple[str, dict]]:
    """Joins the two TSVs by course name, then merges the CS-channel JSONL by course id.

    The join needs every row, so documents are built in memory (about 10k) and yielded in
    source order: course_school.tsv rows, then catalog-only names, then JSONL-only courses.
    """
    list_path, school_path, intro_path = _dataset_files(
        data_dir,
        "courses-icourse163",
        ["course_list.tsv", "course_school.tsv", "cs_courses_with_intro.jsonl"],
    )
    catalog = _course_catalog(list_path, data_dir, stats)
    docs: dict[str, tuple[str, dict]] = {}

    def add(where: str, doc: dict) -> None:
        if doc["id"] in docs:
            stats.skip(where, "duplicate id", f"{doc['id']} first seen at {docs[doc['id']][0]}")
        else:
            docs[doc["id"]] = (where, doc)

    scheduled_names = set()
    columns = ("name", "learners", "url", "school")
    for where, row in read_tsv(school_path, data_dir, columns, stats):
        name = clean_text(row["name"])
        if name is None:
            stats.skip(where, "missing name")
            continue
        school, url = clean_text(row["school"]), clean_text(row["url"])
        entry = catalog.get(name, {})
        doc = _resource(_course_id(url, name, school), name)
        _set(doc, "org", school)
        _set(doc, "tags", entry.get("tags", []))
        _set(doc, "url", url)
        _set(doc, "major", entry.get("major"))
        _set(doc, "school", school)
        add(where, _finish_resource(doc))
        scheduled_names.add(name)

    for name, entry in catalog.items():
        if name in scheduled_names:
            continue
        stats.notes["catalog-only course (no school/url)"] += 1
        doc = _resource(_course_id(None, name, None), name)
        _set(doc, "tags", entry["tags"])
        _set(doc, "major", entry["major"])
        add(entry["where"], _finish_resource(doc))

    intro_ids: set[str] = set()
    for where, row in read_jsonl(intro_path, data_dir, stats):
        name = _require_title(where, row, "name", stats)
        if name is None:
            continue
        school, url = clean_text(row.get("school")), clean_text(row.get("url"))
        doc = _resource(_course_id(url, name, school), name)
        _set(doc, "body", row.get("intro"))
        _set(doc, "org", school)
        _set(doc, "tags", _string_list(row.get("tags")))
        _set(doc, "published_at", date_from_epoch_ms(row.get("startTime")))
        _set(doc, "url", url)
        _set(doc, "school", school)
        if doc["id"] in intro_ids:
            stats.skip(where, "duplicate id", doc["id"])
            continue
        intro_ids.add(doc["id"])
        existing = docs.get(doc["id"])
        if existing is None:
            doc["major"] = kCsChannelCategory
            add(where, _finish_resource(doc))
            continue
        # Same course in both scrapes: the record with an intro wins each field it has;
        # the other fills the gaps.  Tags are the union.
        stats.notes["JSONL course merged into TSV record"] += 1
        tsv_doc = existing[1]
        tags = unique(tsv_doc.get("tags", []) + doc.get("tags", []))
        merged = {**tsv_doc, **doc} if "body" in doc else {**doc, **tsv_doc}
        _set(merged, "tags", tags)
        docs[doc["id"]] = (existing[0], _finish_resource(merged))

    yield from docs.values()


kImporters: dict[str, tuple[str, Callable[[Path, ImportStats], Iterator[tuple[str, dict]]]]] = {
    "jobs-it": ("jobs-it-2019", import_jobs_it),
    "zhaopin": ("jobs-zhaopin-2019", import_zhaopin),
    "icourse163": ("courses-icourse163", import_icourse163),
    "labour-stats": (
        "labour-stats-cn",
        lambda data_dir, stats: import_labour_stats(data_dir, stats, DatasetUnavailable),
    ),
}


# `all` is the searchable corpus of postings and courses (what the benchmarks import);
# the statistical series are imported on their own (run.sh does it).
kAllDatasets = ("jobs-it", "zhaopin", "icourse163")

# ---------------------------------------------------------------------------- driver


def run_import(
    dataset: str, data_dir: Path, out: TextIO, limit: int | None, seen_ids: set[str]
) -> ImportStats:
    """Writes one dataset's valid documents to `out`, at most `limit` of them."""
    _folder, importer = kImporters[dataset]
    stats = ImportStats(dataset)
    started = time.perf_counter()
    documents = importer(data_dir, stats) if limit != 0 else iter(())
    for where, doc in documents:
        problem = validate_document(doc)
        if problem is not None:
            stats.skip(where, "invalid document", problem)
            continue
        if doc["id"] in seen_ids:
            stats.skip(where, "duplicate id", doc["id"])
            continue
        seen_ids.add(doc["id"])
        ordered = {key: doc[key] for key in kFieldOrder if key in doc}
        ordered.update(doc)
        out.write(json.dumps(ordered, ensure_ascii=False, separators=(",", ":")) + "\n")
        stats.written += 1
        if limit is not None and stats.written >= limit:
            break  # before the next source line is read, so `read` reflects the limit too
    stats.seconds = time.perf_counter() - started
    return stats


def _check_datasets(names: list[str], data_dir: Path) -> None:
    for name in names:
        folder = data_dir / kImporters[name][0]
        if not folder.is_dir():
            raise DatasetUnavailable(f"dataset folder not found: {folder}")


def _report(stats: ImportStats, err: TextIO) -> None:
    for problem in stats.problems[:kMaxProblemsPrinted]:
        print(problem, file=err)
    hidden = len(stats.problems) - kMaxProblemsPrinted
    if hidden > 0:
        print(f"... and {hidden} more problems in {stats.dataset}", file=err)
    print(stats.summary(), file=err)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Convert shared/data datasets into Chanjiao JSONL documents."
    )
    parser.add_argument("dataset", choices=[*kImporters, "all"])
    parser.add_argument(
        "--data", type=Path, default=kDefaultDataDir, help=f"default: {kDefaultDataDir}"
    )
    parser.add_argument("--out", default="-", help="output JSONL file, or - for stdout")
    parser.add_argument(
        "--limit", type=int, default=None, help="at most N documents per dataset"
    )
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 0:
        parser.error("--limit must be >= 0")
    return args


def main(argv: list[str] | None = None, err: TextIO = sys.stderr) -> int:
    args = _parse_args(argv)
    names = list(kAllDatasets) if args.dataset == "all" else [args.dataset]
    data_dir = args.data.resolve()
    all_stats: list[ImportStats] = []
    try:
        _check_datasets(names, data_dir)
        if args.out == "-":
            out, tmp_path = sys.stdout, None
        else:
            # Write beside the target and rename, so a failed run never leaves half a file.
            target = Path(args.out)
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{target.name}.", dir=target.parent.resolve()
            )
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)  # mkstemp creates 0600; the output is ordinary data
            out, tmp_path = os.fdopen(fd, "w", encoding="utf-8", newline="\n"), Path(tmp_name)
        try:
            seen_ids: set[str] = set()
            for name in names:
                stats = run_import(name, data_dir, out, args.limit, seen_ids)
                all_stats.append(stats)
                _report(stats, err)
            if tmp_path is not None:
                out.close()
                os.replace(tmp_path, target)
                tmp_path = None
        finally:
            if tmp_path is not None:
                out.close()
                tmp_path.unlink(missing_ok=True)
    except DatasetUnavailable as error:
        print(f"chanjiao_import: {error}", file=err)
        return 2
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly like other Unix filters.  Point stdout
        # at /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if len(all_stats) > 1:
        print(
            f"total: written {sum(s.written for s in all_stats)}, "
            f"skipped {sum(sum(s.skipped.values()) for s in all_stats)}, "
            f"{sum(s.seconds for s in all_stats):.2f} s",
            file=err,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
