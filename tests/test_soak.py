"""A shorter soak than benchmarks/soak.py, as a test: a scripted coder's 1,500 service calls must not make
the process hold more memory as the calls go on (Python's allocated blocks, after a collection, compared
between the end of a warm-up and the end). Latency is the benchmark's to report: no timing here."""

from __future__ import annotations

import gc
import random
import sys

from annotator.services import annotations, annotators, documents, importing

from .conftest import SAMPLES


def _act(project, coder: int, doc: int, text: str, chance: random.Random, n: int) -> None:
    mine = annotations.annotations_of(project, doc, coder)
    roll = chance.random()
    if roll < 0.45 or not mine:
        at = chance.randrange(0, len(text) - 10)
        annotations.create_annotation(
            project, annotator_id=coder, document_id=doc, kind=chance.choice(["claim", "figure", "stakeholder"]),
            start=at, end=at + chance.randint(1, 9),
        )  # fmt: skip
    elif roll < 0.75:
        row = chance.choice(mine)
        fields = {"note": f"soak {n}"} if row["kind"] == "claim" else {}
        annotations.update_annotation(
            project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"], fields=fields
        )
    elif roll < 0.95:
        row = chance.choice(mine)
        annotations.delete_annotation(project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"])
    else:
        documents.set_status(project, annotator_id=coder, document_id=doc, status="in_progress", add_seconds=5)


def test_a_long_session_holds_no_more_memory_as_it_goes_on(sqlite_project):
    """On SQLite. (On PostgreSQL the driver's cache of prepared statements fills over the first ~2,000
    calls, by ~7,000 blocks, and then stays flat: measured to 4,500 calls; too long a warm-up for here.)"""
    project = sqlite_project
    importing.import_paths(project, [SAMPLES])
    coder = annotators.ensure(project, "soak")
    texts = {d.id: documents.get_document(project, d.id)["text"] for d in documents.list_documents(project)}
    chance = random.Random(9)
    for n in range(300):  # warm-up: caches, compiled statements, the connection pool
        doc = chance.choice(sorted(texts))
        _act(project, coder, doc, texts[doc], chance, n)
    gc.collect()
    warm = sys.getallocatedblocks()
    for n in range(300, 1500):
        doc = chance.choice(sorted(texts))
        _act(project, coder, doc, texts[doc], chance, n)
    gc.collect()
    grown = sys.getallocatedblocks() - warm
    assert grown < 3000, f"{grown} more memory blocks after 1,200 more calls"  # ~2.5 per call would be a leak
