"""Merging another project's work into this one (DESIGN §8): an offline coder's SQLite file, or a native
JSON Lines export of any project.

Documents are matched by their text's hash, so the same article under different ids in the two projects is
one document here. Annotators are matched by name, entities by id and then by name (either script), and
annotations by id and then by coder, kind and span; what is already here identically is left alone, so
merging the same file twice adds nothing.

Nothing is resolved silently. Where the two projects disagree (the same annotation with other values, a
document's status or fields set differently by the same coder, an annotation deleted on one side and kept
on the other, an entity renamed) this project's version is kept and the difference is listed as a conflict
for a person to decide. A document whose annotations do not fit this project's codebook is not merged at
all, and listed. Each document is merged in one transaction with its audit rows.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from annotator.core import codebook as cb
from annotator.core.text.script import detect_script
from annotator.core.uids import usable
from annotator.io import native_jsonl
from annotator.io.tables import safe
from annotator.services import annotators as coders
from annotator.services import codebooks
from annotator.services.annotations import annotation_row, insert_rows, relation_row
from annotator.services.changes import CREATED, UPDATED, Changes, write_audit
from annotator.services.documents import status_row
from annotator.services.entities import alias_key, entity_row
from annotator.services.errors import ServiceError
from annotator.storage import search
from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    Annotator,
    Assignment,
    AuditLog,
    Document,
    DocumentStatus,
    Entity,
    EntityAlias,
    Relation,
    utcnow,
)
from annotator.storage.project import Project, ProjectError, backup_sqlite, head_revision

Progress = Callable[[int, int, str], None]
_BATCH = 500  # ids per IN (...) lookup


class RecordRefused(Exception):
    """A document's content does not fit this project (its codebook); none of it is stored."""


@dataclass(frozen=True)
class Conflict:
    document: str  # the document's title (or id when untitled)
    target: str  # "annotation", "relation", "status", "entity", "document"
    uid: str
    problem: str


@dataclass
class Counts:
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    annotations_unchanged: int = 0
    relations_added: int = 0
    entities_added: int = 0
    statuses_added: int = 0
    statuses_updated: int = 0
    assignments_added: int = 0

    def add(self, other: Counts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


@dataclass
class MergeReport:
    source: str
    counts: Counts = field(default_factory=Counts)
    conflicts: list[Conflict] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{c.documents_added} document(s) added, {c.documents_matched} matched; "
            f"{c.annotations_added} annotation(s), {c.relations_added} link(s), {c.entities_added} entit(ies), "
            f"{c.statuses_added + c.statuses_updated} status(es), {c.assignments_added} assignment(s) added; "
            f"{len(self.conflicts)} conflict(s)"
        )
        return text + (" (cancelled)" if self.cancelled else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "counts": asdict(self.counts),
            "conflicts": [asdict(c) for c in self.conflicts],
            "cancelled": self.cancelled,
        }


# --- reading the other side ---------------------------------------------------------------------------


@dataclass
class _Source:
    records: Iterator[dict[str, Any] | RecordRefused]
    total: int
    deleted: set[str]  # ids of annotations and links its audit log says were deleted
    project: Project | None  # for its assignments; None for a JSON Lines file


def _deleted_uids(session) -> set[str]:
    """Annotations and links whose deletion the audit log records (some may exist again, restored)."""
    rows = session.scalars(
        select(AuditLog.before).where(
            AuditLog.target_type.in_(("annotation", "relation")), AuditLog.action.like("%:deleted")
        )
    )
    return {row["uid"] for row in rows if row and row.get("uid")}


def _jsonl_records(data: bytes) -> Iterator[dict[str, Any] | RecordRefused]:
    for n, parsed in native_jsonl.parse_lines(data):
        if isinstance(parsed, native_jsonl.FormatError):
            yield RecordRefused(f"line {n}: {parsed}")
        else:
            yield parsed.record


