"""Export 1,000,000 annotations over 10,000 articles to native JSON Lines: time and peak memory.

The annotations are written straight into the database (setting up a million through the services would
measure the services, not the export); the export runs in a child process so its peak memory is its own
(and that of the worker process writing the second half).

    .venv/bin/python benchmarks/export_jsonl.py [ARTICLES] [ANNOTATIONS_PER_ARTICLE]
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
import uuid

from common import ROOT, fresh_project, table, temp_dir, write_articles
from sqlalchemy import insert, select

from annotator.services import annotators, importing
from annotator.storage.models import Annotation, Document, Relation

KINDS = ("claim", "figure", "stakeholder")


def populate(project, per_document: int) -> int:
    alice = annotators.ensure(project, "alice")
    rng = random.Random(7)
    total = 0
    with project.read() as session:
        docs = session.execute(select(Document.id, Document.text)).all()
    for doc_id, text in docs:
        rows = []
        for _ in range(per_document):
            start = rng.randrange(0, len(text) - 12)
            end = start + rng.randint(2, 12)
            rows.append(
                {
                    "uid": str(uuid.uuid4()),
                    "document_id": doc_id,
                    "annotator_id": alice,
                    "kind": (kind := rng.choice(KINDS)),
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "fields": {"note": "benchmark"} if kind == "claim" else {},
                    "origin": "manual",
                    "codebook_version": 1,
                    "version": 1,
                }
            )
        with project.write() as session:
            session.execute(insert(Annotation), rows)
            stored = session.execute(
                select(Annotation.id, Annotation.kind).where(Annotation.document_id == doc_id).order_by(Annotation.id)
            ).all()
            claims = [i for i, kind in stored if kind == "claim"]
            stakeholders = [i for i, kind in stored if kind == "stakeholder"]
            session.execute(
                insert(Relation),
                [
                    {
                        "uid": str(uuid.uuid4()),
                        "document_id": doc_id,
                        "annotator_id": alice,
                        "type": "claimant",
                        "source_id": a,
                        "target_id": b,
                    }
                    for a, b in zip(claims[:10], stakeholders[:10], strict=False)  # claimants, as the codebook links
                ],
            )
        total += len(rows)
    return total


CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {root!r} + "/benchmarks")
from common import peak_rss_mb
from annotator.io import native_jsonl
from annotator.storage.project import Project
project = Project.open({path!r})
start = time.perf_counter()
with open({out!r}, "w", encoding="utf-8") as fh:
    n = native_jsonl.export(project, fh)
print(n, time.perf_counter() - start, peak_rss_mb(),
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def build(articles: int, per_document: int):
    """A project of `articles` corpus articles with `per_document` annotations each: (folder, annotations)."""
    folder = temp_dir()
    (folder / "in").mkdir()
    project = fresh_project(folder)
    importing.import_paths(project, write_articles(folder / "in", articles))
    start = time.perf_counter()
    total = populate(project, per_document)
    print(f"(set-up: {total:,} annotations written in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    project.close()
    return folder, total


def main(articles: int = 10_000, per_document: int = 100) -> None:
    folder, total = build(articles, per_document)
    out = folder / "export.jsonl"
    code = CHILD.format(root=str(ROOT), path=str(folder / "bench.sqlite"), out=str(out))
    n, seconds, peak, worker_peak = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    table(
        f"Native JSONL export of {total:,} annotations over {int(n):,} articles",
        [
            ("time", f"{float(seconds):.1f} s", "≤ 10 s"),
            (
                "peak memory: exporting process / its worker (at most: the worker's figure includes what the "
                "exporting process held when it started it)",
                f"{float(peak):.0f} MB / {float(worker_peak):.0f} MB",
                "≤ 300 MB",
            ),
            ("file size", f"{out.stat().st_size / 1e6:,.0f} MB", ""),
        ],
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
