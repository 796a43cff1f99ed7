"""The filters above the document list: the coder's status, annotated kind, outlet and a publication date
range. They only describe what the list should show; the list model asks the services."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QGridLayout, QLabel, QToolButton, QWidget

from annotator.core.codebook import Codebook
from annotator.gui.translations import fill

# Where a date box shows "any": Qt shows the special value text at the minimum date.
_ANY_DAY = QDate(1900, 1, 1)


class DocumentFilters(QWidget):
    changed = Signal(dict)  # keyword arguments for DocumentListModel.set_filters

    def __init__(self, codebook: Codebook, parent=None) -> None:
        super().__init__(parent)
        self.status = QComboBox(toolTip=self.tr("Your status on the document"))
        for label, value in (
            (self.tr("All documents"), ""),
            (self.tr("Unfinished"), "unfinished"),
            (self.tr("New"), "new"),
            (self.tr("In progress"), "in_progress"),
            (self.tr("Done"), "done"),
            (self.tr("Skipped"), "skipped"),
        ):
            self.status.addItem(label, value)
        self.kind = QComboBox(toolTip=self.tr("Documents where you annotated this kind"))
        self.kind.addItem(self.tr("Any annotations"), "")
        for kind in codebook.kinds:
            self.kind.addItem(fill(self.tr("With %1 annotations"), kind.label), kind.name)
        self.outlet = QComboBox(toolTip=self.tr("Outlet (publisher) of the document"))
        self.date_from, self.date_to = self._date_box(), self._date_box()
        self.queue = QCheckBox(toolTip=self.tr("The documents assigned to you"))
        self.queue.hide()  # shown when the coder has a queue
        self._coder: int | None = None

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.status, 0, 0, 1, 2)
        grid.addWidget(self.kind, 0, 2, 1, 3)
        grid.addWidget(self.outlet, 1, 0, 1, 5)
        grid.addWidget(QLabel(self.tr("Published")), 2, 0)
        grid.addWidget(self.date_from, 2, 1)
        grid.addWidget(QLabel(self.tr("to")), 2, 2)
        grid.addWidget(self.date_to, 2, 3)
        self.any_day = QToolButton(text="×", toolTip=self.tr("Any publication date"), autoRaise=True)
        self.any_day.clicked.connect(self.clear_dates)
        grid.addWidget(self.any_day, 2, 4)
        grid.addWidget(self.queue, 3, 0, 1, 5)
        self.queue.toggled.connect(self._emit)
        for combo in (self.status, self.kind, self.outlet):
            combo.currentIndexChanged.connect(self._emit)
        for box in (self.date_from, self.date_to):
            box.dateChanged.connect(self._emit)

    def _date_box(self) -> QDateEdit:
        box = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        box.setMinimumDate(_ANY_DAY)
        box.setSpecialValueText(self.tr("any day"))
        box.setDate(_ANY_DAY)
        box.setToolTip(self.tr("Both days included"))
        return box

    def clear_dates(self) -> None:
        for box in (self.date_from, self.date_to):
            box.blockSignals(True)
            box.setDate(_ANY_DAY)
            box.blockSignals(False)
        self._emit()

    def set_outlets(self, outlets: list[tuple[str, int]]) -> None:
        """Offer the project's outlets (name, number of documents); the chosen one stays chosen if still there."""
        chosen = self.outlet.currentData()
        self.outlet.blockSignals(True)
        self.outlet.clear()
        self.outlet.addItem(self.tr("Every outlet"), "")
        for name, count in outlets:
            self.outlet.addItem(f"{name} ({count:,})", name)
        self.outlet.setCurrentIndex(max(0, self.outlet.findData(chosen)))
        self.outlet.blockSignals(False)

    def set_queue(self, coder: int, size: int) -> None:
        """Offer the coder's queue (documents assigned to them), chosen from the start, when they have one."""
        self._coder = coder
        self.queue.blockSignals(True)
        self.queue.setText(fill(self.tr("Only my queue (%1 documents)"), f"{size:,}"))
        self.queue.setVisible(size > 0)
        self.queue.setChecked(size > 0)
        self.queue.blockSignals(False)

    def values(self) -> dict:
        def day(box: QDateEdit) -> str:
            return "" if box.date() == _ANY_DAY else box.date().toString("yyyy-MM-dd")

        return {
            "status": self.status.currentData(),
            "has_kind": self.kind.currentData(),
            "outlet": self.outlet.currentData(),
            "published_from": day(self.date_from),
            "published_to": day(self.date_to),
            "assigned_to": self._coder if self.queue.isChecked() else None,
        }

    def _emit(self) -> None:
        self.changed.emit(self.values())
