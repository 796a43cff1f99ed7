"""Our labelled set (`labels/corpus.yaml`, rules in `labels/RULES.md`) read against the shared corpus: each
article's text and its stakeholder, claim and figure spans in code points, every label checked to be in the
text (a label that is not is an error naming the article and the label, never skipped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from common import SHARED

LABELS = Path(__file__).resolve().parent / "labels" / "corpus.yaml"


@dataclass
class Claim:
    start: int
    end: int
    claimant: tuple[int, int] | None  # the claimant mention's span


@dataclass
class Article:
    file: str
    split: str
    text: str
    spans: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # kind -> spans
    claims: list[Claim] = field(default_factory=list)
    stakeholder_names: set[str] = field(default_factory=set)


def _occurrences(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _mentions(text: str, entries: list, where: str) -> set[tuple[int, int]]:
    """Every occurrence of each entry (or those `only` lists), except one inside a longer entry's."""
    wanted: list[tuple[int, int]] = []
    for entry in entries:
        needle, only = (entry, None) if isinstance(entry, str) else (str(entry["text"]), entry["only"])
        found = _occurrences(text, str(needle))
        if not found:
            raise ValueError(f"{where}: {needle!r} is not in the text")
        chosen = found if only is None else [found[i] for i in only]
        wanted += [(at, at + len(str(needle))) for at in chosen]
    return {(s, e) for s, e in wanted if not any(os <= s and e <= oe and (oe - os) > (e - s) for os, oe in wanted)}


def load(splits: tuple[str, ...] = ("dev", "test")) -> list[Article]:
    if not (SHARED / "corpus").is_dir():
        raise SystemExit("the labelled set reads its texts from ../shared/corpus, which is not there")
    articles = []
    for entry in yaml.safe_load(LABELS.read_text(encoding="utf-8")):
        if entry["split"] not in splits:
            continue
        where = entry["file"]
        text = (SHARED / "corpus" / where).read_text(encoding="utf-8")
        article = Article(where, entry["split"], text)
        article.spans["stakeholder"] = _mentions(text, entry["stakeholders"], where)
        article.spans["figure"] = _mentions(text, [str(f) for f in entry["figures"]], where)
        article.stakeholder_names = {e if isinstance(e, str) else e["text"] for e in entry["stakeholders"]}
        for claim in entry["claims"]:
            start = text.find(claim["text"])
            if start < 0:
                raise ValueError(f"{where}: claim {claim['text'][:20]!r}… is not in the text")
            end = start + len(claim["text"])
            claimant = None
            if claim["claimant"]:
                before = [at for at in _occurrences(text[:start], claim["claimant"])]
                after = _occurrences(text, claim["claimant"])
                if not after:
                    raise ValueError(f"{where}: claimant {claim['claimant']!r} is not in the text")
                at = before[-1] if before else next(a for a in after if a >= end)
                claimant = (at, at + len(claim["claimant"]))
            article.claims.append(Claim(start, end, claimant))
        article.spans["claim"] = {(c.start, c.end) for c in article.claims}
        articles.append(article)
    return articles
