"""Project figures for `annotator stats` and the status bar."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import String, func, select, true
from sqlalchemy.orm import Session

from annotator.io.tables import safe
from annotator.services import team
from annotator.storage.models import (
    Annotation,
    AnnotationEntity,
    Annotator,
    Document,
    DocumentStatus,
    Entity,
    Relation,
)
from annotator.storage.project import Project


def project_stats(project: Project, *, viewer: int | None = None) -> dict[str, Any]:
    """The project's figures; for a coder in blind mode (`viewer`), of their own work only."""
    with project.read() as session:
        own = team.only_own(session, viewer)

        def mine(model):
            return true() if own is None else model.annotator_id == own

        def grouped(*columns, where):
            query = select(*columns, func.count()).group_by(*columns).where(where)
            return {"/".join(str(c) for c in row[:-1]): row[-1] for row in session.execute(query)}

        return {
            "project": project.label,
            "schema": project.current_revision(),
            "documents": session.scalar(select(func.count()).select_from(Document)),
            "characters": session.scalar(select(func.coalesce(func.sum(Document.length), 0))),
            "documents_by_script": grouped(Document.script, where=true()),
            "annotations": session.scalar(select(func.count()).select_from(Annotation).where(mine(Annotation))),
            "annotations_by_kind": grouped(Annotation.kind, where=mine(Annotation)),
            "annotations_by_annotator": {
                name: n
                for name, n in session.execute(
                    select(Annotator.name, func.count()).join(Annotation).where(mine(Annotation)).group_by(Annotator.name)
                )
            },
            "relations": session.scalar(select(func.count()).select_from(Relation).where(mine(Relation))),
            "entities": session.scalar(select(func.count()).select_from(Entity).where(Entity.merged_into_id.is_(None))),
            "statuses": grouped(DocumentStatus.status, where=mine(DocumentStatus)),
            "charts": chart_data(session, own),
        }


TOP_STAKEHOLDERS = 15


def chart_data(session: Session, own: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """The statistics view's charts as rows (the GUI draws them and saves them as CSV; `annotator stats
    --json` prints the same): annotations per day by kind and by annotator, the stakeholders with most
    spans, and figures by metric and period. With `own`, of that coder's annotations only."""
    mine = true() if own is None else Annotation.annotator_id == own
    day = func.substr(func.cast(Annotation.created_at, String), 1, 10)
    by_kind = session.execute(
        select(day.label("day"), Annotation.kind, func.count()).where(mine).group_by("day", Annotation.kind).order_by("day")
    ).all()
    by_annotator = session.execute(
        select(day.label("day"), Annotator.name, func.count())
        .join(Annotator, Annotator.id == Annotation.annotator_id)
        .where(mine)
        .group_by("day", Annotator.name)
        .order_by("day")
    ).all()
    spans = func.count(AnnotationEntity.annotation_id)
    stakeholders = session.execute(
        select(Entity.name, Entity.type, spans, func.count(func.distinct(Annotation.document_id)))
        .join(AnnotationEntity, AnnotationEntity.entity_id == Entity.id)
        .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
        .where(mine)
        .group_by(Entity.id, Entity.name, Entity.type)
        .order_by(spans.desc(), Entity.name)
        .limit(TOP_STAKEHOLDERS)
    ).all()
    figures: Counter = Counter()
    for values in session.scalars(select(Annotation.fields).where(Annotation.kind == "figure", mine)):
        metric = (values or {}).get("metric") or "(no metric)"
        period = (values or {}).get("period") or "(no period)"
        figures[(metric, period)] += 1
    return {
        "annotations_by_day_and_kind": [{"day": d, "kind": k, "annotations": n} for d, k, n in by_kind],
        "annotations_by_day_and_annotator": [{"day": d, "annotator": a, "annotations": n} for d, a, n in by_annotator],
        "top_stakeholders": [
            {"stakeholder": name, "type": type, "spans": n, "documents": docs} for name, type, n, docs in stakeholders
        ],
        "figures_by_metric_and_period": [
            {"metric": metric, "period": period, "figures": n}
            for (metric, period), n in sorted(figures.items(), key=lambda item: (item[0][1], item[0][0]))
        ],
    }


def write_chart_csv(rows: list[dict[str, Any]], columns: list[str], path: Path) -> Path:
    """A chart's rows as CSV (UTF-8 with a BOM, for Excel), cells safe from formula evaluation."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe(row[c]) for c in columns])
    return path
