"""No key means two things in one window or dialog: Qt drops a shortcut claimed twice ("Ambiguous shortcut
overload"), which left Redo dead by keyboard on Linux desktops, where the platform's Redo is Ctrl+Shift+Z and
the window named Ctrl+Shift+Z as well. Every window and dialog the coder can open is checked, and the keys
are pressed."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from annotator.gui.main_window import MainWindow
from annotator.services import annotations, importing

from .qt_helpers import coding_window, drag_select

WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _claims(top: QWidget) -> Counter:
    """Each key claimed in `top` by an action or shortcut active across the window, and each key an action
    or shortcut lists twice whatever its context."""
    claims: Counter = Counter()
    for action in top.findChildren(QAction):
        keys = [k.toString() for k in action.shortcuts() if not k.isEmpty()]
        claims.update(f"{k} (twice on {action.text()!r})" for k, n in Counter(keys).items() if n > 1)
        if action.shortcutContext() in WIDE:
            claims.update(keys)
    for shortcut in top.findChildren(QShortcut):
        keys = [k.toString() for k in shortcut.keys() if not k.isEmpty()]  # noqa: SIM118 -- a QShortcut, not a dict
        if shortcut.context() in WIDE:
            claims.update(keys)
    return claims


def _no_key_twice(top: QWidget) -> None:
    twice = sorted(key for key, n in _claims(top).items() if n > 1 or "twice" in key)
    assert twice == [], f"{type(top).__name__}: {twice}"


def test_no_window_or_dialog_claims_a_key_twice(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text("国家统计局发布数据显示，消费增长3.3%。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    _no_key_twice(window)
    openers = [
        window.edit_codebook,
        window.show_statistics,
        window.show_registry,
        window.merge_project,
        window.show_team,
        window.show_agreement,
        window.import_dataset,
        window.adjudicate,
    ]
    for open_it in openers:
        opened = open_it()
        if opened is not None:
            qtbot.addWidget(opened)
            _no_key_twice(opened)
            opened.close()


def test_redo_and_undo_by_their_keys(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text("国家统计局发布数据显示，消费增长3.3%。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    window = coding_window(qtbot, project)
    drag_select(qtbot, window.article, 0, 5)
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    assert len(annotations.annotations_of(project, 1)) == 1
    for press in (
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, 0),
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, 1),
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, 0),
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier, 1),
    ):
        key, modifiers, expected = press
        qtbot.keyClick(window.article, key, modifiers)
        assert len(annotations.annotations_of(project, 1)) == expected, QKeySequence(key | modifiers).toString()


def test_ctrl_e_exports_from_the_search_box_too(qtbot, project, tmp_path):
    """The search box took Ctrl+E as "end of line" (a line edit's Emacs binding on Linux), so nothing happened."""
    from annotator.gui.export_dialog import ExportDialog

    (tmp_path / "a.txt").write_text("国家统计局发布数据显示，消费增长3.3%。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    window = coding_window(qtbot, project)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "abc")
    qtbot.keyClick(window.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ExportDialog)))
    assert window.search.text() == "abc"
