"""Where the program finds its own files and where it keeps the user's.

The repository layout puts `resources/` and `db/` beside the `annotator` package (DESIGN §9); the app is
installed in editable mode from that checkout, so both are found relative to this file.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
MIGRATIONS = ROOT / "db"
DEFAULT_CODEBOOK = RESOURCES / "codebook" / "default.yaml"
DEMO_ARTICLES = RESOURCES / "demo" / "articles.json"
TRANSLATIONS = RESOURCES / "translations"


def user_data_dir() -> Path:
    """The per-user folder holding the default project (e.g. ~/.local/share/annotator)."""
    return Path(platformdirs.user_data_dir("annotator", appauthor=False))


def default_project_path() -> Path:
    return user_data_dir() / "default.annotator.sqlite"


def user_cache_dir() -> Path:
    """Files the program can make again (compiled translations), e.g. ~/.cache/annotator."""
    return Path(platformdirs.user_cache_dir("annotator", appauthor=False))
