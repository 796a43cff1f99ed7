"""Starting the GUI: one QApplication, the project opened through the services, errors shown, not thrown."""

from __future__ import annotations

import getpass
import sys

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.gui import translations
from annotator.services import projects
from annotator.storage.project import ProjectError


def annotator_name() -> str | None:
    """The coder's name, asked once and remembered (None when the coder cancels the question)."""
    settings = QSettings("annotator", "settings")
    name = settings.value("annotator/name", "", type=str)
    if not name:
        name, ok = QInputDialog.getText(
            None,
            QCoreApplication.translate("app", "Annotator"),
            QCoreApplication.translate("app", "Your name as a coder (it labels your annotations):"),
            text=getpass.getuser(),
        )
        if not ok or not name.strip():
            return None
        settings.setValue("annotator/name", name.strip())
    return name.strip()


def run(project_spec: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Annotator")
    app.setOrganizationName("annotator")
    translations.install()
    try:
        project = projects.open_project(project_spec)
    except ProjectError as exc:
        QMessageBox.critical(None, "Annotator", str(exc))
        return 2
    from annotator.gui.main_window import MainWindow

    name = annotator_name()
    if name is None:
        return 0
    window = MainWindow(project, name)
    window.show()
    code = app.exec()
    project.close()
    return code
