"""Creating, editing and deleting annotations and relations (DESIGN §2, §9).

Each public function is one user action: it validates against the codebook and the stored text, writes in
one transaction with its audit rows, and returns the Changes. Link fields of the codebook are stored as
relations (type = field name) and entity fields in `annotation_entities`; callers see them as ordinary field
values: an annotation id (or a list of ids) and an entity id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from annotator.core import codebook as cb
from annotator.services import codebooks, documents
from annotator.services.changes import CREATED, DELETED, UPDATED, Changes, write_audit
from annotator.services.entities import alias_key, entity_row, still_used
from annotator.services.errors import Invalid, NotFound, ServiceError, StaleEdit
from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    Document,
    Entity,
    EntityAlias,
    Relation,
    utcnow,
)
from annotator.storage.project import Project

ORIGINS = ("manual", "suggestion", "imported")


def relation_row(rel: Relation) -> dict[str, Any]:
    return {
        "id": rel.id,
        "uid": rel.uid,
        "document_id": rel.document_id,
        "annotator_id": rel.annotator_id,
        "type": rel.type,
        "source_id": rel.source_id,
        "target_id": rel.target_id,
        "created_at": rel.created_at,
        "version": rel.version,
    }


def link_values(session: Session, kind: cb.Kind, annotation_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Link and entity field values of the given annotations, keyed by annotation id."""
    values: dict[int, dict[str, Any]] = {i: {} for i in annotation_ids}
    if not annotation_ids:
        return values
    link_fields = {f.name: f for f in kind.fields if f.is_link}
    relations = (
        session.connection().execute(
            select(Relation.source_id, Relation.type, Relation.target_id)
            .where(Relation.source_id.in_(annotation_ids), Relation.type.in_(link_fields))
            .order_by(Relation.id)
        )
        if link_fields
        else ()
    )
    entity_links = (
        session.connection().execute(
            select(AnnotationEntity.annotation_id, AnnotationEntity.field, AnnotationEntity.entity_id).where(
                AnnotationEntity.annotation_id.in_(annotation_ids)
            )
        )
        if any(f.is_entity for f in kind.fields)
        else ()
    )
    _fill_links(values, {i: kind for i in annotation_ids}, relations, entity_links)
    return values


def _fill_links(values: dict[int, dict[str, Any]], kind_of: dict[int, cb.Kind], relations, entity_links) -> None:
    """Put each relation (source, type, target; in the order made) and entity link (annotation, field,
    entity) into `values` as its source's field value, where that annotation's kind has such a field."""
    for source, rtype, target in relations:
        f = kind_of[source].field(rtype) if source in kind_of else None
        if f is None or not f.is_link:
            continue
        if f.multiple:
            values[source].setdefault(rtype, []).append(target)
        else:
            values[source][rtype] = target
    for ann_id, fname, entity_id in entity_links:
        f = kind_of[ann_id].field(fname) if ann_id in kind_of else None
        if f is not None and f.is_entity:
            values[ann_id][fname] = entity_id


def annotation_row(ann, links: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ann.id,
        "uid": ann.uid,
        "document_id": ann.document_id,
        "annotator_id": ann.annotator_id,
        "kind": ann.kind,
        "start": ann.start,
        "end": ann.end,
        "text": ann.text,
        "fields": {**ann.fields, **links},
        "origin": ann.origin,
        "codebook_version": ann.codebook_version,
        "created_at": ann.created_at,
        "updated_at": ann.updated_at,
        "version": ann.version,
    }


def _split_fields(kind: cb.Kind, values: dict[str, Any]) -> tuple[dict, dict, dict]:
    """Scalar values (stored as JSON), link values and entity values."""
    scalar, links, entities = {}, {}, {}
    for name, value in values.items():
        f = kind.field(name)
        if f is not None and f.is_link:
            links[name] = value
        elif f is not None and f.is_entity:
            entities[name] = value
        elif value not in (None, "", []):
            scalar[name] = value
    return scalar, links, entities


