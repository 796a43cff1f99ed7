"""This document's annotations, one tab per kind, in text order: click (or move with the arrow keys) to
select one, which the window then shows in the coding form and the article."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTabWidget

from annotator.core.codebook import Codebook
from annotator.gui.field_text import values_line


class AnnotationLists(QTabWidget):
    annotationChosen = Signal(int)

    def __init__(self, codebook: Codebook, parent=None) -> None:
        super().__init__(parent)
        self._lists: dict[str, QListWidget] = {}
        self._labels = {k.name: k.label for k in codebook.kinds}
        self._kinds = {k.name: k for k in codebook.kinds}
        for kind in codebook.kinds:
            widget = QListWidget()
            widget.currentItemChanged.connect(self._chosen)
            self._lists[kind.name] = widget
            self.addTab(widget, kind.label)

    def set_rows(self, rows: list[dict], current: int | None = None) -> None:
        """Show the annotations (rows in text order) and mark the current one without re-announcing it."""
        counts = dict.fromkeys(self._lists, 0)
        for widget in self._lists.values():
            widget.blockSignals(True)
            widget.clear()
        for row in rows:
            widget = self._lists.get(row["kind"])
            if widget is None:
                continue
            values = values_line(self._kinds[row["kind"]], row["fields"], names=False)
            item = QListWidgetItem(f"“{row['text']}”" + (f"  {values}" if values else ""))
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            widget.addItem(item)
            counts[row["kind"]] += 1
            if row["id"] == current:
                widget.setCurrentItem(item)
                self.setCurrentWidget(widget)
        for index, (name, widget) in enumerate(self._lists.items()):
            widget.blockSignals(False)
            self.setTabText(index, f"{self._labels[name]} ({counts[name]})")

    def list_of(self, kind: str) -> QListWidget:
        return self._lists[kind]

    def _chosen(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.annotationChosen.emit(current.data(Qt.ItemDataRole.UserRole))
