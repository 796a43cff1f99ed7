"""Layering rules of DESIGN §9 that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_qt_is_imported_only_under_gui():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "gui" not in p.relative_to(PACKAGE).parts
        and any(n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6") for n in _imports(p))
    ]
    assert offenders == []


def test_gui_never_touches_the_database_directly():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in (PACKAGE / "gui").rglob("*.py")
        if any(n.startswith(("sqlalchemy", "sqlite3", "annotator.storage.models")) for n in _imports(p))
    ]
    assert offenders == []


def test_core_has_no_database_or_qt():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in (PACKAGE / "core").rglob("*.py")
        if any(n.startswith(("sqlalchemy", "annotator.storage", "annotator.services", "PySide6")) for n in _imports(p))
    ]
    assert offenders == []
