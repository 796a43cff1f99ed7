"""Suggestions: spans the coder will probably want, proposed with their fields filled (DESIGN §2, §4).

- figures, from the figure parser;
- stakeholders, from a gazetteer: the entity registry's names and aliases and the stakeholders the project's
  coders have already annotated (so the project teaches itself its names); and, where no known name is,
  names found by their shape in an article nobody has coded (stakeholder_names);
- claims, from attribution cues: a quotation (“…”, 「…」) that is someone's words (not quotation marks around
  a name or a term), a verb of saying (表示, 称, 认为, 指出, 强调, 透露, 预计…, with or without a comma after
  it), a data release with its source (海关统计显示，…), 据…统计, and an attributed headline (戴尔：…), with
  the nearest stakeholder before it as the proposed claimant.

Everything is found in the simplified view of the text and mapped back, so a traditional article gets the
same suggestions as its conversion. Nothing here reads or writes the database; the services do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from annotator.core import figures as figure_parser
from annotator.core import saying, stakeholder_names
from annotator.core.text.conversion import converted, to_simplified, to_simplified_each
from annotator.core.text.script import detect_script

KINDS = ("figure", "stakeholder", "claim")
# How often a suggestion of each source is right, shown to the coder and printed by `suggest --json`: the
# share of its suggestions that overlap a labelled span of their kind on the first 17 articles of our labelled set
# (`benchmarks/suggestion_quality.py --split all --by-source`), smoothed as (right + 1) / (suggested + 2) so
# that a rule seen a few times is not called certain, and rounded down to 0.05. The registry's names are the
# project's own; a source the set has no example of says 0.5.
CONFIDENCE = {
    ("figure", "figures"): 0.95,
    ("claim", "cue"): 0.95,
    ("claim", "verb without comma"): 0.8,
    ("claim", "headline"): 0.65,
    ("claim", "quotation"): 0.5,
    ("stakeholder", "registry"): 0.95,
    ("stakeholder", "gazetteer"): 0.8,
    ("stakeholder", "organisation"): 0.95,
    ("stakeholder", "country"): 0.95,
    ("stakeholder", "person"): 0.9,
    ("stakeholder", "short form"): 0.9,
    ("stakeholder", "descriptor and name"): 0.9,
    ("stakeholder", "group or source"): 0.9,
    ("stakeholder", "country or region acting"): 0.85,
    ("stakeholder", "stock-coded company"): 0.65,
    ("stakeholder", "media"): 0.65,
    ("stakeholder", "gloss of a Latin name"): 0.65,
    ("stakeholder", "Latin name"): 0.6,
    ("stakeholder", "alias"): 0.35,
}
CUES = saying.VERBS
_QUOTE = re.compile(r"“([^“”]{4,300})”|「([^「」]{4,300})」")
_CUE = re.compile(rf"({'|'.join(CUES)})(?:道)?\s*[，,：:]\s*")
# A verb of saying whose own clause follows it with no comma (超微并预告在2025年……, 强调戴尔可……).
_BARE_CUE = re.compile(r"(表示|指出|强调|认为|透露|预告) ?(?=[^\s，,：:。！？!?；;“「])")
_ACCORDING = re.compile(r"据([^，,。；]{2,30}?)(介绍|表示|透露|称|预计|统计)\s*[，,]\s*")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_NOT_A_CUE_BEFORE = {
    "称": ("名", "简", "号", "俗", "堪", "对", "相", "职", "宣", "声", "自"),
    "说": ("小", "传", "学", "据", "虽", "听", "再", "来", "话"),
    "认为": ("被", "公"),
    "指出": ("被",),
    "表示": ("以",),
}
# 显示 is a data release only after what is shown (数据显示, 统计显示, 报告显示…); and only with a source
# named before it: "最新数据显示" alone is the outlet's own statement.
_RELEASE = re.compile(r"(数据|统计|报告|调查|结果|研究|资料|监测)(?:还|也)?$")
_UNNAMED_SOURCE = re.compile(r"最新|初步|的|数据|统计|报告|调查|结果|研究|资料|监测|还|也|公布|发布|[\s，,]")
# A headline attributing what follows to a name: "戴尔：工作站需求升温", "伊朗批评美在中东……".
_HEADLINE = re.compile(
    r"(?:^|[\s\u3000])([^\s\u3000：:，,。！？!?“”「」0-9]{2,8}?)(?:[：:]\s*|(批评|警告|呼吁|强调|否认|表示|指出|称))(?=\S)([^\n]{4,})$"
)
_NOT_A_SPEAKER = frozenset("报道 报导 快讯 独家 视频 专访 直播 消息 评论 社评 观点 图 组图 提示 注 导读 聚焦 关注".split())
# A quotation is someone's words when a colon or a verb of saying comes just before it, or when it holds a
# sentence of its own; otherwise it marks a name, a title, a term or a product (综合性国家科学中心, 双向融通).
_SAYING_BEFORE = re.compile(rf"(?:[：:]|{'|'.join(CUES)}|道)\s*$")
_SENTENCE_INSIDE = re.compile(r"[，。！？；,!?;]")


@dataclass(frozen=True)
class Suggestion:
    kind: str
    start: int
    end: int
    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # figures, registry, gazetteer, names, quotation, cue, verb without comma, headline
    note: str = ""  # what the coder sees: why this was proposed
    parsed: dict[str, Any] | None = None  # for figures: everything the parser read (value, scale, period…)
    confidence: float | None = None  # how often such a suggestion is right (CONFIDENCE); None: imported

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "fields": self.fields,
            "source": self.source,
            "note": self.note,
            "confidence": self.confidence,
            **({"parsed": self.parsed} if self.parsed is not None else {}),
        }


@dataclass(frozen=True)
class Name:
    """A gazetteer entry: a name as written, and the registry entity it stands for (None: a name coders have
    annotated that is not in the registry)."""

    text: str
    entity_id: int | None = None
    entity_name: str | None = None
    type: str | None = None


class Gazetteer:
    """Finds the longest known names in a text, in either script. Names are kept in a dictionary with, per
    first character, the lengths of the names starting with it, so that finding costs a few lookups per
    character however many names there are (a regular expression of all the names, as this once was, took
    half a minute to compile for the 290,000 names of a five-million-annotation project)."""

    def __init__(self, names: Iterable[Name]) -> None:
        self._by_key: dict[str, Name] = {}
        names = list(names)
        for name, simple in zip(names, to_simplified_each([n.text.strip() for n in names]), strict=True):
            self._put(name, simple)
        lengths: dict[str, set[int]] = {}
        for key in self._by_key:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}

    def _put(self, name: Name, simplified: str) -> str | None:
        """Keep a name under its key (a registry entry wins over a bare annotated text); its key, if kept."""
        key = _folded(simplified)
        if len(key) < 2:  # one character matches everywhere
            return None
        known = self._by_key.get(key)
        if known is None or (known.entity_id is None and name.entity_id is not None):
            self._by_key[key] = name
        return key

    def add(self, name: Name) -> None:
        """One more name (a stakeholder just annotated), without reading them all again."""
        key = self._put(name, to_simplified(name.text.strip()))
        if key is not None:
            self._lengths[key[0]] = tuple(sorted({*self._lengths.get(key[0], ()), len(key)}, reverse=True))

    def __len__(self) -> int:
        return len(self._by_key)

    def find(self, simplified_text: str) -> list[tuple[int, int, Name]]:
        """(start, end, name) of the longest name at each place, left to right, never overlapping; a Latin
        name inside a longer Latin word is passed over."""
        text, folded = simplified_text, _folded(simplified_text)
        found = []
        at, size = 0, len(text)
        while at < size:
            for n in self._lengths.get(folded[at], ()):
                name = self._by_key.get(folded[at : at + n]) if at + n <= size else None
                if name is not None:
                    if not _inside_latin_word(text, at, at + n):
                        found.append((at, at + n, name))
                    at += n
                    break
            else:
                at += 1
        return found


def _folded(text: str) -> str:
    """The text case-folded character by character, so that offsets stay the text's (a character that
    folds to several, like ß, is kept as written)."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := c.casefold()) == 1 else c for c in text)


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """ "AMD" in "AMDX" or "Arm" in "Armv9": a Latin name must stand alone."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    latin = text[start].isascii() and text[start].isalpha()
    return latin and ((before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()))


def suggest(
    text: str,
    *,
    published: date | str | None = None,
    gazetteer: Gazetteer | None = None,
    kinds: Iterable[str] = KINDS,
    stakeholders: Iterable[tuple[int, int, int]] = (),
    script: str | None = None,
    new_names: bool = True,
) -> list[Suggestion]:
    """All suggestions for a text, in text order. `stakeholders` are the coder's stakeholder annotations
    (id, start, end), which a claim's claimant is chosen from; `script` (simplified, traditional, mixed)
    saves detecting it when the caller knows; `new_names`: also stakeholders found by their shape
    (stakeholder_names), where the gazetteer knows no name."""
    kinds = set(kinds)
    script = script or detect_script(text)
    view = converted(text, "t2s") if script in ("traditional", "mixed") else None
    simple = view.text if view else text

    def back(start: int, end: int) -> tuple[int, int]:
        return (view.to_source(start), view.to_source(end, end=True)) if view else (start, end)

    found: list[Suggestion] = []
    if "figure" in kinds:
        for figure in figure_parser.parse(text, published, script=script):
            note = f"figure: {figure.text}" + (f", {figure.period}" if figure.period else "")
            found.append(
                Suggestion(
                    "figure",
                    figure.start,
                    figure.end,
                    figure.text,
                    figure.fields(),
                    "figures",
                    note,
                    figure.as_dict(),
                    CONFIDENCE[("figure", "figures")],
                )
            )
    names = gazetteer.find(simple) if gazetteer is not None else []
    if "stakeholder" in kinds:
        for start, end, name in names:
            start, end = back(start, end)
            fields = {}
            if name.entity_id is not None:
                fields["entity"] = name.entity_id
            if name.type:
                fields["type"] = name.type
            source = "registry" if name.entity_id is not None else "gazetteer"
            note = f"registry: {name.entity_name}" if name.entity_id is not None else "named like earlier stakeholders"
            confidence = CONFIDENCE.get(("stakeholder", source), 0.5)
            found.append(Suggestion("stakeholder", start, end, text[start:end], fields, source, note, confidence=confidence))
        if new_names:
            known = [(s.start, s.end) for s in found if s.kind == "stakeholder"]
            for candidate in stakeholder_names.candidates(simple):
                start, end = back(candidate.start, candidate.end)
                if any(start < e and s < end for s, e in known):
                    continue  # a name the project knows wins
                fields = {"type": candidate.type} if candidate.type else {}
                confidence = CONFIDENCE.get(("stakeholder", candidate.family), 0.5)
                found.append(
                    Suggestion("stakeholder", start, end, text[start:end], fields, "names", candidate.how, None, confidence)
                )
    if "claim" in kinds:
        own = sorted(stakeholders, key=lambda s: s[1])
        for start, end, how, source in _claims(simple):
            cue_at = start
            start, end = back(start, end)
            fields = {"attribution": "direct_quote" if how == "quotation" else "indirect"}
            claimant = _claimant(own, back(cue_at, cue_at)[0], text)
            if claimant is not None:
                fields["claimant"] = claimant
            note = "quotation" if how == "quotation" else f"attribution cue {how}"
            confidence = CONFIDENCE.get(("claim", source), 0.5)
            found.append(Suggestion("claim", start, end, text[start:end], fields, source, note, confidence=confidence))
    return sorted(found, key=lambda s: (s.start, s.end, s.kind))


def prefill(
    kind: str,
    text: str,
    start: int,
    end: int,
    *,
    published: date | str | None = None,
    stakeholders: Iterable[tuple[int, int, int]] = (),
    script: str | None = None,
) -> dict[str, Any]:
    """Fields for a span the coder marked by hand: a figure's from the parser (the figure the span covers,
    read in its sentence so that the period and comparison are found), a claim's claimant from the
    stakeholders before it. Stakeholders get theirs from the registry when saved."""
    if kind == "figure":
        inside = [f for f in figure_parser.parse(text, published, script=script) if start <= f.start and f.end <= end]
        if not inside:
            inside = figure_parser.parse(text[start:end], published, script=script)
        return inside[0].fields() if inside else {}
    if kind == "claim":
        claimant = _claimant(sorted(stakeholders, key=lambda s: s[1]), start, text)
        return {"claimant": claimant} if claimant is not None else {}
    return {}


def _claims(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, how, source) of claim candidates in simplified text: quotations, what follows a cue (to
    the end of its sentence, or to the comma before the next cue's clause), and an attributed headline."""
    spans: list[tuple[int, int, str, str]] = []
    for match in _QUOTE.finditer(text):
        group = 1 if match.group(1) else 2
        inside = match.group(group)
        if _SAYING_BEFORE.search(text, max(0, match.start() - 4), match.start()) or _SENTENCE_INSIDE.search(inside):
            spans.append((match.start(group), match.end(group), "quotation", "quotation"))
    cues = [m for pattern in (_ACCORDING, _CUE, _BARE_CUE) for m in pattern.finditer(text) if _is_cue(text, m)]
    starts = sorted(m.start() for m in cues)
    for match in cues:
        start = match.end()
        if start < len(text) and text[start] in "“「":
            continue  # the quotation is its own suggestion
        end_match = _SENTENCE_END.search(text, start)
        end = end_match.start() if end_match else len(text)
        later = next((at for at in starts if start < at < end), None)
        if later is not None:  # the next attribution begins in this sentence: its clause is not this one's
            comma = max(text.rfind("，", start, later), text.rfind(",", start, later))
            end = comma if comma > start else end
        if end - start >= 6 and not any(s < end and start < e for s, e, _, _ in spans):
            cue = match.group(2) if match.re is _ACCORDING else match.group(1)
            spans.append((start, end, cue, "verb without comma" if match.re is _BARE_CUE else "cue"))
    headline = _headline(text)
    if headline and not any(s < headline[1] and headline[0] < e for s, e, _, _ in spans):
        spans.append((*headline, "headline"))
    return sorted(spans)


