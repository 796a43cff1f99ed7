"""Traditional <-> simplified reading views with an exact offset map back to the stored text.

OpenCC's pure-Python package (`opencc-python-reimplemented`) converts strings but cannot say which source
characters became which output characters, and a phrase conversion may change the length (二噁英 -> 二𫫇英 is
the same length in code points but not in UTF-16; some phrases differ in length outright). So we run the
package's own algorithm on its own dictionaries here, keeping each replacement's source span. The output is
identical to `opencc.OpenCC(config).convert(text)` (a test checks this on the corpus and on random text).

The package's algorithm, per piece of text between separators: find the longest dictionary key anywhere in
the piece (leftmost among equals), replace it, then do the same to the parts on its left and right. A group
of dictionaries (phrases, then characters) is applied in order; parts no dictionary matches stay as they are.
We compute the same result in one pass: the chosen matches are exactly those that survive when all
candidate matches are taken longest first, leftmost among equals, skipping any that overlap one already
taken (each step of the recursion picks the best candidate of its part, and the parts never share a
candidate). Keys containing a separator can never match in the package, so they are dropped on loading.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import opencc

_PACKAGE_DIR = Path(opencc.__file__).resolve().parent

# Separators from OpenCC's PhraseExtract.cpp, as the package splits on them; no dictionary key contains one.
_SEPARATORS = re.compile(
    r"(\s+|-|,|\.|\?|!|\*|　|，|。|、|；|：|？|！|…|“|”|‘|’|『|』|「|」|﹁|﹂|—|－|（|）|《|》|〈|〉"
    r"|～|．|／|＼|︒|︑|︔|︓|︿|﹀|︹|︺|︙|︐|［|﹇|］|﹈|︕|︖|︰|︳|︴|︽|︾|︵|︶|｛|︷|｝|︸|﹃|﹄|【|︻|】|︼)"
)

CONVERSIONS = ("t2s", "s2t")


@dataclass(frozen=True)
class Dictionary:
    """One OpenCC dictionary: key -> first candidate, with the key length range for the search, and the
    key lengths by first character (so matching at a position tries only lengths that can match)."""

    max_len: int
    min_len: int
    entries: dict[str, str]
    lengths_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    first_chars: re.Pattern | None = field(default=None, compare=False)  # where a key can start
    translation: dict[int, str] | None = field(default=None, compare=False)  # one char -> one char: str.translate


def make_dictionary(entries: dict[str, str]) -> Dictionary:
    lengths = [len(k) for k in entries]
    by_first: dict[str, set[int]] = {}
    for key in entries:
        by_first.setdefault(key[0], set()).add(len(key))
    one_to_one = max(lengths) == 1 and all(len(v) == 1 for v in entries.values())
    return Dictionary(
        max(lengths),
        min(lengths),
        entries,
        {c: tuple(sorted(ls, reverse=True)) for c, ls in by_first.items()},
        re.compile("[" + "".join(re.escape(c) for c in sorted(by_first)) + "]"),
        {ord(k): v for k, v in entries.items()} if one_to_one else None,
    )


def _load_dictionary(path: Path) -> Dictionary:
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().partition("\t")
        if key and not _SEPARATORS.search(key):
            entries[key] = value.split(" ")[0]  # several candidates: OpenCC takes the first
    return make_dictionary(entries)


def _files(conversion: str) -> list[str]:
    """The dictionary files of a conversion, phrases first, the character table last."""
    if conversion not in CONVERSIONS:
        raise ValueError(f"unknown conversion {conversion!r}; expected one of {CONVERSIONS}")
    config = json.loads((_PACKAGE_DIR / "config" / f"{conversion}.json").read_text(encoding="utf-8"))
    (step,) = config["conversion_chain"]  # t2s and s2t are one group of dictionaries
    return [d["file"] for d in step["dict"]["dicts"]]


@cache
def _group(conversion: str) -> tuple[Dictionary, ...]:
    return tuple(_load_dictionary(_PACKAGE_DIR / "dictionary" / name) for name in _files(conversion))


@cache
def characters(conversion: str) -> dict[str, str]:
    """A conversion's character table alone (a tenth of the loading time of its phrases)."""
    return _load_dictionary(_PACKAGE_DIR / "dictionary" / _files(conversion)[-1]).entries


