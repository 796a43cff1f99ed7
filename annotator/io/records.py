"""Documents read from pre-annotated files (doccano, Label Studio, brat, CoNLL…), checked and in one shape,
whatever the format: the importer decides what becomes of them (a coder's work, or suggestions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    """One document read from a pre-annotated file, checked: every span lies inside the text (and, where
    the file gives the span's text, equals it)."""

    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # label, start, end (code points)
    relations: list[tuple[int, int, str]] = field(default_factory=list)  # indexes into spans, type
    meta: dict[str, Any] = field(default_factory=dict)


class RecordError(ValueError):
    """A record that cannot be read as it is; the message names the record and the span."""
