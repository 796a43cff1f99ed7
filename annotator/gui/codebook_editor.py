"""The codebook editor: kinds and their fields in a tree, each edited in a form beside it; add, remove and
reorder them, rename anything. Saving installs the next codebook version through the services: renames
carry coded values with them; removing something coded values use asks first, and deletes those values only
when the coder says so."""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import FIELD_TYPES
from annotator.core.codebook_changes import DOCUMENT, Migration
from annotator.gui.translations import fill
from annotator.services import codebooks
from annotator.services.errors import ServiceError
from annotator.storage.project import Project

ROLE = Qt.ItemDataRole.UserRole
UNDERLINES = ("solid", "dash", "dot", "wave")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class CodebookEditor(QDialog):
    def __init__(self, project: Project, annotator_id: int | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Codebook"))
        self.resize(900, 560)
        self.project, self.annotator_id = project, annotator_id
        self.version, _ = codebooks.current_codebook(project)
        self.original = codebooks.export_definition(project)
        self.definition = copy.deepcopy(self.original)
        # Where everything came from, to tell renames from new things when saving: id(dict) -> old path.
        self._origin: dict[int, str] = {}
        for kind in self.definition["kinds"]:
            self._origin[id(kind)] = kind["name"]
            for f in kind.get("fields", []):
                self._origin[id(f)] = f"{kind['name']}.{f['name']}"
        for f in self.definition.setdefault("document_fields", []):
            self._origin[id(f)] = f"{DOCUMENT}.{f['name']}"
        self.installed = False

        self.tree = QTreeWidget(headerHidden=True)
        self.tree.currentItemChanged.connect(self._show)
        self.pages = QStackedWidget()
        self.kind_page, self.field_page = KindPage(self), FieldPage(self)
        self.pages.addWidget(QLabel(self.tr("Choose a kind or a field on the left.")))
        self.pages.addWidget(self.kind_page)
        self.pages.addWidget(self.field_page)
        tools = QHBoxLayout()
        for text, slot in (
            (self.tr("Add &kind"), self.add_kind),
            (self.tr("Add &field"), self.add_field),
            (self.tr("&Remove"), self.remove),
            (self.tr("Move &up"), lambda: self.move(-1)),
            (self.tr("Move &down"), lambda: self.move(1)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.pages)
        split.setSizes([300, 600])
        self.message = QLabel(fill(self.tr("Saving installs version %1 of the codebook."), self.version + 1))
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._fill_tree()

    # --- the tree -----------------------------------------------------------------------------------

    def _fill_tree(self, select: dict | None = None) -> None:
        self.tree.clear()
        chosen = None
        for kind in self.definition["kinds"]:
            item = QTreeWidgetItem([self._kind_text(kind)])
            item.setData(0, ROLE, ("kind", kind))
            self.tree.addTopLevelItem(item)
            chosen = item if kind is select else chosen
            for f in kind.setdefault("fields", []):
                child = QTreeWidgetItem([self._field_text(f)])
                child.setData(0, ROLE, ("field", f))
                item.addChild(child)
                chosen = child if f is select else chosen
        document = QTreeWidgetItem([self.tr("Document fields")])
        document.setData(0, ROLE, ("document", None))
        self.tree.addTopLevelItem(document)
        for f in self.definition["document_fields"]:
            child = QTreeWidgetItem([self._field_text(f)])
            child.setData(0, ROLE, ("field", f))
            document.addChild(child)
            chosen = child if f is select else chosen
        self.tree.expandAll()
        if chosen is not None:
            self.tree.setCurrentItem(chosen)

    @staticmethod
    def _kind_text(kind: dict) -> str:
        return f"{kind.get('label') or kind['name']}  [{kind.get('key', '')}]"

    @staticmethod
    def _field_text(f: dict) -> str:
        return f"{f.get('label') or f['name']}  ({f['type']})"

    def refresh_item(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            what, data = item.data(0, ROLE)
            if what == "kind":
                item.setText(0, self._kind_text(data))
            elif what == "field":
                item.setText(0, self._field_text(data))

    def _show(self, item, _previous=None) -> None:
        what, data = item.data(0, ROLE) if item is not None else (None, None)
        if what == "kind":
            self.kind_page.load(data)
            self.pages.setCurrentWidget(self.kind_page)
        elif what == "field":
            self.field_page.load(data, self.definition["kinds"])
            self.pages.setCurrentWidget(self.field_page)
        else:
            self.pages.setCurrentIndex(0)

    def _container(self) -> tuple[list, dict | None]:
        """The list the current item lives in (kinds, a kind's fields, document fields) and the item."""
        item = self.tree.currentItem()
        if item is None:
            return self.definition["kinds"], None
        what, data = item.data(0, ROLE)
        if what == "kind":
            return self.definition["kinds"], data
        if what == "document":
            return self.definition["document_fields"], None
        parent_what, parent = item.parent().data(0, ROLE)
        return (parent["fields"] if parent_what == "kind" else self.definition["document_fields"]), data

    # --- editing the structure ------------------------------------------------------------------------

    def add_kind(self, name: str | None = None) -> dict:
        name = name or self._new_name(self.tr("New kind"), self.tr("Name of the kind (lower_case):"))
        if not name:
            return {}
        kind = {
            "name": name,
            "label": name.replace("_", " ").capitalize(),
            "key": "",
            "colour": "#6a1b9a",
            "underline": "dot",
            "fields": [],
        }
        self.definition["kinds"].append(kind)
        self._fill_tree(select=kind)
        return kind

    def add_field(self, name: str | None = None, type: str = "text") -> dict:
        item = self.tree.currentItem()
        if item is None:
            self.message.setText(self.tr("Choose the kind (or Document fields) the field belongs to."))
            return {}
        what, data = item.data(0, ROLE)
        if what == "field":
            what, data = item.parent().data(0, ROLE)
        fields = data["fields"] if what == "kind" else self.definition["document_fields"]
        name = name or self._new_name(self.tr("New field"), self.tr("Name of the field (lower_case):"))
        if not name:
            return {}
        f = {"name": name, "type": type}
        if type in ("choice", "multi_choice"):
            f["choices"] = []
        fields.append(f)
        self._fill_tree(select=f)
        return f

    def _new_name(self, title: str, prompt: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, prompt)
        if ok and not _NAME.match(name.strip()):
            QMessageBox.warning(self, title, self.tr("Names are lower_case_with_underscores, starting with a letter."))
            return None
        return name.strip() if ok else None

    def remove(self) -> None:
        container, data = self._container()
        if data is not None:
            container.remove(data)
            self._fill_tree()

    def move(self, step: int) -> None:
        container, data = self._container()
        if data is None:
            return
        index = container.index(data)
        target = index + step
        if 0 <= target < len(container):
            container[index], container[target] = container[target], container[index]
            self._fill_tree(select=data)

    # --- saving -------------------------------------------------------------------------------------

    def _migration(self) -> tuple[Migration, set[str]]:
        """Renames of what still exists under another name, and the old paths of what was removed."""
        renames: dict[str, str] = {}
        kept: set[str] = set()
        for kind in self.definition["kinds"]:
            old = self._origin.get(id(kind))
            if old:
                kept.add(old)
                if old != kind["name"]:
                    renames[old] = kind["name"]
            for f in kind["fields"]:
                self._field_migration(f, old or kind["name"], renames, kept)
        for f in self.definition["document_fields"]:
            self._field_migration(f, DOCUMENT, renames, kept)
        removed = set()
        for kind in self.original["kinds"]:
            if kind["name"] not in kept:
                removed.add(kind["name"])
            for f in kind.get("fields", []):
                path = f"{kind['name']}.{f['name']}"
                if path not in kept:
                    removed.add(path)
        for f in self.original.get("document_fields", []):
            if f"{DOCUMENT}.{f['name']}" not in kept:
                removed.add(f"{DOCUMENT}.{f['name']}")
        return Migration(renames), removed

    def _field_migration(self, f: dict, kind_path: str, renames: dict, kept: set) -> None:
        old = self._origin.get(id(f))
        if old is None:
            return
        kept.add(old)
        if old.rsplit(".", 1)[1] != f["name"]:
            renames[old] = f["name"]
        now = f.get("choices", [])
        for before, renamed in f.get("_renamed", {}).items():
            if renamed in now:
                renames[f"{old}.{before}"] = renamed

    def _clean(self) -> dict:
        """The definition without the editor's bookkeeping."""
        clean = copy.deepcopy(self.definition)
        for f in [f for k in clean["kinds"] for f in k["fields"]] + clean["document_fields"]:
            f.pop("_renamed", None)
        return clean

    def edited(self) -> bool:
        """Whether the definition differs from the installed one (the page in hand stored first: an edit
        still in a field counts)."""
        page = self.pages.currentWidget()
        if (page is self.kind_page and page.kind is not None) or (page is self.field_page and page.field is not None):
            page.store()
        return self._clean() != {**self.original, "document_fields": self.original.get("document_fields", [])}

    def reject(self) -> None:
        """Cancel, Escape or closing the window: edits are never thrown away without asking."""
        if not self.installed and self.edited():
            answer = QMessageBox.question(
                self,
                self.tr("Discard changes"),
                self.tr("Discard your changes to the codebook?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def save(self) -> None:
        migration, removed = self._migration()
        try:
            codebooks.change(self.project, self._clean(), annotator_id=self.annotator_id, migration=migration)
        except codebooks.CodebookConflict as exc:
            answer = QMessageBox.question(
                self,
                self.tr("Coded values would be lost"),
                self.tr("The new codebook lacks what these coded values use:")
                + "\n\n• "
                + "\n• ".join(problem.text for problem in exc.problems)
                + "\n\n"
                + self.tr("Delete these values and install the codebook? (Cancel goes back to editing.)"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            drops = removed | {problem.path for problem in exc.problems}
            try:
                codebooks.change(
                    self.project,
                    self._clean(),
                    annotator_id=self.annotator_id,
                    migration=Migration(migration.renames, {d for d in drops if d}),
                )
            except ServiceError as again:
                QMessageBox.warning(self, self.tr("Codebook not saved"), str(again))
                return
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Codebook not saved"), str(exc))
            return
        self.installed = True
        self.accept()


class KindPage(QWidget):
    def __init__(self, editor: CodebookEditor) -> None:
        super().__init__()
        self.editor = editor
        self.kind: dict | None = None
        self.name, self.label, self.key = QLineEdit(), QLineEdit(), QLineEdit(maxLength=1)
        self.colour = QPushButton()
        self.colour.clicked.connect(self._choose_colour)
        self.underline = QComboBox()
        self.underline.addItems(UNDERLINES)
        form = QFormLayout(self)
        form.addRow(self.tr("Name (stored)"), self.name)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Key"), self.key)
        form.addRow(self.tr("Colour"), self.colour)
        form.addRow(self.tr("Underline"), self.underline)
        for edit in (self.name, self.label, self.key):
            edit.editingFinished.connect(self.store)
        self.underline.currentTextChanged.connect(self.store)

    def load(self, kind: dict) -> None:
        self.kind = None
        self.name.setText(kind["name"])
        self.label.setText(kind.get("label", ""))
        self.label.setPlaceholderText(kind["name"].capitalize())
        self.key.setText(kind.get("key", ""))
        self._paint(kind.get("colour", "#777777"))
        self.underline.setCurrentText(kind.get("underline", "solid"))
        self.kind = kind

    def _paint(self, colour: str) -> None:
        self.colour.setText(colour)
        self.colour.setStyleSheet(f"background: {colour}; color: white")

    def _choose_colour(self) -> None:
        if self.kind is None:
            return
        chosen = QColorDialog.getColor(QColor(self.kind.get("colour", "#777777")), self)
        if chosen.isValid():
            self._paint(chosen.name())
            self.store()

    def store(self) -> None:
        if self.kind is None:
            return
        name = self.name.text().strip()
        if _NAME.match(name):
            self.kind["name"] = name
        self.kind.update(
            label=self.label.text().strip() or name,
            key=self.key.text().strip().upper(),
            colour=self.colour.text(),
            underline=self.underline.currentText(),
        )
        self.editor.refresh_item()


class FieldPage(QWidget):
    def __init__(self, editor: CodebookEditor) -> None:
        super().__init__()
        self.editor = editor
        self.field: dict | None = None
        self.name, self.label, self.help = QLineEdit(), QLineEdit(), QLineEdit()
        self.type = QComboBox()
        self.type.addItems(FIELD_TYPES)
        self.required, self.multiple = QCheckBox(self.tr("required")), QCheckBox(self.tr("several links"))
        self.choices = QListWidget()
        self.choices.itemChanged.connect(self._choice_renamed)
        add_choice = QPushButton(self.tr("Add a choice"))
        add_choice.clicked.connect(lambda: self.add_choice())
        remove_choice = QPushButton(self.tr("Remove the choice"))
        remove_choice.clicked.connect(self.remove_choice)
        choice_buttons = QHBoxLayout()
        choice_buttons.addWidget(add_choice)
        choice_buttons.addWidget(remove_choice)
        self.targets = QListWidget()
        self.targets.itemChanged.connect(self.store)
        self.form = form = QFormLayout(self)
        form.addRow(self.tr("Name (stored)"), self.name)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Type"), self.type)
        form.addRow("", self.required)
        form.addRow(self.tr("Help"), self.help)
        form.addRow(self.tr("Choices (double-click renames)"), self.choices)
        form.addRow("", choice_buttons)
        form.addRow(self.tr("Links to"), self.targets)
        form.addRow("", self.multiple)
        self._choice_rows, self._link_rows = (5, 6), (7, 8)  # shown only for the types that use them
        for edit in (self.name, self.label, self.help):
            edit.editingFinished.connect(self.store)
        self.type.currentTextChanged.connect(self.store)
        self.required.toggled.connect(self.store)
        self.multiple.toggled.connect(self.store)

    def load(self, f: dict, kinds: list[dict]) -> None:
        self.field = None
        self.name.setText(f["name"])
        self.label.setText(f.get("label", ""))
        self.help.setText(f.get("help", ""))
        self.type.setCurrentText(f["type"])
        self.required.setChecked(bool(f.get("required")))
        self.multiple.setChecked(bool(f.get("multiple")))
        self.choices.blockSignals(True)
        self.choices.clear()
        for choice in f.get("choices", []):
            item = QListWidgetItem(choice)
            item.setData(ROLE, choice)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.choices.addItem(item)
        self.choices.blockSignals(False)
        self.targets.blockSignals(True)
        self.targets.clear()
        for kind in kinds:
            item = QListWidgetItem(kind.get("label") or kind["name"])
            item.setData(ROLE, kind["name"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if kind["name"] in f.get("targets", []) else Qt.CheckState.Unchecked)
            self.targets.addItem(item)
        self.targets.blockSignals(False)
        self.label.setPlaceholderText(f["name"].replace("_", " ").capitalize())
        self.field = f
        self._show_rows(f["type"])

    def _show_rows(self, type: str) -> None:
        for row in self._choice_rows:
            self.form.setRowVisible(row, type in ("choice", "multi_choice"))
        for row in self._link_rows:
            self.form.setRowVisible(row, type == "span_link")

    def add_choice(self, value: str | None = None) -> None:
        if self.field is None:
            return
        if value is None:
            value, ok = QInputDialog.getText(self, self.tr("Add a choice"), self.tr("Choice (as stored):"))
            if not ok:
                return
        value = value.strip()
        if value and value not in self.field.setdefault("choices", []):
            self.field["choices"].append(value)
            self.load(self.field, self.editor.definition["kinds"])

    def remove_choice(self) -> None:
        item = self.choices.currentItem()
        if self.field is not None and item is not None:
            self.field["choices"].remove(item.text())
            self.load(self.field, self.editor.definition["kinds"])

    def rename_choice(self, old: str, new: str) -> None:
        """What double-clicking a choice and typing does; the coded values follow when saved."""
        choices = self.field.get("choices", [])
        if new and old in choices and new not in choices:
            choices[choices.index(old)] = new
            original = next((k for k, v in self.field.setdefault("_renamed", {}).items() if v == old), old)
            self.field["_renamed"][original] = new
        self.load(self.field, self.editor.definition["kinds"])

    def _choice_renamed(self, item: QListWidgetItem) -> None:
        if self.field is not None:
            self.rename_choice(item.data(ROLE), item.text().strip())

    def store(self) -> None:
        f = self.field
        if f is None:
            return
        name = self.name.text().strip()
        if _NAME.match(name):
            f["name"] = name
        if self.label.text().strip():
            f["label"] = self.label.text().strip()
        else:
            f.pop("label", None)  # the codebook derives it from the name
        f["type"] = self.type.currentText()
        for key, value in (
            ("help", self.help.text().strip()),
            ("required", self.required.isChecked()),
            ("multiple", self.multiple.isChecked()),
        ):
            if value:
                f[key] = value
            else:
                f.pop(key, None)
        targets = [
            self.targets.item(i).data(ROLE)
            for i in range(self.targets.count())
            if self.targets.item(i).checkState() == Qt.CheckState.Checked
        ]
        if f["type"] == "span_link":
            f["targets"] = targets
        else:
            f.pop("targets", None)
        if f["type"] in ("choice", "multi_choice"):
            f.setdefault("choices", [])
        self._show_rows(f["type"])
        self.editor.refresh_item()
