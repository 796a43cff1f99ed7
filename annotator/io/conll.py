"""Character-level CoNLL for sequence labelling (NER-style training data): one character per line, a tab,
then one tag column per kind (stakeholder, figure: a column each, so a figure inside a stakeholder's name
keeps both); BIO (`B-figure`, `I-figure`, `O`) or BMES (`B-`, `M-`, `E-`, `S-`, `O`).

Boundaries are kept: `-DOCSTART- UID` opens each document, a blank line ends each sentence (after 。！？!?;
and at line breaks). Every line holds one character: a space is written `␣`, a tab `⇥` and a line break
`↵` (tagged O), so the text comes back exactly and a re-import finds its document. CoNLL cannot nest: of two
overlapping spans of one kind, the longer is tagged, and `#` lines at the document's start count what was
left out and give each (`# left out: KIND START END TEXT`, offsets in the document's text), which our
reader takes back. It holds one coder's work; the caller chooses whose.

`read` takes CoNLL files back, ours or others' (MSRA, Weibo, Resume NER…): one or more tag columns, tab or
space separated, BIO, IOB1, BIOES, BILOU or BMES (detected: `--format conll` takes any), tags `B-X` or
`X-B`, with or without a word-position digit after each character (Weibo's `我0`). With `-DOCSTART-` lines
each marks a document; without, each sentence (blank-line separated block) is a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.io import field_text
from annotator.io.dataset import Item
from annotator.io.records import Mark, Record, RecordError, check, encoding_of

KINDS = ("stakeholder", "figure")
SPACE, TAB, NEWLINE = "␣", "⇥", "↵"
_SHOWN = {" ": SPACE, "\t": TAB, "\n": NEWLINE}
_READ = {shown: char for char, shown in _SHOWN.items()}
_SENTENCE_END = "。！？!?；;"
LEFT_OUT = "# left out: "  # then KIND START END TEXT: a span the tags could not hold, read back by `read`
_LEFT_OUT = re.compile(r"^# left out: (\S+) (\d+) (\d+) ")


def tags(length: int, spans: list[tuple[int, int]], kind: str, scheme: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The tag of every character for one kind's spans; and the overlapping spans that were left out."""
    out = ["O"] * length
    dropped = []
    for start, end in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):  # the longest first
        if any(t != "O" for t in out[start:end]):
            dropped.append((start, end))
            continue
        if scheme == "bmes":
            if end - start == 1:
                out[start] = f"S-{kind}"
            else:
                out[start], out[end - 1] = f"B-{kind}", f"E-{kind}"
                for i in range(start + 1, end - 1):
                    out[i] = f"M-{kind}"
        else:
            out[start] = f"B-{kind}"
            for i in range(start + 1, end):
                out[i] = f"I-{kind}"
    return out, dropped


def write(path: Path, items: Iterable[Item], *, scheme: str = "bio", kinds: tuple[str, ...] = KINDS) -> int:
    if scheme not in ("bio", "bmes"):
        raise ValueError("scheme must be bio or bmes")
    documents = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            coders = {s.annotator for s in item.spans if s.kind in kinds}
            if len(coders) > 1:
                raise ValueError(
                    f"CoNLL holds one coder's spans; document {item.number} has {', '.join(sorted(coders))}: "
                    "choose one coder (or the gold set)"
                )
            columns, dropped = [], []
            for kind in kinds:
                column, lost = tags(len(item.text), [(s.start, s.end) for s in item.spans if s.kind == kind], kind, scheme)
                columns.append(column)
                dropped += [(kind, start, end) for start, end in sorted(lost)]
            out.write(f"-DOCSTART- {item.id}\n")
            if dropped:
                out.write(f"# {len(dropped)} overlapping span(s) left out: CoNLL cannot nest spans of one kind\n")
                for kind, start, end in dropped:
                    out.write(f"{LEFT_OUT}{kind} {start} {end} {field_text.escape(item.text[start:end])}\n")
            out.write("\n")
            open_sentence = False
            for i, char in enumerate(item.text):
                out.write("\t".join([_SHOWN.get(char, char), *(column[i] for column in columns)]) + "\n")
                open_sentence = True
                if char in _SENTENCE_END or char == "\n":
                    out.write("\n")
                    open_sentence = False
            if open_sentence:
                out.write("\n")
            documents += 1
    return documents


_TAG = re.compile(r"^(?:([BIMESLU])[-_](.+)|(.+)[-_]([BIMESLU]))$")
_POSITION_DIGITS = re.compile(r"^(.)\d+$")
_SCHEMES = (("M", "BMES"), ("L", "BILOU"), ("U", "BILOU"), ("E", "BIOES"), ("S", "BIOES"))


def _tag(tag: str) -> tuple[str, str | None]:
    """(prefix, type) of a tag: ("O", None), ("B", "figure") for B-figure, figure-B or B_figure."""
    if tag == "O":
        return "O", None
    match = _TAG.match(tag)
    if match is None:
        raise ValueError(tag)
    return (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))


@dataclass
class _Block:
    """The lines of one document (or, in a file without -DOCSTART-, one sentence) as read."""

    where: str
    document_id: str | None = None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # line number, fields
    breaks: set[int] = field(default_factory=set)  # indexes of rows that end a sentence
    left_out: list[tuple[str, int, int]] = field(default_factory=list)  # spans our `# left out:` lines give


