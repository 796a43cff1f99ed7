"""What the project holds, to compare a tool's reading with: every span as (document text, coder, kind,
start, end) in code points, and the same in UTF-16 units for Label Studio."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from annotator.core.text.offsets import Utf16Map
from annotator.storage.models import Annotation, Annotator, Document


def spans(project, coders: tuple[str, ...] = ()) -> Counter:
    with project.read() as session:
        query = select(Document.text, Annotator.name, Annotation.kind, Annotation.start, Annotation.end)
        query = query.join(Annotation, Annotation.document_id == Document.id).join(Annotator)
        rows = session.execute(query).all()
    return Counter(row for row in rows if not coders or row[1] in coders)


def in_utf16(counted: Counter) -> Counter:
    maps: dict[str, Utf16Map] = {}
    out: Counter = Counter()
    for (text, coder, kind, start, end), n in counted.items():
        utf16 = maps.setdefault(text, Utf16Map(text))
        out[(text, coder, kind, utf16.to_utf16(start), utf16.to_utf16(end))] += n
    return out


def wrong(found: Counter, wanted: Counter) -> int:
    """Spans read that the project does not hold, and spans it holds that were not read."""
    return sum((found - wanted).values()) + sum((wanted - found).values())
