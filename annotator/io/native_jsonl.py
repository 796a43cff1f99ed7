"""The native JSON Lines format (DESIGN §7): one document per line, lossless, re-importable.

    {"id", "title", "text", "outlet", "url", "published", "script", "meta", "provenance",
     "annotations": [{"id", "kind", "start", "end", "text", "fields", "annotator", "origin",
                      "created_at", "updated_at", "version"}],
     "relations": [{"id", "type", "from", "to", "annotator", "created_at"}],
     "entities": [{"id", "name", "type", "notes", "aliases"}],
     "document_fields": {annotator: {field: value}},
     "status": {annotator: {"status", "seconds_spent"}}}

Lines are compact JSON (no spaces after separators). On SQLite the annotation objects are built by the
database (json_object), because building a million of them in Python would dominate the export.

Ids are the rows' UUIDs, stable across projects. Offsets are code points, end exclusive. Link fields are
carried by "relations" (type = field name); an entity field's value is the entity's id, and the entities
a document's annotations refer to travel with it. Export streams document by document; export -> import
into an empty project -> export gives an identical file.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import func, select

from annotator.storage.driver_rows import driver_rows
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
from annotator.worker_life import end_with_parent

_NATIVE_KEYS = {"annotations", "provenance", "relations"}


def looks_native(data: bytes) -> bool:
    """True when the first record of a JSON Lines file is one of our documents (not a plain article row)."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and bool(_NATIVE_KEYS & record.keys()) and "text" in record


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _ts(value) -> str | None:
    """A timestamp as ISO 8601 text. Read as stored text on SQLite (parsing millions would dominate)."""
    if value is None:
        return None
    return value.replace(" ", "T") if isinstance(value, str) else value.isoformat(timespec="microseconds")


def _grouped(rows, key: int = 0) -> dict[int, list]:
    groups: dict[int, list] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


_A = Annotation.__table__.c
# Ties (same span) in creation order: an import inserts in file order, so ids keep that order in the copy,
# and the index on (document_id, start, end) delivers rows already sorted.
_ORDER = (_A.document_id, _A.start, _A.end, _A.id)


def _annotations_sql(connection, ids: list[int]) -> list[tuple[int, int, str, str]]:
    """(document id, annotation id, uid, JSON object) per annotation, the object built by SQLite's
    json_object, which escapes exactly as json.dumps(ensure_ascii=False) does (a test holds the two
    builders to the same output)."""
    people = Annotator.__table__
    obj = func.json_object(
        "id",
        _A.uid,
        "kind",
        _A.kind,
        "start",
        _A.start,
        "end",
        _A.end,
        "text",
        _A.text,
        "fields",
        func.json(_A.fields),
        "annotator",
        people.c.name,
        "origin",
        _A.origin,
        "created_at",
        func.replace(_A.created_at, " ", "T"),
        "updated_at",
        func.replace(_A.updated_at, " ", "T"),
        "version",
        _A.version,
    )
    query = (
        select(_A.document_id, _A.id, _A.uid, obj)
        .join(people, people.c.id == _A.annotator_id)
        .where(_A.document_id.in_(ids))
        .order_by(*_ORDER)
    )
    return driver_rows(connection, query)


def _annotations_python(connection, ids: list[int]) -> list[tuple[int, int, str, str]]:
    """The same as _annotations_sql, built in Python: for databases other than SQLite."""
    people = Annotator.__table__
    query = (
        select(
            _A.document_id,
            _A.id,
            _A.uid,
            _A.kind,
            _A.start,
            _A.end,
            _A.text,
            _A.fields,
            people.c.name,
            _A.origin,
            _A.created_at,
            _A.updated_at,
            _A.version,
        )
        .join(people, people.c.id == _A.annotator_id)
        .where(_A.document_id.in_(ids))
        .order_by(*_ORDER)
    )
    rows = []
    for doc_id, ann_id, uid, kind, start, end, text, fields, name, origin, created, updated, version in connection.execute(
        query
    ):
        obj = {
            "id": uid,
            "kind": kind,
            "start": start,
            "end": end,
            "text": text,
            "fields": fields,
            "annotator": name,
            "origin": origin,
            "created_at": _ts(created),
            "updated_at": _ts(updated),
            "version": version,
        }
        rows.append((doc_id, ann_id, uid, _compact(obj)))
    return rows


