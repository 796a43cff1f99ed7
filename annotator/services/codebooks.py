"""The project's codebook versions: install a version, read the current one (parsed once per version)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core import codebook as cb
from annotator.paths import DEFAULT_CODEBOOK
from annotator.services.changes import CREATED, Changes, write_audit
from annotator.storage.models import CodebookVersion
from annotator.storage.project import Project

_parsed: dict[tuple[str, int], cb.Codebook] = {}


def current(session: Session, url: str) -> tuple[int, cb.Codebook]:
    """(version, codebook) in force; parsed definitions are cached per project URL and version."""
    version = session.scalar(select(func.max(CodebookVersion.version)))
    if version is None:
        raise cb.CodebookError("the project has no codebook; run `annotator init` or import one")
    key = (url, version)
    if key not in _parsed:
        definition = session.scalar(select(CodebookVersion.definition).where(CodebookVersion.version == version))
        _parsed[key] = cb.parse(definition)
    return version, _parsed[key]


def current_codebook(project: Project) -> tuple[int, cb.Codebook]:
    with project.read() as session:
        return current(session, project.url)


def install(project: Project, definition: dict, *, annotator_id: int | None = None) -> Changes:
    """Add a new codebook version (validated first); existing annotations keep the version they were made in."""
    book = cb.parse(definition)
    changes = Changes("install_codebook")
    with project.write() as session:
        version = (session.scalar(select(func.max(CodebookVersion.version))) or 0) + 1
        row = CodebookVersion(version=version, name=book.name, definition=definition, created_by=annotator_id)
        session.add(row)
        session.flush()
        changes.add("codebook", CREATED, after={"id": row.id, "version": version, "name": book.name})
        write_audit(session, annotator_id, changes)
    return changes


def install_default(project: Project) -> Changes:
    import yaml

    return install(project, yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8")))
