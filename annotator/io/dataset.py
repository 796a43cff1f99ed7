"""What the dataset exporters read: the project's documents with their annotations, links, registry entities
and per-coder document codes, narrowed by a selection and shown in a text layer, a batch of documents at a
time (memory holds one batch, whatever the project's size).

Every format writer takes these `Item`s, so filters, layers and offsets are decided once, here. Offsets are
code points into the text of the chosen layer: the stored text, or its simplified (t2s) or traditional
(s2t) conversion, each span mapped through the conversion's offset map.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Text, bindparam, select, type_coerce

from annotator.core import codebook as cb
from annotator.core.text.conversion import converted
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

LAYERS = ("stored", "t2s", "s2t")
GOLD = "gold"  # the annotator whose work is the adjudicated gold set


@dataclass(frozen=True)
class Selection:
    """Which work to export. Empty tuples mean no restriction."""

    annotators: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # documents one of the chosen coders (or any) gave this status
    kinds: tuple[str, ...] = ()
    document_ids: tuple[int, ...] | None = None
    gold_only: bool = False
    layer: str = "stored"

    def coders(self) -> tuple[str, ...]:
        return (GOLD,) if self.gold_only else self.annotators


@dataclass
class Span:
    id: str  # the annotation's uid
    kind: str
    start: int
    end: int
    text: str
    annotator: str
    origin: str
    fields: dict[str, Any]  # scalar values as stored; link fields as lists of span uids; entity fields as uids


@dataclass
class Link:
    id: str
    type: str  # the link field's name
    source: str  # span uids
    target: str
    annotator: str


@dataclass
class Item:
    id: str  # the document's uid
    number: int  # its id in this project
    title: str
    text: str  # in the chosen layer
    outlet: str | None
    url: str | None
    published: str | None
    script: str
    meta: dict[str, Any]
    spans: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> name, type, aliases, notes
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)  # annotator -> status, seconds, fields


def documents_query(selection: Selection, annotator_ids: list[int] | None):
    query = select(Document.id).order_by(Document.id)
    if selection.document_ids is not None:
        query = query.where(Document.id.in_(selection.document_ids))
    if selection.statuses:
        chosen = select(DocumentStatus.document_id).where(DocumentStatus.status.in_(selection.statuses))
        if annotator_ids is not None:
            chosen = chosen.where(DocumentStatus.annotator_id.in_(annotator_ids))
        query = query.where(Document.id.in_(chosen))
    return query


def _coders(session, selection: Selection) -> tuple[dict[int, str], list[int] | None]:
    """Every annotator's name by id, and the ids of the chosen coders (None: everyone's work)."""
    names = dict(session.execute(select(Annotator.id, Annotator.name)).all())
    coders = selection.coders()
    return names, [i for i, n in names.items() if n in coders] if coders else None


def document_ids(project: Project, selection: Selection = Selection()) -> list[int]:
    """The ids of the selected documents, in order."""
    with project.read() as session:
        return list(session.scalars(documents_query(selection, _coders(session, selection)[1])))


def coders_with_work(project: Project, selection: Selection = Selection()) -> list[str]:
    """The names of the coders who have spans of the selected kinds in the selected documents, sorted:
    the coders an export of the selection holds (formats that give each coder a place of their own)."""
    with project.read() as session:
        names, annotator_ids = _coders(session, selection)
        query = select(Annotation.annotator_id).distinct()
        query = query.where(Annotation.document_id.in_(documents_query(selection, annotator_ids)))
        if annotator_ids is not None:
            query = query.where(Annotation.annotator_id.in_(annotator_ids))
        if selection.kinds:
            query = query.where(Annotation.kind.in_(selection.kinds))
        return sorted(names[i] for i in session.scalars(query))


def read(
    project: Project,
    selection: Selection = Selection(),
    *,
    documents: list[int] | None = None,
    batch: int = 200,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Item]:
    """The selected documents in id order, each with the selected coders' work of the selected kinds.

    `documents` are ids the caller has already selected (`document_ids`), e.g. its share of a split export.
    """
    if selection.layer not in LAYERS:
        raise ValueError(f"layer must be one of {', '.join(LAYERS)}")
    with project.read() as session:
        names, annotator_ids = _coders(session, selection)
        ids = documents if documents is not None else list(session.scalars(documents_query(selection, annotator_ids)))
    total = len(ids)
    for first in range(0, total, batch):
        if cancelled is not None and cancelled():
            raise Cancelled
        with project.read() as session:
            yield from _batch(session, ids[first : first + batch], names, annotator_ids, selection)
        if progress is not None:
            progress(min(first + batch, total), total)


class Cancelled(Exception):
    """The caller asked to stop; the output is incomplete and is discarded."""


_IDS = bindparam("ids", expanding=True)
_d, _a, _r, _e, _s = (t.__table__.c for t in (Document, Annotation, Relation, AnnotationEntity, DocumentStatus))
# The batch's statements, built once: building an IN list of a batch's ids anew for every statement cost
# more than SQLite spent running it. Rows, not ORM objects: a batch holds tens of thousands of annotations.
_DOCUMENTS = (
    select(_d.id, _d.uid, _d.title, _d.text, _d.outlet, _d.url, _d.published, _d.script, _d.meta)
    .where(_d.id.in_(_IDS))
    .order_by(_d.id)
)
_RELATIONS = (
    select(_r.uid, _r.document_id, _r.annotator_id, _r.type, _r.source_id, _r.target_id)
    .where(_r.document_id.in_(_IDS))
    .order_by(_r.document_id, _r.id)
)
_ENTITY_LINKS = (  # by the batch's documents (a join), not by a list of thousands of annotation ids
    select(_e.annotation_id, _e.field, _e.entity_id)
    .join(Annotation.__table__, _a.id == _e.annotation_id)
    .where(_a.document_id.in_(_IDS))
)


@cache
def _annotations_query(by_coder: bool, by_kind: bool):
    fields = type_coerce(_a.fields, Text).label("fields")  # decoded in _fields, where most are empty
    query = select(_a.id, _a.uid, _a.document_id, _a.annotator_id, _a.kind, _a.start, _a.end, fields, _a.origin)
    query = query.where(_a.document_id.in_(_IDS))
    if by_coder:
        query = query.where(_a.annotator_id.in_(bindparam("coders", expanding=True)))
    if by_kind:
        query = query.where(_a.kind.in_(bindparam("kinds", expanding=True)))
    return query.order_by(_a.document_id)  # each document's spans are put in order by _span_order


@cache
def _codes_query(by_coder: bool):
    query = select(_s.document_id, _s.annotator_id, _s.status, _s.seconds_spent, _s.fields)
    query = query.where(_s.document_id.in_(_IDS))
    return query.where(_s.annotator_id.in_(bindparam("coders", expanding=True))) if by_coder else query


def _batch(session, ids: list[int], names: dict[int, str], annotator_ids, selection: Selection) -> Iterator[Item]:
    by_coder, by_kind = annotator_ids is not None, bool(selection.kinds)
    params: dict[str, Any] = {"ids": ids}
    if by_coder:
        params["coders"] = annotator_ids
    if by_kind:
        params["kinds"] = list(selection.kinds)
    docs = session.execute(_DOCUMENTS, params).all()
    # Rows are read by position below: a column by name costs ten times as much, per annotation.
    uid_of: dict[int, str] = {}
    by_doc: dict[int, list] = {}
    for row in session.execute(_annotations_query(by_coder, by_kind), params):
        uid_of[row[0]] = row[1]
        by_doc.setdefault(row[2], []).append(row)
    relations = session.execute(_RELATIONS, params).all()
    entity_links = [row for row in session.execute(_ENTITY_LINKS, params) if row[0] in uid_of]
    entities = _entities(session, {e for _, _, e in entity_links})
    entity_by_uid = {e["id"]: e for e in entities.values()}
    links_of: dict[int, dict[str, list[str]]] = {}
    relations_of: dict[int, list[Link]] = {}
    for uid, document_id, annotator_id, type_, source, target in relations:
        if source in uid_of and target in uid_of:
            links_of.setdefault(source, {}).setdefault(type_, []).append(uid_of[target])
            link = Link(uid, type_, uid_of[source], uid_of[target], names[annotator_id])
            relations_of.setdefault(document_id, []).append(link)
    entity_of: dict[int, dict[str, str]] = {}
    for annotation_id, name, entity_id in entity_links:
        entity_of.setdefault(annotation_id, {})[name] = entities[entity_id]["id"]
    codes: dict[int, dict[str, dict[str, Any]]] = {}
    for document_id, annotator_id, status, seconds, values in session.execute(_codes_query(by_coder), params):
        codes.setdefault(document_id, {})[names[annotator_id]] = {
            "status": status,
            "seconds_spent": seconds,
            "fields": dict(values),
        }
    for doc_id, doc_uid, title, stored_text, outlet, url, published, script, meta in docs:
        view = converted(stored_text, selection.layer) if selection.layer != "stored" else None
        text = view.text if view else stored_text
        item = Item(doc_uid, doc_id, title, text, outlet, url, published, script, dict(meta))
        spans = item.spans
        for ann_id, uid, _, annotator_id, kind, start, end, stored, origin in by_doc.get(doc_id, ()):
            if view:
                start, end = view.from_source(start), view.from_source(end, end=True)
            fields = _fields(stored)
            links, entity_uids = links_of.get(ann_id), entity_of.get(ann_id)
            if links or entity_uids:
                fields = {**fields, **(links or {}), **(entity_uids or {})}
                for entity_uid in (entity_uids or {}).values():
                    item.entities[entity_uid] = entity_by_uid[entity_uid]
            spans.append(Span(uid, kind, start, end, text[start:end], names[annotator_id], origin, fields))
        spans.sort(key=_span_order)
        place = {span.id: n for n, span in enumerate(spans)}
        item.links = sorted(
            relations_of.get(doc_id, []),
            key=lambda link: (link.annotator, place[link.source], place[link.target], link.type),
        )
        item.codes = dict(sorted(codes.get(doc_id, {}).items()))  # by coder, as the spans
        yield item


def _span_order(span: Span) -> tuple[str, int, int, str, str]:
    """Every format lists a document's spans in this order: by coder, then position, kind and id, all of
    which an export carries, so that a project imported from an export writes the same export again (two
    coders marking the same span used to swap places when the import stored them in another order)."""
    return span.annotator, span.start, span.end, span.kind, span.id


def _fields(stored) -> dict[str, Any]:
    """An annotation's field values from its column: SQLite gives the JSON text (most often `{}`: a span not
    yet described), PostgreSQL's driver the decoded value."""
    if type(stored) is not str:
        return stored
    return {} if stored == "{}" else json.loads(stored)


def _entities(session, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(ids)).order_by(EntityAlias.id)
    ):
        aliases.setdefault(entity_id, []).append(alias)
    return {
        e.id: {"id": e.uid, "name": e.name, "type": e.type, "notes": e.notes, "aliases": aliases.get(e.id, [])}
        for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))
    }


def field_columns(book: cb.Codebook, kinds: tuple[str, ...] = ()) -> list[tuple[str, str, cb.Field]]:
    """(column name, kind, field) for every field of the exported kinds: `claim_type`, `figure_unit`…"""
    return [
        (f"{kind.name}_{f.name}", kind.name, f)
        for kind in book.kinds
        if not kinds or kind.name in kinds
        for f in kind.fields
    ]