def _check(session: Session, kind: cb.Kind, document_id: int, values: dict[str, Any], self_id: int | None) -> None:
    errors = cb.validate_values(kind.fields, values)
    for name, value in values.items():
        f = kind.field(name)
        if f is None or name in errors or value in (None, []):
            continue
        if f.is_link:
            ids = value if f.multiple else [value]
            found = dict(
                session.execute(
                    select(Annotation.id, Annotation.kind).where(
                        Annotation.id.in_(ids), Annotation.document_id == document_id
                    )
                ).all()
            )
            missing = [i for i in ids if i not in found]
            wrong = [i for i in ids if i in found and found[i] not in f.targets]
            if missing:
                errors[name] = f"links to annotation(s) {missing} not in this document"
            elif wrong:
                errors[name] = f"must link to {' or '.join(f.targets)}"
            elif self_id is not None and self_id in ids:
                errors[name] = "cannot link an annotation to itself"
        elif f.is_entity and session.get(Entity, value) is None:
            errors[name] = f"entity {value} does not exist"
    if errors:
        raise Invalid(f"{kind.label} not saved", errors)


# Built once and put to the session's connection: every annotation made or moved asks.
_SPAN = select(Document.length, func.substr(Document.text, bindparam("first"), bindparam("count"))).where(
    Document.id == bindparam("document")
)


def _document_span(session: Session, document_id: int, start: int, end: int) -> str:
    """The text of [start, end) of a document, refused unless the span lies inside it (one query)."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise Invalid(f"span [{start}, {end}) must be two whole numbers")
    found = session.connection().execute(_SPAN, {"document": document_id, "first": start + 1, "count": end - start}).first()
    if found is None:
        raise NotFound(f"document {document_id} does not exist")
    length, text = found
    if not 0 <= start < end <= length:
        raise Invalid(f"span [{start}, {end}) is not inside the document (0..{length}) or is empty")
    return text


def _write_links(
    session,
    ann: Annotation | SimpleNamespace,
    kind: cb.Kind,
    links: dict,
    entities: dict,
    changes: Changes,
    *,
    new: bool = False,
) -> None:
    """Replace the given link and entity fields of `ann` with the given values (a `new` annotation has none
    to replace)."""
    for name, value in links.items():
        mine = select(Relation).where(Relation.source_id == ann.id, Relation.type == name)
        old = [] if new else session.scalars(mine).all()
        wanted = value if isinstance(value, list) else ([] if value is None else [value])
        keep = {r.target_id for r in old if r.target_id in wanted}
        for rel in old:
            if rel.target_id not in keep:
                changes.add("relation", DELETED, before=relation_row(rel))
                session.delete(rel)
        for target in wanted:
            if target not in keep:
                rel = Relation(
                    uid=str(uuid.uuid4()),
                    document_id=ann.document_id,
                    annotator_id=ann.annotator_id,
                    type=name,
                    source_id=ann.id,
                    target_id=target,
                )
                session.add(rel)
                session.flush()
                changes.add("relation", CREATED, after=relation_row(rel))
    for name, value in entities.items():
        if not new:
            session.execute(
                delete(AnnotationEntity).where(AnnotationEntity.annotation_id == ann.id, AnnotationEntity.field == name)
            )
        if value is not None:
            session.add(AnnotationEntity(annotation_id=ann.id, field=name, entity_id=value))


def _kind(book: cb.Codebook, name: str) -> cb.Kind:
    try:
        return book.kind(name)
    except KeyError:
        raise Invalid(f"{name!r} is not a kind of the codebook ({', '.join(book.kind_names)})") from None


def create_annotation(
    project: Project,
    *,
    annotator_id: int,
    document_id: int,
    kind: str,
    start: int,
    end: int,
    fields: dict[str, Any] | None = None,
    origin: str = "manual",
    entity_from_text: bool = False,
) -> Changes:
    """Annotate [start, end) of a document (code points) with a kind and field values.

    With `entity_from_text`, an empty entity field is filled from the registry: the entity one of whose
    aliases is the span's text (in either script), or a new entity named by it (DESIGN §4, stakeholder);
    an empty `type` field takes the entity's type."""
    if origin not in ORIGINS:
        raise Invalid(f"origin must be one of {', '.join(ORIGINS)}")
    changes = Changes("create_annotation")
    with project.write() as session:
        version, book = codebooks.current(session, project.url)
        k = _kind(book, kind)
        fields = dict(fields or {})
        if entity_from_text:
            text = _document_span(session, document_id, start, end)
            for f in k.fields:
                if f.is_entity and fields.get(f.name) is None:
                    fields[f.name] = entity_for_name(session, text, fields.get("type"), annotator_id, changes)
                    known_type = session.get(Entity, fields[f.name]).type
                    type_field = k.field("type")
                    if fields.get("type") is None and type_field is not None and known_type in type_field.choices:
                        fields["type"] = known_type  # the registry knows what this stakeholder is
        insert_annotation(session, book, version, annotator_id, document_id, k, start, end, fields, origin, changes)
        changes.items.insert(0, changes.items.pop(_first_annotation(changes)))  # the annotation first
        _type_to_entity(session, k, fields, changes)
        documents.started(session, document_id, annotator_id, changes)
        write_audit(session, annotator_id, changes)
    return changes


