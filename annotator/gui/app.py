"""Starting the GUI: one QApplication, the project opened through the services, errors shown, not thrown."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.services import projects
from annotator.storage.project import ProjectError


def run(project_spec: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Annotator")
    app.setOrganizationName("annotator")
    try:
        project = projects.open_project(project_spec)
    except ProjectError as exc:
        QMessageBox.critical(None, "Annotator", str(exc))
        return 2
    from annotator.gui.main_window import MainWindow

    window = MainWindow(project)
    window.show()
    code = app.exec()
    project.close()
    return code
