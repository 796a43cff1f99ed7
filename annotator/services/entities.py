"""The entity registry: canonical stakeholders with aliases in both scripts and English (DESIGN §2).

Lookups compare alias keys: the alias converted to simplified script and case-folded, so 快手電商, 快手电商
and KUAISHOU find the same entry.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from annotator.core.text.conversion import to_simplified
from annotator.services import team
from annotator.services.changes import CREATED, DELETED, UPDATED, Changes, write_audit
from annotator.services.errors import Invalid, NotFound, StaleEdit
from annotator.storage.models import Annotation, AnnotationEntity, Entity, EntityAlias
from annotator.storage.project import Project


def alias_key(alias: str) -> str:
    return to_simplified(alias.strip()).casefold()


def entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "uid": entity.uid,
        "name": entity.name,
        "type": entity.type,
        "notes": entity.notes,
        "aliases": [a.alias for a in entity.aliases],
        "merged_into_id": entity.merged_into_id,
        "version": entity.version,
    }


def _add_alias(entity: Entity, alias: str) -> bool:
    key = alias_key(alias)
    if not key or any(a.key == key for a in entity.aliases):
        return False
    entity.aliases.append(EntityAlias(alias=alias.strip(), key=key))
    return True


def create_entity(
    project: Project,
    *,
    annotator_id: int | None,
    name: str,
    type: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
    notes: str = "",
    uid: str | None = None,
) -> Changes:
    if not name.strip():
        raise Invalid("an entity needs a name")
    changes = Changes("create_entity")
    with project.write() as session:
        entity = Entity(uid=uid or str(uuid.uuid4()), name=name.strip(), type=type, notes=notes, version=1)
        for alias in (name, *aliases):
            _add_alias(entity, alias)
        session.add(entity)
        session.flush()
        changes.add("entity", CREATED, after=entity_row(entity))
        write_audit(session, annotator_id, changes)
    return changes


def add_alias(project: Project, *, annotator_id: int | None, entity_id: int, alias: str) -> Changes:
    changes = Changes("add_alias")
    with project.write() as session:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise NotFound(f"entity {entity_id} does not exist")
        before = entity_row(entity)
        if not _add_alias(entity, alias):
            raise Invalid(f"{alias!r} is already an alias of {entity.name} (or empty)")
        entity.version += 1
        session.flush()
        changes.add("entity", UPDATED, before=before, after=entity_row(entity))
        write_audit(session, annotator_id, changes)
    return changes


def find_entities(project: Project, name: str) -> list[dict[str, Any]]:
    """Live (not merged) entities one of whose aliases equals `name` in either script."""
    with project.read() as session:
        rows = session.scalars(
            select(Entity)
            .join(EntityAlias)
            .where(EntityAlias.key == alias_key(name), Entity.merged_into_id.is_(None))
            .distinct()
        ).all()
        return [entity_row(e) for e in rows]


def merge_entities(
    project: Project, *, annotator_id: int | None, keep_id: int, merge_id: int, expected_version: int | None = None
) -> Changes:
    """Fold `merge_id` into `keep_id`: its aliases move over and every span linked to it is relinked."""
    if keep_id == merge_id:
        raise Invalid("an entity cannot be merged into itself")
    changes = Changes("merge_entities")
    with project.write() as session:
        keep, gone = session.get(Entity, keep_id), session.get(Entity, merge_id)
        if keep is None or gone is None:
            raise NotFound(f"entity {keep_id if keep is None else merge_id} does not exist")
        if gone.merged_into_id is not None or keep.merged_into_id is not None:
            raise Invalid("one of these entities was already merged into another")
        if expected_version is not None and gone.version != expected_version:
            raise StaleEdit(f"entity {merge_id}", expected_version, gone.version)
        keep_before, gone_before = entity_row(keep), entity_row(gone)
        for alias in [a.alias for a in gone.aliases]:
            _add_alias(keep, alias)
        relinked = session.execute(
            update(AnnotationEntity).where(AnnotationEntity.entity_id == merge_id).values(entity_id=keep_id)
        ).rowcount
        gone.merged_into_id = keep_id
        keep.version += 1
        gone.version += 1
        session.flush()
        changes.add("entity", UPDATED, before=keep_before, after={**entity_row(keep), "relinked_spans": relinked})
        changes.add("entity", UPDATED, before=gone_before, after=entity_row(gone))
        write_audit(session, annotator_id, changes)
    return changes


def still_used(session, entity: Entity) -> str | None:
    """Why a registry entry cannot be deleted (spans link to it, or others were merged into it), or None."""
    links = select(func.count()).select_from(AnnotationEntity).where(AnnotationEntity.entity_id == entity.id)
    if linked := session.scalar(links):
        return f"{entity.name} is linked to {linked} span(s); merge it into another entry instead of deleting it"
    if session.scalar(select(func.count()).select_from(Entity).where(Entity.merged_into_id == entity.id)):
        return f"other entries were merged into {entity.name}; it cannot be deleted"
    return None


def delete_entity(project: Project, *, annotator_id: int | None, entity_id: int) -> Changes:
    """Delete a registry entry no annotation links to (one made by mistake: it would be suggested in every
    article naming it). One linked to spans, or that others were merged into, is refused: merge it instead."""
    changes = Changes("delete_entity")
    with project.write() as session:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise NotFound(f"entity {entity_id} does not exist")
        why = still_used(session, entity)
        if why:
            raise Invalid(why)
        changes.add("entity", DELETED, before=entity_row(entity))
        session.delete(entity)
        write_audit(session, annotator_id, changes)
    return changes


def get_entity(project: Project, entity_id: int) -> dict[str, Any]:
    with project.read() as session:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise NotFound(f"entity {entity_id} does not exist")
        return entity_row(entity)


def list_entities(project: Project, *, viewer: int | None = None) -> list[dict[str, Any]]:
    """Every live (not merged) entity, by name; for a coder in blind mode, those they may see."""
    with project.read() as session:
        visible = team.entity_visible(team.only_own(session, viewer))
        rows = session.scalars(
            select(Entity)
            .where(Entity.merged_into_id.is_(None), visible)
            .order_by(Entity.name)
            .options(selectinload(Entity.aliases))  # in one query, not one per entity (found by the soak)
        ).all()
        return [entity_row(e) for e in rows]


def entity_overview(project: Project, *, viewer: int | None = None) -> list[dict[str, Any]]:
    """Every live entity with the number of spans linked to it, by name (the registry view's rows); for a
    coder in blind mode (`viewer`), their own spans."""
    with project.read() as session:
        own = team.only_own(session, viewer)
        query = select(AnnotationEntity.entity_id, func.count()).group_by(AnnotationEntity.entity_id)
        if own is not None:
            query = query.join(Annotation, Annotation.id == AnnotationEntity.annotation_id).where(
                Annotation.annotator_id == own
            )
        counts = dict(session.execute(query).all())
        visible = team.entity_visible(own)
        rows = session.scalars(select(Entity).where(Entity.merged_into_id.is_(None), visible).order_by(Entity.name)).all()
        return [{**entity_row(e), "spans": counts.get(e.id, 0)} for e in rows]