def _blocks(path: Path) -> Iterator[_Block]:
    documents = None  # decided by the first non-empty line: does the file mark its documents?
    block: _Block | None = None
    with path.open(encoding=encoding_of(path), newline="") as lines:
        for number, raw in enumerate(lines, start=1):
            line = raw.rstrip("\r\n")
            if documents is None and line.strip():
                documents = line.startswith("-DOCSTART-")
            if line.startswith("-DOCSTART-"):
                if block and block.rows:
                    yield block
                rest = line[len("-DOCSTART-") :].split()
                block = _Block(f"{path.name}:{number}", rest[0] if rest and not _is_tag(rest[0]) else None)
                continue
            if not line.strip():
                if block and block.rows:
                    block.breaks.add(len(block.rows) - 1)
                    if not documents:
                        yield block
                        block = None
                continue
            fields = line.split("\t") if "\t" in line else line.split()
            if "\t" not in line and line.startswith("# ") and not all(_is_tag(t) for t in fields[1:]):
                left_out = _LEFT_OUT.match(line)  # a comment; ours give the spans CoNLL could not hold
                if left_out and block is not None:
                    block.left_out.append((left_out.group(1), int(left_out.group(2)), int(left_out.group(3))))
                continue
            if block is None:
                block = _Block(f"{path.name}:{number}")
            block.rows.append((number, fields))
    if block and block.rows:
        yield block


def _is_tag(text: str) -> bool:
    try:
        _tag(text)
    except ValueError:
        return False
    return True


def _spans(tags: list[str], starts: list[int], ends: list[int], breaks: set[int], where: str) -> list[tuple[str, int, int]]:
    """Spans (type, start, end) from one tag column, read leniently as seqeval does: an I- after O or after
    another type starts a span (IOB1), an E-/L- closes one, a sentence end closes whatever is open."""
    spans: list[tuple[str, int, int]] = []
    open_: tuple[str, int] | None = None
    for i, tag in enumerate(tags):
        try:
            prefix, kind = _tag(tag)
        except ValueError:
            raise RecordError(f"{where}: {tag!r} is not a tag (O, B-TYPE, I-TYPE…)") from None
        if open_ and (prefix in ("O", "B", "S", "U") or kind != open_[0]):
            spans.append((open_[0], open_[1], ends[i - 1]))
            open_ = None
        if prefix in ("S", "U"):
            spans.append((kind, starts[i], ends[i]))
        elif prefix != "O" and open_ is None:
            open_ = (kind, starts[i])
        if open_ and (prefix in ("E", "L") or i in breaks):
            spans.append((open_[0], open_[1], ends[i]))
            open_ = None
    if open_:
        spans.append((open_[0], open_[1], ends[-1]))
    return spans


def scheme(path: Path) -> str:
    """The tagging scheme a CoNLL file uses, from the tag prefixes it holds."""
    prefixes = set()
    for block in _blocks(path):
        for _, fields in block.rows:
            prefixes.update(_tag(t)[0] for t in fields[1:] if _is_tag(t))
    return next((name for prefix, name in _SCHEMES if prefix in prefixes), "BIO")


def read(path: Path) -> Iterator[Record | RecordError]:
    try:
        digits = _has_position_digits(path)
    except UnicodeDecodeError:
        yield RecordError(f"{path.name}: not UTF-8 text; convert the file to UTF-8 and import it again")
        return
    for block in _blocks(path):
        where = block.where + (f" (document {block.document_id})" if block.document_id else "")
        try:
            yield _record(block, where, digits)
        except RecordError as exc:
            yield exc


def _has_position_digits(path: Path) -> bool:
    """Weibo NER writes each character with its position in its word (`我0`, `们1`): true when every token
    of the file is one character followed by digits."""
    tokens = (fields[0] for block in _blocks(path) for _, fields in block.rows)
    seen = False
    for token in tokens:
        if not _POSITION_DIGITS.match(token):
            return False
        seen = True
    return seen


def _record(block: _Block, where: str, digits: bool) -> Record:
    width = len(block.rows[0][1])
    for number, fields in block.rows:
        if len(fields) < 2:
            raise RecordError(f"{where}: line {number} has a token but no tag")
        if len(fields) != width:
            raise RecordError(f"{where}: line {number} has {len(fields) - 1} tag column(s), the lines before it {width - 1}")
    tokens = [_POSITION_DIGITS.sub(r"\1", fields[0]) if digits else fields[0] for _, fields in block.rows]
    tokens = [_READ.get(t, t) for t in tokens]
    joiner = "" if all(len(t) == 1 for t in tokens) else " "  # characters, or words (spaced)
    starts, ends, parts, position = [], [], [], 0
    for i, token in enumerate(tokens):
        if i and joiner and token != "\n" and tokens[i - 1] != "\n":
            parts.append(joiner)
            position += len(joiner)
        starts.append(position)
        parts.append(token)
        position += len(token)
        ends.append(position)
    record = Record(where, "".join(parts), meta={"document_id": block.document_id} if block.document_id else {})
    for column in range(1, width):
        tags = [fields[column] for _, fields in block.rows]
        for kind, start, end in _spans(tags, starts, ends, block.breaks, where):
            record.marks.append(check(record, Mark(kind, start, end)))
    for kind, start, end in block.left_out:
        record.marks.append(check(record, Mark(kind, start, end), ident=f"{kind} left out"))
    record.marks.sort(key=lambda m: (m.start, m.end))
    return record
