"""brat standoff: a folder with, per document, `NAME.txt` (the text) and `NAME.ann` (its annotations).

Lines of an `.ann` file, tab-separated as the format describes:

- `T1<TAB>KIND START END<TAB>TEXT`: a text-bound annotation; offsets are characters (code points), end
  exclusive. A span that crosses a line break is written as fragments, `START END;START END`, because a
  `.ann` line cannot hold the break; the TEXT then joins the fragments with a space (and a span of nothing
  but line breaks shows each as a space).
- `A1<TAB>FIELD T1 VALUE`: a choice or yes/no field value (brat's multi-valued attribute); a field with
  several choices gives one line per choice.
- `R1<TAB>TYPE Arg1:T1 Arg2:T2`: a link field (claimant, evidence…).
- `#1<TAB>AnnotatorNotes T1<TAB>NOTE`: the other field values (text, numbers, periods, entity names), as
  `field: value` lines joined by ` | `.

File names are the documents' uids, so nothing from an import (titles, file names) can reach a path.
`read` is a strict reader of the same description: anything else is an error naming file and line;
`records` reads a whole folder (ours, or brat's own) for import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import codebook as cb
from annotator.core.uids import file_stem
from annotator.io.dataset import Item
from annotator.io.records import Mark, Record, RecordError


class BratError(ValueError):
    """A .ann file that does not follow the standoff format."""


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split at line breaks (the breaks themselves left out)."""
    pieces, position = [], start
    for match in re.finditer(r"\n", text[start:end]):
        cut = start + match.start()
        if cut > position:
            pieces.append((position, cut))
        position = cut + 1
    if end > position:
        pieces.append((position, end))
    return pieces or [(start, end)]


def _shown(text: str, pieces: list[tuple[int, int]]) -> str:
    """A span's text as its `T` line holds it: the pieces joined by a space, and a line break left inside a
    piece (a span of nothing but breaks) as a space too, as brat itself writes it."""
    return " ".join(text[s:e] for s, e in pieces).replace("\n", " ")


def _type(name: str) -> str:
    """brat types and attribute names cannot hold spaces: keep the codebook's names (they have none)."""
    return name.replace(" ", "_")


def write(folder: Path, items: Iterable[Item], book: cb.Codebook) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    documents = 0
    for item in items:
        stem = file_stem(item.id)
        (folder / f"{stem}.txt").write_text(item.text, encoding="utf-8", newline="")
        lines: list[str] = []
        number: dict[str, str] = {}
        attributes = notes = 0
        for t, span in enumerate(item.spans, start=1):
            number[span.id] = f"T{t}"
            pieces = _fragments(item.text, span.start, span.end)
            offsets = ";".join(f"{s} {e}" for s, e in pieces)
            shown = _shown(item.text, pieces)
            lines.append(f"T{t}\t{_type(span.kind)} {offsets}\t{shown}")
            kind = book.kind(span.kind) if span.kind in book.kind_names else None
            notes_of_span = []
            for f in kind.fields if kind else ():
                value = span.fields.get(f.name)
                if value in (None, "", []) or f.is_link:
                    continue
                if f.type in ("choice", "multi_choice", "boolean"):
                    values = (
                        value if isinstance(value, list) else ["yes" if value is True else "no" if value is False else value]
                    )
                    for v in values:
                        attributes += 1
                        lines.append(f"A{attributes}\t{_type(f.name)} T{t} {_type(str(v))}")
                else:
                    shown_value = item.entities[value]["name"] if f.is_entity else value
                    notes_of_span.append(f"{f.name}: {shown_value}")
            if notes_of_span:
                notes += 1
                note = " | ".join(notes_of_span).replace("\n", " ").replace("\t", " ")
                lines.append(f"#{notes}\tAnnotatorNotes T{t}\t{note}")
        for r, link in enumerate(item.links, start=1):
            if link.source in number and link.target in number:
                lines.append(f"R{r}\t{_type(link.type)} Arg1:{number[link.source]} Arg2:{number[link.target]}")
        (folder / f"{stem}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="")
        documents += 1
    return documents


@dataclass
class Standoff:
    """One document as a strict reading of its .txt and .ann files."""

    text: str
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = field(default_factory=dict)  # id: type, pieces, text
    attributes: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # id: name, target, value
    relations: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id: type, arg1, arg2
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id: target, note


_SPAN = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_ATTRIBUTE = re.compile(r"^(A\d+)\t(\S+) (T\d+)(?: (\S+))?$")
_RELATION = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)$")
_NOTE = re.compile(r"^(#\d+)\tAnnotatorNotes (T\d+)\t(.*)$")


