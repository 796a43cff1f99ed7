"""Opening an article in the article view until it is fully highlighted and painted.

QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/article_view.py
"""

from __future__ import annotations

import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import corpus_texts, table  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core import codebook as cb  # noqa: E402
from annotator.gui.article_view import ArticleView, Span  # noqa: E402
from annotator.paths import DEFAULT_CODEBOOK  # noqa: E402


def article(chars: int) -> str:
    text = "".join(corpus_texts())
    return (text * (chars // len(text) + 1))[:chars]


def spans(text: str, count: int) -> list[Span]:
    rng = random.Random(3)
    kinds = ("claim", "figure", "stakeholder")
    out = []
    for i in range(count):
        start = rng.randrange(0, len(text) - 30)
        out.append(Span(i, kinds[i % 3], start, start + rng.randint(2, 30), "span"))
    return out


def measure(view: ArticleView, app: QApplication, text: str, annotations: list[Span], book, layer: str) -> float:
    start = time.perf_counter()
    view.show_document(text, annotations, book, layer)
    view.viewport().repaint()
    app.processEvents()
    return time.perf_counter() - start


def scroll_frame(view: ArticleView, app: QApplication) -> float:
    """Median time to jump a fortieth of the document, bring its highlights and repaint."""
    bar = view.verticalScrollBar()
    times = []
    for value in range(0, bar.maximum(), max(1, bar.maximum() // 40)):
        start = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - start)
    return statistics.median(times) if times else 0.0


def main() -> None:
    app = QApplication.instance() or QApplication([])
    book = cb.load(DEFAULT_CODEBOOK)
    view = ArticleView()
    view.resize(900, 800)
    view.show()
    rows = []
    for chars, count, target in ((5_000, 100, "≤ 30 ms"), (300_000, 5_000, "≤ 300 ms")):
        text = article(chars)
        marks = spans(text, count)
        for layer in ("stored", "t2s"):
            samples = [measure(view, app, text, marks, book, layer) for _ in range(5)]
            rows.append(
                (
                    f"open {chars:,} characters, {count:,} annotations ({layer})",
                    f"{statistics.median(samples) * 1000:.0f} ms",
                    target,
                )
            )
        rows.append(
            (
                f"jump 1/40 of the {chars:,}-character article, re-highlight and repaint",
                f"{scroll_frame(view, app) * 1000:.1f} ms",
                "smooth",
            )
        )
    for chars in (745_011, 8_100_000):  # a scraped page with no line breaks, as large as an import accepts
        text = article(chars).replace("\n", " ")
        samples = [measure(view, app, text, spans(text, 50), book, "stored") for _ in range(3)]
        rows.append(
            (
                f"open one line of {chars:,} characters (cut for display)",
                f"{statistics.median(samples) * 1000:.0f} ms",
                "≤ 1 s",
            )
        )
    table("Article view (offscreen, median of 5; one-line articles median of 3)", rows)


if __name__ == "__main__":
    main()
