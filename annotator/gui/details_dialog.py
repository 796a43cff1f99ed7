"""Edit → Article details (Ctrl+Shift+D): the open article's outlet and publication date, which a plain-text
import does not have (or has guessed from a dateline or the file name). The date matters beyond the list: a
figure's period such as 今年前8个月 is resolved against it."""

from __future__ import annotations

from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from annotator.gui.translations import fill


class DetailsDialog(QDialog):
    def __init__(self, document: dict, outlets: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Article details"))
        self.outlet = QLineEdit(document["outlet"] or "")
        self.outlet.setCompleter(QCompleter(outlets, self))
        self.published = QLineEdit(document["published"] or "", placeholderText="2025-02-23")
        self.error = QLabel(styleSheet="color: #c62828")
        self.error.hide()
        guessed = self._where(document["provenance"].get("published_guessed_from"))
        note = QLabel(fill(self.tr("The date was guessed from %1: correct it if it is wrong."), guessed) if guessed else "")
        note.setWordWrap(True)
        note.setVisible(bool(guessed))
        form = QFormLayout()
        form.addRow(self.tr("Outlet"), self.outlet)
        form.addRow(self.tr("Published"), self.published)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _where(self, guessed: str | None) -> str | None:
        """The provenance's words for where a date was read (core.dates.guess_published), translated."""
        if guessed is None:
            return None
        if guessed.startswith("line "):
            return fill(self.tr("line %1 of the text"), guessed.split()[1])
        return self.tr("the file name") if guessed == "the file name" else guessed

    def values(self) -> tuple[str, str]:
        return self.outlet.text().strip(), self.published.text().strip()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
