"""Very long lines cut into shorter ones for display only, with the offset map that undoes the cuts.

Why: Qt's plain-text view lays out a paragraph whole as soon as any of it is on screen. An article that is
one line of 745,000 characters (a scraped page with no line breaks) took seconds to show, and one of 8
million never did; cut into lines of a few thousand characters, only what is on screen is laid out (8
million characters: 4.7 s → 0.5 s). The stored text is never touched: the view shows `text` with a line
break inserted before each cut, and every offset crossing the view is mapped through here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

LONGEST_LINE = 4000  # characters: a line longer than this is cut for display
PIECE = 2000  # the length aimed at: a cut falls after a sentence's end in the piece's second half if it can
_SENTENCE_ENDS = frozenset("。！？；!?;…」』”")


def cut_points(text: str, longest: int = LONGEST_LINE, piece: int = PIECE) -> list[int]:
    """Offsets before which a display line break goes: none in lines up to `longest` characters."""
    cuts: list[int] = []
    line_start = 0
    while line_start <= len(text):
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = len(text)
        if line_end - line_start > longest:
            at = line_start
            while line_end - at > longest:
                cut = _cut_in(text, at + piece // 2, at + piece)
                cuts.append(cut)
                at = cut
        line_start = line_end + 1
    return cuts


def _cut_in(text: str, lo: int, hi: int) -> int:
    """The offset just after the last sentence end in [lo, hi), else `hi` (never between a surrogate pair:
    the text is code points)."""
    for i in range(hi - 1, lo - 1, -1):
        if text[i] in _SENTENCE_ENDS:
            return i + 1
    return hi


class DisplayLines:
    """`text` as displayed (with its cuts) and the offsets between the two."""

    def __init__(self, text: str, longest: int = LONGEST_LINE, piece: int = PIECE) -> None:
        self.cuts = cut_points(text, longest, piece)
        # Where each inserted break stands in the displayed text (strictly increasing).
        self._breaks_at = [cut + k for k, cut in enumerate(self.cuts)]
        if self.cuts:
            bounds = [0, *self.cuts, len(text)]
            self.text = "\n".join(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
        else:
            self.text = text

    def to_display(self, offset: int, *, end: bool = False) -> int:
        """A text offset in the displayed text; an `end` at a cut stays before the inserted break."""
        if not self.cuts:
            return offset
        return offset + (bisect_left(self.cuts, offset) if end else bisect_right(self.cuts, offset))

    def from_display(self, offset: int) -> int:
        """A displayed offset in the text; the inserted break itself maps to the cut it stands for."""
        if not self.cuts:
            return offset
        return offset - bisect_left(self._breaks_at, offset)
