"""Reading documents and recording per-annotator document work: fields, status, time spent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core import codebook as cb
from annotator.core.dates import normalise_date
from annotator.services import codebooks
from annotator.services.changes import CREATED, UPDATED, Changes, write_audit
from annotator.services.errors import Invalid, NotFound, StaleEdit
from annotator.storage import search as fts
from annotator.storage.models import Annotation, Assignment, Document, DocumentStatus, utcnow
from annotator.storage.project import Project

STATUSES = ("new", "in_progress", "done", "skipped")


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    title: str
    outlet: str | None
    published: str | None
    script: str
    length: int
    annotations: int
    status: str = "new"  # of the annotator the list is for


def status_row(row: DocumentStatus) -> dict[str, Any]:
    return {
        "document_id": row.document_id,
        "annotator_id": row.annotator_id,
        "status": row.status,
        "seconds_spent": row.seconds_spent,
        "fields": dict(row.fields),
        "updated_at": row.updated_at,
        "version": row.version,
    }


def document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "uid": doc.uid,
        "title": doc.title,
        "text": doc.text,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": doc.published,
        "script": doc.script,
        "length": doc.length,
        "content_hash": doc.content_hash,
        "meta": dict(doc.meta),
        "provenance": dict(doc.provenance),
        "created_at": doc.created_at,
    }


def get_document(project: Project, document_id: int) -> dict[str, Any]:
    with project.read() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(f"document {document_id} does not exist")
        return document_row(doc)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T[\d:]+.*)?$")


def details_row(doc: Document) -> dict[str, Any]:
    """What a coder may set of an article (the audit's before and after of `set_details`)."""
    return {"id": doc.id, "outlet": doc.outlet, "published": doc.published}


def set_details(
    project: Project, *, annotator_id: int, document_id: int, outlet: str | None, published: str | None
) -> Changes:
    """Set an article's outlet and publication date: a plain-text import has neither, or a guessed date
    (see core.dates.guess_published) that the coder corrects. The date is read as the importers read one
    (2025-02-23, 2025年2月23日, 20250223); one that is not a date is refused under its field."""
    day = normalise_date(published) if published and published.strip() else None
    if day is not None and not _ISO.match(day):
        raise Invalid("article details not saved", {"published": "must be a date, such as 2025-02-23"})
    changes = Changes("set_document_details")
    with project.write() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFound(f"document {document_id} does not exist")
        before = details_row(doc)
        doc.outlet = (outlet or "").strip() or None
        if day != doc.published:
            provenance = {k: v for k, v in doc.provenance.items() if k != "published_guessed_from"}
            doc.provenance = {**provenance, "published_set_by": annotator_id}
        doc.published = day
        session.flush()
        changes.add("document", UPDATED, before=before, after=details_row(doc))
        write_audit(session, annotator_id, changes)
    return changes


def titles(project: Project, document_ids: list[int]) -> dict[int, str]:
    """The titles of the given documents (for labelling charts and lists of them)."""
    if not document_ids:
        return {}
    with project.read() as session:
        return dict(session.execute(select(Document.id, Document.title).where(Document.id.in_(document_ids))).all())


def _filtered(
    query,
    session: Session,
    *,
    search: str | None = None,
    annotator_id: int | None = None,
    status: str | None = None,
    has_kind: str | None = None,
    outlet: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
    assigned_to: int | None = None,
):
    """`query` over documents narrowed by the list's filters (see `list_documents`), and the column to order
    and page it by (it follows the documents' ids; see `search.narrowed`)."""
    if assigned_to is not None:  # a coder's queue
        query = query.where(Document.id.in_(select(Assignment.document_id).where(Assignment.annotator_id == assigned_to)))
    key = Document.id
    if search:
        query, key = fts.narrowed(session, query, search)
    if annotator_id is not None and status:
        mine = select(DocumentStatus.document_id).where(DocumentStatus.annotator_id == annotator_id)
        if status == "unfinished":
            query = query.where(Document.id.not_in(mine.where(DocumentStatus.status.in_(("done", "skipped")))))
        elif status == "new":
            query = query.where(Document.id.not_in(mine.where(DocumentStatus.status != "new")))
        else:
            query = query.where(Document.id.in_(mine.where(DocumentStatus.status == status)))
    if outlet:
        query = query.where(Document.outlet == outlet)
    if published_from:
        _day_after(published_from)  # refuses what is not a date
        query = query.where(Document.published >= published_from[:10])
    if published_to:
        query = query.where(Document.published < _day_after(published_to))
    if has_kind:
        spans = select(Annotation.document_id).where(Annotation.kind == has_kind)
        if annotator_id is not None:
            spans = spans.where(Annotation.annotator_id == annotator_id)
        query = query.where(Document.id.in_(spans))
    return query, key


def list_documents(
    project: Project, *, limit: int | None = None, after_id: int = 0, **filters: Any
) -> list[DocumentSummary]:
    """Documents in id order with their annotation counts, narrowed by `filters`: `search` (a full-text
    query, either script); with `annotator_id`, counts and statuses are that annotator's, and `status`
    ("unfinished" for new or in progress) and `has_kind` filter by them; `assigned_to` keeps a coder's
    queue; `outlet` matches exactly; `published_from` / `published_to` are ISO days, both included (dates
    are stored in ISO form, so the comparison is on strings; an article without a date is left out once
    either bound is set).

    `after_id` pages through a long list (keyset paging: each page costs the same).
    """
    if filters.get("search"):
        fts.ensure_indexed(project)
    annotator_id = filters.get("annotator_id")
    with project.read() as session:
        query, key = _filtered(
            select(Document.id, Document.title, Document.outlet, Document.published, Document.script, Document.length),
            session,
            **filters,
        )
        query = query.order_by(key)
        if after_id:
            query = query.where(key > after_id)
        if limit is not None:
            query = query.limit(limit)
        rows = session.execute(query).all()
        # Counted for the listed documents only (through the index on annotations.document_id), so a page
        # costs the same in a project of a million annotations as in an empty one.
        ids = [r.id for r in rows]
        count_query = select(Annotation.document_id, func.count()).where(Annotation.document_id.in_(ids))
        statuses: dict[int, str] = {}
        if annotator_id is not None:
            count_query = count_query.where(Annotation.annotator_id == annotator_id)
            statuses = dict(
                session.execute(
                    select(DocumentStatus.document_id, DocumentStatus.status).where(
                        DocumentStatus.document_id.in_(ids), DocumentStatus.annotator_id == annotator_id
                    )
                ).all()
            )
        counts = dict(session.execute(count_query.group_by(Annotation.document_id)).all())
        return [DocumentSummary(*row, counts.get(row.id, 0), statuses.get(row.id, "new")) for row in rows]


def document_ids(project: Project, **filters: Any) -> list[int]:
    """The ids of every document that passes the list's filters (for exporting what the list shows)."""
    if filters.get("search"):
        fts.ensure_indexed(project)
    with project.read() as session:
        query, key = _filtered(select(Document.id), session, **filters)
        return list(session.scalars(query.order_by(key)))


def count_documents(project: Project, **filters: Any) -> int:
    """How many documents pass the list's filters."""
    if filters.get("search"):
        fts.ensure_indexed(project)
    with project.read() as session:
        ids = _filtered(select(Document.id), session, **filters)[0].subquery()
        return session.scalar(select(func.count()).select_from(ids))


def _day_after(day: str) -> str:
    """The ISO day after `day`: every date-time of `day` itself ("2023-01-31T23:00") sorts before it."""
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()
    except ValueError:
        raise Invalid(f"{day!r} is not a date (YYYY-MM-DD)") from None


def outlets(project: Project) -> list[tuple[str, int]]:
    """Every outlet named in the project, with its number of documents, most frequent first (for a filter)."""
    with project.read() as session:
        rows = session.execute(
            select(Document.outlet, func.count())
            .where(Document.outlet.is_not(None), Document.outlet != "")
            .group_by(Document.outlet)
            .order_by(func.count().desc(), Document.outlet)
        ).all()
        return [(name, count) for name, count in rows]


def _status(session: Session, document_id: int, annotator_id: int) -> DocumentStatus:
    if session.get(Document, document_id) is None:
        raise NotFound(f"document {document_id} does not exist")
    row = session.get(DocumentStatus, (document_id, annotator_id))
    if row is None:
        row = DocumentStatus(
            document_id=document_id, annotator_id=annotator_id, status="new", seconds_spent=0, fields={}, version=0
        )
        session.add(row)
    return row


def _save_status(
    session, row: DocumentStatus, expected_version: int | None, values: dict, action: str, annotator_id: int
) -> Changes:
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit(f"your work on document {row.document_id}", expected_version, row.version)
    before = status_row(row) if row.version else None
    for key, value in values.items():
        setattr(row, key, value)
    row.version = (row.version or 0) + 1
    row.updated_at = utcnow()
    session.flush()
    changes = Changes(action)
    changes.add("document_status", UPDATED if before else CREATED, before=before, after=status_row(row))
    write_audit(session, annotator_id, changes)
    return changes


def started(session: Session, document_id: int, annotator_id: int, changes: Changes) -> None:
    """The coder's first action on an article (an annotation made or edited, a suggestion accepted or
    rejected) makes it in progress, in that action's transaction and audit row; a status the coder chose
    (done, skipped) is left as it is. Without this an article with eleven annotations was still "new" and
    the "in progress" filter stayed empty."""
    row = session.get(DocumentStatus, (document_id, annotator_id))
    if row is not None and row.status != "new":
        return
    if row is None:
        row = DocumentStatus(
            document_id=document_id, annotator_id=annotator_id, status="new", seconds_spent=0, fields={}, version=0
        )
        session.add(row)
    before = status_row(row) if row.version else None
    row.status, row.version, row.updated_at = "in_progress", (row.version or 0) + 1, utcnow()
    session.flush()
    changes.add("document_status", UPDATED if before else CREATED, before=before, after=status_row(row))


def set_document_fields(
    project: Project, *, annotator_id: int, document_id: int, fields: dict[str, Any], expected_version: int | None = None
) -> Changes:
    """Patch this annotator's document-level field values (None clears a value)."""
    with project.write() as session:
        _, book = codebooks.current(session, project.url)
        row = _status(session, document_id, annotator_id)
        merged = {k: v for k, v in {**(row.fields or {}), **fields}.items() if v not in (None, "", [])}
        errors = cb.validate_values(book.document_fields, merged)
        if errors:
            raise Invalid("document fields not saved", errors)
        status = "in_progress" if row.status == "new" else row.status
        return _save_status(
            session, row, expected_version, {"fields": merged, "status": status}, "set_document_fields", annotator_id
        )


def set_status(
    project: Project,
    *,
    annotator_id: int,
    document_id: int,
    status: str,
    add_seconds: int = 0,
    expected_version: int | None = None,
) -> Changes:
    if status not in STATUSES:
        raise Invalid(f"status must be one of {', '.join(STATUSES)}")
    with project.write() as session:
        row = _status(session, document_id, annotator_id)
        values = {"status": status, "seconds_spent": (row.seconds_spent or 0) + max(0, int(add_seconds))}
        return _save_status(session, row, expected_version, values, "set_status", annotator_id)


def add_time_spent(project: Project, *, annotator_id: int, document_id: int, seconds: int) -> Changes | None:
    """Add a visit's active seconds to the coder's time on a document (its status stays as it is). Not an
    undoable action: the window reports it when the coder leaves the document. Nothing is written for 0."""
    seconds = max(0, int(seconds))
    if not seconds:
        return None
    with project.write() as session:
        row = _status(session, document_id, annotator_id)
        values = {"seconds_spent": (row.seconds_spent or 0) + seconds}
        return _save_status(session, row, None, values, "add_time_spent", annotator_id)


def statuses_of(project: Project, document_id: int) -> list[dict[str, Any]]:
    with project.read() as session:
        rows = session.scalars(select(DocumentStatus).where(DocumentStatus.document_id == document_id)).all()
        return [status_row(r) for r in rows]
