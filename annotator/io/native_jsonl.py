"""The native JSON Lines format (DESIGN §7): one document per line, lossless, re-importable.

    {"id", "title", "text", "outlet", "url", "published", "script", "meta", "provenance",
     "annotations": [{"id", "kind", "start", "end", "text", "fields", "annotator", "origin",
                      "created_at", "updated_at", "version"}],
     "relations": [{"id", "type", "from", "to", "annotator", "created_at"}],
     "entities": [{"id", "name", "type", "notes", "aliases"}],
     "document_fields": {annotator: {field: value}},
     "status": {annotator: {"status", "seconds_spent"}}}

Ids are the rows' UUIDs, stable across projects. Offsets are code points, end exclusive. Link fields are
carried by "relations" (type = field name); an entity field's value is the entity's id, and the entities
a document's annotations refer to travel with it. Export streams document by document; export -> import
into an empty project -> export gives an identical file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from sqlalchemy import select

from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    Annotator,
    Document,
    DocumentStatus,
    Entity,
    Relation,
)
from annotator.storage.project import Project

FORMAT = "annotator-jsonl"
_NATIVE_KEYS = {"annotations", "provenance", "relations"}


def looks_native(data: bytes) -> bool:
    """True when the first record of a JSON Lines file is one of our documents (not a plain article row)."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and bool(_NATIVE_KEYS & record.keys()) and "text" in record


def _ts(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


def document_line(session, doc: Document, names: dict[int, str]) -> dict[str, Any]:
    anns = session.scalars(
        select(Annotation)
        .where(Annotation.document_id == doc.id)
        .order_by(Annotation.start, Annotation.end, Annotation.created_at, Annotation.uid)
    ).all()
    uid_of = {a.id: a.uid for a in anns}
    entity_links: dict[int, dict[str, int]] = {}
    for ann_id, fname, entity_id in session.execute(
        select(AnnotationEntity.annotation_id, AnnotationEntity.field, AnnotationEntity.entity_id)
        .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
        .where(Annotation.document_id == doc.id)
    ):
        entity_links.setdefault(ann_id, {})[fname] = entity_id
    entity_ids = sorted({e for links in entity_links.values() for e in links.values()})
    entities = session.scalars(select(Entity).where(Entity.id.in_(entity_ids)).order_by(Entity.uid)).all()
    entity_uid = {e.id: e.uid for e in entities}
    rels = session.scalars(
        select(Relation).where(Relation.document_id == doc.id).order_by(Relation.created_at, Relation.uid)
    ).all()
    statuses = session.scalars(
        select(DocumentStatus).where(DocumentStatus.document_id == doc.id).order_by(DocumentStatus.annotator_id)
    ).all()
    return {
        "id": doc.uid,
        "title": doc.title,
        "text": doc.text,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": doc.published,
        "script": doc.script,
        "meta": doc.meta,
        "provenance": doc.provenance,
        "annotations": [
            {
                "id": a.uid,
                "kind": a.kind,
                "start": a.start,
                "end": a.end,
                "text": a.text,
                "fields": {
                    **a.fields,
                    **{f: entity_uid[e] for f, e in sorted(entity_links.get(a.id, {}).items())},
                },
                "annotator": names[a.annotator_id],
                "origin": a.origin,
                "created_at": _ts(a.created_at),
                "updated_at": _ts(a.updated_at),
                "version": a.version,
            }
            for a in anns
        ],
        "relations": [
            {
                "id": r.uid,
                "type": r.type,
                "from": uid_of[r.source_id],
                "to": uid_of[r.target_id],
                "annotator": names[r.annotator_id],
                "created_at": _ts(r.created_at),
            }
            for r in rels
        ],
        "entities": [
            {"id": e.uid, "name": e.name, "type": e.type, "notes": e.notes, "aliases": [x.alias for x in e.aliases]}
            for e in entities
        ],
        "document_fields": {names[s.annotator_id]: s.fields for s in statuses if s.fields},
        "status": {names[s.annotator_id]: {"status": s.status, "seconds_spent": s.seconds_spent} for s in statuses},
    }


def export(project: Project, out: IO[str], *, document_ids: list[int] | None = None, batch: int = 200) -> int:
    """Write one line per document (in id order), streaming in batches; returns the number of documents."""
    written = 0
    with project.read() as session:
        names = dict(session.execute(select(Annotator.id, Annotator.name)).all())
        last = 0
        while True:
            query = select(Document).where(Document.id > last).order_by(Document.id).limit(batch)
            if document_ids is not None:
                query = query.where(Document.id.in_(document_ids))
            docs = session.scalars(query).all()
            if not docs:
                break
            for doc in docs:
                out.write(json.dumps(document_line(session, doc, names), ensure_ascii=False) + "\n")
                written += 1
            last = docs[-1].id
            session.expunge_all()  # constant memory: forget the rows just written
    return written


@dataclass
class NativeDocument:
    line: int
    record: dict[str, Any]


class FormatError(ValueError):
    pass


def _require(record: dict, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = record.get(key)
    if not isinstance(value, kind):
        raise FormatError(f"{where}: {key!r} is missing or not {getattr(kind, '__name__', kind)}")
    return value


def parse_lines(data: bytes) -> Iterator[tuple[int, NativeDocument | FormatError]]:
    """Each line as a checked NativeDocument, or the error that line has (the rest still parse)."""
    text = data.decode("utf-8-sig", errors="strict")
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise FormatError("not a JSON object")
            body = _require(record, "text", str, "document")
            for i, ann in enumerate(record.get("annotations") or []):
                where = f"annotation {i + 1}"
                start = _require(ann, "start", int, where)
                end = _require(ann, "end", int, where)
                _require(ann, "kind", str, where)
                _require(ann, "annotator", str, where)
                if not 0 <= start < end <= len(body):
                    raise FormatError(f"{where}: span [{start}, {end}) outside the text (0..{len(body)})")
                if "text" in ann and body[start:end] != ann["text"]:
                    raise FormatError(
                        f"{where}: text[{start}:{end}] is {body[start:end]!r} but the annotation says {ann['text']!r}"
                    )
            yield n, NativeDocument(n, record)
        except json.JSONDecodeError as exc:
            yield n, FormatError(f"invalid JSON: {exc.msg} at column {exc.colno}")
        except FormatError as exc:
            yield n, exc
