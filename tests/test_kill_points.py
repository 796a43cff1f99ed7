"""SIGKILL at 50 random moments of an import and of a coding session (each in its own process, on its own
copy of the project): every killed project passes SQLite's integrity and foreign-key checks, holds every
action acknowledged before the kill (and at most the one in flight besides), has no half-stored document
or orphan row, and importing the same files again adds nothing twice.

(test_crash_safety does the same through the real window, fewer times: a window takes longer to start.)
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from annotator.services import importing
from annotator.services.import_results import DUPLICATE, IMPORTED
from annotator.storage.project import Project

from .conftest import CORPUS, SAMPLES, shared_texts
from .kill_sessions import digest, run_killed

SCRIPT = Path(__file__).with_name("kill_sessions.py")
KILLS, PARALLEL, SEED, STEPS = 50, 4, 11, 30

pytestmark = pytest.mark.slow


def _run(args: list[str], kill_after: int | None = None, delay: float = 0.0) -> list[str]:
    return run_killed([sys.executable, str(SCRIPT), *args], kill_after, delay)


def _killed_copies(template: Path, folder: Path, steps: int, args) -> list[tuple[Path, int, list[str]]]:
    """KILLS copies of the project, each worked on by a session killed at a random moment."""
    chance = random.Random(SEED)
    plans = [(i, chance.randint(0, steps - 1), chance.uniform(0, 0.05)) for i in range(KILLS)]

    def one(plan):
        i, kill_after, delay = plan
        path = shutil.copy(template, folder / f"killed-{i}.sqlite")
        return path, kill_after, _run(args(path), kill_after, delay)

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(one, plans))


def _sound(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.fixture
def articles(tmp_path) -> Path:
    """Thirty real articles (corpus and samples), one file each."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for file in shared_texts()[:30]:
        shutil.copy(file, folder / f"{file.parent.name}-{file.name}")
    return folder


def test_an_import_killed_anywhere_keeps_every_acknowledged_article_whole(sqlite_project, articles, tmp_path):
    template = sqlite_project.path
    sqlite_project.close()
    files = sorted(p.name for p in articles.iterdir())
    runs = _killed_copies(template, tmp_path, len(files), lambda path: ["import", str(path), str(articles)])
    assert any(0 < len(done) < len(files) for _, _, done in runs)  # the kills did land mid-import
    for path, kill_after, done in runs:
        assert done == files[: len(done)] and len(done) >= kill_after
        _sound(path)
        with sqlite3.connect(path) as connection:
            stored = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
            assert len(done) <= stored <= len(done) + 1  # the acknowledged ones, and perhaps the one in flight
            # No half document: each has its text, hash, search row and import record.
            whole = connection.execute(
                "SELECT count(*) FROM documents d WHERE length(d.text) = d.length AND d.content_hash != '' "
                "AND EXISTS (SELECT 1 FROM document_search s WHERE s.rowid = d.id) "
                "AND EXISTS (SELECT 1 FROM import_records r WHERE r.document_id = d.id)"
            ).fetchone()[0]
            assert whole == stored
            orphans = connection.execute(
                "SELECT count(*) FROM document_search WHERE rowid NOT IN (SELECT id FROM documents)"
            ).fetchone()[0]
            assert orphans == 0
        project = Project.open(path)
        try:
            again = importing.import_paths(project, [articles])
        finally:
            project.close()
        assert again.count(DUPLICATE) == stored and again.count(IMPORTED) == len(files) - stored
        with sqlite3.connect(path) as connection:
            assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == len(files)


def test_a_coding_session_killed_anywhere_loses_at_most_the_action_in_flight(sqlite_project, tmp_path):
    importing.import_paths(sqlite_project, [SAMPLES, next(CORPUS.glob("simplified"))])
    template = sqlite_project.path
    sqlite_project.close()
    reference = _run(["coding", str(shutil.copy(template, tmp_path / "reference.sqlite")), str(SEED), str(STEPS)])
    assert len(reference) == STEPS and len(set(reference)) > STEPS // 2  # the script does change things
    runs = _killed_copies(template, tmp_path, STEPS, lambda path: ["coding", str(path), str(SEED), str(STEPS)])
    assert any(0 < len(done) < STEPS for _, _, done in runs)
    for path, kill_after, done in runs:
        assert done == reference[: len(done)] and len(done) >= kill_after
        _sound(path)
        states = [digest(str(template)), *reference]  # before any action, then after each
        assert digest(str(path)) in states[len(done) : len(done) + 2]
