"""Importing the native JSON Lines format: each line a document with its annotations, relations, entities
and statuses, stored in one transaction; a line that does not fit the text or the codebook is refused whole."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select

from annotator.core import codebook as cb
from annotator.core.text.script import detect_script
from annotator.io import native_jsonl
from annotator.services import annotators as coders
from annotator.services import codebooks
from annotator.services.changes import CREATED, Changes, write_audit
from annotator.services.entities import alias_key
from annotator.services.import_results import (
    DUPLICATE,
    IMPORTED,
    REFUSED,
    Result,
    record_values,
    refuse,
)
from annotator.storage import search
from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    Document,
    DocumentStatus,
    Entity,
    EntityAlias,
    ImportRecord,
    Relation,
    utcnow,
)
from annotator.storage.project import Project


class _LineRefused(Exception):
    pass


def _parse_ts(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else utcnow()


def _free_uid(session, model, uid: str | None) -> str:
    if uid and session.scalar(select(model.id).where(model.uid == uid)) is None:
        return uid
    return str(uuid.uuid4())


def import_native(project: Project, batch: str, path: Path, data: bytes, data_hash: str, annotator_id) -> Iterator[Result]:
    """Native JSON Lines: each line a document with its annotations, relations, entities and statuses."""
    try:
        lines = list(native_jsonl.parse_lines(data))
    except UnicodeDecodeError as exc:
        yield refuse(
            project, batch, str(path), f"native JSON Lines must be UTF-8 (invalid byte at offset {exc.start})", data_hash
        )
        return
    for n, parsed in lines:
        label = f"{path}:line {n}"
        if isinstance(parsed, native_jsonl.FormatError):
            yield refuse(project, batch, label, str(parsed), data_hash)
            continue
        record = parsed.record
        text = record["text"]
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        result = Result(label, REFUSED, encoding="utf-8", confidence=1.0)
        try:
            with project.write() as session:
                existing = session.scalar(select(Document.id).where(Document.content_hash == content_hash))
                if existing is not None:
                    result.status, result.document_id = DUPLICATE, existing
                    result.message = f"same text as document {existing}"
                else:
                    doc_id, counts = _store_native(session, project.url, record, content_hash)
                    result.status, result.document_id = IMPORTED, doc_id
                    result.message = f"document {doc_id} with {counts}"
                    changes = Changes("import_document")
                    changes.add("document", CREATED, after={"id": doc_id, "source": label, "annotations": counts})
                    write_audit(session, annotator_id, changes)
                session.execute(insert(ImportRecord), record_values(batch, result, data_hash))
        except _LineRefused as exc:
            yield refuse(project, batch, label, str(exc), data_hash)
            continue
        yield result


def _store_native(session, url: str, record: dict, content_hash: str) -> tuple[int, str]:
    version, book = codebooks.current(session, url)
    text = record["text"]
    annotators: dict[str, int] = {}

    def annotator(name: str) -> int:
        if name not in annotators:
            annotators[name] = coders.in_session(session, name)
        return annotators[name]

    entity_ids: dict[str, int] = {}
    for ent in record.get("entities") or []:
        found = session.scalar(select(Entity.id).where(Entity.uid == ent["id"]))
        if found is None:
            row = Entity(uid=ent["id"], name=ent["name"], type=ent.get("type"), notes=ent.get("notes") or "", version=1)
            for alias in ent.get("aliases") or [ent["name"]]:
                key = alias_key(alias)
                if key and all(a.key != key for a in row.aliases):
                    row.aliases.append(EntityAlias(alias=alias, key=key))
            session.add(row)
            session.flush()
            found = row.id
        entity_ids[ent["id"]] = found
    doc = Document(
        uid=_free_uid(session, Document, record.get("id")),
        title=record.get("title") or "",
        text=text,
        outlet=record.get("outlet"),
        url=record.get("url"),
        published=record.get("published"),
        script=record.get("script") or detect_script(text),
        length=len(text),
        content_hash=content_hash,
        meta=record.get("meta") or {},
        provenance=record.get("provenance") or {},
        search_text=search.search_text(record.get("title") or "", text),
    )
    session.add(doc)
    session.flush()
    ann_ids: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for i, ann in enumerate(record.get("annotations") or []):
        try:
            kind = book.kind(ann["kind"])
        except KeyError:
            raise _LineRefused(f"annotation {i + 1}: kind {ann['kind']!r} is not in the codebook") from None
        fields = dict(ann.get("fields") or {})
        entity_values = {k: fields.pop(k) for k in list(fields) if kind.field(k) is not None and kind.field(k).is_entity}
        errors = cb.validate_values(tuple(f for f in kind.fields if not f.is_link and not f.is_entity), fields)
        if errors:
            raise _LineRefused(f"annotation {i + 1}: " + "; ".join(f"{k} {v}" for k, v in errors.items()))
        row = Annotation(
            uid=_free_uid(session, Annotation, ann.get("id")),
            document_id=doc.id,
            annotator_id=annotator(ann["annotator"]),
            kind=kind.name,
            start=ann["start"],
            end=ann["end"],
            text=text[ann["start"] : ann["end"]],
            fields=fields,
            origin=ann.get("origin") if ann.get("origin") in ("manual", "suggestion", "imported") else "imported",
            codebook_version=version,
            created_at=_parse_ts(ann.get("created_at")),
            updated_at=_parse_ts(ann.get("updated_at")),
            version=ann.get("version") or 1,
        )
        session.add(row)
        session.flush()
        ann_ids[ann.get("id") or row.uid] = row.id
        kinds[ann.get("id") or row.uid] = kind.name
        for fname, entity_uid in entity_values.items():
            if entity_uid not in entity_ids:
                raise _LineRefused(f"annotation {i + 1}: entity {entity_uid} is not in the line's entities")
            session.add(AnnotationEntity(annotation_id=row.id, field=fname, entity_id=entity_ids[entity_uid]))
    for i, rel in enumerate(record.get("relations") or []):
        if rel.get("from") not in ann_ids or rel.get("to") not in ann_ids:
            raise _LineRefused(f"relation {i + 1}: from/to do not name annotations of this document")
        source_kind, target_kind = kinds[rel["from"]], kinds[rel["to"]]
        link = book.kind(source_kind).field(str(rel.get("type")))
        if link is None or not link.is_link or target_kind not in link.targets:
            raise _LineRefused(f"relation {i + 1}: {source_kind} has no link field {rel.get('type')!r} to a {target_kind}")
        session.add(
            Relation(
                uid=_free_uid(session, Relation, rel.get("id")),
                document_id=doc.id,
                annotator_id=annotator(rel.get("annotator") or "imported"),
                type=rel["type"],
                source_id=ann_ids[rel["from"]],
                target_id=ann_ids[rel["to"]],
                created_at=_parse_ts(rel.get("created_at")),
            )
        )
    fields_by = record.get("document_fields") or {}
    status_by = record.get("status") or {}
    for name in sorted(set(fields_by) | set(status_by)):
        status = status_by.get(name) or {}
        errors = cb.validate_values(book.document_fields, fields_by.get(name) or {})
        if errors or status.get("status", "in_progress") not in ("new", "in_progress", "done", "skipped"):
            problems = "; ".join(f"{k} {v}" for k, v in errors.items()) or f"status {status.get('status')!r}"
            raise _LineRefused(f"document fields of {name}: {problems}")
        session.add(
            DocumentStatus(
                document_id=doc.id,
                annotator_id=annotator(name),
                status=status.get("status", "in_progress"),
                seconds_spent=status.get("seconds_spent", 0),
                fields=fields_by.get(name) or {},
                version=1,
            )
        )
    session.flush()
    n_ann, n_rel = len(record.get("annotations") or []), len(record.get("relations") or [])
    return doc.id, f"{n_ann} annotation(s), {n_rel} relation(s)"
