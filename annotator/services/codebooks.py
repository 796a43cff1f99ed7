"""The project's codebook versions: install a version, read the current one (parsed once per version)."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.core import codebook as cb
from annotator.core import codebook_changes as cbc
from annotator.paths import DEFAULT_CODEBOOK
from annotator.services.changes import CREATED, Changes, write_audit
from annotator.services.errors import Invalid
from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    CodebookVersion,
    DocumentStatus,
    Relation,
    utcnow,
)
from annotator.storage.project import Project

_parsed: dict[tuple[str, int], cb.Codebook] = {}


_LATEST = select(func.max(CodebookVersion.version))


def current(session: Session, url: str) -> tuple[int, cb.Codebook]:
    """(version, codebook) in force; parsed definitions are cached per project URL and version. Every user
    action asks, so the question is built once and put to the session's connection (past the ORM)."""
    version = session.connection().scalar(_LATEST)
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


class CodebookConflict(Invalid):
    """The new codebook would orphan coded values; `problems` says which, and how many."""

    def __init__(self, problems: list[cbc.Problem]) -> None:
        super().__init__("the new codebook would orphan coded values: " + "; ".join(p.text for p in problems))
        self.problems = problems


def export_definition(project: Project) -> dict:
    """The current codebook as it was installed (kinds, fields, labels in other languages)."""
    with project.read() as session:
        version = session.scalar(select(func.max(CodebookVersion.version)))
        return dict(session.scalar(select(CodebookVersion.definition).where(CodebookVersion.version == version)))


def change(
    project: Project, definition: dict, *, annotator_id: int | None, migration: cbc.Migration | None = None
) -> Changes:
    """Install a new codebook version over coded data: values follow the renames in `migration` and values
    of what it drops are deleted; anything else the new version would orphan refuses the whole change
    (`CodebookConflict`), and nothing is written."""
    migration = migration or cbc.Migration()
    if definition.get("labels") and migration.renames:
        definition = {**definition, "labels": cbc.relabel(definition["labels"], migration)}
    try:
        new = cb.parse(definition)
    except cb.CodebookError as exc:
        raise Invalid(f"codebook not installed: {exc}") from None
    changes = Changes("change_codebook")
    with project.write() as session:
        version, old = current(session, project.url)
        anns = session.execute(select(Annotation.id, Annotation.kind, Annotation.fields, Annotation.version)).all()
        statuses = session.scalars(select(DocumentStatus)).all()
        used = cbc.usage([(a.kind, a.fields) for a in anns], [d.fields for d in statuses])
        for kind, name, count in session.execute(
            select(Annotation.kind, Relation.type, func.count())
            .join(Relation, Relation.source_id == Annotation.id)
            .group_by(Annotation.kind, Relation.type)
        ):
            used[f"{kind}.{name}"] += count
        for kind, name, count in session.execute(
            select(Annotation.kind, AnnotationEntity.field, func.count())
            .join(AnnotationEntity, AnnotationEntity.annotation_id == Annotation.id)
            .group_by(Annotation.kind, AnnotationEntity.field)
        ):
            used[f"{kind}.{name}"] += count
        found = cbc.problems(old, new, used, migration)
        if found:
            raise CodebookConflict(found)
        counts = {"annotations_changed": 0, "annotations_deleted": 0, "documents_changed": 0}
        for link in cbc.renamed_link_fields(old, new, migration).items():
            _move_links(session, *link)
        for ann in anns:
            kind, values = cbc.migrate(ann.kind, ann.fields, old, new, migration)
            if kind is None:
                session.execute(delete(Annotation).where(Annotation.id == ann.id))
                counts["annotations_deleted"] += 1
            elif (kind, values) != (ann.kind, ann.fields):
                session.execute(
                    update(Annotation)
                    .where(Annotation.id == ann.id)
                    .values(kind=kind, fields=values, version=ann.version + 1, updated_at=utcnow())
                )
                counts["annotations_changed"] += 1
        for status in statuses:
            values = cbc.migrate_document_values(status.fields, old, new, migration)
            if values != status.fields:
                status.fields = values
                status.version += 1
                counts["documents_changed"] += 1
        row = CodebookVersion(version=version + 1, name=new.name, definition=definition, created_by=annotator_id)
        session.add(row)
        session.flush()
        changes.add(
            "codebook",
            CREATED,
            after={
                "id": row.id,
                "version": row.version,
                "name": new.name,
                "renames": migration.renames,
                "drops": sorted(migration.drops),
                "warnings": list(new.warnings),
                **counts,
            },
        )
        write_audit(session, annotator_id, changes)
    return changes


def _move_links(session: Session, where: tuple[str, str], target: str | None) -> None:
    """Relations and registry links stored under a link field's name follow its rename or go with it."""
    kind, name = where
    if target == name:
        return
    of_kind = select(Annotation.id).where(Annotation.kind == kind)
    relations = Relation.__table__
    links = AnnotationEntity.__table__
    if target is None:
        session.execute(delete(relations).where(relations.c.source_id.in_(of_kind), relations.c.type == name))
        session.execute(delete(links).where(links.c.annotation_id.in_(of_kind), links.c.field == name))
    else:
        session.execute(
            update(relations).where(relations.c.source_id.in_(of_kind), relations.c.type == name).values(type=target)
        )
        session.execute(update(links).where(links.c.annotation_id.in_(of_kind), links.c.field == name).values(field=target))


def install_default(project: Project) -> Changes:
    import yaml

    return install(project, yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8")))
