"""Scale: a 100,000-article project with 5,000,000 annotations (issue: proof under load), measured against
DESIGN §10: start-up to a usable window, listing, search in both scripts, opening an annotated article,
annotating through the services, and exporting every annotation.

    .venv/bin/python benchmarks/scale.py [ARTICLES] [ANNOTATIONS_PER_ARTICLE] [FOLDER]

The articles are imported as a user imports them; the annotations are written straight into the table in
large batches (five million through the services would take hours and measure the services, which are
measured here on their own). With FOLDER, a project already built there is reused.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import search
import startup
from common import ROOT, fresh_project, median_ms, table, temp_dir, write_articles
from export_jsonl import CHILD as EXPORT_CHILD

from annotator.services import annotations, annotators, documents, importing, suggestions
from annotator.storage.project import Project

KINDS = ("claim", "figure", "stakeholder")
BATCH = 20_000
PAGE = 500  # rows the document list reads at a time (gui.document_model.PAGE; no Qt imported here)


def build(folder: Path, articles: int, per_document: int) -> Path:
    path = folder / "bench.sqlite"
    if path.exists():
        return path
    (folder / "in").mkdir(exist_ok=True)
    project = fresh_project(folder)
    start = time.perf_counter()
    importing.import_paths(project, write_articles(folder / "in", articles))
    print(f"(imported {articles:,} articles in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    coder = annotators.ensure(project, "alice")
    project.close()
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    rng = random.Random(3)
    rows = []
    docs = connection.execute("SELECT id, length FROM documents").fetchall()
    for doc_id, length in docs:
        for _ in range(per_document):
            at = rng.randrange(0, max(1, length - 12))
            kind = rng.choice(KINDS)
            rows.append((str(uuid.uuid4()), doc_id, coder, kind, at, at + rng.randint(2, 12), "", "{}", "manual", 1))
        if len(rows) >= BATCH:
            _insert(connection, rows)
            rows = []
    _insert(connection, rows)
    connection.execute(  # the snapshot of each span's text, as the services store it
        'UPDATE annotations SET text = (SELECT substr(d.text, annotations.start + 1, annotations."end" - annotations.start) '
        "FROM documents d WHERE d.id = annotations.document_id)"
    )
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    print(f"(wrote {len(docs) * per_document:,} annotations in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return path


def _insert(connection, rows) -> None:
    connection.executemany(
        'INSERT INTO annotations (uid, document_id, annotator_id, kind, start, "end", text, fields, origin, '
        "codebook_version, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "datetime('now'), datetime('now'), 1)",
        rows,
    )
    connection.commit()


def measure(path: Path, articles: int, annotations_total: int) -> list[tuple[str, str, str]]:
    rows = []
    code = startup.CHILD.format(root=str(ROOT), path=str(path))
    starts = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    label = "start-up to a usable window (list and first article shown), median of 5"
    rows.append((label, f"{statistics.median(starts):.2f} s", "≤ 1.5 s"))
    project = Project.open(path)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        listed = documents.list_documents(project, limit=200)
        samples.append(time.perf_counter() - start)
    rows.append(("list the first page (200 documents with counts)", f"{median_ms(samples):.1f} ms", "(no target)"))
    for label, query in search.QUERIES:  # as the list shows a search: its first page (it counts nothing)
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            documents.list_documents(project, search=query, limit=PAGE)
            samples.append(time.perf_counter() - start)
        found = documents.count_documents(project, search=query)
        rows.append((f"search, {label}: {query}", f"{median_ms(samples):.1f} ms ({found:,} match)", "≤ 50 ms"))
    start = time.perf_counter()
    names = suggestions.gazetteer(project)
    rows.append(
        (
            "the names suggestions look for, read (on a thread, once the window is up)",
            f"{time.perf_counter() - start:.1f} s ({len(names):,} names)",
            "(no target)",
        )
    )
    middle = listed[len(listed) // 2].id
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        annotations.annotations_of(project, middle)
        samples.append(time.perf_counter() - start)
    rows.append(("read an article's annotations (what opening it needs)", f"{median_ms(samples):.1f} ms", "(in ≤ 30 ms)"))
    coder = annotators.ensure(project, "alice")
    text = documents.get_document(project, middle)["text"]
    created, deleted = [], []
    for i in range(200):
        start = time.perf_counter()
        row = annotations.create_annotation(
            project,
            annotator_id=coder,
            document_id=middle,
            kind="figure",
            start=i % (len(text) - 5),
            end=i % (len(text) - 5) + 4,
        ).first("annotation")
        created.append(time.perf_counter() - start)
        start = time.perf_counter()
        annotations.delete_annotation(project, annotator_id=coder, annotation_id=row["id"], expected_version=1)
        deleted.append(time.perf_counter() - start)
    rows.append(
        (
            "create / delete an annotation (service call)",
            f"{median_ms(created):.1f} / {median_ms(deleted):.1f} ms median",
            "≤ 5 ms",
        )
    )
    project.close()
    out = path.with_name("export.jsonl")
    result = subprocess.run(
        [sys.executable, "-c", EXPORT_CHILD.format(root=str(ROOT), path=str(path), out=str(out))],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    n, seconds, peak, child_peak = int(result[0]), float(result[1]), float(result[2]), float(result[3])
    rows.append(
        (
            f"export {annotations_total:,} annotations to JSONL",
            f"{seconds:.1f} s ({n:,} documents, {out.stat().st_size / 2**30:.1f} GB); "
            f"peak {peak:.0f} MB, its worker at most {child_peak:.0f} MB",
            "≤ 10 s per 1,000,000; ≤ 300 MB",
        )
    )
    out.unlink()
    return rows


def main(articles: int = 100_000, per_document: int = 50, folder: str | None = None) -> None:
    where = Path(folder) if folder else temp_dir()
    where.mkdir(parents=True, exist_ok=True)
    path = build(where, articles, per_document)
    size = path.stat().st_size / 2**30
    rows = measure(path, articles, articles * per_document)
    table(f"Scale: {articles:,} articles, {articles * per_document:,} annotations ({size:.1f} GB project file)", rows)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *(sys.argv[3:4]))
