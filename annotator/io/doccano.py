"""doccano's sequence-labelling JSONL: one line per document, `{"id", "text", "entities": [{"id", "label",
"start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`, offsets in characters
(code points), end exclusive. Kept: spans (the kind as label) and links (the link field as relation type);
the document's title, uid and the annotation uids ride along as extra keys, which doccano keeps as
metadata. Lost: field values and the registry (doccano has no place for them).

`read` takes such a file back, checking every record (the importer decides what becomes of it)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.io.dataset import Item
from annotator.io.records import Record, RecordError


def write(path: Path, items: Iterable[Item]) -> int:
    documents = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
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
    return documents


def read(path: Path) -> Iterator[tuple[int, Record | RecordError]]:
    """(line number, record or the reason it was refused) for every non-empty line of a doccano JSONL file."""
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield number, _record(json.loads(line), f"{path.name}:{number}")
            except json.JSONDecodeError as exc:
                yield number, RecordError(f"{path.name}:{number}: not JSON ({exc.msg})")
            except RecordError as exc:
                yield number, exc


def _record(data: Any, where: str) -> Record:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RecordError(f"{where}: a record needs a text")
    text = data["text"]
    record = Record(text, meta={k: v for k, v in data.items() if k not in ("text", "entities", "relations", "label")})
    index = {}
    for entity in data.get("entities") or []:
        try:
            label, start, end = str(entity["label"]), int(entity["start_offset"]), int(entity["end_offset"])
        except (KeyError, TypeError, ValueError):
            raise RecordError(f"{where}: entity {entity!r} lacks label, start_offset or end_offset") from None
        if not 0 <= start < end <= len(text):
            raise RecordError(
                f"{where}: entity {entity.get('id')} [{start}, {end}) is outside the text ({len(text)} characters)"
            )
        index[entity.get("id")] = len(record.spans)
        record.spans.append((label, start, end))
    for relation in data.get("relations") or []:
        try:
            source, target = index[relation["from_id"]], index[relation["to_id"]]
        except KeyError:
            raise RecordError(f"{where}: relation {relation.get('id')} links an entity the record lacks") from None
        record.relations.append((source, target, str(relation.get("type", ""))))
    return record
