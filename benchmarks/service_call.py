"""Create / edit / delete an annotation through the services, each call committed: median latency.

.venv/bin/python benchmarks/service_call.py [CALLS]
"""

from __future__ import annotations

import sys
import time

from common import fresh_project, median_ms, table, temp_dir, write_articles

from annotator.services import annotations, annotators, documents, importing


def main(calls: int = 1000) -> None:
    folder = temp_dir()
    (folder / "in").mkdir()
    project = fresh_project(folder)
    importing.import_paths(project, write_articles(folder / "in", 200))
    alice = annotators.ensure(project, "alice")
    doc_ids = [d.id for d in documents.list_documents(project)]
    created, updated, deleted = [], [], []
    rows = []
    for i in range(calls):
        doc = doc_ids[i % len(doc_ids)]
        start = time.perf_counter()
        row = annotations.create_annotation(
            project,
            annotator_id=alice,
            document_id=doc,
            kind="figure",
            start=i % 300,
            end=i % 300 + 4,
            fields={"unit": "元", "normalised_value": 1.2e8},
        ).first("annotation")
        created.append(time.perf_counter() - start)
        rows.append(row)
    for row in rows:
        start = time.perf_counter()
        annotations.update_annotation(
            project, annotator_id=alice, annotation_id=row["id"], expected_version=1, fields={"metric": "GMV"}
        )
        updated.append(time.perf_counter() - start)
    for row in rows:
        start = time.perf_counter()
        annotations.delete_annotation(project, annotator_id=alice, annotation_id=row["id"], expected_version=2)
        deleted.append(time.perf_counter() - start)
    table(
        f"Annotation service calls ({calls:,} each, committed, with audit rows)",
        [
            ("create, median", f"{median_ms(created):.2f} ms", "≤ 5 ms"),
            ("edit, median", f"{median_ms(updated):.2f} ms", "≤ 5 ms"),
            ("delete, median", f"{median_ms(deleted):.2f} ms", "≤ 5 ms"),
        ],
    )
    project.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