@contextmanager
def _open_source(spec: str, here: Project, cancelled) -> Iterator[_Source]:
    """The other side's documents as native records. A project file of an older schema is upgraded in a
    temporary copy, so the coder's file is never changed."""
    path = Path(spec)
    if path.suffix.lower() in (".jsonl", ".json") and not path.is_file():
        raise ServiceError(f"{path.name}: no such file")
    if path.suffix.lower() in (".jsonl", ".json"):
        data = path.read_bytes()
        if not native_jsonl.looks_native(data):
            raise ServiceError(f"{path.name} is not a native JSON Lines export of an Annotator project")
        total = sum(1 for line in data.split(b"\n") if line.strip())
        yield _Source(_jsonl_records(data), total, set(), None)
        return
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        try:
            other = Project.open(spec, upgrade=False)
            if other.current_revision() != head_revision():
                other.close()
                if not path.is_file():
                    raise ServiceError(f"{spec} has an older schema; upgrade it with `annotator db upgrade` first")
                copy = backup_sqlite(path, Path(folder) / path.name)
                other = Project.open(copy)
        except ProjectError as exc:
            raise ServiceError(str(exc)) from None
        try:
            if other.url == here.url or (other.path and here.path and other.path.resolve() == here.path.resolve()):
                raise ServiceError(f"{spec} is the project itself; choose another project to merge")
            with other.read() as session:
                deleted = _deleted_uids(session)
                total = session.query(Document).count()
            with other.engine.connect() as connection:
                yield _Source(native_jsonl.records(connection, cancelled=cancelled), total, deleted, other)
        finally:
            other.close()


# --- merging one document -------------------------------------------------------------------------------


def _title(record: dict[str, Any]) -> str:
    return (record.get("title") or "").strip() or str(record.get("id") or "")[:8]


def _free_uids(session, model, uids: list[str]) -> set[str]:
    """Those of `uids` no row of `model` has yet."""
    taken: set[str] = set()
    wanted = [u for u in uids if usable(u)]  # an id from a file is kept only in the UUID form we write
    for first in range(0, len(wanted), _BATCH):
        chunk = wanted[first : first + _BATCH]
        taken.update(session.scalars(select(model.uid).where(model.uid.in_(chunk))))
    return {u for u in wanted if u not in taken}


