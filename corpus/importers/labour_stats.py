"""labour-stats-cn → Chanjiao `series` documents (corpus/schema/series.schema.json).

One document per official series, values kept as the agencies publish them:

* MOHRSS monthly releases (mohrss_series.json): 城镇新增就业, 失业人员再就业, 就业困难人员就业 —
  year-to-date sums, kept cumulative (`cumulative: true`); 城镇登记失业率 (quarter ends → `Q`).
  The release's own title says which months a value covers ("1-10月", "上半年"); a row whose
  title disagrees with its period (2016-12 holds Jan–Oct) is moved to the period the title
  names when that period is free, with a note, and skipped otherwise.
  MOHRSS's 调查失业率 column repeats NBS's national series and is not imported twice.
* NBS monthly surveyed unemployment (nbs-urban-unemp*.json): national, 31 cities, 16–24 on the
  old basis (to 2023-06) and 16–24 excluding students (from 2023-12) — two documents that are
  never joined, each with its declared break.
* NBS annual: graduates by level (graduate_supply_panel.csv), average wage of urban units and
  registered unemployment (年度*.csv; 0.0 there means "no value").

Pure functions over parsed rows; the driver in chanjiao_import.py writes and validates.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Iterator

kFolder = "labour-stats-cn"
kMohrss = "mohrss-monthly-2013-2026/mohrss_series.json"
kNbsMonthly = "nbs-unemployment-monthly"
kGraduates = "graduates-supply-cn/graduate_supply_panel.csv"
kWages = "nbs-annual-wage-regunemp/年度城镇单位就业人员平均工资.csv"
kRegisteredUnemployment = "nbs-annual-wage-regunemp/年度城镇登记失业人员及失业率.csv"

kMohrssAgency = "人力资源和社会保障部"
kNbsAgency = "国家统计局"
kMohrssUrl = "https://www.mohrss.gov.cn/SYrlzyhshbzb/zwgk/szrs/tjsj/"
kNbsUrl = "https://data.stats.gov.cn/"

# Year-to-date MOHRSS fields: (source key, id, name).
kMohrssCumulative = (
    ("emp_new", "mohrss-urban-new-employment-ytd", "全国城镇新增就业人数（年内累计）"),
    ("emp_reemp", "mohrss-reemployment-ytd", "全国城镇失业人员再就业人数（年内累计）"),
    ("emp_hard", "mohrss-hard-to-employ-ytd", "全国就业困难人员就业人数（年内累计）"),
)

kCumulativeNote = (
    "数值为人社部按年内累计（1月至当月）发布的原值，未作换算（cumulative: true）。"
    "单月新增 = 当月累计 − 上月累计；1月即当月值；人社部常把1—2月合并发布，"
    "缺上月时该月流量无法求出。"
)

# NBS monthly files: (file, id, region).
kNbsSeries = (
    ("nbs-urban-unemp.json", "nbs-urban-unemp", "全国"),
    ("nbs-urban-unemp-31city.json", "nbs-urban-unemp-31city", "31个大城市"),
    ("nbs-urban-unemp-youth-1624.json", "nbs-urban-unemp-youth-1624", "全国"),
    ("nbs-urban-unemp-youth-1624-exstudent.json", "nbs-urban-unemp-youth-1624-exstudent", "全国"),
)

# graduate_supply_panel.csv columns: (column, id suffix, name).
kGraduateColumns = (
    ("graduate_total", "total", "普通高校毕（结）业生数（本专科及研究生）"),
    ("vocational_graduates", "vocational", "普通高校专科（高职）毕业生数"),
    ("undergraduate_graduates", "undergraduate", "普通高校本科毕业生数"),
    ("postgraduate_graduates", "postgraduate", "研究生毕（结）业生数"),
)

_CN_QUARTER_MONTHS = {"一季度": 3, "上半年": 6, "前三季度": 9}


def months_in_title(title: str) -> int | None:
    """The last month a MOHRSS release covers, from its title; None for a full-year release."""
    text = re.sub(r"^\d{4}年", "", title)
    match = re.match(r"1[-－—~～]\s*(\d{1,2})月", text)
    if match:
        return int(match.group(1))
    if re.match(r"1月", text):
        return 1
    for word, month in _CN_QUARTER_MONTHS.items():
        if text.startswith(word):
            return month
    return None


def _series(doc_id: str, title: str, unit: str, frequency: str, region: str, org: str,
            url: str, body: str, observations: list[dict], **extra: object) -> dict:
    doc = {
        "id": doc_id, "type": "series", "title": title, "unit": unit, "frequency": frequency,
        "region": region, "org": org, "url": url, "body": body,
        "cumulative": False, "observations": sorted(observations, key=lambda o: o["period"]),
    }
    doc.update(extra)
    return doc


def _release_day(url: str) -> str | None:
    """MOHRSS article URLs carry their date: .../t20260803_581434.html → 2026-08-03."""
    match = re.search(r"/t(\d{4})(\d{2})(\d{2})_", url or "")
    return "-".join(match.groups()) if match else None


def mohrss_rows(records: list[dict], stats) -> list[dict]:
    """Release rows with `period` fixed where the title names other months (2016-12 = Jan–Oct)."""
    taken = {r["period"] for r in records}
    out = []
    for record in records:
        row = dict(record)
        covered = months_in_title(row.get("title", ""))
        if covered is not None and covered != row["month"]:
            fixed = f"{row['year']}-{covered:02d}"
            if fixed in taken:
                stats.skip(f"{kMohrss}:{row['period']}", "period disagrees with title",
                           row.get("title", ""))
                continue
            stats.notes[f"relabelled {row['period']} as {fixed} (title: {row['title']})"] += 1
            row["note"] = f"源表期别为{row['period']}，发布标题为“{row['title']}”，按标题记为{fixed}"
            row["period"], row["month"] = fixed, covered
            taken.add(fixed)
        out.append(row)
    return sorted(out, key=lambda r: r["period"])


def mohrss_series(records: list[dict], stats) -> Iterator[dict]:
    rows = mohrss_rows(records, stats)
    last_day = _release_day(rows[-1].get("url", "")) if rows else None
    for key, doc_id, name in kMohrssCumulative:
        observations = []
        for row in rows:
            if row.get(key) is None:
                continue
            obs = {"period": row["period"], "value": row[key]}
            if "note" in row:
                obs["note"] = row["note"]
            observations.append(obs)
        if not observations:
            continue
        body = (f"人社部月度《人力资源和社会保障统计数据》中的“{name.split('（')[0]}”，单位万人。"
                + kCumulativeNote + "年度总数即12月累计值。")
        extra = {"cumulative": True}
        if last_day:
            extra["published_at"] = last_day
        yield _series(doc_id, name, "万人", "M", "全国", kMohrssAgency, kMohrssUrl, body,
                      observations, **extra)
    quarterly = [
        {"period": f"{r['year']}-Q{(r['month'] + 2) // 3}", "value": r["unemp_registered"]}
        for r in rows
        if r.get("unemp_registered") is not None and r["month"] % 3 == 0
    ]
    if quarterly:
        yield _series(
            "mohrss-registered-unemployment-rate-q", "全国城镇登记失业率（季度）", "%", "Q", "全国",
            kMohrssAgency, kMohrssUrl,
            "人社部季度末发布的城镇登记失业率（登记失业人员占比），2021年后停止发布；"
            "与国家统计局的调查失业率口径不同，不可拼接。",
            quarterly,
        )


def nbs_monthly_series(source: dict, doc_id: str, region: str) -> dict:
    observations = []
    for row in source.get("observations", []):
        if row.get("m") is None:
            continue
        obs = {"period": row["period"], "value": row["m"]}
        if not row.get("src"):
            obs["note"] = "取自国家统计局月度新闻发布"
        observations.append(obs)
    breaks = []
    for item in source.get("breaks", []):
        note = item.get("note_zh") or item.get("kind") or ""
        breaks.append({"period": item["effective"], "note": note[:256]})
    body = ("国家统计局城镇劳动力调查：失业人口占劳动力的百分比（%，一位小数）。"
            + (source.get("coverage_note_zh") or ""))
    if breaks:
        body += "声明的口径断点前后不可比，图表与模型不跨断点连接。"
    extra: dict = {}
    if breaks:
        extra["breaks"] = breaks
    generated = str(source.get("generated_at", ""))[:10]
    if re.match(r"^\d{4}-\d{2}-\d{2}$", generated):
        extra["published_at"] = generated
    url = (source.get("source") or {}).get("url") or kNbsUrl
    return _series(doc_id, source.get("name_zh") or doc_id, source.get("unit_zh") or "%", "M",
                   region, kNbsAgency, url, body, observations, **extra)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value


def graduate_series(rows: list[dict]) -> Iterator[dict]:
    for column, suffix, name in kGraduateColumns:
        observations = []
        for row in rows:
            value = _number(row.get(column, ""))
            if value is not None and row.get("year", "").isdigit():
                observations.append({"period": row["year"], "value": round(value, 4)})
        if observations:
            yield _series(
                f"nbs-graduates-{suffix}", name, "万人", "Y", "全国", kNbsAgency, kNbsUrl,
                "国家统计局教育年度数据：当年实际毕（结）业生数（年度统计口径），"
                "不同于教育部“届别预计”口径。", observations)


def nbs_annual(rows: list[list[str]], column: int) -> list[dict]:
    """Year rows of an NBS easyquery export; 0.0 means "no value" there."""
    out = []
    for row in rows[1:]:
        if len(row) <= column or not row[0].isdigit():
            continue
        value = _number(row[column])
        if value is not None and value != 0.0:
            out.append({"period": row[0], "value": value})
    return out


def annual_series(wage_rows: list[list[str]], unemployment_rows: list[list[str]]) -> Iterator[dict]:
    wages = nbs_annual(wage_rows, 1)
    if wages:
        yield _series("nbs-average-wage-urban-units", "城镇单位就业人员平均工资", "元", "Y", "全国",
                      kNbsAgency, kNbsUrl, "国家统计局年度数据：城镇单位就业人员年平均货币工资（元/年）。",
                      wages)
    rate = nbs_annual(unemployment_rows, 2)
    if rate:
        yield _series("nbs-registered-unemployment-rate-annual", "城镇登记失业率（年度）", "%", "Y",
                      "全国", kNbsAgency, kNbsUrl,
                      "国家统计局年度数据：城镇登记失业率，1978—2021年；2021年后停止发布，"
                      "与调查失业率口径不同。", rate)
    count = nbs_annual(unemployment_rows, 1)
    if count:
        yield _series("nbs-registered-unemployed-annual", "城镇登记失业人数（年度）", "万人", "Y",
                      "全国", kNbsAgency, kNbsUrl, "国家统计局年度数据：城镇登记失业人数（万人）。",
                      count)


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def import_labour_stats(data_dir: Path, stats, unavailable: type[Exception]) -> Iterator[tuple[str, dict]]:
    """Every series of the set as (where, document); `unavailable` is raised for a missing file."""
    root = data_dir / kFolder

    def need(relative: str) -> Path:
        path = root / relative
        if not path.is_file():
            raise unavailable(f"dataset file not found: {path}")
        return path

    mohrss = json.loads(need(kMohrss).read_text(encoding="utf-8"))
    stats.read += len(mohrss)
    for doc in mohrss_series(mohrss, stats):
        yield f"{kFolder}/{kMohrss}", doc
    for file_name, doc_id, region in kNbsSeries:
        relative = f"{kNbsMonthly}/{file_name}"
        stats.read += 1
        yield f"{kFolder}/{relative}", nbs_monthly_series(
            json.loads(need(relative).read_text(encoding="utf-8")), doc_id, region)
    with need(kGraduates).open(encoding="utf-8-sig", newline="") as f:
        graduate_rows = list(csv.DictReader(f))
    stats.read += len(graduate_rows)
    for doc in graduate_series(graduate_rows):
        yield f"{kFolder}/{kGraduates}", doc
    wage_rows, unemployment_rows = _read_csv(need(kWages)), _read_csv(need(kRegisteredUnemployment))
    stats.read += len(wage_rows) + len(unemployment_rows) - 2
    for doc in annual_series(wage_rows, unemployment_rows):
        yield f"{kFolder}/nbs-annual-wage-regunemp", doc
