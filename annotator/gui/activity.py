"""How long a coder actively works on a document, for the per-document "time spent" (DESIGN §2).

Time counts between the coder's input events (keys, clicks, wheel, mouse movement) in this application;
a gap longer than `idle` counts as `idle` at most, so a lunch break with the article open adds a few
minutes, not an hour. The window takes the count when the coder leaves the document.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
}


class ActivityClock(QObject):
    def __init__(self, parent=None, *, idle: float = 180.0, now: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.idle, self.now = idle, now
        self._seconds = 0.0
        self._last = now()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:
        if event.type() in _INPUT:
            moment = self.now()
            self._seconds += min(max(0.0, moment - self._last), self.idle)
            self._last = moment
        return False

    def take(self) -> int:
        """The whole seconds counted since the last take (the rest carries over); starts a new count."""
        whole = int(self._seconds)
        self._seconds -= whole
        self._last = self.now()
        return whole
