"""What every article reader produces: one `Article` per article found, or a refusal for that source.

Readers never touch the database; the import service turns Articles into documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.text.decoding import Decoded


@dataclass
class Article:
    text: str
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Item:
    """One article of a source (`label` names file and row), or why it could not be read."""

    label: str
    article: Article | None = None
    error: str | None = None
    decoded: Decoded | None = None
    importer: str = ""


class SourceError(Exception):
    """The whole source is unreadable (e.g. a damaged .docx); the message names the problem."""


_HEADLINE = range(8, 61)


def first_line_title(text: str, limit: int = 200) -> str:
    """The first non-empty line, unless it is page furniture (a user name, "2小时前") and a headline-like
    line (8 to 60 characters, no closing full stop) follows among the next few lines."""
    lines = [ln.strip().lstrip("#").strip() for ln in text.split("\n")[:12]]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    if len(lines[0]) < 6:
        for line in lines[1:5]:
            if len(line) in _HEADLINE and not line.endswith(("。", ".")):
                return line[:limit]
    return lines[0][:limit]
