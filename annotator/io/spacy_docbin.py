"""spaCy's binary training format (DocBin), where spaCy is installed (`pip install 'annotator[spacy]'`).

Written as a folder of `.spacy` files of 200 documents each (`spacy train` reads a folder as one corpus), so
memory holds one part whatever the project's size. Each document is tokenised one character per token (the
text is kept exactly: `doc.text` is the stored text, and code-point offsets are spaCy's character offsets).
Each coder's spans are the span group named after the coder (`doc.spans["alice"]`, which may overlap); with
one coder, `doc.ents` holds their stakeholder and figure spans as well (longest first where they overlap).
The document's id and title, the spans' ids and field values, and the links travel in `doc.user_data`.

`read` takes such a folder (or a single `.spacy` file, ours or anyone's) back: span groups by coder, else
the entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.io.dataset import Item
from annotator.io.records import Mark, Record, RecordError, check

PART = 200  # documents per .spacy file: memory holds one part
ATTRS = ("ORTH", "ENT_IOB", "ENT_TYPE")  # what a character-tokenised document has; no tags, lemmas, parses
ENTITY_KINDS = ("stakeholder", "figure")
_KEY = "annotator"


def available() -> bool:
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def _missing() -> str:
    return "spaCy is not installed: pip install 'annotator[spacy]' (or spacy) into the same environment"


def _doc(vocab, item: Item):
    from spacy.tokens import Doc
    from spacy.util import filter_spans

    doc = Doc(vocab, words=list(item.text), spaces=[False] * len(item.text)) if item.text else Doc(vocab)
    coders = sorted({s.annotator for s in item.spans})
    for coder in coders:
        doc.spans[coder] = [
            doc.char_span(s.start, s.end, label=s.kind, span_id=0) for s in item.spans if s.annotator == coder
        ]
    if len(coders) == 1:
        doc.ents = filter_spans([span for span in doc.spans[coders[0]] if span.label_ in ENTITY_KINDS])
    doc.user_data[_KEY] = {
        "document_id": item.id,
        "title": item.title,
        "spans": [
            {
                "id": s.id,
                "annotator": s.annotator,
                "origin": s.origin,
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "fields": _plain(item, s.fields),
            }
            for s in item.spans
        ],
        "links": [{"id": link.id, "type": link.type, "source": link.source, "target": link.target} for link in item.links],
    }
    return doc


def _plain(item: Item, fields: dict[str, Any]) -> dict[str, Any]:
    """Field values with registry entities by name (as every other format gives them)."""
    return {
        k: item.entities[v]["name"] if isinstance(v, str) and v in item.entities else v
        for k, v in fields.items()
        if v not in (None, "", [])
    }


def write(folder: Path, items: Iterable[Item]) -> int:
    if not available():
        raise ValueError(_missing())
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    folder.mkdir(parents=True, exist_ok=True)
    vocab, part, documents = Vocab(), DocBin(attrs=ATTRS, store_user_data=True), 0
    for item in items:
        part.add(_doc(vocab, item))
        documents += 1
        if documents % PART == 0:
            part.to_disk(folder / f"part-{documents // PART:05d}.spacy")
            part = DocBin(attrs=ATTRS, store_user_data=True)
    if documents % PART or not documents:
        part.to_disk(folder / f"part-{documents // PART + 1:05d}.spacy")
    return documents


def read(path: Path) -> Iterator[Record | RecordError]:
    if not available():
        yield RecordError(f"{path.name}: {_missing()}")
        return
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    vocab = Vocab()
    for file in files:
        try:
            docs = list(DocBin().from_disk(file).get_docs(vocab))
        except Exception as exc:  # noqa: BLE001 -- whatever a damaged file raises, it is reported and the rest read
            yield RecordError(f"{file.name}: not a spaCy DocBin ({exc.__class__.__name__}: {exc})")
            continue
        for number, doc in enumerate(docs, start=1):
            try:
                yield _record(doc, f"{file.name}: document {number}")
            except RecordError as exc:
                yield exc


def _record(doc, where: str) -> Record:
    ours = doc.user_data.get(_KEY) if isinstance(doc.user_data.get(_KEY), dict) else None
    record = Record(where, doc.text)
    if ours is not None:
        record.meta = {"document_id": ours.get("document_id"), "title": ours.get("title")}
        index = {}
        for span in ours.get("spans", []):
            mark = check(record, Mark(span["kind"], span["start"], span["end"]), ident=span.get("id"))
            mark.annotator, mark.uid, mark.fields = span.get("annotator"), span.get("id"), dict(span.get("fields", {}))
            mark.origin = span.get("origin")
            index[span.get("id")] = len(record.marks)
            record.marks.append(mark)
        for link in ours.get("links", []):
            if link.get("source") in index and link.get("target") in index:
                record.relation_ids[len(record.relations)] = link.get("id")
                record.relations.append((index[link["source"]], index[link["target"]], link.get("type", "")))
        return record
    groups = {name: list(group) for name, group in doc.spans.items()}
    for coder, spans in groups.items() or [(None, list(doc.ents))]:
        for span in spans:
            mark = check(record, Mark(span.label_, span.start_char, span.end_char), shown=span.text)
            mark.annotator = coder
            record.marks.append(mark)
    return record
