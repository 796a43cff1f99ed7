"""Reading brat standoff folders as records: ours (`brat`), or any brat corpus.

Every line type brat writes is read: `T` text-bound annotations, `R` relations (a trailing tab, as brat's
own files have, is fine), `A` and `M` attributes, `#` notes, and `E` events, `N` normalisations and `*`
equivalences, of which spans, relations, attributes and AnnotatorNotes are kept and the rest counted in the
record's notes, so the import says what it left out. A document is refused only for what makes its spans
untrustworthy: a line of no brat shape, an id defined twice, a reference to an id the file lacks, offsets
outside the text or a span text that is not the text at its offsets.

Texts are read as their bytes say, line ends included: brat counts a carriage return as a character, so
translating line ends while reading would move every span after one (the importer then rewrites CRLF as
LF and moves the spans with it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.io import field_text
from annotator.io.brat import MARKER, NOTE_SEPARATOR, shown
from annotator.io.records import Mark, Record, RecordError


class BratError(ValueError):
    """A .ann file that does not follow the standoff format."""


@dataclass
class Standoff:
    """One document as a reading of its .txt and .ann files."""

    text: str
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = field(default_factory=dict)  # id: type, pieces, text
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)  # name, target, value
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # type, arg1, arg2
    notes: list[tuple[str, str]] = field(default_factory=list)  # target, note
    left_out: Counter = field(default_factory=Counter)  # what the project has no place for, by name


_SPAN = re.compile(r"^(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_RELATION = re.compile(r"^(\S+) \S+?:(\S+) \S+?:(\S+)$")
_ATTRIBUTE = re.compile(r"^(\S+) (\S+)(?: (\S+))?$")
_NOTE = re.compile(r"^(\S+) (\S+)\t(.*)$")
_EVENT = re.compile(r"^\S+:\S+(?: \S+:\S+)*$")
_NORMALISATION = re.compile(r"^\S+ (\S+) \S+:\S+(?:\t.*)?$")
_EQUIVALENCE = re.compile(r"^\S+(?: \S+)+$")
_ID = re.compile(r"^(?:[TREAMN#]\d+|\*)$")


def read(txt: Path, ann: Path, name: str | None = None) -> Standoff:
    """Read one document; BratError naming the file (`name`, else the .ann file's) and line for anything
    that makes it untrustworthy."""
    name = name or ann.name
    with txt.open(encoding="utf-8", newline="") as handle:
        doc = Standoff(handle.read())
    references: list[tuple[str, str, str]] = []  # where, the line's id, the id it refers to
    defined: set[str] = set()
    with ann.open(encoding="utf-8-sig", newline="") as handle:
        lines = handle.read().split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{name}:{number}"
        ident, _, rest = line.partition("\t")
        if not _ID.match(ident):
            raise BratError(f"{where}: not a standoff line: {line!r}")
        if ident != "*":
            if ident in defined:
                raise BratError(f"{where}: {ident} is defined twice")
            defined.add(ident)
        for target in _line(doc, ident, rest, where):
            references.append((where, ident, target))
    for where, ident, target in references:
        if target not in defined:
            raise BratError(f"{where}: {ident} refers to {target}, which is not defined")
    return doc


def _line(doc: Standoff, ident: str, rest: str, where: str) -> list[str]:
    """Take one line into `doc`; returns the ids it refers to."""
    kind = ident[0]
    bad = BratError(f"{where}: not a standoff {kind} line: {ident}\t{rest}")
    if kind == "T":
        match = _SPAN.match(rest)
        if not match:
            raise bad
        pieces = [(int(a), int(b)) for a, b in (piece.split() for piece in match.group(2).split(";"))]
        if any(not (0 <= s < e <= len(doc.text)) for s, e in pieces):
            raise BratError(f"{where}: offsets {match.group(2)} outside the text ({len(doc.text)} characters)")
        if shown(doc.text, pieces) != match.group(3):
            raise BratError(f"{where}: {match.group(3)!r} is not the text at {match.group(2)}")
        doc.spans[ident] = (match.group(1), pieces, match.group(3))
        return []
    if kind == "R":
        match = _RELATION.match(rest.rstrip("\t "))
        if not match:
            raise bad
        doc.relations.append(match.groups())
        return [match.group(2), match.group(3)]
    if kind in "AM":
        match = _ATTRIBUTE.match(rest.rstrip("\t "))
        if not match:
            raise bad
        doc.attributes.append(match.groups())
        return [match.group(2)]
    if kind == "#":
        match = _NOTE.match(rest) or _ATTRIBUTE.match(rest.rstrip("\t "))  # a note may be empty
        if not match:
            raise bad
        if match.group(1) == "AnnotatorNotes":
            doc.notes.append((match.group(2), match.group(3) or ""))
        else:
            doc.left_out[f"{match.group(1)} note"] += 1
        return [match.group(2)]
    patterns = {"E": (_EVENT, "event"), "N": (_NORMALISATION, "normalisation"), "*": (_EQUIVALENCE, "equivalence")}
    pattern, name = patterns[kind]
    match = pattern.match(rest.rstrip("\t "))
    if not match:
        raise bad
    doc.left_out[name] += 1
    if kind == "E":
        return [part.split(":", 1)[1] for part in rest.split()]
    if kind == "N":
        return [match.group(1)]
    return rest.split()[1:]


def _coders(folder: Path) -> dict[str, str] | None:
    """The coder of each top folder, where the folder is our export (its annotation.conf says so)."""
    conf = folder / "annotation.conf"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] != MARKER:
        return None
    coders = {}
    for line in lines[1:]:
        if not line.startswith("# coder "):
            break
        name, _, coder = line[len("# coder ") :].partition("\t")
        coders[name] = field_text.unescape(coder) or coder
    return coders


def records(folder: Path) -> Iterator[Record | RecordError]:
    """Every document of a brat folder (each `.ann` with its `.txt`, in name order, subfolders included) as
    a record. In our export with a folder per coder, a document's files in each coder's folder make one
    record, each span its coder's."""
    coders = _coders(folder)
    documents: dict[Path, list[tuple[str | None, Path]]] = {}
    for ann in sorted(folder.rglob("*.ann")):
        relative = ann.relative_to(folder)
        if coders and relative.parts[0] in coders and len(relative.parts) > 1:
            documents.setdefault(Path(*relative.parts[1:]), []).append((coders[relative.parts[0]], ann))
        else:
            documents.setdefault(relative, []).append((None, ann))
    for relative, versions in documents.items():
        where = str(relative)
        try:
            yield _record([(coder, _document(ann, folder)) for coder, ann in versions], where, relative.stem)
        except RecordError as exc:
            yield exc


def _document(ann: Path, folder: Path) -> Standoff:
    txt = ann.with_suffix(".txt")
    where = str(ann.relative_to(folder))
    if not txt.exists():
        raise RecordError(f"{where}: no {txt.name} beside it")
    try:
        return read(txt, ann, where)
    except BratError as exc:
        raise RecordError(str(exc)) from None
    except UnicodeDecodeError:
        raise RecordError(f"{where}: not UTF-8 text") from None


def _record(versions: list[tuple[str | None, Standoff]], where: str, name: str) -> Record:
    text = versions[0][1].text
    if any(doc.text != text for _, doc in versions):
        raise RecordError(f"{where}: the coders' folders hold different texts for it")
    record = Record(where, text, meta={"document_id": name, "title": name})
    left_out: Counter = Counter()
    for coder, doc in versions:
        _add(record, doc, coder)
        left_out += doc.left_out
    if left_out:
        listed = ", ".join(f"{n} {what} line(s)" for what, n in sorted(left_out.items()))
        record.notes.append(f"{listed} not read (the project keeps spans, relations, attributes and AnnotatorNotes)")
    return record


def _add(record: Record, doc: Standoff, coder: str | None) -> None:
    """The document's spans (fragments joined into the span that covers them), attributes and notes as field
    values, and relations, as the coder's marks."""
    index = {}
    for ident, (kind, pieces, _) in doc.spans.items():
        index[ident] = len(record.marks)
        record.marks.append(Mark(kind, pieces[0][0], pieces[-1][1], annotator=coder))
        gaps = [doc.text[e:s] for (_, e), (s, _) in zip(pieces, pieces[1:], strict=False)]
        if any(gap != "\n" for gap in gaps):
            record.notes.append(f"{ident}: a discontinuous span, imported as the span that covers its pieces")
    skipped = Counter()
    for name, target, value in doc.attributes:
        if target not in index:
            skipped["attribute(s) of a relation or event"] += 1
            continue
        fields = record.marks[index[target]].fields
        if name in fields:
            previous = fields[name]
            fields[name] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            fields[name] = value if value is not None else True
    for target, note in doc.notes:
        if target not in index:
            skipped["note(s) on a relation or event"] += 1
            continue
        values = field_text.decode(note, NOTE_SEPARATOR)
        record.marks[index[target]].fields.update(values if values is not None else {"note": note})
    for kind, arg1, arg2 in doc.relations:
        if arg1 in index and arg2 in index:
            record.relations.append((index[arg1], index[arg2], kind))
        else:
            skipped["relation(s) to an event"] += 1
    record.notes += [f"{n} {what} not read" for what, n in skipped.items()]
