"""Other coders' work in the window (DESIGN §8): their annotations beside the coder's own, drawn apart and
never edited here, when blind mode allows it; and live refresh: every few seconds the window asks the audit
log what others changed (in other windows, processes or machines) and redraws the open article, lists new
documents and re-reads blind mode when a lead changed it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction

from annotator.gui.article_view import Span
from annotator.gui.field_text import span_of
from annotator.gui.translations import fill
from annotator.services import annotations, annotators, recent_changes, team
from annotator.services.errors import Unreachable

POLL_MS = 3000  # how often the window asks what others changed: a cheap query on the audit log's key


class OthersWork(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.allowed = team.sees_others(window.project, window.annotator_id)
        self.action = QAction(self.tr("Show &other coders' annotations"), self, checkable=True)
        self.action.setChecked(QSettings("annotator", "settings").value("view/others", True, type=bool))
        self.action.setEnabled(self.allowed)
        self.action.toggled.connect(self._toggled)
        self._names: dict[int, str] = {}
        self._shown: dict[int, Span] = {}  # the other coders' annotations drawn in the open article
        self._last = recent_changes.last_change(window.project)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    @property
    def shown(self) -> bool:
        return self.allowed and self.action.isChecked()

    def _toggled(self, on: bool) -> None:
        QSettings("annotator", "settings").setValue("view/others", on)
        self.window.refresh_highlights()

    def spans(self, document_id: int | None) -> list[Span]:
        """The other coders' annotations of the document, when they may be and are to be shown."""
        if document_id is None or not self.shown:
            return []
        w = self.window
        rows = [r for r in annotations.annotations_of(w.project, document_id) if r["annotator_id"] != w.annotator_id]
        if any(r["annotator_id"] not in self._names for r in rows):
            self._names = annotators.names(w.project)
        self._shown = {}
        for row in rows:
            span = span_of(row, w.codebook)
            summary = fill(self.tr("%1: %2"), self._names[row["annotator_id"]], span.summary)
            self._shown[row["id"]] = Span(span.id, span.kind, span.start, span.end, summary, other=True)
        return list(self._shown.values())

    def summary(self, annotation_id: int) -> str:
        """What the status bar says when another coder's annotation is clicked: whose it is and what."""
        span = self._shown.get(annotation_id)
        return span.summary if span else ""

    def poll(self) -> None:
        """Ask what changed since the last poll and show it; the coder's own open form is left alone."""
        w = self.window
        try:
            since = recent_changes.changed_since(w.project, self._last, by_others_than=w.annotator_id)
        except Unreachable:  # the server is out of reach for now: say so, and ask again at the next poll
            w.statusBar().showMessage(self.tr("Cannot reach the project's database; trying again…"), POLL_MS)
            return
        self._last = since.last
        if since.team_changed:
            allowed = team.sees_others(w.project, w.annotator_id)
            if allowed != self.allowed:
                self.allowed = allowed
                self.action.setEnabled(allowed)
                w.statusBar().showMessage(
                    self.tr("Blind mode ended: other coders' work can be shown")
                    if allowed
                    else self.tr("Blind mode: you see your own work only"),
                    8000,
                )
                w.refresh_highlights()
        if since.documents_added:
            w.documents_arrived()
        if w.document_id is not None and w.document_id in since.documents:
            w.refresh_from_elsewhere()
