"""The native JSON Lines format (DESIGN §7): one document per line, lossless, re-importable.

    {"id", "title", "text", "outlet", "url", "published", "script", "meta", "provenance",
     "annotations": [{"id", "kind", "start", "end", "text", "fields", "annotator", "origin",
                      "created_at", "updated_at", "version"}],
     "relations": [{"id", "type", "from", "to", "annotator", "created_at"}],
     "entities": [{"id", "name", "type", "notes", "aliases"}],
     "document_fields": {annotator: {field: value}},
     "status": {annotator: {"status", "seconds_spent"}}}

Lines are assembled partly as text (field values are spliced in as stored, already JSON), in the layout
`json.dumps` gives, because parsing and re-serialising a million annotations would dominate the export.

Ids are the rows' UUIDs, stable across projects. Offsets are code points, end exclusive. Link fields are
carried by "relations" (type = field name); an entity field's value is the entity's id, and the entities
a document's annotations refer to travel with it. Export streams document by document; export -> import
into an empty project -> export gives an identical file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import IO, Any

from sqlalchemy import Text, select, type_coerce

from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    Annotator,
    Document,
    DocumentStatus,
    Entity,
    EntityAlias,
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


_dumps = json.JSONEncoder(ensure_ascii=False).encode
_string = encode_basestring  # the JSON string literal of a str, as json.dumps(ensure_ascii=False) writes it


def _ts(value: str | None) -> str | None:
    """A stored timestamp as ISO 8601 (read as text: parsing a million of them would dominate the export)."""
    return value.replace(" ", "T") if value else None


def _grouped(result, key: int = 0) -> dict[int, list]:
    groups: dict[int, list] = {}
    for row in result.all():
        groups.setdefault(row[key], []).append(row)
    return groups


def _annotation_json(a, fields_json: str, annotator_json: str) -> str:
    """One annotation object, assembled as text: its field values are spliced in as stored (JSON already).
    Ids (UUIDs), kind names (identifiers), origins and timestamps need no escaping; the span text does."""
    return (
        f'{{"id": "{a.uid}", "kind": "{a.kind}", "start": {a.start}, "end": {a.end}, '
        f'"text": {_string(a.text)}, "fields": {fields_json}, "annotator": {annotator_json}, '
        f'"origin": "{a.origin}", "created_at": "{a.created_at.replace(" ", "T")}", '
        f'"updated_at": "{a.updated_at.replace(" ", "T")}", "version": {a.version}}}'
    )


def _as_text(column):
    return type_coerce(column, Text)


def _batch_lines(connection, docs, names: dict[int, str]) -> Iterator[str]:
    """The lines of a batch of documents, with one query per table for the whole batch."""
    ids = [d.id for d in docs]
    a_ = Annotation.__table__.c
    anns = _grouped(
        connection.execute(
            select(
                a_.document_id, a_.id, a_.uid, a_.kind, a_.start, a_.end, a_.text, _as_text(a_.fields).label("fields"),
                a_.annotator_id, a_.origin, _as_text(a_.created_at).label("created_at"),
                _as_text(a_.updated_at).label("updated_at"), a_.version,
            )
            .where(a_.document_id.in_(ids))
            .order_by(a_.document_id, a_.start, a_.end, a_.created_at, a_.uid)
        )
    )
    links: dict[int, dict[str, int]] = {}
    for ann_id, fname, entity_id in connection.execute(
        select(AnnotationEntity.annotation_id, AnnotationEntity.field, AnnotationEntity.entity_id)
        .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
        .where(Annotation.document_id.in_(ids))
    ):
        links.setdefault(ann_id, {})[fname] = entity_id
    entities = {}
    linked = {e for fields in links.values() for e in fields.values()}
    if linked:
        aliases = _grouped(
            connection.execute(
                select(EntityAlias.entity_id, EntityAlias.alias)
                .where(EntityAlias.entity_id.in_(linked))
                .order_by(EntityAlias.id)
            )
        )
        e_ = Entity.__table__.c
        for row in connection.execute(select(e_.id, e_.uid, e_.name, e_.type, e_.notes).where(e_.id.in_(linked))):
            entities[row.id] = {
                "id": row.uid, "name": row.name, "type": row.type, "notes": row.notes,
                "aliases": [alias for _, alias in aliases.get(row.id, [])],
            }
    r_ = Relation.__table__.c
    rels = _grouped(
        connection.execute(
            select(r_.document_id, r_.uid, r_.type, r_.source_id, r_.target_id, r_.annotator_id,
                   _as_text(r_.created_at).label("created_at"))
            .where(r_.document_id.in_(ids))
            .order_by(r_.document_id, r_.created_at, r_.uid)
        )
    )
    s_ = DocumentStatus.__table__.c
    statuses = _grouped(
        connection.execute(
            select(s_.document_id, s_.annotator_id, s_.status, s_.seconds_spent, s_.fields)
            .where(s_.document_id.in_(ids))
            .order_by(s_.document_id, s_.annotator_id)
        )
    )
    annotator_json = {i: _dumps(name) for i, name in names.items()}
    for doc in docs:
        doc_anns = anns.get(doc.id, [])
        uid_of = {a.id: a.uid for a in doc_anns}
        annotation_texts = []
        for a in doc_anns:
            fields_json = a.fields
            if a.id in links:  # entity fields: the entity's id joins the stored values
                merged = {**json.loads(a.fields), **{f: entities[e]["id"] for f, e in sorted(links[a.id].items())}}
                fields_json = _dumps(merged)
            annotation_texts.append(_annotation_json(a, fields_json, annotator_json[a.annotator_id]))
        doc_entities = sorted({e for a in doc_anns for e in links.get(a.id, {}).values()}, key=lambda e: entities[e]["id"])
        doc_statuses = statuses.get(doc.id, [])
        head = _dumps(
            {
                "id": doc.uid, "title": doc.title, "text": doc.text, "outlet": doc.outlet, "url": doc.url,
                "published": doc.published, "script": doc.script, "meta": doc.meta, "provenance": doc.provenance,
            }
        )
        tail = _dumps(
            {
                "relations": [
                    {
                        "id": r.uid, "type": r.type, "from": uid_of[r.source_id], "to": uid_of[r.target_id],
                        "annotator": names[r.annotator_id], "created_at": _ts(r.created_at),
                    }
                    for r in rels.get(doc.id, [])
                ],
                "entities": [entities[e] for e in doc_entities],
                "document_fields": {names[s.annotator_id]: s.fields for s in doc_statuses if s.fields},
                "status": {names[s.annotator_id]: {"status": s.status, "seconds_spent": s.seconds_spent} for s in doc_statuses},
            }
        )
        yield f'{head[:-1]}, "annotations": [{", ".join(annotation_texts)}], {tail[1:]}\n'


def export(project: Project, out: IO[str], *, document_ids: list[int] | None = None, batch: int = 200) -> int:
    """Write one line per document (in id order), a batch of documents at a time; returns the count.

    Memory holds one batch, whatever the size of the project.
    """
    written = 0
    d_ = Document.__table__.c
    columns = (d_.id, d_.uid, d_.title, d_.text, d_.outlet, d_.url, d_.published, d_.script, d_.meta, d_.provenance)
    with project.engine.connect() as connection:
        names = dict(connection.execute(select(Annotator.id, Annotator.name)).all())
        last = 0
        while True:
            query = select(*columns).where(d_.id > last).order_by(d_.id).limit(batch)
            if document_ids is not None:
                query = query.where(d_.id.in_(document_ids))
            docs = connection.execute(query).all()
            if not docs:
                break
            out.write("".join(_batch_lines(connection, docs, names)))
            written += len(docs)
            last = docs[-1].id
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
