"""Code point <-> UTF-16 offsets.

Every offset we store counts Unicode code points. Qt, JavaScript tools and Label Studio count UTF-16 code
units, where a character outside the Basic Multilingual Plane (𠮷, emoji) takes two. These helpers are the
only place the two are converted.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _astral_positions(text: str) -> list[int]:
    return [m.start() for m in _ASTRAL.finditer(text)]


class Utf16Map:
    """Converts offsets for one text in O(log n), after one pass over it.

    Holds the code point index of every astral character; a text with none (the usual case) converts by
    identity.
    """

    __slots__ = ("_astral", "_utf16_astral", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._astral = _astral_positions(text)
        # UTF-16 index of each astral character: its code point index plus the astral characters before it.
        self._utf16_astral = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)
        self.utf16_length = len(text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside 0..{self.length}")
        return offset + bisect_right(self._astral, offset - 1)

    def from_utf16(self, offset: int) -> int:
        """Code point offset for a UTF-16 offset; one that falls inside a surrogate pair is refused."""
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {offset} outside 0..{self.utf16_length}")
        before = bisect_right(self._utf16_astral, offset - 1)
        if before and self._utf16_astral[before - 1] == offset - 1:
            raise ValueError(f"UTF-16 offset {offset} splits a surrogate pair")
        return offset - before


def to_utf16(text: str, offset: int) -> int:
    return Utf16Map(text).to_utf16(offset)


def from_utf16(text: str, offset: int) -> int:
    return Utf16Map(text).from_utf16(offset)
