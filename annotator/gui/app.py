"""Starting the GUI: one QApplication, the project opened through the services, errors shown, not thrown."""

from __future__ import annotations

import getpass
import sys
import traceback

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.gui import translations
from annotator.services import projects
from annotator.storage.project import ProjectError, is_damage


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


def report_unexpected(kind, error, trace) -> None:
    """An error no part of the window expected (sys.excepthook): printed whole for a bug report and said in
    a message, the window left open; a damaged project file is named as such, with what to do."""
    traceback.print_exception(kind, error, trace)
    if is_damage(error):
        text = QCoreApplication.translate(
            "app",
            "The project file is damaged (%1).\n\nWhat was saved before is in your backups: close Annotator, "
            "keep this file aside, and open your latest backup (annotator backup makes one; an upgrade keeps "
            "the old file beside the new).",
        )
    else:
        text = QCoreApplication.translate("app", "Something went wrong: %1\n\nYour saved work is in the project.")
    QMessageBox.critical(QApplication.activeWindow(), "Annotator", translations.fill(text, error))


def run(project_spec: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Annotator")
    app.setOrganizationName("annotator")
    translations.install()
    sys.excepthook = report_unexpected
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
