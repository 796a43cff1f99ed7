"""Suggestions for a coder on a document: computed on demand (never stored, so never exported), and those
imported from pre-annotated files (any kind of the codebook; stored, offered to every coder), minus what the
coder has annotated or rejected. Accepting one creates the coder's own annotation (origin
"suggestion"); rejecting one is remembered, so it is not proposed again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, select, true

from annotator.core import codebook as cb
from annotator.core import stakeholder_names
from annotator.core import suggestions as core
from annotator.services import annotations, codebooks, documents, team
from annotator.services.changes import CREATED, DELETED, Changes, write_audit
from annotator.services.errors import Invalid, NotFound
from annotator.storage.models import Annotation, Document, Entity, EntityAlias, ImportedSuggestion, RejectedSuggestion
from annotator.storage.project import Project


def gazetteer(project: Project, *, viewer: int | None = None) -> core.Gazetteer:
    """The registry's names and aliases, and every stakeholder text the project's coders annotated (for a
    coder in blind mode, `viewer`, the texts they annotated themselves). The segmenter that finds new names
    is loaded here too, so that a window reading the names on a thread has both when they arrive."""
    stakeholder_names.load()
    with project.read() as session:
        own = team.only_own(session, viewer)
        mine = true() if own is None else Annotation.annotator_id == own
        registry = session.execute(
            select(EntityAlias.alias, Entity.id, Entity.name, Entity.type)
            .join(Entity, EntityAlias.entity_id == Entity.id)
            .where(Entity.merged_into_id.is_(None), team.entity_visible(own))
        ).all()
        annotated = session.scalars(select(Annotation.text).where(Annotation.kind == "stakeholder", mine).distinct()).all()
    names = [core.Name(alias, entity_id, name, type) for alias, entity_id, name, type in registry]
    return core.Gazetteer(names + [core.Name(text) for text in annotated])


def document_suggestions(
    project: Project,
    *,
    annotator_id: int | None,
    document_id: int,
    kinds: Iterable[str] | None = None,
    names: core.Gazetteer | None = None,
    compute_up_to: int | None = None,
    wait_for_segmenter: bool = True,
) -> list[core.Suggestion]:
    """What to propose to this coder on this document, for the kinds asked (default: every kind the
    codebook has that suggestions exist for). `names` reuses a gazetteer built for earlier documents.
    A document longer than `compute_up_to` characters gets only its imported suggestions: computing them
    takes about a second per 100,000 characters, which a window cannot wait for.
    Without an annotator, nothing is left out and no claimant is proposed. Field values the codebook would
    refuse (a registry type it does not list) are left for the coder to fill. Stakeholders found by their
    shape need the segmenter's dictionary (half a second to load): a window passes `wait_for_segmenter=False`
    and gets them once it has loaded, on a thread of its own."""
    with project.read() as session:
        _, book = codebooks.current(session, project.url)
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(f"document {document_id} does not exist")
        text, published, script = doc.text, doc.published, doc.script
        mine = session.execute(
            select(Annotation.id, Annotation.kind, Annotation.start, Annotation.end).where(
                Annotation.document_id == document_id, Annotation.annotator_id == annotator_id
            )
        ).all()  # none without an annotator: annotator_id IS NULL matches no row
        rejected = session.execute(
            select(RejectedSuggestion.kind, RejectedSuggestion.start, RejectedSuggestion.end).where(
                RejectedSuggestion.document_id == document_id, RejectedSuggestion.annotator_id == annotator_id
            )
        ).all()
        imported = [
            core.Suggestion(r.kind, r.start, r.end, text[r.start : r.end], dict(r.fields), "imported", f"from {r.source}")
            for r in session.scalars(
                select(ImportedSuggestion)
                .where(ImportedSuggestion.document_id == document_id)
                .order_by(ImportedSuggestion.start, ImportedSuggestion.end)
            )
            if r.kind in book.kind_names and (kinds is None or r.kind in kinds)
        ]
    wanted = [k for k in (kinds if kinds is not None else core.KINDS) if k in core.KINDS and k in book.kind_names]
    if compute_up_to is not None and len(text) > compute_up_to:
        wanted = []
    if "stakeholder" in wanted or "claim" in wanted:
        names = names if names is not None else gazetteer(project, viewer=annotator_id)
    found = []
    if wanted:
        found = core.suggest(
            text,
            published=published,
            gazetteer=names,
            kinds=wanted,
            stakeholders=[(r.id, r.start, r.end) for r in mine if r.kind == "stakeholder"],
            script=script,
            new_names=wait_for_segmenter or stakeholder_names.ready(),
        )
        if not stakeholder_names.ready():
            stakeholder_names.warm()
    kept = core.without(_merged(found, imported), [(r.kind, r.start, r.end) for r in mine], [tuple(r) for r in rejected])
    return [replace(s, fields=_valid(book.kind(s.kind), s.fields)) for s in kept]


def _merged(computed: list[core.Suggestion], imported: list[core.Suggestion]) -> list[core.Suggestion]:
    """Both lists, in text order; where both propose the same kind and span, the imported one, with the
    parser's reading filling the fields the file left empty."""
    by_span = {(s.kind, s.start, s.end): s for s in computed}
    taken = set()
    for i, s in enumerate(imported):
        same = by_span.get((s.kind, s.start, s.end))
        if same is not None:
            imported[i] = replace(s, fields={**same.fields, **s.fields}, parsed=same.parsed)
            taken.add((s.kind, s.start, s.end))
    rest = [s for s in computed if (s.kind, s.start, s.end) not in taken]
    return sorted(rest + imported, key=lambda s: (s.start, s.end, s.kind))


