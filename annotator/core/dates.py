"""Publication dates as scraped ("2023年1月13日 10:05", "2023/1/13", "2023.01.13", "20230113") brought to
ISO 8601, so that the document list can filter by date range with a plain string comparison and exports
carry one format. What cannot be read is kept as given."""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(
    r"""^\s*(?P<y>\d{4})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*[日号號]?
        (?:\s*T?\s*(?P<H>\d{1,2})\s*[:：时時]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?\s*[秒分]?)?
        (?P<rest>.*)$""",
    re.VERBOSE,
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ZONE = re.compile(r"^(?:Z|[+-]\d{2}:?\d{2})?$")


def normalise_date(value: str | None) -> str | None:
    """`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS]` (with its zone) when a time is given; the input unchanged
    when it is not a date this recognises, None when empty."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().translate(_FULL_WIDTH)
    compact = _COMPACT.match(text)
    if compact:
        year, month, day = (int(g) for g in compact.groups())
        return _iso(year, month, day) or text
    match = _DATE.match(text)
    if not match or not _ZONE.match(match["rest"].strip()):
        return text
    day_part = _iso(int(match["y"]), int(match["m"]), int(match["d"]))
    if day_part is None:
        return text
    if match["H"] is None:
        return day_part
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return text
    clock = f"{hour:02}:{minute:02}" + (f":{second:02}" if match["S"] else "")
    return f"{day_part}T{clock}{match['rest'].strip()}"


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


# A whole date in a dateline or a file name: 2025年2月23日, 2025-02-23, 2025/2/23, 2025.02.23, 20250223.
_WHOLE_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[-/._])\s*(\d{1,2})\s*(?:月|[-/._])\s*(\d{1,2})\s*[日号號]?(?!\d)"
)
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
DATELINE_LINES = 6  # the opening lines a dateline is looked for in
DATELINE_CHARS = 40  # a line this short that holds a whole date is a dateline ("2025年2月23日 10:05 来源：新华社")


def guess_published(file_name: str, text: str) -> tuple[str, str] | None:
    """A publication date for an article that came without one: a dateline among the opening lines (a line
    that starts with a whole date, or a short line holding one; a date inside a sentence is an event's, not
    the article's), else a plain date in the file name (xwlb_20230113.txt). Returns the ISO date and where
    it was read, for the provenance (a guess the coder can correct), or None."""
    for number, line in enumerate(text.splitlines()[:DATELINE_LINES], start=1):
        line = line.strip().translate(_FULL_WIDTH)
        found = _WHOLE_DATE.search(line)
        if found and (found.start() == 0 or len(line) <= DATELINE_CHARS):
            day = _iso(*(int(g) for g in found.groups()))
            if day:
                return day, f"line {number} of the text"
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].translate(_FULL_WIDTH)
    for pattern in (_WHOLE_DATE, _COMPACT_DATE):
        for found in pattern.finditer(stem):
            day = _iso(*(int(g) for g in found.groups()))
            if day:
                return day, "the file name"
    return None
