"""Bytes -> text by the rules of DESIGN §5, with a report of what was decided.

Order: refuse empty and known binary formats; BOM; NUL bytes mean UTF-16 without BOM (if the text reads as
Chinese in one byte order) or binary; strict UTF-8; then the Chinese legacy encodings (GB18030, Big5/CP950,
Big5-HKSCS), ranked by how common the decoded characters are in the script each encoding is for (GB2312's
rows for GB18030, Big5's level-1 characters for Big5). UTF-16 without BOM and without NULs (all-Chinese text)
is tried after them. A near-tie between candidates on short input is refused as ambiguous: the caller must
name the encoding. Invalid bytes are never dropped: a mostly-valid UTF-8 file is decoded with U+FFFD and the
replaced byte offsets are reported; anything else is refused with the offset of the first bad byte.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Fewer Chinese characters than this are "short": GB and Big5 readings of real text then score within 0.6-0.7
# of each other (measured on the shared corpus, 15-30 characters), so a short file is refused unless one
# reading wins clearly (0.9), and the user names the encoding. A 31-byte GBK file was imported at 0.62.
SHORT_HAN = 40

# File signatures of formats that are never articles, checked before any decoding.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office file with the wrong extension)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (.doc/.xls)"),
    (b"BZh", "bzip2 archive"),
    (b"RIFF", "RIFF media file"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The share of bytes that may be invalid in a UTF-8 file still imported with U+FFFD (with a warning).
MAX_REPLACED_SHARE = 0.01
_LEGACY = ("gb18030", "cp950", "big5hkscs")
_HAN = re.compile("[\u3400-\u9fff]")
_SPACE = re.compile(r"\s")
_TWO_BYTE = re.compile("[\u0080-\u07ff]")  # letters that take two bytes in UTF-8


class DecodeError(ValueError):
    """The bytes cannot be turned into text under the rules; the message says why and what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float
    bom: bool = False
    replaced_offsets: tuple[int, ...] = ()  # byte offsets of invalid bytes shown as U+FFFD
    candidates: dict[str, float] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        if not self.replaced_offsets:
            return []
        shown = ", ".join(str(o) for o in self.replaced_offsets[:5])
        more = "…" if len(self.replaced_offsets) > 5 else ""
        return [f"{len(self.replaced_offsets)} invalid byte(s) replaced by U+FFFD at byte offset {shown}{more}"]


