"""A list of checkable entries (multi-choice fields, evidence links, export filters) and what is ticked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem


def checklist(entries: list[tuple[str, Any]], *, checked: bool = False, rows: int = 5) -> QListWidget:
    """(label, value) entries, all ticked or none; tall enough for `rows` entries before it scrolls."""
    widget = QListWidget()
    for label, value in entries:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(22 * max(2, min(len(entries), rows)) + 6)
    return widget


def ticked(widget: QListWidget) -> list[Any]:
    """The values of the ticked entries, in list order."""
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]
