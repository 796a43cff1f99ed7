"""Documents read from pre-annotated files (doccano, Label Studio, brat, CoNLL, CLUENER, tables, REFI-QDA),
checked and in one shape, whatever the format: the importer decides what becomes of them (a coder's work, or
suggestions) and how the file's labels map to the codebook's kinds.

Readers check every span against its record's text (inside it, and equal to the text the file gives for
it); a record that fails is refused whole with a message naming the file, the record and the span, and the
reader goes on with the next. Offsets are always turned into code points, end exclusive, whatever the file
counts in; nothing is ever shifted to make a span fit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Mark:
    """A span as the file gives it: its label (not yet a codebook kind) and field values as the file writes
    them (strings mostly; the importer converts them by the codebook's field types)."""

    label: str
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
    annotator: str | None = None  # the coder the file names, if any
    uid: str | None = None  # the id the file gives the span, if it looks like one of ours
    origin: str | None = None  # manual, suggestion or imported, where the file is one of our exports

    @property
    def span(self) -> tuple[str, int, int]:
        return self.label, self.start, self.end


@dataclass
class Record:
    """One document: its text, marks, relations between marks and what else the file says of it
        (`title`, `outlet`, `url`, `published`, `document_id`: the uid it had where it was exported; from our tables,
    `entities`: registry entries by name, with their ids, types, aliases and notes, and `codes`: each coder's
    status, time spent and document field values)."""

    where: str  # file and record, for messages: "data.jsonl:12"
    text: str
    marks: list[Mark] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)  # indexes into marks, type
    relation_ids: dict[int, str] = field(default_factory=dict)  # index into relations -> the id the file gives
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the reader could not carry over, said once per record
    # The record has the format's span field (even empty): a file none of whose records has it is another
    # format, or plain texts, and is refused instead of imported with no spans.
    span_fields: bool = True


class RecordError(ValueError):
    """A record that cannot be read as it is; the message names the file, the record and the span."""


def check(record: Record, mark: Mark, *, ident: Any = None, shown: str | None = None) -> Mark:
    """The mark, if it is a non-empty span inside the record's text and (when the file gives the span's text)
    that text is the one at its offsets; otherwise RecordError naming the record and the span."""
    start, end = mark.start, mark.end
    name = f"span {ident}" if ident is not None else "a span"
    if not 0 <= start < end <= len(record.text):
        raise RecordError(f"{record.where}: {name} [{start}, {end}) is outside the text ({len(record.text)} characters)")
    if shown is not None and record.text[start:end] != shown:
        raise RecordError(f"{record.where}: {name} says {shown!r} but the text there is {record.text[start:end]!r}")
    return mark


def encoding_of(path: Path) -> str:
    """UTF-16 when the file starts with its byte-order mark (Windows tools write it), else UTF-8 (a BOM
    skipped). Dataset files are UTF-8 by every format's definition; anything else is refused, not guessed."""
    with path.open("rb") as handle:
        head = handle.read(2)
    return "utf-16" if head in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"


def json_lines(path: Path, parse: Callable[[Any, str], Record]) -> Iterator[Record | RecordError]:
    """Every non-empty line of a JSON Lines file parsed into a record (or the reason it was refused); a file
    that is not UTF-8 is refused whole, at the line where that shows."""
    number = 0
    try:
        with path.open(encoding=encoding_of(path)) as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path.name}:{number}"
                try:
                    yield parse(json.loads(line), where)
                except json.JSONDecodeError as exc:
                    yield RecordError(f"{where}: not JSON ({exc.msg})")
                except RecordError as exc:
                    yield exc
    except UnicodeDecodeError:
        yield RecordError(f"{path.name}:{number + 1}: not UTF-8 text; convert the file to UTF-8 and import it again")
