"""The entity registry: every entity with its type, names and number of linked spans; add a name, merge
two entities, split names off into a new one, or annotate every mention of one across the project (the
window runs that as an undoable action). Every change goes through the services and is audited."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.gui.translations import fill
from annotator.services import entities, registry
from annotator.services.errors import ServiceError
from annotator.storage.project import Project


class RegistryDialog(QDialog):
    annotateMentions = Signal(int, str)  # entity id and name: the window annotates them, undoably

    def __init__(self, project: Project, annotator_id: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Entity registry"))
        self.resize(760, 480)
        self.project, self.annotator_id = project, annotator_id
        self.rows: list[dict] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Type"), self.tr("Names"), self.tr("Spans")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Add a &name…"), self.add_alias),
            (self.tr("&Merge into…"), self.merge),
            (self.tr("&Split names off…"), self.split),
            (self.tr("Annotate all &mentions"), self._annotate_mentions),
            (self.tr("&Delete unused entry"), self.delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        chosen = self.selected()
        self.rows = entities.entity_overview(self.project, viewer=self.annotator_id)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row["name"], row["type"] or "", " · ".join(row["aliases"]), str(row["spans"]))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            if chosen and row["id"] == chosen["id"]:
                self.table.selectRow(r)
        self.status.setText(fill(self.tr("%1 entities"), len(self.rows)))

    def selected(self) -> dict | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_entity(self, entity_id: int) -> None:
        for r, row in enumerate(self.rows):
            if row["id"] == entity_id:
                self.table.selectRow(r)

    def _needs_selection(self) -> dict | None:
        chosen = self.selected()
        if chosen is None:
            self.status.setText(self.tr("Choose an entity in the table first"))
        return chosen

    def _apply(self, call) -> bool:
        try:
            call()
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Registry"), str(exc))
            return False
        self.reload()
        return True

    def add_alias(self, alias: str | None = None) -> None:
        chosen = self._needs_selection()
        if chosen is None:
            return
        if alias is None:
            alias, ok = QInputDialog.getText(
                self, self.tr("Add a name"), fill(self.tr("Another name of %1:"), chosen["name"])
            )
            if not ok:
                return
        self._apply(
            lambda: entities.add_alias(self.project, annotator_id=self.annotator_id, entity_id=chosen["id"], alias=alias)
        )

    def delete(self) -> None:
        """Delete the chosen entry, which no span may link to (the services refuse one that is linked)."""
        chosen = self._needs_selection()
        if chosen is None:
            return
        if self._apply(lambda: entities.delete_entity(self.project, annotator_id=self.annotator_id, entity_id=chosen["id"])):
            self.status.setText(fill(self.tr("Deleted %1"), chosen["name"]))

    def merge(self, into_id: int | None = None) -> None:
        """Fold the chosen entity into another one (its names move over, its spans are relinked)."""
        chosen = self._needs_selection()
        if chosen is None:
            return
        if into_id is None:
            others = [r for r in self.rows if r["id"] != chosen["id"]]
            labels = [f"{r['name']} ({r['type'] or '—'})" for r in others]
            label, ok = QInputDialog.getItem(
                self, self.tr("Merge"), fill(self.tr("Merge %1 into:"), chosen["name"]), labels, editable=False
            )
            if not ok or not labels:
                return
            into_id = others[labels.index(label)]["id"]
        self._apply(
            lambda: entities.merge_entities(
                self.project, annotator_id=self.annotator_id, keep_id=into_id, merge_id=chosen["id"]
            )
        )

    def split(self, names: list[str] | None = None) -> None:
        """Move some of the chosen entity's names (and the spans that use them) to a new entity."""
        chosen = self._needs_selection()
        if chosen is None:
            return
        if names is None:
            text, ok = QInputDialog.getText(
                self,
                self.tr("Split names off"),
                fill(self.tr("Names of %1 that belong to another entity (separated by commas):"), chosen["name"]),
            )
            if not ok:
                return
            names = [n.strip() for n in text.replace("，", ",").split(",") if n.strip()]
        self._apply(
            lambda: registry.split_entity(
                self.project, annotator_id=self.annotator_id, entity_id=chosen["id"], aliases=names
            )
        )

    def _annotate_mentions(self) -> None:
        chosen = self._needs_selection()
        if chosen is not None:
            self.annotateMentions.emit(chosen["id"], chosen["name"])
            self.reload()
