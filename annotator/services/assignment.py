"""Assigning documents to coders (DESIGN §8): each document not yet assigned goes to one coder, in turn, and
a chosen share of them (the overlap) to every coder, for agreement. The documents are shuffled with a seed
that is recorded, so the same call on the same project assigns the same way. One call is one action: one
transaction, audited.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from annotator.services import annotators
from annotator.services.changes import CREATED, Changes, write_audit
from annotator.services.documents import STATUSES
from annotator.services.errors import Invalid
from annotator.storage.models import Annotator, Assignment, Document, DocumentStatus, utcnow
from annotator.storage.project import Project


@dataclass(frozen=True)
class Assigned:
    batch: str
    documents: int  # documents assigned by this call
    overlap: int  # of which every coder has
    per_coder: dict[str, int]


def assign(
    project: Project,
    *,
    coders: Iterable[str],
    overlap: float,
    seed: int,
    document_ids: Iterable[int] | None = None,
    by: int | None = None,
) -> Assigned:
    """Assign the documents not yet assigned (of `document_ids`, or all): `overlap` percent of them to every
    coder, the rest one coder each, in turn."""
    names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(names) < 1:
        raise Invalid("name the coders to assign documents to")
    if not 0 <= overlap <= 100:
        raise Invalid("the overlap is a percentage, from 0 to 100")
    ids = {name: annotators.ensure(project, name) for name in names}
    batch = str(uuid.uuid4())
    changes = Changes("assign_documents")
    with project.write() as session:
        assigned = select(Assignment.document_id)
        query = select(Document.id).where(Document.id.not_in(assigned)).order_by(Document.id)
        if document_ids is not None:
            query = query.where(Document.id.in_(list(document_ids)))
        free = list(session.scalars(query))
        random.Random(seed).shuffle(free)
        shared = round(len(free) * overlap / 100)
        rows, per_coder = [], dict.fromkeys(names, 0)
        now = utcnow()
        for position, document_id in enumerate(free):
            chosen = names if position < shared else [names[(position - shared) % len(names)]]
            for name in chosen:
                rows.append({"document_id": document_id, "annotator_id": ids[name], "batch": batch, "assigned_at": now})
                per_coder[name] += 1
        if rows:
            session.execute(insert(Assignment), rows)
        changes.add(
            "assignment",
            CREATED,
            after={"batch": batch, "coders": names, "overlap": overlap, "seed": seed, "documents": len(free), **per_coder},
        )
        write_audit(session, by, changes)
    return Assigned(batch, len(free), shared, per_coder)


def progress(project: Project) -> list[dict[str, Any]]:
    """Per coder with a queue: documents assigned, and how many of them are new, in progress, done, skipped."""
    with project.read() as session:
        assigned = dict(
            session.execute(
                select(Annotator.name, func.count())
                .join(Assignment, Assignment.annotator_id == Annotator.id)
                .group_by(Annotator.name)
            ).all()
        )
        counts = session.execute(
            select(Annotator.name, DocumentStatus.status, func.count())
            .join(DocumentStatus, DocumentStatus.annotator_id == Annotator.id)
            .join(
                Assignment,
                (Assignment.annotator_id == DocumentStatus.annotator_id)
                & (Assignment.document_id == DocumentStatus.document_id),
            )
            .group_by(Annotator.name, DocumentStatus.status)
        ).all()
    table = {name: {"coder": name, "assigned": n, **dict.fromkeys(STATUSES, 0)} for name, n in sorted(assigned.items())}
    for name, status, n in counts:
        table[name][status] += n
    for row in table.values():
        row["new"] = row["assigned"] - row["in_progress"] - row["done"] - row["skipped"]
        row["done_share"] = row["done"] / row["assigned"] if row["assigned"] else 0.0
    return list(table.values())
