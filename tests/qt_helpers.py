"""Driving Qt widgets as a person does: typing Chinese through an input method, selecting with the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit


def type_chinese(widget, text: str) -> None:
    """Type as a Chinese input method does: it commits the composed characters in one event.
    (QTest.keyClicks only knows ASCII keys; it aborts on 快.)"""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def point_of(view: QPlainTextEdit, qt_position: int) -> QPoint:
    """Where on screen the character at a Qt (UTF-16) position starts."""
    cursor = view.textCursor()
    cursor.setPosition(qt_position)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag_select(qtbot, view: QPlainTextEdit, qt_start: int, qt_end: int) -> None:
    """Press at one character, drag to another, release: a selection made with the mouse."""
    start = point_of(view, qt_start)
    end = point_of(view, qt_end)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def click_at(qtbot, view: QPlainTextEdit, qt_position: int) -> None:
    point = point_of(view, qt_position)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x() + 1, point.y()))


def coding_window(qtbot, project, name: str = "alice"):
    """The main window as a coder starts with it: shown, active, the article focused (so kind keys work)."""
    from annotator.gui.main_window import MainWindow

    window = MainWindow(project, name)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.article.setFocus()
    qtbot.waitUntil(lambda: not window.suggesting.reading_names)  # the stakeholder names have arrived
    return window