def _matches(text: str, group: tuple[Dictionary, ...]) -> list[tuple[int, int, str]]:
    """(source start, source end, replacement) of every dictionary match OpenCC would make, in any order.

    Keys containing separators were dropped on loading, so no match can include or cross one.
    """
    out: list[tuple[int, int, str]] = []
    taken = bytearray(len(text))
    size = len(text)
    for dictionary in group:
        entries = dictionary.entries
        if dictionary.max_len == 1:  # single characters: each one found is replaced
            for m in dictionary.first_chars.finditer(text):
                i = m.start()
                if not taken[i]:
                    out.append((i, i + 1, entries[m.group()]))
                    taken[i] = 1
            continue
        by_first = dictionary.lengths_by_first
        candidates: list[tuple[int, int]] = []
        for m in dictionary.first_chars.finditer(text):
            i = m.start()
            if not taken[i]:
                for n in by_first[m.group()]:
                    if i + n <= size and (n == 1 or text[i : i + n] in entries):
                        candidates.append((-n, i))
        candidates.sort()
        for negative_n, i in candidates:
            end = i - negative_n
            if not any(taken[i:end]):
                taken[i:end] = b"\x01" * (end - i)
                out.append((i, end, entries[text[i:end]]))
    return out


class ConvertedText:
    """A converted reading view of a stored text, with offsets mapped both ways.

    `segments` lists (source start, target start) at every point where the two are aligned; between two
    such points lies either unchanged text or one replaced dictionary match. A position inside a replaced
    phrase of different length maps to the phrase's start (for span starts) or end (for span ends), so a
    selection in the view always covers whole source characters.
    """

    __slots__ = ("source", "text", "_src", "_dst", "_identity")

    def __init__(self, source: str, conversion: str, dictionaries: tuple[Dictionary, ...] | None = None) -> None:
        """Convert `source` by a named conversion (t2s, s2t), or by the given dictionaries in order."""
        self.source = source
        group = dictionaries if dictionaries is not None else _group(conversion)
        # A last dictionary of single characters to single characters (OpenCC's character tables) is applied
        # with str.translate to the text between phrase matches: same result, at C speed, offsets unchanged.
        table = group[-1].translation if group else None
        matches = _matches(source, group[:-1] if table is not None else group)
        matches.sort()
        parts: list[str] = []
        src = [0]
        dst = [0]
        cursor = 0
        out_len = 0
        for s, e, value in matches:
            if s > cursor:
                parts.append(source[cursor:s] if table is None else source[cursor:s].translate(table))
                out_len += s - cursor
            parts.append(value)
            if len(value) != e - s:  # only length-changing replacements need their own map points
                if src[-1] != s:
                    src.append(s)
                    dst.append(out_len)
                out_len += len(value)
                src.append(e)
                dst.append(out_len)
            else:
                out_len += len(value)
            cursor = e
        parts.append(source[cursor:] if table is None else source[cursor:].translate(table))
        self.text = "".join(parts)
        self._src = src
        self._dst = dst
        self._identity = len(src) == 1

    def to_source(self, offset: int, *, end: bool = False) -> int:
        """Stored-text offset for a view offset (`end=True` rounds up inside a resized phrase)."""
        if self._identity:
            return offset
        if end:  # where replacements vanished, an end stays before them and a start goes after them
            k = bisect_left(self._dst, offset)
            if k < len(self._dst) and self._dst[k] == offset:
                return self._src[k]
        k = bisect_right(self._dst, offset) - 1
        delta = offset - self._dst[k]
        if k + 1 < len(self._dst):
            span_dst = self._dst[k + 1] - self._dst[k]
            span_src = self._src[k + 1] - self._src[k]
            if span_dst != span_src and delta:  # inside a resized phrase
                return self._src[k + 1] if end else self._src[k]
        return self._src[k] + delta

    def from_source(self, offset: int, *, end: bool = False) -> int:
        """View offset for a stored-text offset."""
        if self._identity:
            return offset
        k = bisect_right(self._src, offset) - 1
        delta = offset - self._src[k]
        if k + 1 < len(self._src):
            span_dst = self._dst[k + 1] - self._dst[k]
            span_src = self._src[k + 1] - self._src[k]
            if span_dst != span_src and delta:
                return self._dst[k + 1] if end else self._dst[k]
        return self._dst[k] + delta

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.to_source(start), self.to_source(end, end=True)


@lru_cache(maxsize=64)
def converted(source: str, conversion: str) -> ConvertedText:
    """Cached view: conversion is slow (about a million characters a second), so never redo it per paint."""
    return ConvertedText(source, conversion)


def to_simplified(text: str) -> str:
    return ConvertedText(text, "t2s").text


def to_simplified_each(texts: list[str]) -> list[str]:
    """Many short texts (names) converted in one pass, each given back whole: a conversion per text costs
    more in setting up than in converting. They are joined by a line break, a separator no dictionary
    match crosses, and cut apart again where their boundaries map to."""
    if not texts:
        return []
    whole = ConvertedText("\n".join(texts), "t2s")
    out, at = [], 0
    for text in texts:
        start, end = whole.from_source(at), whole.from_source(at + len(text), end=True)
        out.append(whole.text[start:end])
        at += len(text) + 1
    return out
