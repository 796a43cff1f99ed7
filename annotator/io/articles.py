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


def first_line_title(text: str, limit: int = 200) -> str:
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:limit]
    return ""
