"""Starting the GUI: one QApplication, the project opened through the services, errors shown, not thrown."""

from __future__ import annotations

import getpass
import sys
import traceback

import shiboken6
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
    a message, the window left open."""
    traceback.print_exception(kind, error, trace)
    say_error(error)


def say_error(error: BaseException) -> None:
    """An unexpected error in a message; a damaged project file is named as such, with what to do."""
    if is_damage(error):
        text = QCoreApplication.translate(
            "app",
            "The project file is damaged (%1).\n\nWhat was saved before is in your backups: close Annotator, "
            "keep this file aside, and open your latest backup (annotator backup makes one; an upgrade keeps "
            "the old file beside the new).",
        )
    else:
        text = QCoreApplication.translate("app", "Something went wrong: %1\n\nYour saved work is in the project.")
    reason = getattr(error, "orig", None) or error  # the driver's own words, not the database layer's wrapping
    QMessageBox.critical(QApplication.activeWindow(), "Annotator", translations.fill(text, reason))


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
    try:
        window = MainWindow(project, name)
    except Exception as error:  # noqa: BLE001 -- e.g. a damaged page under the first article: said, not a traceback
        failed = error
    else:
        failed = None
    if failed is not None:  # said once Python has left the handler (Qt runs the message's events)
        traceback.print_exception(failed)
        for widget in app.topLevelWidgets():  # the half-built window, kept alive by its signal connections:
            if isinstance(widget, MainWindow):  # its list, asked for rows behind the message, would read the
                shiboken6.delete(widget)  # damage again and have it said a second time
        say_error(failed)
        project.close()
        return 2
    window.show()
    code = app.exec()
    project.close()
    return code
