"""Soak: a long scripted session, with memory and latency sampled as it goes (issue: proof under load).

    .venv/bin/python benchmarks/soak.py [SERVICE_ACTIONS] [WINDOW_ACTIONS]

100,000 actions through the services (create, change, link, delete, document status: what a coder's day
is made of, as the window makes them) and 5,000 through the real window (select text and press a kind's
key, change a field, delete, undo, redo, open the next document). Every block of actions reports the
median and 99th-percentile latency and the process's memory (resident set, and the memory blocks Python's
allocator holds); the verdict compares the last blocks with the first: memory may grow by what the
project's own rows and caches need, never with the number of actions, and latency must not drift.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time

from common import fresh_project, table, temp_dir, write_articles

from annotator.services import annotations, annotators, documents, importing

BLOCKS = 10
# A coder's articles do not fill without end: every article starts with this many of the coder's
# annotations, and one that holds as many is not given more: the soak deletes (services) or moves on to the
# next article (window) where it would create. The data then stays the same size, so that what still grows
# is the session's doing.
CAP = 40
# The window's stakeholders are made with their registry entries (as a coder makes them); each article has
# this many places where they are named, picked on its first visit, as the same people and organisations recur
# in a coder's articles. Random new names without end would grow the registry and the suggestions it feeds,
# which is the project's data growing, not the session.
NAMES = 3


def rss_mb() -> float:
    """The resident set now (not the peak): /proc/self/statm, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _row(label: str, block: list[float]) -> tuple[str, str, str, str]:
    """A block's latencies and the memory after it: the resident set, and the number of memory blocks
    Python's allocator holds (what tracemalloc would count, without slowing every call down threefold)."""
    gc.collect()
    return (
        label,
        f"{statistics.median(block) * 1000:.2f} ms",
        f"{_percentile(block, 0.99) * 1000:.2f} ms",
        f"{rss_mb():.0f} MB RSS, {sys.getallocatedblocks() / 1000:.0f} k Python blocks",
    )


def coded_project(articles: int, chance: random.Random):
    """A project of `articles` articles, each already holding CAP of the soak coder's annotations (untimed):
    the session starts in its steady state. Returns the project, the coder and the texts by document id."""
    folder = temp_dir()
    (folder / "in").mkdir()
    project = fresh_project(folder)
    importing.import_paths(project, write_articles(folder / "in", articles))
    coder = annotators.ensure(project, "soak")
    texts = {d.id: documents.get_document(project, d.id)["text"] for d in documents.list_documents(project)}
    for doc, text in texts.items():
        for _ in range(CAP):
            at = chance.randrange(0, len(text) - 10)
            annotations.create_annotation(
                project, annotator_id=coder, document_id=doc, kind=chance.choice(["claim", "figure", "stakeholder"]),
                start=at, end=at + chance.randint(1, 9),
            )  # fmt: skip
    return project, coder, texts


def service_soak(actions: int) -> list[tuple]:
    if not actions:
        return []
    chance = random.Random(5)
    project, coder, texts = coded_project(200, chance)
    ids = sorted(texts)
    rows, block, per_block = [], [], actions // BLOCKS
    for n in range(1, actions + 1):
        doc = chance.choice(ids)
        mine = annotations.annotations_of(project, doc, coder)  # read as the window reads the open article
        roll = chance.random()
        start = time.perf_counter()
        if not mine or (roll < 0.45 and len(mine) < CAP):
            at = chance.randrange(0, len(texts[doc]) - 10)
            kind = chance.choice(["claim", "figure", "stakeholder"])
            stakeholders = [a for a in mine if a["kind"] == "stakeholder"]
            fields = {"claimant": chance.choice(stakeholders)["id"]} if kind == "claim" and stakeholders else {}
            annotations.create_annotation(
                project, annotator_id=coder, document_id=doc, kind=kind, start=at, end=at + chance.randint(1, 9),
                fields=fields,
            )  # fmt: skip
        elif 0.45 <= roll < 0.75:
            row = chance.choice(mine)
            annotations.update_annotation(
                project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"],
                fields={"note": f"soak {n}"} if row["kind"] == "claim" else {},
            )  # fmt: skip
        elif roll < 0.95:  # (below 0.45: an article at the cap, a deletion instead of a creation)
            row = chance.choice(mine)
            annotations.delete_annotation(
                project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"]
            )
        else:
            documents.set_status(project, annotator_id=coder, document_id=doc, status="in_progress", add_seconds=5)
        block.append(time.perf_counter() - start)
        if n % per_block == 0:
            rows.append(_row(f"services, actions {n - per_block + 1:,}–{n:,}", block))
            print(rows[-1], file=sys.stderr, flush=True)  # a long run shows its blocks as it goes
            block = []
    project.close()
    return rows


