"""Adjudication (DESIGN §8): the coders' versions of one article side by side, and the gold set written by
one decision per item.

An *item* is what the coders' annotations of one kind become when aligned across coders (by overlap, as
agreement aligns them): at most one annotation per coder, covering the item's extent. Coders agree on an
item when all of them have it with the same span and the same values. The gold set is the work of the
annotator named `gold` (exported like any coder, or alone); a gold annotation belongs to the item it
overlaps most. An item is decided when it has a gold annotation, or when the adjudicator rejected it (a
rejection of the gold annotator for that kind and extent, so it is not offered again).

Each decision is one transaction with its audit row, in the adjudicator's name: take one coder's version,
merge them (the extent they share between them, and each value where the coders agree, else the first
coder's), write edited values, reject, or reopen. A decision replaces the item's gold annotation, and
links other gold annotations made to it follow to the new one. Links of a coder's version (a claim's
claimant) become links to the gold annotations of the linked items; a link whose target is not decided yet
is left empty and said.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.core import agreement as ag
from annotator.core import codebook as cb
from annotator.io.dataset import GOLD
from annotator.services import annotations, codebooks, team
from annotator.services import annotators as coders_service
from annotator.services.changes import CREATED, DELETED, Changes, write_audit
from annotator.services.errors import Invalid, NotFound
from annotator.storage.models import Annotation, Annotator, Document, RejectedSuggestion, Relation
from annotator.storage.project import Project


@dataclass
class Item:
    kind: str
    start: int  # the extent: from the first coder's start to the last coder's end
    end: int
    versions: dict[str, dict[str, Any] | None]  # coder -> their annotation row (annotations_of's shape), or None
    gold: dict[str, Any] | None = None  # the gold annotation decided for it
    rejected: bool = False

    @property
    def agreed(self) -> bool:
        """Every coder has it, with the same span and values."""
        rows = list(self.versions.values())
        if any(r is None for r in rows):
            return False
        first = _comparable(rows[0])
        return all(_comparable(r) == first for r in rows[1:])

    @property
    def decided(self) -> bool:
        return self.gold is not None or self.rejected


def _comparable(row: dict[str, Any]) -> tuple:
    """Span and values, with links compared by the linked spans (ids differ between coders)."""
    return row["start"], row["end"], {k: v for k, v in row["fields"].items() if k not in row.get("_links", ())}


@dataclass
class Review:
    document_id: int
    title: str
    text: str
    coders: list[str]
    items: list[Item] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return sum(1 for i in self.items if i.decided)


def _require_lead(session: Session, by: int | None) -> None:
    if team.only_own(session, by) is not None:
        raise Invalid("adjudication is for the project's leads while blind mode is on; a lead opens it")


def gold_id(project: Project) -> int:
    return coders_service.ensure(project, GOLD)


def candidates(project: Project, coders: list[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The documents at least two of the coders (default: all but the gold set) annotated, with how many
    annotations the gold set has there: the adjudication's list."""
    with project.read() as session:
        names = dict(session.execute(select(Annotator.id, Annotator.name)).all())
        wanted = {i for i, n in names.items() if n != GOLD and (not coders or n in coders)}
        gold = next((i for i, n in names.items() if n == GOLD), None)
        by_doc: dict[int, set[int]] = {}
        for doc_id, who in session.execute(select(Annotation.document_id, Annotation.annotator_id).distinct()):
            by_doc.setdefault(doc_id, set()).add(who)
        chosen = sorted(d for d, who in by_doc.items() if len(who & wanted) >= 2)
        titles = (
            dict(session.execute(select(Document.id, Document.title).where(Document.id.in_(chosen))).all()) if chosen else {}
        )
        return [
            {
                "document_id": d,
                "title": titles[d],
                "coders": sorted(names[w] for w in by_doc[d] & wanted),
                "gold": gold in by_doc[d],
            }
            for d in chosen
        ]


