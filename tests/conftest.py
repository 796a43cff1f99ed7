"""Shared fixtures. Projects are real SQLite files: the schema is built once by running the migrations and
the file is copied for each test (building it per test would dominate the suite's time)."""

from __future__ import annotations

import inspect
import multiprocessing
import os
import re
import shutil
import signal
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings  # noqa: E402

from annotator.services import annotators, projects  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

# No per-example deadline: on a loaded machine (CI beside other jobs) a conversion of random text took over
# hypothesis's 200 ms and failed a correct test. Slowness is measured by the benchmarks, never by tests.
settings.register_profile("annotator", deadline=None)
settings.load_profile("annotator")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"


def kill_workers() -> list[int]:
    """Kill this process's worker processes at once (SIGKILL, as the kernel kills one when memory runs out);
    their process ids."""
    killed = [child.pid for child in multiprocessing.active_children()]
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    return killed


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
def sqlite_project(project_path):
    """A project that must be an SQLite file (what is tested is the file: pragmas, backups, SQL paths)."""
    opened = Project.open(project_path)
    yield opened
    opened.close()


def _backends() -> list[str]:
    """Where the `project` fixture's tests run: SQLite, and PostgreSQL when it is installed (CI installs it).
    ANNOTATOR_TEST_BACKENDS=sqlite (or postgresql) narrows a run to one."""
    from .pg_server import binaries

    chosen = os.environ.get("ANNOTATOR_TEST_BACKENDS")
    if chosen:
        return [b.strip() for b in chosen.split(",") if b.strip()]
    return ["sqlite", "postgresql"] if binaries() else ["sqlite"]


@pytest.fixture(scope="session")
def pg_server():
    from .pg_server import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A migrated database with the default codebook, copied for each test."""
    url = pg_server.create("annotator_template")
    projects.init_project(url).close()
    return "annotator_template"


_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=_backends())
def project(request, tmp_path, template_project):
    """An empty project with the default codebook: a copy of the template, as an SQLite file or a
    PostgreSQL database of this test's own."""
    if request.param == "sqlite":
        path = tmp_path / "project.sqlite"
        shutil.copy(template_project, path)
        opened = Project.open(path)
        yield opened
        opened.close()
        return
    server = request.getfixturevalue("pg_server")
    name = f"test_{next(_databases)}"
    opened = Project.open(server.create(name, template=request.getfixturevalue("pg_template")))
    yield opened
    opened.close()
    server.drop(name)


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


# --- tests that read ../shared --------------------------------------------------------------------------
# The team's corpus, samples and datasets live in ../shared, beside the repository, and are never copied
# into it. A clone without them (anyone outside the team) skips the tests that read them, with the reason;
# every behaviour they cover also has a test on text the tests write themselves.
_SHARED_WORDS = re.compile(r"\b(?:CORPUS|SAMPLES|SHARED\w*|shared_texts)\b")
_SKIP_SHARED = pytest.mark.skip(reason="reads ../shared (the team's corpus and datasets), which is not beside this clone")


def _source(function) -> str:
    function = getattr(function, "_get_wrapped_function", lambda: function)()  # a fixture: its function
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


def _names_reading_shared(module) -> set[str]:
    """The module's functions (and fixtures) that read ../shared, directly or through one another."""
    functions = {
        name: _source(value)
        for name, value in vars(module).items()
        if inspect.isfunction(value) or hasattr(value, "_get_wrapped_function")
    }
    reading = {name for name, source in functions.items() if _SHARED_WORDS.search(source)}
    while True:
        more = {
            name
            for name, source in functions.items()
            if name not in reading and any(re.search(rf"\b{re.escape(other)}\b", source) for other in reading)
        }
        if not more:
            return reading
        reading |= more


def pytest_collection_modifyitems(config, items) -> None:
    if CORPUS.is_dir():
        return
    by_module: dict[str, set[str]] = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is None:
            continue
        reading = by_module.setdefault(module.__name__, _names_reading_shared(module))
        uses = set(getattr(item, "fixturenames", ())) | {getattr(item, "originalname", item.name)}
        if uses & reading or _SHARED_WORDS.search(_source(getattr(item, "function", None))):
            item.add_marker(_SKIP_SHARED)