def new_document(session, record: dict[str, Any], content_hash: str) -> Document:
    """A document row for a native record, keeping its id where this project has no document with it."""
    text = record["text"]
    wanted = record.get("id")
    uid = wanted if wanted and _free_uids(session, Document, [wanted]) else str(uuid.uuid4())
    doc = Document(
        uid=uid,
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
    return doc


def _parse_ts(value: str | None) -> datetime:
    """A stored time as the native format writes it (ISO 8601); anything else refuses the record."""
    if not value:
        return utcnow()
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise RecordRefused(f"{value!r} is not a time (ISO 8601, as the native format writes it)") from None


@dataclass(frozen=True)
class _Version:
    """What two copies of an annotation are compared on. Entity fields hold this project's entity ids."""

    annotator: str
    kind: str
    start: int
    end: int
    fields: dict[str, Any]

    def differences(self, other: _Version) -> str:
        parts = []
        if (self.kind, self.start, self.end) != (other.kind, other.start, other.end):
            parts.append(f"{self.kind} {self.start}–{self.end} here, {other.kind} {other.start}–{other.end} there")
        for name in sorted(set(self.fields) | set(other.fields)):
            mine, theirs = self.fields.get(name), other.fields.get(name)
            if mine != theirs:
                parts.append(f"{name}: {_shown(mine)} here, {_shown(theirs)} there")
        if self.annotator != other.annotator:
            parts.append(f"by {self.annotator} here, by {other.annotator} there")
        return "; ".join(parts)


def _shown(value: Any) -> str:
    return "(empty)" if value in (None, "", [], {}) else json.dumps(value, ensure_ascii=False)


class _DocumentMerge:
    """One record merged into one document, inside the caller's transaction."""

    def __init__(self, session, url: str, doc: Document, record: dict[str, Any], changes: Changes) -> None:
        self.session, self.doc, self.record, self.changes = session, doc, record, changes
        self.version, self.book = codebooks.current(session, url)
        self.title = _title(record)
        self.counts = Counts()
        self.conflicts: list[Conflict] = []
        self._annotators: dict[str, int] = {}

    def conflict(self, target: str, uid: str, problem: str) -> None:
        self.conflicts.append(Conflict(self.title, target, uid, problem))

    def annotator(self, name: str) -> int:
        if name not in self._annotators:
            self._annotators[name] = coders.in_session(self.session, name)
        return self._annotators[name]

    def run(self, deleted_here: set[str], deleted_there: set[str]) -> None:
        entities = {ent["id"]: self._entity(ent) for ent in self.record.get("entities") or []}
        mapped = self._annotations(entities, deleted_here, deleted_there)
        self._relations(mapped, deleted_here)
        self._statuses()

    # entities

    def _entity(self, ent: dict[str, Any]) -> int:
        """This project's entity for one of theirs: the same id (followed through merges), else a live one
        with their name as an alias, else a new one. Their aliases are added to it."""
        session = self.session
        row = session.scalar(select(Entity).where(Entity.uid == ent["id"]))
        while row is not None and row.merged_into_id is not None:
            row = session.get(Entity, row.merged_into_id)
        if row is not None and alias_key(row.name) != alias_key(ent["name"]):
            self.conflict(
                "entity",
                ent["id"],
                f"named {row.name} here, {ent['name']} there; kept {row.name}, {ent['name']} added as an alias",
            )
        if row is None:
            row = session.scalar(
                select(Entity)
                .join(EntityAlias)
                .where(EntityAlias.key == alias_key(ent["name"]), Entity.merged_into_id.is_(None))
                .order_by(Entity.id)
                .limit(1)
            )
        if row is None:
            uid = ent["id"] if _free_uids(session, Entity, [ent["id"]]) else str(uuid.uuid4())
            row = Entity(uid=uid, name=ent["name"], type=ent.get("type"), notes=ent.get("notes") or "", version=1)
            self._add_aliases(row, [ent["name"], *(ent.get("aliases") or [])])
            session.add(row)
            session.flush()
            self.changes.add("entity", CREATED, after=entity_row(row))
            self.counts.entities_added += 1
            return row.id
        before = entity_row(row)
        if self._add_aliases(row, [ent["name"], *(ent.get("aliases") or [])]):
            row.version += 1
            session.flush()
            self.changes.add("entity", UPDATED, before=before, after=entity_row(row))
        return row.id

    @staticmethod
    def _add_aliases(row: Entity, aliases: list[str]) -> bool:
        added = False
        for alias in aliases:
            key = alias_key(alias)
            if key and all(a.key != key for a in row.aliases):
                row.aliases.append(EntityAlias(alias=alias.strip(), key=key))
                added = True
        return added

    # annotations

    def _checked(self, i: int, ann: dict[str, Any], entities: dict[str, int]) -> tuple[cb.Kind, _Version]:
        try:
            kind = self.book.kind(ann["kind"])
        except KeyError:
            raise RecordRefused(f"annotation {i + 1}: kind {ann['kind']!r} is not in the codebook") from None
        fields = dict(ann.get("fields") or {})
        entity_fields = {k: fields.pop(k) for k in list(fields) if kind.field(k) is not None and kind.field(k).is_entity}
        errors = cb.validate_values(tuple(f for f in kind.fields if not f.is_link and not f.is_entity), fields)
        if errors:
            raise RecordRefused(f"annotation {i + 1}: " + "; ".join(f"{k} {v}" for k, v in errors.items()))
        for name, entity_uid in entity_fields.items():
            if entity_uid not in entities:
                raise RecordRefused(f"annotation {i + 1}: entity {entity_uid} is not among the document's entities")
            fields[name] = entities[entity_uid]
        return kind, _Version(ann["annotator"], kind.name, ann["start"], ann["end"], fields)

    def _ours(self) -> dict[str, tuple[int, _Version]]:
        """This document's annotations by uid: (id, version)."""
        session = self.session
        rows = session.execute(
            select(Annotation.id, Annotation.uid, Annotator.name, Annotation.kind, Annotation.start, Annotation.end)
            .add_columns(Annotation.fields)
            .join(Annotator, Annotator.id == Annotation.annotator_id)
            .where(Annotation.document_id == self.doc.id)
        ).all()
        entity_values: dict[int, dict[str, int]] = {}
        for ann_id, name, entity_id in session.execute(
            select(AnnotationEntity.annotation_id, AnnotationEntity.field, AnnotationEntity.entity_id)
            .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
            .where(Annotation.document_id == self.doc.id)
        ):
            entity_values.setdefault(ann_id, {})[name] = entity_id
        return {
            uid: (ann_id, _Version(who, kind, start, end, {**(fields or {}), **entity_values.get(ann_id, {})}))
            for ann_id, uid, who, kind, start, end, fields in rows
        }

    def _annotations(self, entities: dict[str, int], deleted_here: set[str], deleted_there: set[str]) -> dict[str, int]:
        """Merge the record's annotations; returns their ids mapped to this project's annotation ids."""
        ours = self._ours()
        by_span = {(v.annotator, v.kind, v.start, v.end): (ann_id, v) for ann_id, v in ours.values()}
        mapped: dict[str, int] = {}
        fresh: list[tuple[dict[str, Any], cb.Kind, _Version]] = []
        theirs = self.record.get("annotations") or []
        for i, ann in enumerate(theirs):
            kind, version = self._checked(i, ann, entities)
            uid = ann.get("id") or ""
            found = ours.get(uid) or by_span.get((version.annotator, version.kind, version.start, version.end))
            if found is not None:
                ann_id, mine = found
                mapped[uid] = ann_id
                if mine == version:
                    self.counts.annotations_unchanged += 1
                else:
                    self.conflict("annotation", uid, f"{mine.differences(version)}; kept what is here")
            elif uid in deleted_here:
                self.conflict("annotation", uid, f"{version.kind} {version.start}–{version.end} by {version.annotator} "
                              "was deleted here and exists there; not added")  # fmt: skip
            else:
                fresh.append((ann, kind, version))
        mapped.update(self._insert_annotations(fresh))
        present = {ann.get("id") for ann in theirs}
        for uid, (_, mine) in ours.items():
            if uid not in present and uid in deleted_there:
                self.conflict("annotation", uid, f"{mine.kind} {mine.start}–{mine.end} by {mine.annotator} "
                              "was deleted there and exists here; kept")  # fmt: skip
        return mapped

    def _insert_annotations(self, fresh: list[tuple[dict[str, Any], cb.Kind, _Version]]) -> dict[str, int]:
        if not fresh:
            return {}
        free = _free_uids(self.session, Annotation, [ann.get("id") or "" for ann, _, _ in fresh])
        rows, entity_links, origin_ids = [], [], []
        for ann, kind, version in fresh:
            uid = ann.get("id") if ann.get("id") in free else str(uuid.uuid4())
            free.discard(uid)
            scalar = {k: v for k, v in version.fields.items() if not kind.field(k).is_entity}
            rows.append(
                {
                    "uid": uid,
                    "document_id": self.doc.id,
                    "annotator_id": self.annotator(version.annotator),
                    "kind": kind.name,
                    "start": version.start,
                    "end": version.end,
                    "text": self.doc.text[version.start : version.end],
                    "fields": scalar,
                    "origin": ann.get("origin") if ann.get("origin") in ("manual", "suggestion", "imported") else "imported",
                    "codebook_version": self.version,
                    "created_at": _parse_ts(ann.get("created_at")),
                    "updated_at": _parse_ts(ann.get("updated_at")),
                    "version": ann.get("version") or 1,
                }
            )
            entity_links.append({k: v for k, v in version.fields.items() if kind.field(k).is_entity})
            origin_ids.append(ann.get("id") or uid)
        stored = insert_rows(self.session, Annotation, rows)
        links = [
            {"annotation_id": stored[row["uid"]].id, "field": name, "entity_id": entity_id}
            for row, values in zip(rows, entity_links, strict=True)
            for name, entity_id in values.items()
        ]
        if links:
            self.session.execute(insert(AnnotationEntity), links)
        for row, values in zip(rows, entity_links, strict=True):
            self.changes.add("annotation", CREATED, after=annotation_row(stored[row["uid"]], values))
        self.counts.annotations_added += len(rows)
        return {origin: stored[row["uid"]].id for origin, row in zip(origin_ids, rows, strict=True)}

    # links

    def _relations(self, mapped: dict[str, int], deleted_here: set[str]) -> None:
        session = self.session
        of_doc = Annotation.document_id == self.doc.id
        kinds = dict(session.execute(select(Annotation.id, Annotation.kind).where(of_doc)).all())
        present = set(
            session.execute(
                select(Relation.source_id, Relation.type, Relation.target_id).where(Relation.document_id == self.doc.id)
            ).all()
        )
        rels = self.record.get("relations") or []
        free = _free_uids(session, Relation, [rel.get("id") or "" for rel in rels])
        rows = []
        for i, rel in enumerate(rels):
            source, target = mapped.get(rel.get("from")), mapped.get(rel.get("to"))
            if source is None or target is None:
                continue  # an end was deleted here: listed with the annotation
            key = (source, rel.get("type"), target)
            link = self.book.kind(kinds[source]).field(str(rel.get("type")))
            if link is None or not link.is_link or kinds[target] not in link.targets:
                problem = f"{kinds[source]} has no link field {rel.get('type')!r} to a {kinds[target]}"
                raise RecordRefused(f"link {i + 1}: {problem}")
            if key in present:
                continue
            if rel.get("id") in deleted_here:
                self.conflict("relation", rel["id"], f"{rel['type']} link was deleted here and exists there; not added")
                continue
            present.add(key)
            uid = rel["id"] if rel.get("id") in free else str(uuid.uuid4())
            rows.append(
                {
                    "uid": uid,
                    "document_id": self.doc.id,
                    "annotator_id": self.annotator(rel.get("annotator") or "imported"),
                    "type": rel["type"],
                    "source_id": source,
                    "target_id": target,
                    "created_at": _parse_ts(rel.get("created_at")),
                }
            )
        if rows:
            session.execute(insert(Relation), rows)
            for rel in session.scalars(select(Relation).where(Relation.uid.in_([r["uid"] for r in rows]))):
                self.changes.add("relation", CREATED, after=relation_row(rel))
            self.counts.relations_added += len(rows)

    # statuses and document fields

    def _statuses(self) -> None:
        session = self.session
        fields_by = self.record.get("document_fields") or {}
        status_by = self.record.get("status") or {}
        for name in sorted(set(fields_by) | set(status_by)):
            theirs = status_by.get(name) or {}
            status, fields = theirs.get("status", "in_progress"), fields_by.get(name) or {}
            errors = cb.validate_values(self.book.document_fields, fields)
            if errors or status not in ("new", "in_progress", "done", "skipped"):
                problems = "; ".join(f"{k} {v}" for k, v in errors.items()) or f"status {status!r}"
                raise RecordRefused(f"document fields of {name}: {problems}")
            annotator_id = self.annotator(name)
            row = session.get(DocumentStatus, (self.doc.id, annotator_id))
            seconds = theirs.get("seconds_spent", 0)
            if row is None:
                row = DocumentStatus(
                    document_id=self.doc.id,
                    annotator_id=annotator_id,
                    status=status,
                    seconds_spent=seconds,
                    fields=fields,
                    version=1,
                )
                session.add(row)
                session.flush()
                self.changes.add("document_status", CREATED, after=status_row(row))
                self.counts.statuses_added += 1
            elif (row.status, row.fields or {}) == (status, fields):
                continue
            elif _untouched(row.status, row.fields) or _untouched(status, fields):
                if _untouched(status, fields):
                    continue  # nothing done there: what is here stands
                before = status_row(row)
                row.status, row.fields = status, fields
                row.seconds_spent = max(row.seconds_spent, seconds)
                row.version += 1
                row.updated_at = utcnow()
                session.flush()
                self.changes.add("document_status", UPDATED, before=before, after=status_row(row))
                self.counts.statuses_updated += 1
            else:
                here = _shown({"status": row.status, **(row.fields or {})})
                there = _shown({"status": status, **fields})
                problem = f"{name}'s coding of the document is {here} here, {there} there; kept what is here"
                self.conflict("status", name, problem)


def _untouched(status: str, fields: dict | None) -> bool:
    return status == "new" and not fields


def merge_record(
    session,
    url: str,
    record: dict[str, Any],
    *,
    changes: Changes,
    deleted_here: set[str] = frozenset(),
    deleted_there: set[str] = frozenset(),
    create: bool = True,
) -> tuple[Document | None, Counts, list[Conflict]]:
    """Merge one native record in the caller's transaction: into the document with the same text, or (with
    `create`) a new one. Raises RecordRefused when its content does not fit; the caller rolls back."""
    content_hash = hashlib.sha256(record["text"].encode("utf-8")).hexdigest()
    doc = session.scalar(select(Document).where(Document.content_hash == content_hash))
    counts = Counts()
    if doc is None:
        if not create:
            return None, counts, []
        doc = new_document(session, record, content_hash)
        counts.documents_added = 1
        changes.add("document", CREATED, after={"id": doc.id, "uid": doc.uid, "title": doc.title})
    else:
        counts.documents_matched = 1
    merge = _DocumentMerge(session, url, doc, record, changes)
    merge.run(set(deleted_here), set(deleted_there))
    counts.add(merge.counts)
    return doc, counts, merge.conflicts


# --- merging whole projects ----------------------------------------------------------------------------


def _deleted_here(project: Project) -> set[str]:
    with project.read() as session:
        deleted = _deleted_uids(session)
        present: set[str] = set()
        listed = sorted(deleted)
        for first in range(0, len(listed), _BATCH):
            chunk = listed[first : first + _BATCH]
            present.update(session.scalars(select(Annotation.uid).where(Annotation.uid.in_(chunk))))
            present.update(session.scalars(select(Relation.uid).where(Relation.uid.in_(chunk))))
    return deleted - present


def _assignments(here: Project, other: Project, annotator_id: int | None) -> int:
    """Their queues, for documents and coders now here: added where missing (one transaction)."""
    with other.read() as session:
        theirs = session.execute(
            select(Document.content_hash, Annotator.name, Assignment.batch)
            .join(Document, Document.id == Assignment.document_id)
            .join(Annotator, Annotator.id == Assignment.annotator_id)
        ).all()
    if not theirs:
        return 0
    changes = Changes("merge_assignments")
    with here.write() as session:
        docs = dict(session.execute(select(Document.content_hash, Document.id)).all())
        people = dict(session.execute(select(Annotator.name, Annotator.id)).all())
        present = set(session.execute(select(Assignment.document_id, Assignment.annotator_id)).all())
        rows = []
        for content_hash, name, batch in theirs:
            key = (docs.get(content_hash), people.get(name))
            if None in key or key in present:
                continue
            present.add(key)
            rows.append({"document_id": key[0], "annotator_id": key[1], "batch": batch, "assigned_at": utcnow()})
        if rows:
            session.execute(insert(Assignment), rows)
            changes.add("assignment", CREATED, after={"count": len(rows), "source": other.label})
            write_audit(session, annotator_id, changes)
    return len(rows)


def write_conflicts(reports: list[MergeReport], path: Path) -> Path:
    """Every conflict of the reports as CSV (source, document, what, id, difference), cells guarded against
    spreadsheet formulas as in exports."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["source", "document", "what", "id", "difference"])
        for report in reports:
            for c in report.conflicts:
                writer.writerow([safe(v) for v in (report.source, c.document, c.target, c.uid, c.problem)])
    return path


def merge(
    project: Project,
    sources: list[str],
    *,
    annotator_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[MergeReport]:
    """Merge each source (a project file or URL, or a native .jsonl export) into `project`, a document per
    transaction. One report per source, with what was added and every conflict. A source that cannot be
    opened raises ServiceError before anything of it is merged."""
    reports = []
    deleted_here = _deleted_here(project)
    for spec in sources:
        report = MergeReport(str(spec))
        reports.append(report)
        with _open_source(str(spec), project, cancelled) as source:
            done = 0
            try:
                for record in source.records:
                    if isinstance(record, RecordRefused):
                        report.conflicts.append(Conflict("", "document", "", str(record)))
                        continue
                    if progress is not None:
                        progress(done, source.total, _title(record))
                    changes = Changes("merge_document")
                    try:
                        with project.write() as session:
                            _, counts, conflicts = merge_record(
                                session, project.url, record, changes=changes,
                                deleted_here=deleted_here, deleted_there=source.deleted,
                            )  # fmt: skip
                            write_audit(session, annotator_id, changes)
                    except RecordRefused as exc:
                        refused = Conflict(_title(record), "document", record.get("id") or "", f"not merged: {exc}")
                        report.conflicts.append(refused)
                    else:
                        report.counts.add(counts)
                        report.conflicts.extend(conflicts)
                    done += 1
            except native_jsonl.Cancelled:
                report.cancelled = True
                return reports
            if cancelled is not None and cancelled():
                report.cancelled = True
                return reports
            if source.project is not None:
                report.counts.assignments_added = _assignments(project, source.project, annotator_id)
        if progress is not None:
            progress(source.total, source.total, "")
    return reports
