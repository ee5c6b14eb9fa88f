"""Field normalisation shared by the importers, and the output document contract.

Every function here is pure: text in, normalised value (or None = "omit the field") out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

kEducationLevels = ("不限", "中专", "高中", "大专", "本科", "硕士", "博士")
kDocumentTypes = ("job", "resource", "case", "series", "employment_report")
kResourceLevels = ("中职", "高职", "本科")
kIdRe = re.compile(r"^[A-Za-z0-9._:-]+$")
kDateRe = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Period formats of a series by frequency (core/document.h valid_period).
kPeriodRes = {
    "M": re.compile(r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"),
    "Q": re.compile(r"^[1-9]\d{3}-Q[1-4]$"),
    "Y": re.compile(r"^[1-9]\d{3}$"),
}
# Series fields holding lists of objects rather than of strings.
kSeriesObjectLists = ("observations", "breaks")

# China Standard Time: icourse163 timestamps are ms since the epoch for courses run in China.
kChinaTz = dt.timezone(dt.timedelta(hours=8))

# Cleaned spelling -> level.  Checked after qualifiers such as 及以上/统招 are removed.
_EDUCATION_ALIASES = {
    "不限": "不限",
    "学历不限": "不限",
    "无": "不限",
    "无要求": "不限",
    "无学历要求": "不限",
    "初中": "不限",  # the vocabulary has no 初中; "初中及以下" asks for nothing beyond it
    "中专": "中专",
    "中技": "中专",
    "中职": "中专",
    "技校": "中专",
    "职高": "中专",
    "高中": "高中",
    "大专": "大专",
    "专科": "大专",
    "高职": "大专",
    "本科": "本科",
    "学士": "本科",
    "硕士": "硕士",
    "研究生": "硕士",
    "mba": "硕士",
    "emba": "硕士",
    "博士": "博士",
    "博士后": "博士",
}
_EDUCATION_QUALIFIERS_RE = re.compile(r"及以上|以上|及以下|以下|统招|全日制|学历$|毕业$")
_EXPERIENCE_RE = re.compile(r"\d+\s*年|年以[上下内]|经验|应届|毕业生|在校")
_EXPERIENCE_NONE = {"不限", "无经验", "经验不限"}
_MISSING = {"", "n/a", "na", "null", "none", "-", "--", "无数据"}
_NON_CITY = {"全国", "异地招聘", "海外", "其他", "不限"}


def clean_text(value: object) -> str | None:
    """Strips and NFC-normalises a string; None for non-strings and placeholder values."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if text.lower() in _MISSING:
        return None
    return text


def normalize_education(value: object) -> str | None:
    """Maps a site's education wording onto kEducationLevels; None when it is not education.

    "本科及以上"/"统招本科" -> 本科, "中专/中技" -> 中专, "学历不限"/"无" -> 不限,
    "5个月,本科" (Liepin internships) -> 本科.  Alternatives ("大专/本科") take the lowest level,
    since a requirement is a minimum.
    """
    text = clean_text(value)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).lower()
    found: list[str] = []
    for piece in re.split(r"[,，/、|或]+", text):
        piece = _EDUCATION_QUALIFIERS_RE.sub("", piece.strip()).strip()
        level = _EDUCATION_ALIASES.get(piece)
        if level is not None:
            found.append(level)
    if not found:
        return None
    return min(found, key=kEducationLevels.index)


def looks_like_experience(value: object) -> bool:
    text = clean_text(value)
    return text is not None and bool(_EXPERIENCE_RE.search(text))


def normalize_experience(value: object) -> str | None:
    """Keeps an experience requirement as written ("3-5年", "经验不限"); None for values that
    are not one (education words in a shifted column, "5天/周", "N/A")."""
    text = clean_text(value)
    if text is None:
        return None
    if text in _EXPERIENCE_NONE or _EXPERIENCE_RE.search(text):
        return text
    return None


def parse_region(value: object) -> str | None:
    """City name from a location string: "上海-徐汇区" -> "上海", "北京市" -> "北京"."""
    text = clean_text(value)
    if text is None:
        return None
    city = re.split(r"[-－·・/\s|,，]", unicodedata.normalize("NFKC", text), maxsplit=1)[0]
    if len(city) > 2 and city.endswith("市"):
        city = city[:-1]
    if not city or city in _NON_CITY:
        return None
    return city


