"""doccano's sequence-labelling JSONL: one line per document, `{"id", "text", "entities": [{"id", "label",
"start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`, offsets in characters
(code points), end exclusive. Kept: spans (the kind as label) and links (the link field as relation type);
the document's title, uid and the annotation uids ride along as extra keys, which doccano keeps as
metadata. Lost: field values and the registry (doccano has no place for them).

`read` takes such a file back (ours, or doccano's own), checking every record; the coders and span ids that
ride along in ours are read back too, so a re-import keeps them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.io.dataset import Item
from annotator.io.records import Mark, Record, RecordError, check, json_lines


def write(path: Path, items: Iterable[Item]) -> tuple[int, list[str]]:
    """The JSONL file; returns the documents written and, where spans overlap, what the doccano project
    needs to keep them."""
    documents = overlapping = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            overlapping += _overlapping(item)
            number = {span.id: i for i, span in enumerate(item.spans, start=1)}
            record = {
                "id": item.number,
                "text": item.text,
                "entities": [
                    {"id": number[s.id], "label": s.kind, "start_offset": s.start, "end_offset": s.end} for s in item.spans
                ],
                "relations": [
                    {"id": i, "from_id": number[link.source], "to_id": number[link.target], "type": link.type}
                    for i, link in enumerate(item.links, start=1)
                ],
                "document_id": item.id,
                "title": item.title,
                "annotation_ids": [s.id for s in item.spans],
                "annotators": [s.annotator for s in item.spans],
            }
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            documents += 1
    notes = []
    if overlapping:
        notes.append(
            f"{overlapping:,} span(s) overlap another (two coders on the same words count): create the doccano "
            "project with “Allow overlapping spans” ticked, or doccano leaves them out without a word"
        )
    return documents, notes


def _overlapping(item: Item) -> int:
    """How many of the item's spans overlap another of its spans. Sorted by start, a span overlaps one
    before it exactly when it starts before the furthest end so far, and then it overlaps that span."""
    flagged: set[int] = set()
    reach, holder = -1, -1
    for n, (start, end) in enumerate(sorted((s.start, s.end) for s in item.spans)):
        if start < reach:
            flagged.update((n, holder))
        if end > reach:
            reach, holder = end, n
    return len(flagged)


def read(path: Path) -> Iterator[Record | RecordError]:
    """Every non-empty line of a doccano JSONL file as a record, or the reason it was refused. Both of
    doccano's shapes are read: `entities` (with `relations`) and the older `label: [[start, end, LABEL]]`."""
    return json_lines(path, _record)


def _entities(data: dict, where: str) -> list[tuple[Any, str, int, int]]:
    """(id, label, start, end) of the record's spans, in either shape."""
    out = []
    for entity in data.get("entities") or []:
        try:
            out.append((entity.get("id"), str(entity["label"]), int(entity["start_offset"]), int(entity["end_offset"])))
        except (AttributeError, KeyError, TypeError, ValueError):
            raise RecordError(f"{where}: entity {entity!r} lacks label, start_offset or end_offset") from None
    labels = data.get("label")
    if isinstance(labels, list):  # doccano's older export; a list of plain strings is a document category
        for n, entry in enumerate(labels, start=1):
            if isinstance(entry, str):
                continue
            try:
                start, end, label = entry
                out.append((n, str(label), int(start), int(end)))
            except (TypeError, ValueError):
                raise RecordError(f"{where}: label {entry!r} is not [start, end, label]") from None
    return out


def _record(data: Any, where: str) -> Record:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RecordError(f"{where}: a record needs a text")
    meta = {
        k: v for k, v in data.items() if k not in ("text", "entities", "relations", "label", "annotators", "annotation_ids")
    }
    record = Record(where, data["text"], meta=meta)
    record.span_fields = "entities" in data or isinstance(data.get("label"), list)
    coders, uids = data.get("annotators") or [], data.get("annotation_ids") or []
    index = {}
    for n, (ident, label, start, end) in enumerate(_entities(data, where)):
        mark = check(record, Mark(label, start, end), ident=ident)
        mark.annotator = str(coders[n]) if n < len(coders) else None
        mark.uid = str(uids[n]) if n < len(uids) else None
        index[ident] = len(record.marks)
        record.marks.append(mark)
    for relation in data.get("relations") or []:
        try:
            source, target = index[relation["from_id"]], index[relation["to_id"]]
        except (KeyError, TypeError):
            raise RecordError(f"{where}: relation {relation.get('id')} links an entity the record lacks") from None
        record.relations.append((source, target, str(relation.get("type", ""))))
    return record
