"""Creating and opening projects as a user sees them: with a codebook, and the default one with a demo."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.core.codebook import CodebookError
from annotator.paths import DEMO_ARTICLES, default_project_path
from annotator.services import codebooks
from annotator.storage.project import Project, ProjectError

ENV_PROJECT = "ANNOTATOR_PROJECT"


def init_project(spec: str | os.PathLike) -> Project:
    """Create a project (file or database URL) with the default codebook; refuses one that exists."""
    text = os.fspath(spec)
    if "://" not in text and Path(text).exists() and Path(text).stat().st_size > 0:
        raise ProjectError(f"{text} exists already; open it with --project {text}")
    project = Project.open(spec, create=True)
    try:
        if project.current_revision() and not _has_codebook(project):
            codebooks.install_default(project)
    except Exception:
        project.close()
        raise
    return project


def _has_codebook(project: Project) -> bool:
    try:
        codebooks.current_codebook(project)
    except CodebookError:
        return False
    return True


def default_spec() -> str:
    return os.environ.get(ENV_PROJECT) or str(default_project_path())


def open_project(spec: str | os.PathLike | None = None) -> Project:
    """Open the named project, or the default one, which is created with the demo articles on first use."""
    if spec is None:
        spec = default_spec()
        path = Path(spec) if "://" not in spec else None
        if path is not None and not path.exists():
            from annotator.services import importing  # only the first time: not loaded at every start-up

            project = init_project(path)
            importing.import_paths(project, [DEMO_ARTICLES])
            return project
    return Project.open(spec)