def _somewhere(chance: random.Random, length: int) -> tuple[int, int]:
    """A span of one to nine characters of a text of `length` characters."""
    at = chance.randrange(0, max(1, length - 10))
    return at, at + chance.randint(1, 9)


def window_soak(actions: int) -> tuple[list[tuple], list[str]]:
    if not actions:
        return [], []
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMessageBox

    said: list[str] = []  # a message box would wait for a click that never comes: counted instead
    # Qt's offscreen platform warns on every resize of a window's size hints; a real display does not.
    qInstallMessageHandler(lambda mode, context, message: "propagateSizeHints" in message or print(message, file=sys.stderr))
    QMessageBox.warning = lambda *args, **kwargs: said.append(str(args[2]))
    QMessageBox.exec = lambda box: said.append(box.text()) or 0

    from annotator.gui.main_window import MainWindow

    chance = random.Random(6)
    project, _, _ = coded_project(50, chance)
    app = QApplication.instance() or QApplication([])
    window = MainWindow(project, "soak")
    window.show()
    window.table.selectRow(0)
    app.processEvents()
    rows, block, per_block = [], [], actions // BLOCKS
    places: dict[int, list[tuple[int, int]]] = {}
    for n in range(1, actions + 1):
        roll = chance.random()
        full = roll < 0.45 and len(window.rows()) >= CAP  # read before the clock starts
        start = time.perf_counter()
        if full or roll >= 0.88:  # the next article
            following = (window.table.currentIndex().row() + 1) % window.model.rowCount()
            window.table.selectRow(following)
        elif roll < 0.45 or window.form.row is None:
            kind = chance.choice(["claim", "figure", "stakeholder"])
            length = len(window.article.displayed_text)
            if kind == "stakeholder":  # one of the article's few names: the registry stops growing
                names = places.setdefault(window.document_id, [_somewhere(chance, length) for _ in range(NAMES)])
                window.article.select_span(*chance.choice(names))
            else:
                window.article.select_span(*_somewhere(chance, length))
            window.annotate(kind)
        elif roll < 0.6:
            window.save_fields({"note": f"soak {n}"} if window.form.row["kind"] == "claim" else {})
        elif roll < 0.7:
            window.delete_current()
        elif roll < 0.8:
            window.undo_stack.undo()
        else:
            window.undo_stack.redo()
        app.processEvents()
        block.append(time.perf_counter() - start)
        if n % per_block == 0:
            rows.append(_row(f"window, actions {n - per_block + 1:,}–{n:,}", block))
            print(rows[-1], file=sys.stderr, flush=True)
            block = []
    window.close()
    project.close()
    return rows, said


def verdict(rows: list[tuple], what: str) -> tuple[str, str, str, str]:
    """The last two blocks against the first two: latency drift and memory growth."""

    def ms(cell: str) -> float:
        return float(cell.split()[0])

    def blocks(cell: str) -> float:
        return float(cell.split(", ")[1].split()[0])

    first = statistics.mean(ms(r[1]) for r in rows[:2])
    last = statistics.mean(ms(r[1]) for r in rows[-2:])
    grown = blocks(rows[-1][3]) - blocks(rows[1][3])
    rss = float(rows[-1][3].split()[0]) - float(rows[1][3].split()[0])
    return (
        f"{what}: last blocks against the first",
        f"{last / first:.2f}× median",
        "",
        f"{rss:+.0f} MB RSS, {grown:+.0f} k blocks",
    )


def main(service_actions: int = 100_000, window_actions: int = 5_000) -> None:
    services = service_soak(service_actions)
    window, said = window_soak(window_actions)
    answered = (
        [("window: message boxes the coder would have had to answer", str(len(said)), "", said[0][:80])] if said else []
    )
    parts = [(rows, what) for rows, what in ((services, "services"), (window, "window")) if rows]  # either may be 0
    table(
        f"Soak: {service_actions:,} service actions and {window_actions:,} window actions",
        [row for rows, what in parts for row in (*rows, verdict(rows, what))] + answered,
        headers=("block", "median", "99th percentile", "memory"),
    )


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:3]])
