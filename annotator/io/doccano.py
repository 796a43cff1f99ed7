"""doccano's sequence-labelling JSONL: one line per document, `{"id", "text", "entities": [{"id", "label",
"start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`, offsets in characters
(code points), end exclusive. Kept: spans (the kind as label) and links (the link field as relation type);
the document's title, uid and the annotation uids ride along as extra keys, which doccano keeps as
metadata. Lost: field values and the registry (doccano has no place for them)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from annotator.io.dataset import Item


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
