"""Coders of a project."""

from __future__ import annotations

from sqlalchemy import select

from annotator.services.changes import CREATED, Changes, write_audit
from annotator.services.errors import Invalid
from annotator.storage.models import Annotator
from annotator.storage.project import Project


def find(project: Project, name: str) -> int | None:
    """The id of the named annotator, or None."""
    with project.read() as session:
        return session.scalar(select(Annotator.id).where(Annotator.name == name.strip()))


def ensure(project: Project, name: str) -> int:
    """The id of the named annotator, created (and audited) on first use."""
    name = name.strip()
    if not name:
        raise Invalid("an annotator needs a name")
    found = find(project, name)
    if found is not None:
        return found
    with project.write() as session:
        found = session.scalar(select(Annotator.id).where(Annotator.name == name))
        if found is not None:
            return found
        row = Annotator(name=name)
        session.add(row)
        session.flush()
        changes = Changes("add_annotator")
        changes.add("annotator", CREATED, after={"id": row.id, "name": name})
        write_audit(session, row.id, changes)
        return row.id


def in_session(session, name: str) -> int:
    """The id of the named annotator inside the caller's transaction (an import's), created if new."""
    found = session.scalar(select(Annotator.id).where(Annotator.name == name))
    if found is None:
        row = Annotator(name=name)
        session.add(row)
        session.flush()
        found = row.id
    return found


def names(project: Project) -> dict[int, str]:
    with project.read() as session:
        return dict(session.execute(select(Annotator.id, Annotator.name)).all())
