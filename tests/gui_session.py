"""A scripted coding session in the real main window, run as its own process by test_crash_safety.

Usage: python gui_session.py PROJECT SEED STEPS. The same seed gives the same actions on the same project,
so a run that is killed can be compared with one that was not. After each action has returned (and so has
been committed, if it is ever going to be), the session prints "ACK n DIGEST" with a digest of everything
the project holds of the coder's work.
"""

from __future__ import annotations

import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from kill_sessions import digest  # noqa: E402


def main(path: str, seed: int, steps: int) -> None:
    app = QApplication([])
    QMessageBox.warning = lambda *args: print("WARNING", args[2], flush=True)  # a stale edit would be a bug here
    project = Project.open(path)
    window = MainWindow(project, "crash-tester")
    window.show()
    app.processEvents()
    chance = random.Random(seed)
    for step in range(1, steps + 1):
        text_length = len(window.article.displayed_text)
        roll = chance.random()
        if roll < 0.45 or window.form.row is None:
            start = chance.randrange(0, max(1, text_length - 8))
            window.article.select_span(start, start + chance.randint(1, 8))
            window.annotate(chance.choice(["claim", "figure", "stakeholder"]))
        elif roll < 0.6:
            row = window.form.row
            field = next((f for f in window.codebook.kind(row["kind"]).fields if f.type == "choice"), None)
            window.save_fields({field.name: chance.choice(field.choices)})
        elif roll < 0.7:
            window.delete_current()
        elif roll < 0.8:
            window.undo_stack.undo()
        elif roll < 0.87:
            window.undo_stack.redo()
        elif roll < 0.93:
            window.move_edge("end", 1)
        else:
            window.mark_done_and_next()
        app.processEvents()
        print(f"ACK {step} {digest(path)}", flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