def _is_cue(text: str, match: re.Match) -> bool:
    if match.re is _ACCORDING:
        return True
    cue = match.group(1)
    if match.start() and text[match.start() - 1] in _NOT_A_CUE_BEFORE.get(cue, ()):
        return False
    before = text[max(text.rfind(mark, 0, match.start()) for mark in "。！？!?\n，,：:") + 1 : match.start()]
    if not before.strip():  # nobody before the verb ("报导：" opening a headline)
        return False
    if cue == "显示":
        return bool(_RELEASE.search(before)) and len(_UNNAMED_SOURCE.sub("", before)) >= 2
    if match.re is _BARE_CUE:  # no comma: the clause after it must be long enough to be a statement
        end = _SENTENCE_END.search(text, match.end())
        return (end.start() if end else len(text)) - match.end() >= 8
    return True


def _headline(text: str) -> tuple[int, int, str] | None:
    """The first line, when it is a headline (no full stop in it) that gives what follows to a name."""
    line = text.split("\n", 1)[0]
    if not line or len(line) > 80 or "。" in line:
        return None
    match = _HEADLINE.search(line)
    if match is None or match.group(1) in _NOT_A_SPEAKER:
        return None
    return match.start(3), match.end(3), match.group(2) or "："


def _claimant(stakeholders: list[tuple[int, int, int]], cue: int, text: str) -> int | None:
    """The coder's stakeholder annotation nearest before the cue, within its sentence."""
    sentence = max(text.rfind(mark, 0, cue) for mark in "。！？!?\n") + 1
    starts = [s[1] for s in stakeholders]
    for candidate in reversed(stakeholders[: bisect_right(starts, cue)]):
        annotation_id, start, end = candidate
        if end <= cue + 1 and start >= sentence:
            return annotation_id
        if start < sentence:
            break
    return None


def without(
    suggestions: Iterable[Suggestion], annotated: Iterable[tuple[str, int, int]], rejected: Iterable[tuple[str, int, int]]
) -> list[Suggestion]:
    """Drop what the coder has dealt with: suggestions overlapped by an annotation of the same kind, and
    the ones they rejected (kind, start, end)."""
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for kind, start, end in annotated:
        by_kind.setdefault(kind, []).append((start, end))
    turned_down = set(rejected)
    return [
        s
        for s in suggestions
        if (s.kind, s.start, s.end) not in turned_down
        and not any(start < s.end and s.start < end for start, end in by_kind.get(s.kind, ()))
    ]
