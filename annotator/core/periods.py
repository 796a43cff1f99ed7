"""Time periods named in Chinese news text, as the codebook's period values: "2022", "2021-Q3", "2023-H1",
"2023-07", "2024-01-01", or a range of two joined by "/" ("2023-01/2023-07", "2024-Q1/2024-Q3").

Works on simplified text (convert traditional first). Relative expressions (今年, 去年, 上半年, 前8个月, a
bare 5月) are resolved against the publication date; without one they are left unresolved (no value).
A bare month or quarter later than the publication's belongs to the year before: an article of 12 January
2024 about 12月 means December 2023.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from annotator.core.numerals import DIGITS_CN, chinese_int

_N = rf"(?:\d{{1,2}}|[{DIGITS_CN}十]{{1,3}})"  # a month, quarter or count: 7, 12, 三, 十一
_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年"
_RELATIVE_YEAR = r"(?P<rel>今年|去年|明年|前年|上年|本年|当年)"
# The lookahead lets the scan skip, in the regex engine, every position where no period can start.
_PATTERN = re.compile(
    rf"""
    (?=[\d今去明前上下本当全第Q{DIGITS_CN}十])
    (?:{_YEAR}|{_RELATIVE_YEAR}|(?P<fy>(?:19|20)\d{{2}})(?=\s*(?:Q[1-4]|[上下]半年)))?\s*(?:度\s*)?
    (?:
        (?P<half>[上下]半年)
      | (?P<upto_q>前\s*(?P<upto_q_n>[{DIGITS_CN}\d])\s*(?:个)?\s*季度?)
      | (?:第\s*)?(?P<q>[一二三四1-4])\s*季度?[末初]?  # 四季度末, the end of the fourth quarter, is in it
      | Q(?P<qq>[1-4])
      | (?P<upto_m>前\s*(?P<upto_m_n>{_N})\s*个\s*月)
      | (?P<m1>{_N})\s*(?:月份?\s*)?(?:[至到—–-]|－)\s*(?P<m2>{_N})\s*月份?
      | (?P<m>{_N})\s*月份?(?:\s*(?P<d>\d{{1,2}})\s*[日号])?(?:[末底初]|当月)?
      | (?P<whole>全年)
    )?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    text: str
    value: str | None  # None when relative and there is no publication date


def find_periods(text: str, published: date | None = None) -> list[Period]:
    """Every period expression in `text`, in order, resolved against the publication date."""
    found = []
    context: tuple[int, int] | None = None  # (sentence start, year) of the last year named outright
    for match in _PATTERN.finditer(text):
        if match.start() == match.end() or not match.group(0).strip():
            continue
        if not _plausible(match, text):
            continue
        sentence = max(text.rfind(mark, 0, match.start()) for mark in "。！？!?\n；;") + 1
        g = match.groupdict()
        named = g["year"] or g["fy"] or g["rel"]
        # "2022年…全年", "2023年…上半年": a period without a year of its own takes the sentence's.
        year = None if named or context is None or context[0] != sentence else context[1]
        value = _value(match, published, year)
        if named and value:
            context = (sentence, int(value[:4]))
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        end = match.end() - (len(match.group(0)) - len(match.group(0).rstrip()))
        found.append(Period(start, end, text[start:end], value))
    return found


def _plausible(match: re.Match, text: str) -> bool:
    """Leave out what only looks like a period: a month number that is the tail of a longer number
    ("2023月"), a month or range outside 1–12."""
    g = match.groupdict()
    if not any(g[k] for k in ("year", "rel", "fy", "half", "upto_q", "q", "qq", "upto_m", "m1", "m", "whole")):
        return False
    if g["q"] and not (g["year"] or g["rel"]) and "第" not in match.group(0) and "度" not in match.group(0):
        return False  # 连续四季: four quarters, not the fourth (三季度 and 第三季 name one)
    before = text[match.start() - 1] if match.start() else ""
    if (g["m"] or g["m1"]) and before.isdigit():
        return False
    if g["m"]:
        return _month_ok(g["m"])
    return not g["m1"] or (_month_ok(g["m1"]) and _month_ok(g["m2"]))


def _month_ok(text: str) -> bool:
    number = _int(text)
    return number is not None and 1 <= number <= 12


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_int(text)


def _year(
    match: re.Match, published: date | None, month: int | None = None, quarter: int | None = None, *, said: int | None
) -> int | None:
    g = match.groupdict()
    if said is not None:
        return said
    if g["year"]:
        return int(g["year"])
    if g["fy"]:
        return int(g["fy"])
    if published is None:
        return None
    if g["rel"]:
        return published.year + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(g["rel"], 0)
    # A bare month or quarter: this year's, unless it is still to come at publication.
    if month is not None and month > published.month:
        return published.year - 1
    if quarter is not None and (quarter - 1) * 3 + 1 > published.month:
        return published.year - 1
    return published.year


def _value(match: re.Match, published: date | None, said: int | None) -> str | None:
    """The period's value; `said` is a year named earlier in the sentence, for periods without their own."""
    g = match.groupdict()
    if g["half"]:
        year = _year(match, published, said=said)
        return f"{year}-H{1 if g['half'] == '上半年' else 2}" if year else None
    if g["upto_q"]:
        n = _int(g["upto_q_n"])
        year = _year(match, published, quarter=n, said=said)
        return f"{year}-Q1/{year}-Q{n}" if year and n and 1 <= n <= 4 else None
    if g["q"] or g["qq"]:
        n = _int(g["q"] or g["qq"])
        year = _year(match, published, quarter=n, said=said)
        return f"{year}-Q{n}" if year else None
    if g["upto_m"]:
        n = _int(g["upto_m_n"])
        year = _year(match, published, month=n, said=said)
        return f"{year}-01/{year}-{n:02}" if year and n and 1 <= n <= 12 else None
    if g["m1"]:
        first, last = _int(g["m1"]), _int(g["m2"])
        year = _year(match, published, month=last, said=said)
        return f"{year}-{first:02}/{year}-{last:02}" if year else None
    if g["m"]:
        month = _int(g["m"])
        year = _year(match, published, month=month, said=said)
        if not year:
            return None
        if g["d"]:
            try:
                return date(year, month, int(g["d"])).isoformat()
            except ValueError:
                return None
        return f"{year}-{month:02}"
    year = _year(match, published, said=said)
    return str(year) if year else None