def review(project: Project, document_id: int, *, coders: list[str] | tuple[str, ...] = (), by: int | None = None) -> Review:
    """One document's items: the chosen coders' annotations aligned per kind, with the gold decisions."""
    with project.read() as session:
        _require_lead(session, by)
        _, book = codebooks.current(session, project.url)
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(f"document {document_id} does not exist")
        names = dict(session.execute(select(Annotator.id, Annotator.name)).all())
        rows = annotations.annotations_of(project, document_id)
        rejected = session.execute(
            select(RejectedSuggestion.kind, RejectedSuggestion.start, RejectedSuggestion.end)
            .join(Annotator, Annotator.id == RejectedSuggestion.annotator_id)
            .where(RejectedSuggestion.document_id == document_id, Annotator.name == GOLD)
        ).all()
    for row in rows:
        kind = book.kind(row["kind"]) if row["kind"] in book.kind_names else None
        row["_links"] = tuple(f.name for f in kind.fields if f.is_link) if kind else ()
    present = sorted({names[r["annotator_id"]] for r in rows} - {GOLD})
    chosen = [c for c in present if not coders or c in coders]
    result = Review(document_id, doc.title, doc.text, chosen)
    by_id = {r["id"]: r for r in rows}
    for kind in book.kinds:
        codings = [
            [
                ag.Span(r["id"], kind.name, r["start"], r["end"])
                for r in rows
                if r["kind"] == kind.name and names[r["annotator_id"]] == c
            ]
            for c in chosen
        ]
        units = ag.groups(codings) if len(codings) >= 2 else [[s] for s in (codings[0] if codings else [])]
        items = []
        for unit in units:
            spans = [s for s in unit if s is not None]
            item = Item(
                kind.name,
                min(s.start for s in spans),
                max(s.end for s in spans),
                {c: (by_id[s.id] if s is not None else None) for c, s in zip(chosen, unit, strict=True)},
            )
            item.rejected = any(k == kind.name and s < item.end and item.start < e for k, s, e in rejected)
            items.append(item)
        gold = [r for r in rows if r["kind"] == kind.name and names[r["annotator_id"]] == GOLD]
        extents = [ag.Span(i, kind.name, item.start, item.end) for i, item in enumerate(items)]
        for index, g in ag.align(extents, [ag.Span(r["id"], kind.name, r["start"], r["end"]) for r in gold]):
            items[index.id].gold = by_id[g.id]
            items[index.id].rejected = False
        matched = {id(i.gold) for i in items if i.gold is not None}
        for g in gold:  # gold the adjudicator wrote where no coder had anything: an item of its own
            if id(by_id[g["id"]]) not in matched:
                items.append(Item(kind.name, g["start"], g["end"], dict.fromkeys(chosen), gold=by_id[g["id"]]))
        result.items.extend(items)
    result.items.sort(key=lambda i: (i.start, i.end, i.kind))  # in reading order
    return result


# --- decisions -----------------------------------------------------------------------------------------


def _gold_links(
    session: Session, kind: cb.Kind, fields: dict[str, Any], document_id: int, gold: int
) -> tuple[dict, list[str]]:
    """A coder's link values as links to the gold annotations of the linked spans (the gold annotation of
    the same kind overlapping the linked span most); links with no gold target yet are left empty."""
    fields, notes = dict(fields), []
    for f in kind.fields:
        if not f.is_link or fields.get(f.name) in (None, []):
            continue
        targets = fields[f.name] if isinstance(fields[f.name], list) else [fields[f.name]]
        mapped = []
        for target in targets:
            linked = session.get(Annotation, target)
            found = None
            if linked is not None and linked.annotator_id == gold:
                found = linked.id
            elif linked is not None:
                best = session.execute(
                    select(Annotation.id, Annotation.start, Annotation.end).where(
                        Annotation.document_id == document_id,
                        Annotation.annotator_id == gold,
                        Annotation.kind == linked.kind,
                        Annotation.start < linked.end,
                        Annotation.end > linked.start,
                    )
                ).all()
                if best:
                    found = max(best, key=lambda r: min(r.end, linked.end) - max(r.start, linked.start)).id
            if found is None:
                notes.append(f"{f.label} left empty: decide “{linked.text if linked else target}” first")
            else:
                mapped.append(found)
        fields[f.name] = mapped if f.multiple else (mapped[0] if mapped else None)
    return fields, notes