def split_welfare(value: object) -> list[str]:
    """Benefit labels from a scraped welfare string, or [] when they are not cleanly separable.

    Accepted: delimited lists ("五险一金,定期体检", "五险一金 年终奖金") and a lone short label
    ("职位亮点五险一金").  Labels run together without delimiters
    ("职位亮点五险一金带薪年假节日福利") cannot be split without a dictionary, so they are dropped
    rather than guessed.  Individual pieces that are numbers or sentences are dropped too.
    """
    text = clean_text(value)
    if text is None:
        return []
    text = re.sub(r"^职位亮点[:：]?", "", text)
    pieces = [p for p in re.split(r"[,，、;；/|\s]+", text) if p]
    if len(pieces) == 1 and len(pieces[0]) > 6:
        return []
    return unique([p for p in pieces if len(p) <= 8 and not p.isdigit()])


def unique(items: list[str]) -> list[str]:
    """Order-preserving de-duplication of non-empty strings."""
    seen: set[str] = set()
    result = []
    for item in items:
        text = clean_text(item)
        if text is not None and text not in seen:
            seen.add(text)
            result.append(text)
    return result


def date_from_datetime_text(value: object) -> str | None:
    """"2019-06-08 20:15:27" -> "2019-06-08"; None when the text is not such a date."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def date_from_epoch_ms(value: object) -> str | None:
    """Milliseconds since the epoch -> YYYY-MM-DD in China Standard Time (years 1990..2100)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        when = dt.datetime.fromtimestamp(value / 1000, tz=kChinaTz)
    except (OverflowError, OSError, ValueError):
        return None
    if not 1990 <= when.year <= 2100:
        return None
    return when.date().isoformat()


def short_hash(*parts: str) -> str:
    """12 hex chars of sha1 over the tab-joined parts: stable across runs and machines."""
    return hashlib.sha1("\t".join(parts).encode("utf-8")).hexdigest()[:12]


def validate_document(doc: dict) -> str | None:
    """Returns the first way `doc` breaks the document contract, or None if it is valid."""
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not kIdRe.match(doc_id):
        return f"invalid id {doc_id!r}"
    if doc.get("type") not in kDocumentTypes:
        return f"invalid type {doc.get('type')!r}"
    if not isinstance(doc.get("title"), str) or not doc["title"].strip():
        return "missing title"
    for key, value in doc.items():
        if value is None or value == "" or value == []:
            return f"empty field {key}"
        if doc.get("type") == "series" and key in kSeriesObjectLists:
            continue
        if isinstance(value, list) and not all(isinstance(v, str) and v for v in value):
            return f"field {key} must be a list of non-empty strings"
    if doc.get("type") == "series":
        problem = validate_series(doc)
        if problem is not None:
            return problem
    if "published_at" in doc and not kDateRe.match(str(doc["published_at"])):
        return f"invalid published_at {doc['published_at']!r}"
    if "education" in doc and doc["education"] not in kEducationLevels:
        return f"invalid education {doc['education']!r}"
    if "level" in doc and doc["level"] not in kResourceLevels:
        return f"invalid level {doc['level']!r}"
    has_min, has_max = "salary_min" in doc, "salary_max" in doc
    if has_min != has_max:
        return "salary_min and salary_max must come together"
    if has_min:
        low, high = doc["salary_min"], doc["salary_max"]
        if not (type(low) is int and type(high) is int and 0 <= low <= high):
            return f"invalid salary range {low!r}-{high!r}"
    return None


def validate_series(doc: dict) -> str | None:
    """The series rules of core/document.cc: period formats, unique periods, numbers, rates."""
    frequency = doc.get("frequency")
    if frequency not in kPeriodRes:
        return f"invalid frequency {frequency!r}"
    if not isinstance(doc.get("unit"), str) or not doc["unit"]:
        return "missing unit"
    if doc.get("cumulative") and frequency == "Y":
        return "cumulative needs a monthly or quarterly series"
    observations = doc.get("observations")
    if not isinstance(observations, list) or not observations:
        return "missing observations"
    seen: set[str] = set()
    for i, obs in enumerate(observations):
        period = obs.get("period") if isinstance(obs, dict) else None
        if not isinstance(period, str) or not kPeriodRes[frequency].match(period):
            return f"observations[{i}].period: {period!r} is not a {frequency} period"
        if period in seen:
            return f"observations[{i}].period: duplicate {period}"
        seen.add(period)
        value = obs.get("value")
        if type(value) not in (int, float):
            return f"observations[{i}].value: expected a number"
        if doc["unit"] == "%" and not 0 <= value <= 100:
            return f"observations[{i}].value: {value} is outside 0..100 for a rate"
    for i, item in enumerate(doc.get("breaks", [])):
        period = item.get("period") if isinstance(item, dict) else None
        if not isinstance(period, str) or not kPeriodRes[frequency].match(period):
            return f"breaks[{i}].period: {period!r} is not a {frequency} period"
    return None
