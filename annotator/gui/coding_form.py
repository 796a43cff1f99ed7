"""The coding form: the selected annotation's fields, generated from the codebook.

Editors by field type: text and period as line edits, choice and boolean as drop-downs with an empty
entry, multi-choice as a checklist, number as a line edit read as a number, links to other spans as a
drop-down (or checklist) of this document's annotations of the allowed kinds, entity links as a drop-down
of the registry (one model shared by every such drop-down, filled when the registry changes: it can hold
hundreds of thousands of entries, too many to list again for every annotation shown). Return commits (the
window saves through an undoable command), Esc puts the stored values back; a value the services refuse is
shown in red under its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook, Field
from annotator.gui.checklist import checklist, ticked

_BOOLEAN = {"": None, "yes": True, "no": False}


def _entity_item(entity: dict) -> QStandardItem:
    item = QStandardItem(entity["name"])
    item.setData(entity["id"], Qt.ItemDataRole.UserRole)
    item.setToolTip(entity["name"])  # the whole name, where the field cuts it short
    return item


NARROWEST = 12  # characters a drop-down shows at the least; a longer value is cut short with …


def _narrow(combo: QComboBox) -> QComboBox:
    """A drop-down sized to the form, not to its longest item: one 200-character registry name or claim
    text used to widen the form until the article beside it was two characters wide. Long items end in …
    in the field and the list, with the whole text in a tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(NARROWEST)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideRight)
    for row in range(combo.count()):
        if not combo.itemData(row, Qt.ItemDataRole.ToolTipRole):
            combo.setItemData(row, combo.itemText(row), Qt.ItemDataRole.ToolTipRole)
    return combo