def _clear_item(
    session: Session, document_id: int, kind: str, start: int, end: int, gold: int, changes: Changes
) -> list[tuple[int, str]]:
    """Remove the gold annotation(s) of the item at [start, end), with their links, and its rejection.
    Returns the links other gold annotations made to them, as (source id, type), for the new one to take."""
    old = session.scalars(
        select(Annotation).where(
            Annotation.document_id == document_id,
            Annotation.annotator_id == gold,
            Annotation.kind == kind,
            Annotation.start < end,
            Annotation.end > start,
        )
    ).all()
    ids = [a.id for a in old]
    incoming = []
    if ids:
        for ann in old:
            changes.add("annotation", DELETED, before=annotations.annotation_row(ann, {}))
        incoming = session.execute(
            select(Relation.source_id, Relation.type).where(Relation.target_id.in_(ids), Relation.source_id.not_in(ids))
        ).all()
        session.execute(delete(Relation).where(Relation.source_id.in_(ids) | Relation.target_id.in_(ids)))
        session.execute(delete(Annotation).where(Annotation.id.in_(ids)))
    session.execute(
        delete(RejectedSuggestion).where(
            RejectedSuggestion.document_id == document_id,
            RejectedSuggestion.annotator_id == gold,
            RejectedSuggestion.kind == kind,
            RejectedSuggestion.start < end,
            RejectedSuggestion.end > start,
        )
    )
    return [tuple(r) for r in incoming]


def _write(
    session: Session,
    project: Project,
    gold: int,
    document_id: int,
    kind: str,
    span: tuple[int, int],
    fields: dict[str, Any],
    replaces: tuple[int, int],
    changes: Changes,
) -> list[str]:
    """The gold annotation of one item, in the caller's transaction (see `decide`)."""
    version, book = codebooks.current(session, project.url)
    k = annotations._kind(book, kind)
    values, notes = _gold_links(session, k, fields, document_id, gold)
    lo, hi = min(replaces[0], span[0]), max(replaces[1], span[1])
    incoming = _clear_item(session, document_id, kind, lo, hi, gold, changes)
    row = annotations.insert_annotation(
        session, book, version, gold, document_id, k, span[0], span[1], values, "manual", changes
    )
    annotations.insert_relations(  # links other gold annotations made to the one replaced follow to the new one
        session,
        [
            {"uid": str(uuid.uuid4()), "document_id": document_id, "annotator_id": gold, "type": rtype,
             "source_id": source, "target_id": row["id"]}
            for source, rtype in incoming
        ],
        changes,
    )  # fmt: skip
    return notes


def decide(
    project: Project,
    *,
    by: int | None,
    document_id: int,
    kind: str,
    span: tuple[int, int],
    fields: dict[str, Any],
    replaces: tuple[int, int] | None = None,
    action: str = "adjudicate",
) -> tuple[Changes, list[str]]:
    """Write the gold annotation of an item whose extent is `replaces` (default: the span): the gold
    annotation the item had is replaced, and gold links to it follow. Coders' link values become links to
    gold annotations. Returns the changes and notes on links left empty."""
    changes = Changes(action)
    with project.write() as session:
        _require_lead(session, by)
        gold = coders_service.in_session(session, GOLD)
        notes = _write(session, project, gold, document_id, kind, span, fields, replaces or span, changes)
        write_audit(session, by, changes)
    return changes, notes


def _version(project: Project, annotation_id: int) -> dict[str, Any]:
    with project.read() as session:
        ann = session.get(Annotation, annotation_id)
        if ann is None:
            raise NotFound(f"annotation {annotation_id} does not exist")
        document_id = ann.document_id
    return next(r for r in annotations.annotations_of(project, document_id) if r["id"] == annotation_id)