def _valid(kind: cb.Kind, fields: dict[str, Any]) -> dict[str, Any]:
    by_name = {f.name: f for f in kind.fields}
    return {
        name: value
        for name, value in fields.items()
        if name in by_name and not cb.validate_values((by_name[name],), {name: value})
    }


def prefilled(project: Project, *, annotator_id: int, document_id: int, kind: str, start: int, end: int) -> dict:
    """What the parser and the coder's stakeholders say of a span marked by hand (see core.prefill), with
    values the codebook would refuse left out."""
    with project.read() as session:
        _, book = codebooks.current(session, project.url)
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(f"document {document_id} does not exist")
        stakeholders = session.execute(
            select(Annotation.id, Annotation.start, Annotation.end).where(
                Annotation.document_id == document_id,
                Annotation.annotator_id == annotator_id,
                Annotation.kind == "stakeholder",
            )
        ).all()
        text, published, script = doc.text, doc.published, doc.script
    if kind not in book.kind_names:
        return {}
    mine = [tuple(r) for r in stakeholders]
    fields = core.prefill(kind, text, start, end, published=published, stakeholders=mine, script=script)
    return _valid(book.kind(kind), fields)


def accept(
    project: Project, *, annotator_id: int, document_id: int, suggestion: dict[str, Any], fields: dict | None = None
) -> Changes:
    """The coder's own annotation from a suggestion (its fields, with the coder's changes over them)."""
    return annotations.create_annotation(
        project,
        annotator_id=annotator_id,
        document_id=document_id,
        kind=suggestion["kind"],
        start=suggestion["start"],
        end=suggestion["end"],
        fields={**suggestion.get("fields", {}), **(fields or {})},
        origin="suggestion",
    )


def _rejection_row(row: RejectedSuggestion) -> dict[str, Any]:
    return {
        "id": row.id,
        "document_id": row.document_id,
        "annotator_id": row.annotator_id,
        "kind": row.kind,
        "start": row.start,
        "end": row.end,
    }


def reject(project: Project, *, annotator_id: int, document_id: int, kind: str, start: int, end: int) -> Changes:
    """Remember that this coder does not want this suggestion (kind and span) on this document."""
    if not (0 <= start < end):
        raise Invalid("a suggestion's span must have 0 <= start < end")
    changes = Changes("reject_suggestion")
    with project.write() as session:
        if session.get(Document, document_id) is None:
            raise NotFound(f"document {document_id} does not exist")
        existing = session.scalars(
            select(RejectedSuggestion).where(
                RejectedSuggestion.document_id == document_id,
                RejectedSuggestion.annotator_id == annotator_id,
                RejectedSuggestion.kind == kind,
                RejectedSuggestion.start == start,
                RejectedSuggestion.end == end,
            )
        ).first()
        if existing is None:
            existing = RejectedSuggestion(
                document_id=document_id, annotator_id=annotator_id, kind=kind, start=start, end=end
            )
            session.add(existing)
            session.flush()
            changes.add("rejected_suggestion", CREATED, after=_rejection_row(existing))
            documents.started(session, document_id, annotator_id, changes)
            write_audit(session, annotator_id, changes)
    return changes


def unreject(project: Project, *, annotator_id: int, rejection_id: int) -> Changes:
    """Propose a rejected suggestion again (undoing a rejection)."""
    changes = Changes("unreject_suggestion")
    with project.write() as session:
        row = session.get(RejectedSuggestion, rejection_id)
        if row is None or row.annotator_id != annotator_id:
            raise NotFound(f"rejection {rejection_id} does not exist")
        changes.add("rejected_suggestion", DELETED, before=_rejection_row(row))
        session.execute(delete(RejectedSuggestion).where(RejectedSuggestion.id == rejection_id))
        write_audit(session, annotator_id, changes)
    return changes