def _first_annotation(changes: Changes) -> int:
    return next(i for i, item in enumerate(changes.items) if item.target == "annotation")


# A plain INSERT … RETURNING, built once and run on the session's connection: through the ORM's unit of work,
# inserting cost more than the rest of creating an annotation.
_INSERT_ANNOTATION = insert(Annotation.__table__).returning(Annotation.__table__.c.id)


def insert_annotation(
    session: Session,
    book: cb.Codebook,
    codebook_version: int,
    annotator_id: int,
    document_id: int,
    kind: cb.Kind,
    start: int,
    end: int,
    fields: dict[str, Any],
    origin: str,
    changes: Changes,
) -> dict[str, Any]:
    """Check and insert one annotation with its links inside the caller's transaction; its row (and its
    relations) go into `changes`. Returns the row."""
    text = _document_span(session, document_id, start, end)
    _check(session, kind, document_id, fields, None)
    scalar, links, entities = _split_fields(kind, fields)
    now = utcnow()
    values = {
        "uid": str(uuid.uuid4()),
        "document_id": document_id,
        "annotator_id": annotator_id,
        "kind": kind.name,
        "start": start,
        "end": end,
        "text": text,
        "fields": scalar,
        "origin": origin,
        "codebook_version": codebook_version,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    ann = SimpleNamespace(id=session.connection().execute(_INSERT_ANNOTATION, values).scalar_one(), **values)
    relations = Changes("")
    _write_links(session, ann, kind, links, entities, relations, new=True)
    row = annotation_row(ann, {name: v for name, v in {**links, **entities}.items() if v not in (None, [])})
    changes.add("annotation", CREATED, after=row)
    changes.items.extend(relations.items)
    return row


@dataclass(frozen=True)
class NewAnnotation:
    """One annotation for `insert_many`: values already checked against the codebook (links excepted:
    they are written afterwards, as relations); entity fields hold registry entity ids."""

    kind: cb.Kind
    start: int
    end: int
    fields: dict[str, Any]
    origin: str
    uid: str | None = None


_BATCH = 500  # uids per lookup: well under any database's limit on bound parameters


def insert_many(
    session: Session,
    codebook_version: int,
    annotator_id: int,
    document_id: int,
    text: str,
    items: list[NewAnnotation],
    changes: Changes,
) -> list[int]:
    """Insert many annotations of one document in the caller's transaction, in one statement (an import's
    spans: one at a time through the ORM cost milliseconds each). Returns their ids, in order; each row goes
    into `changes`."""
    if not items:
        return []
    now = utcnow()
    rows, entity_values = [], []
    for item in items:
        scalar, _links, entities = _split_fields(item.kind, item.fields)
        uid = item.uid or str(uuid.uuid4())
        rows.append(
            {
                "uid": uid,
                "document_id": document_id,
                "annotator_id": annotator_id,
                "kind": item.kind.name,
                "start": item.start,
                "end": item.end,
                "text": text[item.start : item.end],
                "fields": scalar,
                "origin": item.origin,
                "codebook_version": codebook_version,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        entity_values.append(entities)
    stored = insert_rows(session, Annotation, rows)
    uids = [row["uid"] for row in rows]
    links = [
        {"annotation_id": stored[uid].id, "field": name, "entity_id": entity_id}
        for uid, entities in zip(uids, entity_values, strict=True)
        for name, entity_id in entities.items()
        if entity_id is not None
    ]
    if links:
        session.execute(insert(AnnotationEntity), links)
    for uid, entities in zip(uids, entity_values, strict=True):
        changes.add("annotation", CREATED, after=annotation_row(stored[uid], entities))
    return [stored[uid].id for uid in uids]


def insert_relations(session: Session, rows: list[dict[str, Any]], changes: Changes) -> None:
    """Insert relation rows (uid, document_id, annotator_id, type, source_id, target_id) in one statement, in
    the caller's transaction; each goes into `changes`."""
    if not rows:
        return
    stored = insert_rows(session, Relation, rows)
    for row in rows:
        changes.add("relation", CREATED, after=relation_row(stored[row["uid"]]))


def insert_rows(session: Session, model, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Insert rows in one statement and read them back as objects, by uid (for their ids and audit rows)."""
    session.execute(insert(model), rows)
    uids = [row["uid"] for row in rows]
    stored: dict[str, Any] = {}
    for first in range(0, len(uids), _BATCH):
        chunk = uids[first : first + _BATCH]
        stored.update((o.uid, o) for o in session.scalars(select(model).where(model.uid.in_(chunk))))
    return stored


def entity_for_name(session: Session, name: str, type: str | None, annotator_id: int | None, changes: Changes) -> int:
    """The live entity one of whose aliases is `name` (either script), or a new one named by it."""
    found = session.scalar(
        select(Entity.id)
        .join(EntityAlias)
        .where(EntityAlias.key == alias_key(name), Entity.merged_into_id.is_(None))
        .order_by(Entity.id)
        .limit(1)
    )
    if found is not None:
        return found
    entity = Entity(uid=str(uuid.uuid4()), name=name.strip(), type=type, notes="", version=1)
    entity.aliases.append(EntityAlias(alias=name.strip(), key=alias_key(name)))
    session.add(entity)
    session.flush()
    changes.add("entity", CREATED, after=entity_row(entity))
    return entity.id


def _type_to_entity(session: Session, kind: cb.Kind, values: dict[str, Any], changes: Changes) -> None:
    """A stakeholder's type, chosen in the form, given to its registry entity when the entity has none yet
    (the registry's own type is never overwritten); the entities export's type column was left blank."""
    chosen = values.get("type")
    if not chosen or kind.field("type") is None:
        return
    for f in kind.fields:
        entity = session.get(Entity, values[f.name]) if f.is_entity and values.get(f.name) is not None else None
        if entity is not None and not entity.type:
            before = entity_row(entity)
            entity.type, entity.version = chosen, (entity.version or 1) + 1
            session.flush()
            changes.add("entity", UPDATED, before=before, after=entity_row(entity))


def _load_for_edit(session: Session, annotation_id: int, annotator_id: int, expected_version: int) -> Annotation:
    ann = session.get(Annotation, annotation_id)
    if ann is None:
        raise NotFound(f"annotation {annotation_id} no longer exists (deleted elsewhere?)")
    if ann.annotator_id != annotator_id:
        raise ServiceError(f"annotation {annotation_id} belongs to another annotator")
    if ann.version != expected_version:
        raise StaleEdit(f"annotation {annotation_id}", expected_version, ann.version)
    return ann


def _bump(session: Session, ann: Annotation, expected_version: int, values: dict[str, Any]) -> None:
    """Compare-and-set on the version, so a concurrent writer between our read and write also loses."""
    now = utcnow()
    result = session.execute(
        update(Annotation)
        .where(Annotation.id == ann.id, Annotation.version == expected_version)
        .values(**values, version=expected_version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        current = session.scalar(select(Annotation.version).where(Annotation.id == ann.id))
        raise StaleEdit(f"annotation {ann.id}", expected_version, current or -1)
    # Keep the loaded object in step without marking it dirty (that would write the row a second time).
    for key, value in {**values, "version": expected_version + 1, "updated_at": now}.items():
        set_committed_value(ann, key, value)


def update_annotation(
    project: Project,
    *,
    annotator_id: int,
    annotation_id: int,
    expected_version: int,
    start: int | None = None,
    end: int | None = None,
    kind: str | None = None,
    fields: dict[str, Any] | None = None,
) -> Changes:
    """Change the span, the kind or field values. `fields` patches: a key given replaces, None clears."""
    changes = Changes("update_annotation")
    with project.write() as session:
        _, book = codebooks.current(session, project.url)
        ann = _load_for_edit(session, annotation_id, annotator_id, expected_version)
        old_kind = _kind(book, ann.kind)
        before = annotation_row(ann, link_values(session, old_kind, [ann.id])[ann.id])
        new_kind = _kind(book, kind or ann.kind)
        merged = {**before["fields"], **(fields or {})}
        if new_kind.name != old_kind.name:  # values of fields the new kind lacks are dropped, links too
            merged = {k: v for k, v in merged.items() if new_kind.field(k) is not None}
            dropped_links = {f.name: None for f in old_kind.fields if (f.is_link or f.is_entity)}
        else:
            dropped_links = {}
        merged = {k: v for k, v in merged.items() if v not in (None, "", [])}
        _check(session, new_kind, ann.document_id, merged, ann.id)
        s = ann.start if start is None else start
        e = ann.end if end is None else end
        text = _document_span(session, ann.document_id, s, e) if (s, e) != (ann.start, ann.end) else ann.text
        scalar, links, entities = _split_fields(new_kind, merged)
        # Only link and entity fields whose value changes are rewritten (or all, when the kind changes).
        old_values = before["fields"]
        links = {k: v for k, v in links.items() if dropped_links or old_values.get(k) != v}
        entities = {k: v for k, v in entities.items() if dropped_links or old_values.get(k) != v}
        for name in fields or {}:
            f = new_kind.field(name)
            if f is not None and (f.is_link or f.is_entity) and name not in merged:
                (links if f.is_link else entities)[name] = None
        for name in dropped_links:
            f = old_kind.field(name)
            (links if f.is_link else entities).setdefault(name, None)
        _bump(session, ann, expected_version, {"start": s, "end": e, "text": text, "kind": new_kind.name, "fields": scalar})
        _write_links(session, ann, new_kind, links, entities, changes)
        now_links = (
            link_values(session, new_kind, [ann.id])[ann.id]
            if links or entities
            else {k: v for k, v in merged.items() if k not in scalar}
        )
        after = annotation_row(ann, now_links)
        changes.add("annotation", UPDATED, before=before, after=after)
        _type_to_entity(session, new_kind, merged, changes)
        documents.started(session, ann.document_id, annotator_id, changes)
        write_audit(session, annotator_id, changes)
    return changes


def delete_annotation(project: Project, *, annotator_id: int, annotation_id: int, expected_version: int) -> Changes:
    """Delete an annotation with the relations from and to it (all returned, so undo can restore them)."""
    return delete_annotations(project, annotator_id=annotator_id, targets=[(annotation_id, expected_version)])


def delete_annotations(
    project: Project, *, annotator_id: int, targets: list[tuple[int, int]], entities_made: list[int] = ()
) -> Changes:
    """Delete several annotations (id, expected version) in one transaction, with their relations: all or
    none. `restore_annotation` takes the result back. `entities_made` are registry entries the annotations'
    own creation made (undoing it takes them back too): each is deleted once no annotation links to it."""
    changes = Changes("delete_annotation")
    with project.write() as session:
        _, book = codebooks.current(session, project.url)
        anns = [_load_for_edit(session, annotation_id, annotator_id, version) for annotation_id, version in targets]
        ids = [ann.id for ann in anns]
        rels = session.scalars(select(Relation).where(Relation.source_id.in_(ids) | Relation.target_id.in_(ids))).all()
        for rel in rels:
            changes.add("relation", DELETED, before=relation_row(rel))
        for ann in anns:
            k = _kind(book, ann.kind) if ann.kind in book.kind_names else None
            links = link_values(session, k, [ann.id])[ann.id] if k else {}
            changes.add("annotation", DELETED, before=annotation_row(ann, links))
        session.execute(delete(Relation).where(Relation.id.in_([r.id for r in rels])))
        for ann in anns:
            session.delete(ann)
        session.flush()
        for entity_id in entities_made:
            entity = session.get(Entity, entity_id)
            if entity is not None and still_used(session, entity) is None:
                changes.add("entity", DELETED, before=entity_row(entity))
                session.delete(entity)
        write_audit(session, annotator_id, changes)
    return changes


def restore_annotation(project: Project, *, annotator_id: int, deleted: Changes) -> Changes:
    """Undo a deletion: put back the annotation and relations a `delete_annotation` call returned."""
    changes = Changes("restore_annotation")
    with project.write() as session:
        _, book = codebooks.current(session, project.url)
        for row in deleted.rows("entity", DELETED):  # registry entries the deletion took with it, first
            if session.get(Entity, row["id"]) is None:
                entity = Entity(
                    id=row["id"], uid=row["uid"], name=row["name"], type=row["type"], notes=row["notes"] or "",
                    version=row["version"] + 1,
                )  # fmt: skip
                entity.aliases.extend(EntityAlias(alias=a, key=alias_key(a)) for a in row["aliases"])
                session.add(entity)
                session.flush()
                changes.add("entity", CREATED, after=entity_row(entity))
        for row in deleted.rows("annotation", DELETED):
            if session.get(Annotation, row["id"]) is not None:
                raise ServiceError(f"annotation {row['id']} exists again; nothing to restore")
            if annotator_id != row["annotator_id"]:
                raise ServiceError("only its annotator can restore an annotation")
            k = _kind(book, row["kind"])
            scalar, _, entities = _split_fields(k, row["fields"])
            ann = Annotation(
                **{
                    key: row[key]
                    for key in (
                        "id",
                        "uid",
                        "document_id",
                        "annotator_id",
                        "kind",
                        "start",
                        "end",
                        "text",
                        "origin",
                        "codebook_version",
                        "created_at",
                    )
                },
                fields=scalar,
                updated_at=utcnow(),
                version=row["version"] + 1,
            )
            session.add(ann)
            session.flush()
            for name, value in entities.items():
                if value is not None and session.get(Entity, value) is not None:
                    session.add(AnnotationEntity(annotation_id=ann.id, field=name, entity_id=value))
        session.flush()
        for rel_row in deleted.rows("relation", DELETED):
            present = session.scalar(
                select(func.count())
                .select_from(Annotation)
                .where(Annotation.id.in_([rel_row["source_id"], rel_row["target_id"]]))
            )
            if present == 2:
                rel = Relation(
                    **{
                        k: rel_row[k]
                        for k in ("id", "uid", "document_id", "annotator_id", "type", "source_id", "target_id", "created_at")
                    }
                )
                session.add(rel)
                session.flush()
                changes.add("relation", CREATED, after=relation_row(rel))
        for row in deleted.rows("annotation", DELETED):
            ann = session.get(Annotation, row["id"])
            k = _kind(book, ann.kind)
            changes.add("annotation", CREATED, after=annotation_row(ann, link_values(session, k, [ann.id])[ann.id]))
        write_audit(session, annotator_id, changes)
    return changes


def create_relation(project: Project, *, annotator_id: int, type: str, source_id: int, target_id: int) -> Changes:
    """Link two annotations of one document; `type` is a link field of the source's kind."""
    with project.read() as session:
        source = session.get(Annotation, source_id)
        if source is None:
            raise NotFound(f"annotation {source_id} does not exist")
        _, book = codebooks.current(session, project.url)
        f = _kind(book, source.kind).field(type)
        if f is None or not f.is_link:
            raise Invalid(f"{source.kind} has no link field {type!r}")
        current = link_values(session, book.kind(source.kind), [source_id])[source_id].get(type)
        version = source.version
    if f.multiple:
        value = list(current or []) + [target_id]
    elif current is not None:
        raise Invalid(f"{source.kind} {source_id} already has a {type}; change that field instead")
    else:
        value = target_id
    changes = update_annotation(
        project, annotator_id=annotator_id, annotation_id=source_id, expected_version=version, fields={type: value}
    )
    changes.action = "create_relation"
    return changes


def delete_relation(project: Project, *, annotator_id: int, relation_id: int) -> Changes:
    with project.read() as session:
        rel = session.get(Relation, relation_id)
        if rel is None:
            raise NotFound(f"relation {relation_id} does not exist")
        source = session.get(Annotation, rel.source_id)
        _, book = codebooks.current(session, project.url)
        f = book.kind(source.kind).field(rel.type)
        current = link_values(session, book.kind(source.kind), [source.id])[source.id].get(rel.type)
        version = source.version
    value = [t for t in current if t != rel.target_id] if f.multiple else None
    changes = update_annotation(
        project, annotator_id=annotator_id, annotation_id=source.id, expected_version=version, fields={rel.type: value}
    )
    changes.action = "delete_relation"
    return changes


_A = Annotation.__table__.c
# Every action in the window reads its article's annotations again: rows, not ORM objects, and the links of
# the whole document at once, from statements built once.
_OF_DOCUMENT = select(Annotation.__table__).where(_A.document_id == bindparam("document")).order_by(_A.start, _A.end, _A.id)
_OF_CODER = _OF_DOCUMENT.where(_A.annotator_id == bindparam("annotator"))
_RELATIONS_OF = (
    select(Relation.source_id, Relation.type, Relation.target_id)
    .where(Relation.document_id == bindparam("document"))
    .order_by(Relation.id)
)
_E = AnnotationEntity.__table__.c
_ENTITY_LINKS_OF = (
    select(_E.annotation_id, _E.field, _E.entity_id)
    .join(Annotation.__table__, _A.id == _E.annotation_id)
    .where(_A.document_id == bindparam("document"))
)


def annotations_of(project: Project, document_id: int, annotator_id: int | None = None) -> list[dict[str, Any]]:
    """Rows of a document's annotations (of one annotator, or all), ordered by position."""
    with project.read() as session:
        _, book = codebooks.current(session, project.url)
        if annotator_id is None:
            anns = session.connection().execute(_OF_DOCUMENT, {"document": document_id}).all()
        else:
            anns = session.connection().execute(_OF_CODER, {"document": document_id, "annotator": annotator_id}).all()
        kind_of = {ann.id: book.kind(ann.kind) for ann in anns if ann.kind in book.kind_names}
        links: dict[int, dict] = {i: {} for i in kind_of}
        if kind_of:  # the document's links in two queries, whatever its kinds
            connection = session.connection()
            relations = connection.execute(_RELATIONS_OF, {"document": document_id})
            _fill_links(links, kind_of, relations, connection.execute(_ENTITY_LINKS_OF, {"document": document_id}))
        return [annotation_row(ann, links.get(ann.id, {})) for ann in anns]
