"""Start-up to a usable window on a 10,000-article project: a fresh process opens the project, builds the
main window, lists the documents and shows the first article.

    .venv/bin/python benchmarks/startup.py [ARTICLES]
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from common import ROOT, fresh_project, table, temp_dir, write_articles

from annotator.services import importing

CHILD = """
import os, sys, time
start = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from annotator.gui.main_window import MainWindow
from annotator.services import projects
app = QApplication([])
window = MainWindow(projects.open_project({path!r}), "bench")
window.show()
app.processEvents()
assert window.model.rowCount() > 0 and window.article.toPlainText()
print(time.perf_counter() - start)
"""


def main(articles: int = 10_000, runs: int = 5) -> None:
    folder = temp_dir()
    (folder / "in").mkdir()
    project = fresh_project(folder)
    importing.import_paths(project, write_articles(folder / "in", articles))
    project.close()
    code = CHILD.format(root=str(ROOT), path=str(folder / "bench.sqlite"))
    samples = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    table(
        f"Start-up on a {articles:,}-article project (median of {runs}, interpreter start excluded)",
        [
            (
                "imports, project opened, window built, list and first article shown",
                f"{statistics.median(samples):.2f} s",
                "≤ 1.5 s",
            )
        ],
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
