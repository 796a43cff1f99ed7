"""Shared fixtures. Projects are real SQLite files: the schema is built once by running the migrations and
the file is copied for each test (building it per test would dominate the suite's time)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.services import annotators, projects  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"


def shared_texts() -> list[Path]:
    """Every .txt article of the shared corpus and samples (read from ../shared, never copied)."""
    files = sorted(CORPUS.glob("*/*.txt")) + sorted(SAMPLES.glob("*.txt"))
    if not files:
        pytest.skip("../shared is not beside the repository")
    return files


@pytest.fixture(autouse=True)
def isolated_qt_settings(tmp_path_factory, monkeypatch):
    """Window state, settings and compiled translations go to folders of this test run, never to the user's."""
    from PySide6.QtCore import QSettings

    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    # Qt reads XDG_CONFIG_HOME once per process; this points every QSettings made from now on at this test's.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(config))


@pytest.fixture(scope="session")
def template_project(tmp_path_factory) -> Path:
    """An empty migrated project with the default codebook, made once per run."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    projects.init_project(path).close()
    return path


@pytest.fixture
def project_path(template_project, tmp_path) -> Path:
    """A fresh copy of the template project file for this test."""
    path = tmp_path / "project.sqlite"
    shutil.copy(template_project, path)
    return path


@pytest.fixture
def project(project_path):
    opened = Project.open(project_path)
    yield opened
    opened.close()


@pytest.fixture
def alice(project) -> int:
    return annotators.ensure(project, "alice")


@pytest.fixture
def bob(project) -> int:
    return annotators.ensure(project, "bob")


def seqeval_entities(tags: list[str]) -> list[tuple[str, int, int]]:
    """(type, first, last) of each chunk of a tag column as seqeval reads it (BMES as IOBES: M is its I)."""
    from seqeval.metrics.sequence_labeling import get_entities

    return get_entities([t.replace("M-", "I-", 1) for t in tags])
