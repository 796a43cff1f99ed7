"""Registry work that touches spans: splitting an entity (every linked span stays linked, to whichever
entity now holds its name) and annotating every mention of an entity's names in a document or the whole
project in one action (each mention the coder's own stakeholder annotation, linked to the entity)."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from annotator.core.text.conversion import converted
from annotator.services import codebooks
from annotator.services.annotations import insert_annotation
from annotator.services.changes import CREATED, UPDATED, Changes, write_audit
from annotator.services.entities import alias_key, entity_row
from annotator.services.errors import Invalid, NotFound
from annotator.storage import search
from annotator.storage.models import Annotation, AnnotationEntity, Document, Entity, EntityAlias
from annotator.storage.project import Project


def split_entity(
    project: Project,
    *,
    annotator_id: int | None,
    entity_id: int,
    aliases: list[str],
    name: str | None = None,
    type: str | None = None,
) -> Changes:
    """Move some of an entity's aliases to a new entity (named by the first, unless `name` is given).
    Spans linked to the old entity whose text is one of the moved aliases follow them; the others stay."""
    changes = Changes("split_entity")
    with project.write() as session:
        old = session.get(Entity, entity_id)
        if old is None or old.merged_into_id is not None:
            raise NotFound(f"entity {entity_id} does not exist (or was merged)")
        moving = {alias_key(a) for a in aliases if a.strip()}
        moved = [a for a in old.aliases if a.key in moving]
        if not moved:
            raise Invalid(f"none of {', '.join(aliases)} is an alias of {old.name}")
        if len(moved) == len(old.aliases):
            raise Invalid("a split must leave the old entity at least one alias")
        before = entity_row(old)
        new = Entity(
            uid=str(uuid.uuid4()),
            name=(name or moved[0].alias).strip(),
            type=type if type is not None else old.type,
            notes="",
            version=1,
        )
        for alias in moved:
            old.aliases.remove(alias)
            new.aliases.append(EntityAlias(alias=alias.alias, key=alias.key))
        if alias_key(old.name) in moving:  # the old name went with its alias: name it by one it keeps
            old.name = old.aliases[0].alias
        old.version += 1
        session.add(new)
        session.flush()
        links = session.execute(
            select(AnnotationEntity, Annotation.text)
            .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
            .where(AnnotationEntity.entity_id == entity_id)
        ).all()
        relinked = 0
        for link, text in links:
            if alias_key(text) in moving:
                link.entity_id = new.id
                relinked += 1
        session.flush()
        changes.add("entity", UPDATED, before=before, after=entity_row(old))
        changes.add("entity", CREATED, after={**entity_row(new), "relinked_spans": relinked})
        write_audit(session, annotator_id, changes)
    return changes


def annotate_mentions(
    project: Project,
    *,
    annotator_id: int,
    entity_id: int,
    document_ids: list[int] | None = None,
    kind: str = "stakeholder",
) -> Changes:
    """Annotate every mention of the entity's names (either script) in the given documents (default: the
    whole project) as this coder's `kind` annotations linked to the entity, in one transaction. Mentions
    that overlap one of the coder's annotations of that kind are left alone."""
    changes = Changes("annotate_mentions")
    if document_ids is None:
        search.ensure_indexed(project)
    with project.write() as session:
        version, book = codebooks.current(session, project.url)
        if kind not in book.kind_names:
            raise Invalid(f"{kind!r} is not a kind of the codebook")
        k = book.kind(kind)
        entity_field = next((f.name for f in k.fields if f.is_entity), None)
        if entity_field is None:
            raise Invalid(f"{k.label} has no entity field to link")
        entity = session.get(Entity, entity_id)
        if entity is None or entity.merged_into_id is not None:
            raise NotFound(f"entity {entity_id} does not exist (or was merged)")
        keys = sorted({a.key for a in entity.aliases if len(a.key) >= 2}, key=len, reverse=True)
        if not keys:
            raise Invalid(f"{entity.name} has no name of two characters or more to look for")
        pattern = re.compile("|".join(re.escape(key) for key in keys), re.IGNORECASE)
        type_value = _valid_type(k, entity.type)
        ids = document_ids if document_ids is not None else _candidates(session, keys)
        for document_id in ids:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFound(f"document {document_id} does not exist")
            taken = session.execute(
                select(Annotation.start, Annotation.end).where(
                    Annotation.document_id == document_id,
                    Annotation.annotator_id == annotator_id,
                    Annotation.kind == kind,
                )
            ).all()
            view = converted(doc.text, "t2s")
            for match in pattern.finditer(view.text):
                start, end = view.to_source(match.start()), view.to_source(match.end(), end=True)
                if any(s < end and start < e for s, e in taken):
                    continue
                fields = {entity_field: entity.id, **({"type": type_value} if type_value else {})}
                insert_annotation(
                    session, book, version, annotator_id, document_id, k, start, end, fields, "manual", changes
                )
                taken.append((start, end))
        if changes:
            write_audit(session, annotator_id, changes)
    return changes


def _candidates(session, keys: list[str]) -> list[int]:
    """Documents whose simplified text contains one of the names: the search index narrows, the text decides."""
    ids: set[int] = set()
    for key in keys:
        ids.update(session.scalars(search.matching_ids(session, key)))
    return sorted(ids)


def _valid_type(kind, value: str | None) -> str | None:
    field = kind.field("type")
    return value if field is not None and value in field.choices else None
