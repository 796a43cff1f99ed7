"""Settings: the interface language and the coder's name. Both take effect by reopening the project's
window (the project and every saved action are untouched)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from annotator.gui import translations


class SettingsDialog(QDialog):
    def __init__(self, annotator_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        for value, label in translations.LANGUAGES.items():
            self.language.addItem(self.tr(label) if not value else label, value)
        self.language.setCurrentIndex(max(0, self.language.findData(translations.chosen_language())))
        self.name = QLineEdit(annotator_name)
        note = QLabel(self.tr("Your annotations are saved under your coder name; another name starts another coder's work."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Coder name"), self.name)
        form.addRow(note)
        form.addRow(buttons)

    def save(self) -> bool:
        """Store the choices; True when something changed (the window is then reopened to apply it)."""
        settings = QSettings("annotator", "settings")
        language, name = self.language.currentData(), self.name.text().strip()
        changed = language != translations.chosen_language() or (name and name != settings.value("annotator/name"))
        settings.setValue(translations.SETTING, language)
        if name:
            settings.setValue("annotator/name", name)
        translations.install(language)
        return bool(changed)
