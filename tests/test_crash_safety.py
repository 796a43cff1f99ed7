"""Killing the app (SIGKILL, no chance to clean up) at any moment of a coding session loses at most the
action in flight, and the project opens cleanly afterwards.

A scripted session (tests/gui_session.py, the real main window) runs once to the end on one copy of a
project, printing a digest of the stored work after every action. Copies of the same project are then
coded with the same script and killed at random moments; each killed project must pass SQLite's integrity
and foreign-key checks and hold exactly the work of the last acknowledged action, or of the one after it
(committed, but killed before it could say so).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from annotator.gui.main_window import MainWindow
from annotator.services import importing

from .conftest import SAMPLES
from .kill_sessions import digest, run_killed

SESSION = Path(__file__).with_name("gui_session.py")
STEPS, KILLS, SEED = 40, 10, 7


def _session(path: Path, kill_after: int | None = None, delay: float = 0.0) -> list[str]:
    """Run the window session on `path`; with `kill_after`, SIGKILL it `delay` seconds after that
    acknowledgement. Returns every digest it acknowledged."""
    return run_killed([sys.executable, str(SESSION), str(path), str(SEED), str(STEPS)], kill_after, delay)


@pytest.fixture
def coded_project(sqlite_project, tmp_path):
    """A project file (what a kill can damage is the file: PostgreSQL keeps its own journal)."""
    importing.import_paths(sqlite_project, [SAMPLES])
    sqlite_project.close()
    return sqlite_project.path


def test_sigkill_loses_at_most_the_action_in_flight(coded_project, tmp_path, qtbot):
    reference = _session(shutil.copy(coded_project, tmp_path / "reference.sqlite"))
    assert len(reference) == STEPS and len(set(reference)) > STEPS // 3  # the script does change things
    chance = random.Random(SEED)
    plans = [(i, chance.randint(1, STEPS - 1), chance.uniform(0, 0.03)) for i in range(KILLS)]
    outcomes: dict[int, list[str]] = {}

    def killed_run(i: int, kill_after: int, delay: float) -> None:
        outcomes[i] = _session(shutil.copy(coded_project, tmp_path / f"killed-{i}.sqlite"), kill_after, delay)

    threads = [threading.Thread(target=killed_run, args=plan) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    for i, kill_after, _delay in plans:
        path = tmp_path / f"killed-{i}.sqlite"
        acknowledged = outcomes[i]
        assert acknowledged == reference[: len(acknowledged)] and len(acknowledged) >= kill_after
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = digest(str(path))
        last = len(acknowledged)
        assert stored in reference[last - 1 : last + 1], f"run {i}: killed after {last} acknowledged actions"

    # And the app opens the last killed project as usual, with the coder's work listed.
    from annotator.storage.project import Project

    reopened = Project.open(tmp_path / f"killed-{KILLS - 1}.sqlite")
    window = MainWindow(reopened, "crash-tester")
    qtbot.addWidget(window)
    assert window.model.rowCount() == 4
    window.close()