def read(txt: Path, ann: Path) -> Standoff:
    """Read a document strictly: every line must be one of the four kinds above, every id unique, every
    reference known, every offset inside the text and the span text equal to the text at its offsets."""
    text = txt.read_text(encoding="utf-8")
    doc = Standoff(text)
    seen: set[str] = set()
    for number, line in enumerate(ann.read_text(encoding="utf-8").split("\n"), start=1):
        if not line:
            continue
        where = f"{ann.name}:{number}"
        kinds = ((_SPAN, doc.spans), (_ATTRIBUTE, doc.attributes), (_RELATION, doc.relations), (_NOTE, doc.notes))
        found = next(((pattern.match(line), store) for pattern, store in kinds if pattern.match(line)), None)
        if found is None:
            raise BratError(f"{where}: not a standoff line: {line!r}")
        match, store = found
        ident = match.group(1)
        if ident in seen:
            raise BratError(f"{where}: {ident} is defined twice")
        seen.add(ident)
        if store is doc.spans:
            pieces = [tuple(int(n) for n in piece.split()) for piece in match.group(3).split(";")]
            if any(not (0 <= s < e <= len(text)) for s, e in pieces):
                raise BratError(f"{where}: offsets {match.group(3)} outside the text ({len(text)} characters)")
            if _shown(text, pieces) != match.group(4):
                raise BratError(f"{where}: {match.group(4)!r} is not the text at {match.group(3)}")
            store[ident] = (match.group(2), pieces, match.group(4))
        else:
            store[ident] = match.groups()[1:]
    for ident, target in (
        [(i, a[1]) for i, a in doc.attributes.items()]
        + [(i, n[0]) for i, n in doc.notes.items()]
        + [(i, arg) for i, r in doc.relations.items() for arg in r[1:]]
    ):
        if target not in doc.spans:
            raise BratError(f"{ann.name}: {ident} refers to {target}, which is not defined")
    return doc


_NOTE_FIELD = re.compile(r"^([a-z][a-z0-9_]*): (.*)$")


def records(folder: Path) -> Iterator[Record | RecordError]:
    """Every document of a brat folder (each `.ann` with its `.txt`, in name order, subfolders included) as
    a record: spans (fragments joined into the span that covers them), attributes and `field: value` notes as
    field values (a note of any other shape as the field `note`), relations."""
    for ann in sorted(folder.rglob("*.ann")):
        txt = ann.with_suffix(".txt")
        where = str(ann.relative_to(folder))
        if not txt.exists():
            yield RecordError(f"{where}: no {txt.name} beside it")
            continue
        try:
            doc = read(txt, ann)
        except (BratError, UnicodeDecodeError) as exc:
            yield RecordError(f"{where}: {exc}")
            continue
        yield _record(doc, where, txt.stem)


def _record(doc: Standoff, where: str, name: str) -> Record:
    record = Record(where, doc.text, meta={"document_id": name, "title": name})
    index = {}
    for ident, (kind, pieces, _) in doc.spans.items():
        index[ident] = len(record.marks)
        record.marks.append(Mark(kind, pieces[0][0], pieces[-1][1]))
        if any(s != e for (_, e), (s, _) in zip(pieces, pieces[1:], strict=False)):
            gaps = [doc.text[e:s] for (_, e), (s, _) in zip(pieces, pieces[1:], strict=False)]
            if any(gap != "\n" for gap in gaps):
                record.notes.append(f"{ident}: a discontinuous span, imported as the span that covers its pieces")
    for name_, target, value in doc.attributes.values():
        fields = record.marks[index[target]].fields
        if name_ in fields:
            previous = fields[name_]
            fields[name_] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            fields[name_] = value if value is not None else True
    for target, note in doc.notes.values():
        pairs = [_NOTE_FIELD.match(part) for part in note.split(" | ")]
        fields = record.marks[index[target]].fields
        if all(pairs):
            fields.update(pair.groups() for pair in pairs)
        else:
            fields["note"] = note
    for kind, arg1, arg2 in doc.relations.values():
        record.relations.append((index[arg1], index[arg2], kind))
    return record
