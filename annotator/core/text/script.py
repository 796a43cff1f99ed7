"""Which Chinese script a text is written in: simplified, traditional, mixed, or none (no Han characters).

Decided from the characters that exist in only one script, taken from OpenCC's character tables: a
character that t2s changes (and s2t does not produce) is traditional-only, and the reverse.
"""

from __future__ import annotations

from functools import lru_cache

from annotator.core.text.conversion import _group

SIMPLIFIED = "simplified"
TRADITIONAL = "traditional"
MIXED = "mixed"
NONE = "none"


@lru_cache(maxsize=None)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    traditional_to = _group("t2s")[-1].entries
    simplified_to = _group("s2t")[-1].entries
    traditional = {k for k, v in traditional_to.items() if v != k}
    simplified = {k for k, v in simplified_to.items() if v != k}
    both = traditional & simplified
    return frozenset(simplified - both), frozenset(traditional - both)


def detect_script(text: str, *, minority: float = 0.2) -> str:
    """Classify a text; `mixed` when the smaller script has at least `minority` of the distinctive chars."""
    simplified, traditional = _script_sets()
    chars = set(text)
    s = sum(text.count(c) for c in chars & simplified)
    t = sum(text.count(c) for c in chars & traditional)
    if not s and not t:
        return NONE if not any("\u4e00" <= c <= "\u9fff" for c in chars) else SIMPLIFIED
    if min(s, t) >= minority * (s + t):
        return MIXED
    return SIMPLIFIED if s > t else TRADITIONAL