def take(project: Project, *, by: int | None, annotation_id: int, replaces: tuple[int, int] | None = None):
    """Take one coder's version of an item as the gold annotation."""
    row = _version(project, annotation_id)
    return decide(
        project, by=by, document_id=row["document_id"], kind=row["kind"], span=(row["start"], row["end"]),
        fields=row["fields"], replaces=replaces, action="adjudicate_take",
    )  # fmt: skip


def merged_values(rows: list[dict[str, Any]]) -> tuple[tuple[int, int], dict[str, Any]]:
    """The span covering all versions, and each value where the versions that have one agree, else the
    first version's."""
    span = (min(r["start"] for r in rows), max(r["end"] for r in rows))
    fields: dict[str, Any] = {}
    for row in rows:
        for name, value in row["fields"].items():
            if value not in (None, "", []) and name not in fields:
                fields[name] = value
    return span, fields


def merge(project: Project, *, by: int | None, annotation_ids: list[int], replaces: tuple[int, int] | None = None):
    """Merge the coders' versions of an item (see `merged_values`) into the gold annotation."""
    rows = [_version(project, i) for i in annotation_ids]
    if not rows or len({(r["document_id"], r["kind"]) for r in rows}) != 1:
        raise Invalid("merge versions of one item: the same kind in the same document")
    span, fields = merged_values(rows)
    return decide(
        project, by=by, document_id=rows[0]["document_id"], kind=rows[0]["kind"], span=span, fields=fields,
        replaces=replaces, action="adjudicate_merge",
    )  # fmt: skip


def reject(project: Project, *, by: int | None, document_id: int, kind: str, extent: tuple[int, int]) -> Changes:
    """Decide that the item is not in the gold set: its gold annotation (if any) goes, and the rejection is
    kept so that the item counts as decided."""
    changes = Changes("adjudicate_reject")
    with project.write() as session:
        _require_lead(session, by)
        gold = coders_service.in_session(session, GOLD)
        _clear_item(session, document_id, kind, extent[0], extent[1], gold, changes)
        session.add(
            RejectedSuggestion(document_id=document_id, annotator_id=gold, kind=kind, start=extent[0], end=extent[1])
        )
        changes.add(
            "rejection", CREATED, after={"document_id": document_id, "kind": kind, "start": extent[0], "end": extent[1]}
        )
        write_audit(session, by, changes)
    return changes


def reopen(project: Project, *, by: int | None, document_id: int, kind: str, extent: tuple[int, int]) -> Changes:
    """Undecide an item: its gold annotation or rejection goes."""
    changes = Changes("adjudicate_reopen")
    with project.write() as session:
        _require_lead(session, by)
        gold = coders_service.in_session(session, GOLD)
        _clear_item(session, document_id, kind, extent[0], extent[1], gold, changes)
        write_audit(session, by, changes)
    return changes


def accept_agreed(project: Project, *, by: int | None, document_id: int, coders: list[str] | tuple[str, ...] = ()):
    """Every undecided item the coders agree on becomes gold, in one action (link targets first, so that
    claims find their claimants). Returns the changes and the count."""
    items = [i for i in review(project, document_id, coders=coders, by=by).items if i.agreed and not i.decided]
    _, book = codebooks.current_codebook(project)
    targets = {t for k in book.kinds for f in k.fields if f.is_link for t in f.targets}
    items.sort(key=lambda i: (i.kind not in targets, i.start))
    changes = Changes("adjudicate_agreed")
    with project.write() as session:
        _require_lead(session, by)
        gold = coders_service.in_session(session, GOLD)
        for item in items:
            row = next(iter(item.versions.values()))
            _write(session, project, gold, document_id, item.kind, (row["start"], row["end"]), row["fields"],
                   (item.start, item.end), changes)  # fmt: skip
        write_audit(session, by, changes)
    return changes, len(items)
