"""Which Chinese script a text is written in: simplified, traditional, mixed, or none (no Han characters).

Decided from the characters that exist in only one script, taken from OpenCC's character tables: a
character that t2s changes (and s2t does not produce) is traditional-only, and the reverse.
"""

from __future__ import annotations

import re
from functools import cache

from annotator.core.text.conversion import characters

SIMPLIFIED = "simplified"
TRADITIONAL = "traditional"
MIXED = "mixed"
NONE = "none"


_SIMPLIFIED_MARK, _TRADITIONAL_MARK = "\ue000", "\ue001"  # private-use characters as counters


@cache
def _marker_table() -> dict[int, str]:
    """A str.translate table turning simplified-only characters into one marker and traditional-only ones
    into another, so both are counted at C speed."""
    traditional_to = characters("t2s")
    simplified_to = characters("s2t")
    traditional = {k for k, v in traditional_to.items() if v != k}
    simplified = {k for k, v in simplified_to.items() if v != k}
    both = traditional & simplified
    table = {ord(c): _SIMPLIFIED_MARK for c in simplified - both}
    table.update({ord(c): _TRADITIONAL_MARK for c in traditional - both})
    return table


_HAN = re.compile("[\u3400-\u9fff]")


def detect_script(text: str, *, minority: float = 0.2) -> str:
    """Classify a text; `mixed` when the smaller script has at least `minority` of the distinctive chars."""
    marked = text.translate(_marker_table())
    s = marked.count(_SIMPLIFIED_MARK) - text.count(_SIMPLIFIED_MARK)
    t = marked.count(_TRADITIONAL_MARK) - text.count(_TRADITIONAL_MARK)
    if not s and not t:
        return SIMPLIFIED if _HAN.search(text) else NONE
    if min(s, t) >= minority * (s + t):
        return MIXED
    return SIMPLIFIED if s > t else TRADITIONAL
