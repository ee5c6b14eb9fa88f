"""Salary strings from Chinese job sites -> (min, max) in yuan per month.

Contract
    parse_salary(text, default_period="month") -> (min_yuan, max_yuan) | None

    * Both values are non-negative ints, min <= max (a reversed range is swapped).
    * None means "no usable figure": 面议/薪资面议, empty, garbage, hourly pay, a zero range.
    * Pure function, no I/O, thread-safe.

Units: k/K/千 = x1,000; w/W/万 = x10,000; 元 or no unit = yuan. A unit written only on the
right-hand side applies to both sides ("1.5-2万" = 1.5万-2万); each side may carry its own unit
("5千-1万").

Periods: /月 (or none) = month; /年 = divide by 12; /天 or /日 = x21.75, the statutory average
number of paid working days per month in China (劳社部发〔2008〕3号: (365-104-11)/12 = 20.83
working days, 21.75 paid days incl. public holidays).  Results are rounded half up.
`default_period` is the period assumed when the text names none; sites that quote annual
packages without writing "/年" (Liepin: "18-36万") pass "year".

Open ranges collapse to the stated figure: "10万以上" -> (100000, 100000), "1K以下" -> (1000, 1000),
so range filters still see the job near the figure the posting advertises.

Ignored decorations: a "·13薪" bonus-month suffix, anything after the first line break (Liepin
appends "24小时反馈"), spaces, a trailing "起", full-width characters (NFKC).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["parse_salary", "kWorkDaysPerMonth"]

kWorkDaysPerMonth = Decimal("21.75")

_PERIOD_FACTORS = {
    "month": Decimal(1),
    "year": Decimal(1) / Decimal(12),
    "day": kWorkDaysPerMonth,
}

_UNIT_FACTORS = {
    "": Decimal(1),
    "元": Decimal(1),
    "k": Decimal(1000),
    "千": Decimal(1000),
    "w": Decimal(10000),
    "万": Decimal(10000),
}

_PERIOD_SUFFIXES = {
    "月": "month",
    "年": "year",
    "天": "day",
    "日": "day",
}

_NEGOTIABLE_RE = re.compile(r"^(?:薪资|薪酬|工资|待遇)?面议$|^面谈$")
_BONUS_MONTHS_RE = re.compile(r"[·•*xX×]?\d{1,2}薪$")
_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(k|千|w|万)?元?"
_SALARY_RE = re.compile(
    rf"^{_NUM}{_UNIT}"
    rf"(?:[-~～至到]{_NUM}{_UNIT})?"
    r"(以上|以下|起)?"
    r"(?:(?:/|每)(月|年|天|日))?$"
)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.split("\n", 1)[0]
    text = re.sub(r"\s+", "", text).lower()
    text = text.replace("—", "-").replace("–", "-")
    text = _BONUS_MONTHS_RE.sub("", text)
    text = text.replace("元/", "/").replace("人民币", "")
    return text


def _to_monthly_yuan(value: Decimal, unit: str, period_factor: Decimal) -> int:
    amount = value * _UNIT_FACTORS[unit] * period_factor
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_salary(text: object, default_period: str = "month") -> tuple[int, int] | None:
    """Returns (min, max) yuan per month, or None when the text states no usable figure."""
    if default_period not in _PERIOD_FACTORS:
        raise ValueError(f"unknown default_period {default_period!r}")
    if not isinstance(text, str):
        return None
    cleaned = _clean(text)
    if not cleaned or _NEGOTIABLE_RE.match(cleaned):
        return None
    match = _SALARY_RE.match(cleaned)
    if match is None:
        return None
    low_text, low_unit, high_text, high_unit, _open_bound, period_word = match.groups()
    low_unit = low_unit or ""
    high_unit = high_unit or ""
    if high_text is not None and not low_unit:
        low_unit = high_unit
    period = _PERIOD_SUFFIXES[period_word] if period_word else default_period
    factor = _PERIOD_FACTORS[period]
    try:
        low = _to_monthly_yuan(Decimal(low_text), low_unit, factor)
        high = (
            _to_monthly_yuan(Decimal(high_text), high_unit, factor)
            if high_text is not None
            else low
        )
    except InvalidOperation:
        return None
    if low > high:
        low, high = high, low
    if high <= 0:
        return None
    return low, high
