"""Project figures for `annotator stats` and the status bar."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from annotator.storage.models import (
    Annotation,
    Annotator,
    Document,
    DocumentStatus,
    Entity,
    Relation,
)
from annotator.storage.project import Project


def project_stats(project: Project) -> dict[str, Any]:
    with project.read() as session:

        def grouped(*columns, where=None):
            query = select(*columns, func.count()).group_by(*columns)
            if where is not None:
                query = query.where(where)
            return {"/".join(str(c) for c in row[:-1]): row[-1] for row in session.execute(query)}

        return {
            "project": project.label,
            "schema": project.current_revision(),
            "documents": session.scalar(select(func.count()).select_from(Document)),
            "characters": session.scalar(select(func.coalesce(func.sum(Document.length), 0))),
            "documents_by_script": grouped(Document.script),
            "annotations": session.scalar(select(func.count()).select_from(Annotation)),
            "annotations_by_kind": grouped(Annotation.kind),
            "annotations_by_annotator": {
                name: n
                for name, n in session.execute(
                    select(Annotator.name, func.count()).join(Annotation).group_by(Annotator.name)
                )
            },
            "relations": session.scalar(select(func.count()).select_from(Relation)),
            "entities": session.scalar(select(func.count()).select_from(Entity).where(Entity.merged_into_id.is_(None))),
            "statuses": grouped(DocumentStatus.status),
        }
