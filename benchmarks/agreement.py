"""Agreement of two coders on 1,000 articles (DESIGN §8; target ≤ 2 s): alice's annotations as built for
export_jsonl.py, and bob's made from them as a second coder's would differ (some edges moved, some spans
left out or added, some values changed).

    .venv/bin/python benchmarks/agreement.py [ARTICLES] [ANNOTATIONS_PER_ARTICLE]
"""

from __future__ import annotations

import random
import sys
import time
import uuid

from common import table
from export_jsonl import build
from sqlalchemy import insert, select

from annotator.services import agreement, annotators
from annotator.storage.models import Annotation
from annotator.storage.project import Project


def second_coder(project: Project) -> int:
    bob = annotators.ensure(project, "bob")
    rng = random.Random(3)
    with project.read() as session:
        rows = session.execute(select(Annotation)).scalars().all()
    copies = []
    for a in rows:
        if rng.random() < 0.1:  # left out
            continue
        start, end = a.start, a.end
        if rng.random() < 0.2:  # an edge moved by a character
            end = max(start + 1, end + rng.choice((-1, 1)))
        fields = dict(a.fields)
        if rng.random() < 0.15:
            fields["note"] = "differs"
        copies.append({**{c: getattr(a, c) for c in ("document_id", "kind", "text", "origin", "codebook_version")},
                       "uid": str(uuid.uuid4()), "annotator_id": bob, "start": start, "end": end, "fields": fields,
                       "version": 1})  # fmt: skip
    with project.write() as session:
        session.execute(insert(Annotation), copies)
    return len(copies)


def main(articles: int = 1_000, per_document: int = 100) -> None:
    folder, total = build(articles, per_document)
    project = Project.open(folder / "bench.sqlite")
    copied = second_coder(project)
    project.close()  # as a coder's project is opened: the bulk writes above checkpointed into the file
    project = Project.open(folder / "bench.sqlite")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        report = agreement.compute(project)
        times.append(time.perf_counter() - start)
    f1 = next(r.value for r in report.rows if r.metric == "overlap_f1" and r.kind == "figure")
    table(
        f"Agreement of 2 coders on {articles:,} articles ({total:,} + {copied:,} annotations)",
        [("compute every row (spans, characters, fields, links, documents)",
          f"{min(times):.2f} s best of 3 ({len(report.rows):,} rows; figure overlap F1 {f1:.3f})", "≤ 2 s")],
    )  # fmt: skip
    project.close()


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:3]])
