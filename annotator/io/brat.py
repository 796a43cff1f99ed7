"""brat standoff: per document, `NAME.txt` (the text) and `NAME.ann` (its annotations); `brat_records`
reads them back.

Our export is a brat data folder: `annotation.conf` at the top (the codebook's kinds as entity types, link
fields as relations, choice and yes/no fields as attributes, so brat shows them without a configuration of
its own) and one collection per coder (`alice/UID.txt`, `alice/UID.ann`, every document in each), which is
also how brat's comparison view wants two coders' work. A first line of the configuration says so, and
tells our reader that the folders are coders.

Lines of an `.ann` file, tab-separated as the format describes:

- `T1<TAB>KIND START END<TAB>TEXT`: a text-bound annotation; offsets are characters (code points), end
  exclusive. A span that crosses a line break is written as fragments, `START END;START END`, because a
  `.ann` line cannot hold the break; the TEXT then joins the fragments with a space (and a span of nothing
  but line breaks shows each as a space).
- `A1<TAB>FIELD T1 VALUE`: a choice or yes/no field value (brat's multi-valued attribute); a field with
  several choices gives one line per choice.
- `R1<TAB>TYPE Arg1:T1 Arg2:T2`: a link field (claimant, evidence…).
- `#1<TAB>AnnotatorNotes T1<TAB>NOTE`: the other field values (text, numbers, periods, entity names), as
  `field: value` parts joined by ` | `, each value escaped (`field_text`) so that line breaks, tabs and
  `|` inside it survive.

File and folder names are the documents' uids and the coders' names made safe, so nothing from an import
(titles, file names) can reach a path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from annotator.core import codebook as cb
from annotator.core.uids import file_stem
from annotator.io import field_text
from annotator.io.dataset import Item, Span

MARKER = "# Annotator export: each folder at the top is one coder's work"
NOTE_SEPARATOR = " | "


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
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


def shown(text: str, pieces: list[tuple[int, int]]) -> str:
    """A span's text as its `T` line holds it: the pieces joined by a space, and a line break left inside a
    piece (a span of nothing but breaks) as a space too, as brat itself writes it."""
    return " ".join(text[s:e] for s, e in pieces).replace("\n", " ")


def brat_name(name: str) -> str:
    """brat types, attribute names and values cannot hold spaces: keep the codebook's names (they have none)."""
    return name.replace(" ", "_")


def folders(coders: list[str]) -> dict[str, str]:
    """Each coder's collection folder: their name, with what a file system would refuse or read as a path
    replaced (and a number added where two names would meet)."""
    out: dict[str, str] = {}
    for coder in coders:
        safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", coder).strip(" .") or "_"
        name, n = safe, 1
        while name.casefold() in {taken.casefold() for taken in out.values()}:
            n += 1
            name = f"{safe}_{n}"
        out[coder] = name
    return out


def configuration(book: cb.Codebook, places: dict[str, str]) -> str:
    """annotation.conf: entity types, relations with the kinds they link, attributes with their values;
    first, our marker and each coder's folder (`# coder FOLDER<TAB>NAME`), for our reader."""
    lines = [MARKER, *(f"# coder {folder}\t{field_text.escape(coder)}" for coder, folder in places.items())]
    lines += ["[entities]", *(brat_name(kind.name) for kind in book.kinds), "[relations]"]
    attributes: dict[str, tuple[list[str], list[str]]] = {}  # brat wants one definition per attribute name
    for kind in book.kinds:
        for f in kind.fields:
            if f.is_link:
                targets = "|".join(brat_name(t) for t in f.targets) or "<ENTITY>"
                lines.append(f"{brat_name(f.name)}\tArg1:{brat_name(kind.name)}, Arg2:{targets}")
            elif f.type in ("choice", "multi_choice", "boolean"):
                kinds, values = attributes.setdefault(brat_name(f.name), ([], []))
                kinds.append(brat_name(kind.name))
                new = f.choices if f.type != "boolean" else ("yes", "no")
                values += [brat_name(v) for v in new if brat_name(v) not in values]
    lines += ["[events]", "[attributes]"]
    lines += [f"{name}\tArg:{'|'.join(kinds)}, Value:{'|'.join(values)}" for name, (kinds, values) in attributes.items()]
    return "\n".join(lines) + "\n"


def _span_lines(item: Item, span: Span, t: int, book: cb.Codebook, counters: dict[str, int]) -> list[str]:
    pieces = fragments(item.text, span.start, span.end)
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    lines = [f"T{t}\t{brat_name(span.kind)} {offsets}\t{shown(item.text, pieces)}"]
    kind = book.kind(span.kind) if span.kind in book.kind_names else None
    notes: list[tuple[str, str]] = []
    for f in kind.fields if kind else ():
        value = span.fields.get(f.name)
        if value in (None, "", []) or f.is_link:
            continue
        if f.type in ("choice", "multi_choice", "boolean"):
            values = value if isinstance(value, list) else ["yes" if value is True else "no" if value is False else value]
            for v in values:
                counters["A"] += 1
                lines.append(f"A{counters['A']}\t{brat_name(f.name)} T{t} {brat_name(str(v))}")
        else:
            notes.append((f.name, str(item.entities[value]["name"] if f.is_entity else value)))
    if notes:
        counters["#"] += 1
        lines.append(f"#{counters['#']}\tAnnotatorNotes T{t}\t{field_text.encode(notes, NOTE_SEPARATOR)}")
    return lines


def _ann(item: Item, coder: str | None, book: cb.Codebook) -> str:
    lines: list[str] = []
    number: dict[str, str] = {}
    counters = {"A": 0, "#": 0}
    for span in item.spans:
        if coder is None or span.annotator == coder:
            number[span.id] = f"T{len(number) + 1}"
            lines += _span_lines(item, span, len(number), book, counters)
    relations = 0
    for link in item.links:
        if link.source in number and link.target in number:
            relations += 1
            lines.append(f"R{relations}\t{brat_name(link.type)} Arg1:{number[link.source]} Arg2:{number[link.target]}")
    return "".join(line + "\n" for line in lines)


def write(folder: Path, items: Iterable[Item], book: cb.Codebook, coders: list[str]) -> int:
    """The data folder; `coders` are the coders whose work the items hold (a folder each; with none, the
    documents are written at the top)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = folders(coders)
    (folder / "annotation.conf").write_text(configuration(book, names), encoding="utf-8", newline="\n")
    places = {coder: folder / name for coder, name in names.items()} or {None: folder}
    for place in places.values():
        place.mkdir(exist_ok=True)
    documents = 0
    for item in items:
        stem = file_stem(item.id)
        for coder, place in places.items():
            (place / f"{stem}.txt").write_text(item.text, encoding="utf-8", newline="")
            (place / f"{stem}.ann").write_text(_ann(item, coder, book), encoding="utf-8", newline="")
        documents += 1
    return documents
