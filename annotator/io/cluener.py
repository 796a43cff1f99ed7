"""CLUENER-style JSON lines (the Chinese fine-grained NER benchmark's shape): one document per line,
`{"text": …, "label": {TYPE: {SPAN_TEXT: [[START, END], …]}}}`, offsets in characters with the END
INCLUSIVE (`[9, 11]` is three characters). Read only: it carries labels and spans, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.io.records import Mark, Record, RecordError, check, json_lines


def read(path: Path) -> Iterator[Record | RecordError]:
    return json_lines(path, _record)


def _record(data: Any, where: str) -> Record:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RecordError(f"{where}: a record needs a text")
    record = Record(where, data["text"], meta={k: v for k, v in data.items() if k not in ("text", "label")})
    record.span_fields = isinstance(data.get("label"), dict)
    labels = data.get("label") or {}
    if not isinstance(labels, dict):
        raise RecordError(f"{where}: label must map types to {{span text: [[start, end], …]}}")
    for label, spans in labels.items():
        if not isinstance(spans, dict):
            raise RecordError(f"{where}: label {label!r} must map span texts to [[start, end], …]")
        for shown, positions in spans.items():
            for position in positions if isinstance(positions, list) else [positions]:
                try:
                    start, last = (int(n) for n in position)
                except (TypeError, ValueError):
                    raise RecordError(f"{where}: {label} {shown!r}: {position!r} is not [start, end]") from None
                mark = Mark(str(label), start, last + 1)  # the end is inclusive in this format
                record.marks.append(check(record, mark, ident=f"{label} {shown!r}", shown=shown))
    record.marks.sort(key=lambda m: (m.start, m.end))
    return record