def binary_kind(data: bytes) -> str | None:
    """Name of a known binary format the data starts with, or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def _han_share(text: str, codec: str, lead_low: int, lead_high: int) -> float:
    """Share of Han characters whose encoding in `codec` has a lead byte in the common-character rows."""
    han = [c for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000"]
    if not han:
        return 0.0
    common = 0
    for c in set(han):
        try:
            lead = c.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if lead_low <= lead <= lead_high:
            common += han.count(c)
    return common / len(han)


def _score(text: str, encoding: str) -> float:
    if encoding == "gb18030":
        return _han_share(text, "gb2312", 0xB0, 0xF7)
    return _han_share(text, "cp950", 0xA4, 0xC6)


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (
        0x20 <= o < 0x7F
        or ch in "\n\r\t"
        or 0x3000 <= o <= 0x30FF  # CJK punctuation, kana
        or 0x3400 <= o <= 0x9FFF  # CJK ideographs
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2000 <= o <= 0x206F  # general punctuation (quotes, dashes)
        or 0xA0 <= o <= 0xFF
        or 0x20000 <= o <= 0x3FFFF
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: the byte order under which the text reads as Chinese.

    Chinese text decoded with the wrong byte order (or legacy bytes decoded as UTF-16) lands in unrelated
    blocks (Hangul, Yi, private use, control characters), so the share of plausible characters tells.
    """
    if len(data) % 2:
        return None
    best = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = sum(1 for c in text if _plausible(c)) / max(1, len(text))
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def _lenient_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes replaced, or None when too much of it is invalid."""
    offsets: list[int] = []
    pos = 0
    parts: list[str] = []
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode("utf-8"))
            parts.append("\ufffd")
            bad_end = pos + exc.end
            offsets.extend(range(pos + exc.start, bad_end))
            pos = bad_end
            if len(offsets) > MAX_REPLACED_SHARE * len(data):
                return None
    return Decoded("".join(parts), "utf-8", 1.0 - len(offsets) / len(data), replaced_offsets=tuple(offsets))


def _refuse_legacy_lookalike(data: bytes, text: str) -> None:
    """GB18030 and Big5 bytes can happen to be valid UTF-8: their two-byte Chinese characters then read as
    Cyrillic, Greek or Armenian letters (一一 in GB18030 is һһ in UTF-8; found by fuzzing). Text without
    any Chinese that is mostly such letters, and whose bytes read as common Chinese characters in a legacy
    encoding, is refused as ambiguous rather than guessed."""
    if _HAN.search(text):  # checked first: it settles nearly every real article at its first characters
        return
    letters = len(text) - len(_SPACE.findall(text))
    two_byte = len(_TWO_BYTE.findall(text))
    if not letters or two_byte < 0.3 * letters:
        return
    readings = []
    for name in _LEGACY:
        try:
            legacy = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _score(legacy, name) >= 0.5:
            readings.append(f"{name} ({legacy[:12]!r})")
    if readings:
        raise DecodeError(
            f"ambiguous encoding: valid UTF-8 ({text[:12]!r}) but also Chinese in {', '.join(readings)}; "
            "name it with --encoding"
        )


def _first_bad_byte(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode an article file's bytes; raises DecodeError with a message meant for the user."""
    if not data:
        raise DecodeError("empty file")
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"binary file ({kind}), not text")
    if encoding:
        return _decode_as(data, encoding)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(name.replace("-sig", "")), name, 1.0, bom=True)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {name} byte-order mark but has an invalid sequence at byte offset {exc.start + len(bom)}"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return Decoded(utf16[0], utf16[1], 0.9)
        raise DecodeError(f"binary content: NUL byte at byte offset {nul}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_legacy_lookalike(data, text)
        return Decoded(text, "utf-8", 1.0)
    candidates = {}
    texts = {}
    for name in _LEGACY:
        try:
            texts[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
        candidates[name] = _score(texts[name], name)
    if candidates:
        ranked = sorted(candidates, key=lambda n: (-candidates[n], _LEGACY.index(n)))
        best = ranked[0]
        # cp950 and big5hkscs agree on ordinary Big5 text; only a GB/Big5 disagreement is a real choice.
        rivals = [n for n in ranked[1:] if (n == "gb18030") != (best == "gb18030")]
        top = candidates[best]
        second = candidates[rivals[0]] if rivals else 0.0
        confidence = round(top / (top + second), 3) if top + second else 0.0
        han = sum(1 for c in texts[best] if "\u3400" <= c <= "\u9fff")
        if rivals and (confidence < 0.6 or han < 8 or (han < SHORT_HAN and confidence < 0.9)):
            shown = ", ".join(f"{n} ({candidates[n]:.2f})" for n in ranked)
            raise DecodeError(f"ambiguous encoding: could be {shown}; name it with --encoding")
        return Decoded(texts[best], best, confidence, candidates=candidates)
    utf16 = _utf16_without_bom(data)  # all-Chinese UTF-16 has no NUL bytes to give it away
    if utf16:
        return Decoded(utf16[0], utf16[1], 0.9)
    lenient = _lenient_utf8(data)
    if lenient:
        return lenient
    raise DecodeError(
        f"not valid UTF-8 (first invalid byte at offset {_first_bad_byte(data, 'utf-8')}) nor GB18030 or "
        f"Big5; name the encoding with --encoding"
    )


def _decode_as(data: bytes, encoding: str) -> Decoded:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    bom = next((b for b, name in _BOMS if data.startswith(b) and codecs.lookup(name).name == codec), b"")
    try:
        return Decoded(data[len(bom) :].decode(codec), codec, 1.0, bom=bool(bom))
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            lenient = _lenient_utf8(data[len(bom) :])
            if lenient:
                return lenient
        raise DecodeError(f"invalid {codec} at byte offset {exc.start + len(bom)}") from None