class CodingForm(QWidget):
    """Editors for a set of codebook fields: an annotation's (`show_annotation`) or a document's
    (`show_fields` with the codebook's document fields)."""

    committed = Signal(dict)  # the values of every field shown, None for empty

    def __init__(
        self,
        codebook: Codebook,
        parent=None,
        *,
        placeholder: str = "",
        registry: Callable[[], list[dict]] | None = None,
    ) -> None:
        """`registry` reads the entities an entity field offers (id and name of each, in name order): called
        when an entity field is first shown after `forget_registry`, not for every annotation shown."""
        super().__init__(parent)
        self.codebook = codebook
        self.row: dict | None = None
        self._placeholder = placeholder or self.tr("Select text and press a kind's key, or click an annotation.")
        self._defs: tuple[Field, ...] = ()
        self._stored: dict[str, Any] = {}
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._registry = QStandardItemModel(self)
        self._registry.appendRow(QStandardItem(""))
        self._read_registry = registry
        self._registry_stale = registry is not None
        layout = QVBoxLayout(self)
        self.heading = QLabel(self._placeholder)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self._fields = QWidget()
        self._form = QFormLayout(self._fields)
        layout.addWidget(self._fields)
        layout.addStretch(1)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.commit)
        revert = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        revert.activated.connect(self.revert)

    # --- showing ------------------------------------------------------------------------------------

    def forget_registry(self) -> None:
        """The registry may have changed (another article opened, entries edited elsewhere): read it again
        when an entity field is next shown."""
        self._registry_stale = self._read_registry is not None

    def add_entities(self, entities: list[dict]) -> None:
        """Entities just made, put in their places by name (as the registry is read: by code point); a list
        that will be read again anyway is left as it is."""
        if self._registry_stale:
            return
        for entity in entities:
            low, high = 1, self._registry.rowCount()  # row 0 is the empty choice
            while low < high:
                middle = (low + high) // 2
                if self._registry.item(middle).text() <= entity["name"]:
                    low = middle + 1
                else:
                    high = middle
            self._registry.insertRow(low, _entity_item(entity))

    def show_annotation(self, row: dict | None, document_rows: list[dict]) -> None:
        """Build the editors for `row`'s kind and fill them with its stored values."""
        self.row = row
        if row is None:
            self.show_fields(self._placeholder, (), {}, document_rows)
            return
        kind = self.codebook.kind(row["kind"])
        self.show_fields(f"<b>{kind.label}</b> “{row['text']}”", kind.fields, row["fields"], document_rows, row["id"])

    def show_suggestion(self, heading: str, fields, values: dict, document_rows) -> None:
        """A suggestion's proposed values, editable: Return accepts it with what the form then holds."""
        self.row = None
        self.show_fields(heading, fields, values, document_rows)

    def show_fields(self, heading: str, fields, values: dict, document_rows=(), own_id=None) -> None:
        """Build editors for `fields` and fill them with `values`."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self._defs, self._stored = tuple(fields), dict(values)
        self._editors, self._errors = {}, {}
        self.heading.setText(heading)
        for f in self._defs:
            editor = self._editor(f, own_id, document_rows)
            self._set(f, editor, values.get(f.name))
            error = QLabel()
            error.setStyleSheet("color: #c62828")
            error.hide()
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(editor)
            box_layout.addWidget(error)
            self._form.addRow(f.label + (" *" if f.required else ""), box)
            editor.setToolTip(f.help)
            self._editors[f.name], self._errors[f.name] = editor, error

    @property
    def stored_values(self) -> dict[str, Any]:
        return dict(self._stored)

    def _editor(self, f: Field, own_id: int, document_rows: list[dict]) -> QWidget:
        if f.type == "choice":
            combo = QComboBox()
            combo.addItem("", "")
            for choice in f.choices:
                combo.addItem(f.choice_label(choice), choice)
            return _narrow(combo)
        if f.type == "boolean":
            combo = QComboBox()
            for label, data in (("", ""), (self.tr("yes"), "yes"), (self.tr("no"), "no")):
                combo.addItem(label, data)
            return combo
        if f.type == "entity":
            if self._registry_stale:
                self._registry_stale = False
                self._registry.removeRows(1, self._registry.rowCount() - 1)  # row 0 is the empty choice
                for entity in self._read_registry():
                    self._registry.appendRow(_entity_item(entity))
            combo = QComboBox()
            combo.setModel(self._registry)  # shared, not copied (the form owns it; a combo deletes only its own)
            return _narrow(combo)
        if f.type == "span_link":
            targets = [r for r in document_rows if r["kind"] in f.targets and r["id"] != own_id]
            labelled = [(f"{self.codebook.kind(r['kind']).label} “{r['text']}”", r["id"]) for r in targets]
            if f.multiple:
                return checklist(labelled)
            combo = QComboBox()
            combo.addItem("", None)
            for label, annotation_id in labelled:
                combo.addItem(label, annotation_id)
            return _narrow(combo)
        if f.type == "multi_choice":
            return checklist([(f.choice_label(c), c) for c in f.choices])
        edit = QLineEdit()
        edit.returnPressed.connect(self.commit)  # a line edit keeps Return from the form's shortcut
        edit.setPlaceholderText({"period": "2021, 2021-Q3, 2021-H1, 2021-07", "number": self.tr("a number")}.get(f.type, ""))
        return edit

    @staticmethod
    def _set(f: Field, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QComboBox):
            data = {True: "yes", False: "no", None: ""}.get(value, value) if f.type == "boolean" else value
            index = editor.findData(data if data is not None else ("" if f.type in ("choice", "boolean") else None))
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QListWidget):
            chosen = set(value or [])
            for i in range(editor.count()):
                item = editor.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen else Qt.CheckState.Unchecked
                )
        else:
            editor.setText("" if value is None else str(value))

    # --- reading ------------------------------------------------------------------------------------

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

    def values(self) -> dict[str, Any]:
        """Every field's value as the services take it; empty editors give None (clears the value)."""
        return {f.name: self._value(f, self._editors[f.name]) for f in self._defs}

    @staticmethod
    def _value(f: Field, editor: QWidget) -> Any:
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            if f.type == "boolean":
                return _BOOLEAN[data]
            return data if data not in ("", None) else None
        if isinstance(editor, QListWidget):
            return ticked(editor) or None
        text = editor.text().strip()
        if not text:
            return None
        if f.type == "number":
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                return text  # the services say what is wrong, under the field
            return int(number) if number.is_integer() and "." not in text else number
        return text

    # --- committing ---------------------------------------------------------------------------------

    def commit(self) -> None:
        if self._defs:
            self.show_errors({})
            values = self.values()
            # Emitted from the event loop, not from inside the editor's own Return handler: saving rebuilds
            # the form, which must not delete the editor while it is still handling the key.
            QTimer.singleShot(0, lambda: self.committed.emit(values))

    def revert(self) -> None:
        for f in self._defs:
            self._set(f, self._editors[f.name], self._stored.get(f.name))
        self.show_errors({})

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self._errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
