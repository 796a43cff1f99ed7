"""Where the program finds its own files and where it keeps the user's.

The repository keeps `resources/` and `db/` beside the `annotator` package; a built wheel carries them
inside it, as `annotator/resources` and `annotator/db` (pyproject maps them). From a checkout (an editable
install, the tests) they are found beside this package, installed through importlib.resources.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parent.parent


def _own_folder(folder: str, marker: str) -> Path:
    """`folder` of the checkout when this package runs from one (it holds `marker`), else the installed copy."""
    checkout = ROOT / folder
    if (checkout / marker).exists():
        return checkout
    return Path(str(resources.files("annotator"))) / folder  # a plain folder there (no __init__.py)


RESOURCES = _own_folder("resources", "codebook/default.yaml")
MIGRATIONS = _own_folder("db", "env.py")
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
