"""What changed in a project since a point in its audit log: how an open window learns of work done in
other windows, processes or machines (DESIGN §8, live refresh) without holding a connection open."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from annotator.services.errors import Unreachable
from annotator.storage.models import AuditLog
from annotator.storage.project import Project

_TOUCHING_DOCUMENTS = ("annotation", "relation", "document_status")


@dataclass
class Since:
    last: int  # the newest audit row read: ask again from here
    documents: set[int] = field(default_factory=set)  # documents whose annotations, links or statuses changed
    documents_added: bool = False  # an import or a merge brought documents in
    team_changed: bool = False  # blind mode or the leads changed


def last_change(project: Project) -> int:
    with project.read() as session:
        return session.scalar(select(func.coalesce(func.max(AuditLog.id), 0)))


def changed_since(project: Project, after: int, *, by_others_than: int | None = None) -> Since:
    """The audit rows after `after` (leaving out what `by_others_than` did: the window knows its own
    changes), as the documents they touched. One range query on the audit log's primary key."""
    try:
        with project.read() as session:
            rows = session.execute(
                select(AuditLog.id, AuditLog.annotator_id, AuditLog.target_type, AuditLog.before, AuditLog.after)
                .where(AuditLog.id > after)
                .order_by(AuditLog.id)
            ).all()
    except OperationalError as exc:  # asked every few seconds: a server out of reach is expected, not a bug
        raise Unreachable(f"cannot reach {project.label}") from exc
    since = Since(rows[-1].id if rows else after)
    for _, who, target, before, after_row in rows:
        if target == "project_setting":
            since.team_changed = True
        if who is not None and who == by_others_than:
            continue
        if target == "document":
            since.documents_added = True
        elif target in _TOUCHING_DOCUMENTS:
            for row in (before, after_row):
                if row and isinstance(row.get("document_id"), int):
                    since.documents.add(row["document_id"])
    return since
