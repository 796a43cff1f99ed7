"""PySide6 6.12.0 on Python 3.11 loses a reference to None on every void method call and the interpreter
dies after a few thousand ("Fatal Python error: none_dealloc"). pyproject pins around it; this test makes
the crash visible again if the pin is ever loosened on a bad combination."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit


def test_twenty_thousand_void_calls_do_not_crash(qtbot):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("快手电商𠮷" * 100)
    cursor = QTextCursor(editor.document())
    selection = QTextEdit.ExtraSelection()
    for i in range(20_000):
        cursor.setPosition(i % 500)
        if i % 10 == 0:
            selection.cursor = cursor
            editor.setExtraSelections([selection])
    assert cursor.position() == 19_999 % 500
