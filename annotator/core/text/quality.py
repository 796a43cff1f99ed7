"""What is wrong with an article's text, found without changing it (the coder decides what to clean).

Each finding has a kind, the code point span it covers and a short excerpt, so the workbench can point at
it and the import report can count it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

REPLACEMENT = "replacement_character"
PINYIN_GLOSS = "pinyin_gloss"
INVISIBLE = "invisible_character"
BIDI = "bidi_control"
INSERTED_HEADLINE = "inserted_headline"
REPEATED_SENTENCE = "repeated_sentence"
FOOTER = "footer_line"

# A Han character followed by a parenthesised pinyin syllable (tone marks or digits), as machine
# transliteration leaves behind: 正規(guī)軍, 數(shù)據(jù).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_GLOSS_RE = re.compile(rf"(?<=[\u4e00-\u9fff])[（(]([a-z{_TONED}]{{1,6}}[1-5]?)[)）]")
_HAS_TONE = re.compile(rf"[{_TONED}]|[a-z][1-5]$")

INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
BIDI_CHARS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE_CHARS}]")
_BIDI_RE = re.compile(f"[{BIDI_CHARS}]")

# Scraped pages paste a headline (or a piece of it) into paragraphs as SEO filler, mid-sentence. A headline
# is a line of moderate length without terminal punctuation; its pieces are what lies between colons.
_TERMINAL = re.compile(r"[。！？!?；;]\s*$")
_HEADLINE_MAX = 60
_PIECE_MIN = 8  # shorter pieces (快手电商, 同比增长) occur naturally
_PIECE_SPLIT = re.compile(r"[:：|｜]")
_SHORT_LINE = 40  # a list line of a footer (related links, counters) is short and has no terminal punctuation

_FOOTER_RE = re.compile(
    r"^\s*(?:(?:粉丝数|点赞数|粉絲數|點讚數|相关阅读|相關閱讀|相关文章|相關文章|推荐阅读|推薦閱讀|责任编辑|責任編輯|"
    r"温馨提[醒示]|溫馨提[醒示]|免责声明|免責聲明|版权所有|版權所有|微信号|微信號|扫码|掃碼|关注我们|關注我們|"
    r"原标题|原標題|来源[:：]|來源[:：]|本站|copyright|©)"
    r"|\d{4}年\d{1,2}月\d{1,2}日\s+\d{1,2}:\d{2}(?::\d{2})?\s*$|[\d.]+[wW万萬]?\s*$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    excerpt: str


def pinyin_glosses(text: str) -> list[tuple[int, int]]:
    """Spans of `(guī)`-style glosses; a plain parenthesised English word is not one."""
    return [m.span() for m in PINYIN_GLOSS_RE.finditer(text) if _HAS_TONE.search(m.group(1))]


def inserted_headlines(text: str) -> list[tuple[int, int]]:
    """Spans where a headline line of the text, or a colon-separated piece of it, recurs inside a paragraph."""
    lines = [line.strip() for line in text.split("\n")]
    headlines = {ln for ln in lines if _PIECE_MIN <= len(ln) <= _HEADLINE_MAX and not _TERMINAL.search(ln)}
    pieces = set(headlines)
    for headline in headlines:
        pieces.update(p.strip() for p in _PIECE_SPLIT.split(headline) if len(p.strip()) >= _PIECE_MIN)
    spans: list[tuple[int, int]] = []
    for piece in sorted(pieces, key=len, reverse=True):  # longest first: a piece inside a found headline is skipped
        at = text.find(piece)
        while at >= 0:
            end = at + len(piece)
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", end)
            line = text[line_start : len(text) if line_end < 0 else line_end].strip()
            if line not in headlines and not any(s < end and at < e for s, e in spans):
                spans.append((at, end))
            at = text.find(piece, end)
    return sorted(spans)


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_MIN_SENTENCE = 12  # shorter sentences (据介绍。 同比增长。) recur naturally


def repeated_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the second and later copies of a sentence (of at least 12 characters) the article repeats."""
    seen: set[str] = set()
    spans = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if len(sentence) < _MIN_SENTENCE:
            continue
        if sentence in seen:
            start = m.start() + m.group().index(sentence)
            spans.append((start, start + len(sentence)))
        seen.add(sentence)
    return spans


def spam_spans(text: str) -> list[tuple[int, int]]:
    """Inserted headlines and repeated sentences, merged into non-overlapping spans in text order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(inserted_headlines(text) + repeated_sentences(text)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def footer_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the trailing lines that look like site furniture (counters, disclaimers, link lists).

    Walks up from the last line while lines are footer-like: a known footer pattern (strong) or a short
    line without terminal punctuation (weak, as in a related-links list). The block counts when it holds a
    strong line or at least three weak ones, so an article ending in one unpunctuated line is left alone.
    Headlines in link lists often end in ? or !, so only a full stop marks a weak line as prose.
    """
    spans: list[tuple[int, int]] = []
    strong = weak = 0
    end = len(text)
    for line in reversed(text.split("\n")):
        start = end - len(line)
        if line.strip():
            if _FOOTER_RE.match(line):
                strong += 1
            elif len(line.strip()) <= _SHORT_LINE and not line.rstrip().endswith(("。", ".")):
                weak += 1
            else:
                break
            spans.append((start, end))
        end = start - 1
    return sorted(spans) if strong or weak >= 3 else []


def report(text: str) -> list[Finding]:
    findings = []

    def add(kind: str, spans) -> None:
        for s, e in spans:
            findings.append(Finding(kind, s, e, text[max(0, s - 4) : e + 4]))

    add(REPLACEMENT, ((m.start(), m.end()) for m in re.finditer("\ufffd+", text)))
    add(PINYIN_GLOSS, pinyin_glosses(text))
    add(INVISIBLE, (m.span() for m in _INVISIBLE_RE.finditer(text)))
    add(BIDI, (m.span() for m in _BIDI_RE.finditer(text)))
    add(INSERTED_HEADLINE, inserted_headlines(text))
    add(REPEATED_SENTENCE, repeated_sentences(text))
    add(FOOTER, footer_lines(text))
    return findings


def summary(findings: list[Finding]) -> dict[str, int]:
    return dict(Counter(f.kind for f in findings))