def _batch_lines(connection, docs, names: dict[int, str], *, sql_json: bool) -> Iterator[str]:
    """The lines of a batch of documents, with one query per table for the whole batch."""
    ids = [d.id for d in docs]
    annotations = _grouped((_annotations_sql if sql_json else _annotations_python)(connection, ids))
    links: dict[int, dict[str, int]] = {}
    for ann_id, fname, entity_id in connection.execute(
        select(AnnotationEntity.annotation_id, AnnotationEntity.field, AnnotationEntity.entity_id)
        .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
        .where(Annotation.document_id.in_(ids))
    ):
        links.setdefault(ann_id, {})[fname] = entity_id
    entities = _entities(connection, {e for fields in links.values() for e in fields.values()})
    r_ = Relation.__table__.c
    relations = _grouped(
        driver_rows(
            connection,
            select(r_.document_id, r_.uid, r_.type, r_.source_id, r_.target_id, r_.annotator_id, r_.created_at)
            .where(r_.document_id.in_(ids))
            .order_by(r_.document_id, r_.id),
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
    for doc in docs:
        uid_of = {}
        objects = []
        doc_entities: set[int] = set()
        for _, ann_id, uid, obj in annotations.get(doc.id, []):
            uid_of[ann_id] = uid
            if ann_id in links:  # entity fields: the entity's id joins the stored values
                doc_entities.update(links[ann_id].values())
                decoded = json.loads(obj)
                decoded["fields"].update({f: entities[e]["id"] for f, e in sorted(links[ann_id].items())})
                obj = _compact(decoded)
            objects.append(obj)
        doc_statuses = statuses.get(doc.id, [])
        head = _compact(
            {
                "id": doc.uid,
                "title": doc.title,
                "text": doc.text,
                "outlet": doc.outlet,
                "url": doc.url,
                "published": doc.published,
                "script": doc.script,
                "meta": doc.meta,
                "provenance": doc.provenance,
            }
        )
        tail = _compact(
            {
                "relations": [
                    {
                        "id": uid,
                        "type": rtype,
                        "from": uid_of[source],
                        "to": uid_of[target],
                        "annotator": names[annotator_id],
                        "created_at": _ts(created),
                    }
                    for _, uid, rtype, source, target, annotator_id, created in relations.get(doc.id, [])
                ],
                "entities": sorted((entities[e] for e in doc_entities), key=lambda e: e["id"]),
                "document_fields": {names[s.annotator_id]: s.fields for s in doc_statuses if s.fields},
                "status": {
                    names[s.annotator_id]: {"status": s.status, "seconds_spent": s.seconds_spent} for s in doc_statuses
                },
            }
        )
        yield f'{head[:-1]},"annotations":[{",".join(objects)}],{tail[1:]}\n'


def _entities(connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    aliases = _grouped(
        connection.execute(
            select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(ids)).order_by(EntityAlias.id)
        )
    )
    e_ = Entity.__table__.c
    return {
        row.id: {
            "id": row.uid,
            "name": row.name,
            "type": row.type,
            "notes": row.notes,
            "aliases": [alias for _, alias in aliases.get(row.id, [])],
        }
        for row in connection.execute(select(e_.id, e_.uid, e_.name, e_.type, e_.notes).where(e_.id.in_(ids)))
    }


PARALLEL_FROM = 2000  # documents; below this a second process costs more than it saves


class Cancelled(Exception):
    """The caller asked to stop; what was written so far is incomplete."""


def _document_batches(connection, *, after: int, upto: int | None, document_ids, batch: int, cancelled=None):
    """The documents with after < id <= upto (or to the end), in id order, `batch` at a time, with the
    annotator names their lines need; `cancelled()` is asked before each batch."""
    d_ = Document.__table__.c
    columns = (d_.id, d_.uid, d_.title, d_.text, d_.outlet, d_.url, d_.published, d_.script, d_.meta, d_.provenance)
    names = dict(connection.execute(select(Annotator.id, Annotator.name)).all())
    last = after
    while True:
        query = select(*columns).where(d_.id > last).order_by(d_.id).limit(batch)
        if upto is not None:
            query = query.where(d_.id <= upto)
        if document_ids is not None:
            query = query.where(d_.id.in_(document_ids))
        if cancelled is not None and cancelled():
            raise Cancelled
        docs = connection.execute(query).all()
        if not docs:
            return
        yield docs, names
        last = docs[-1].id


def records(connection, *, batch: int = 100, cancelled: Callable[[], bool] | None = None) -> Iterator[dict[str, Any]]:
    """Every document of a project as its native record (the parsed line), in id order: what merging
    another project reads."""
    sql_json = connection.dialect.name == "sqlite"
    batches = _document_batches(connection, after=0, upto=None, document_ids=None, batch=batch, cancelled=cancelled)
    for docs, names in batches:
        for line in _batch_lines(connection, docs, names, sql_json=sql_json):
            yield json.loads(line)


def _export_range(
    connection,
    out: IO[str],
    *,
    after: int,
    upto: int | None,
    document_ids,
    sql_json: bool,
    batch: int,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the documents with after < id <= upto (or to the end), in id order, a batch at a time;
    `progress` hears the running count after each batch, and `cancelled` is asked before each."""
    written = 0
    for docs, names in _document_batches(
        connection, after=after, upto=upto, document_ids=document_ids, batch=batch, cancelled=cancelled
    ):
        out.write("".join(_batch_lines(connection, docs, names, sql_json=sql_json)))
        written += len(docs)
        if progress is not None:
            progress(written)
    return written


def _export_part(url: str, path: str, after: int, document_ids, sql_json: bool, batch: int) -> int:
    """In a worker process: the documents after `after` into a file of their own."""
    project = Project.open(url, upgrade=False)
    try:
        with project.engine.connect() as connection, open(path, "w", encoding="utf-8", newline="\n") as out:
            return _export_range(
                connection, out, after=after, upto=None, document_ids=document_ids, sql_json=sql_json, batch=batch
            )
    finally:
        project.close()


def export(
    project: Project,
    out: IO[str],
    *,
    document_ids: list[int] | None = None,
    batch: int = 200,
    sql_json: bool | None = None,
    parallel: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write one line per document, in id order; returns the count. Memory holds one batch of documents.

    `progress(done, total)` is called after each batch (when split, from this process's half, scaled to
    the whole); `cancelled()` is asked before each batch and stops the export by raising `Cancelled`.

    `sql_json` chooses who builds the annotation objects (default: SQLite itself where the project is
    SQLite). `parallel` forces (True) or forbids (False) the split; by default a large export on two or more
    cores is split at its middle document: a worker process writes
    the second half to a file of its own while this one writes the first, then the two are joined.
    """
    with project.engine.connect() as connection:
        if sql_json is None:
            sql_json = connection.dialect.name == "sqlite"
        total = _count(connection, document_ids)
        minimum = 2 if parallel else PARALLEL_FROM
        split = total >= minimum and (parallel or (parallel is None and (os.cpu_count() or 1) >= 2))
        middle = _middle_id(connection, document_ids, total) if split else None
        share = total if middle is None else max(1, total // 2)  # the documents this process writes

        def report(done: int) -> None:
            if progress is not None:
                progress(min(total, done * total // share), total)

        options = {"document_ids": document_ids, "sql_json": sql_json, "batch": batch, "cancelled": cancelled}
        if middle is None:
            return _export_range(connection, out, after=0, upto=None, progress=report, **options)
        with tempfile.TemporaryDirectory(prefix="annotator-export-") as folder:
            part = os.path.join(folder, "second-half.jsonl")
            ctx = multiprocessing.get_context("spawn")  # the caller may be a GUI process: never fork it
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=end_with_parent) as pool:
                second = pool.submit(_export_part, project.url, part, middle, document_ids, sql_json, batch)
                written = _export_range(connection, out, after=0, upto=middle, progress=report, **options)
                try:
                    written += second.result()
                except BrokenProcessPool:  # the worker died (killed, out of memory): the rest is written here
                    return written + _export_range(connection, out, after=middle, upto=None, **options)
            with open(part, encoding="utf-8", newline="") as rest:
                shutil.copyfileobj(rest, out, 1 << 20)
    return written


def _count(connection, document_ids: list[int] | None) -> int:
    if document_ids is not None:
        return len(document_ids)
    return connection.scalar(select(func.count()).select_from(Document))


def _middle_id(connection, document_ids: list[int] | None, count: int) -> int:
    """The id splitting the `count` documents to export in two halves."""
    d_ = Document.__table__.c
    query = select(d_.id).order_by(d_.id).offset(count // 2 - 1).limit(1)
    if document_ids is not None:
        query = query.where(d_.id.in_(document_ids))
    return connection.scalar(query)


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
