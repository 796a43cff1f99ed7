"""Starting the GUI: one QApplication, the project opened through the services, errors shown, not thrown."""

from __future__ import annotations

import getpass
import sys
import threading
import traceback

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.gui import translations
from annotator.services import projects
from annotator.storage import trouble
from annotator.storage.project import ProjectError, is_damage, plain_reason


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


class _Messenger(QObject):
    """Carries an error met on another thread to the window's thread: a message box may only be built there."""

    said = Signal(object)


_messenger: _Messenger | None = None


def report_unexpected(kind, error, trace) -> None:
    """An error no part of the window expected (sys.excepthook, threading.excepthook): printed whole for a
    bug report and said in a message on the window's thread, the window left open."""
    traceback.print_exception(kind, error, trace)
    app = QApplication.instance()
    if app is not None and QThread.currentThread() is not app.thread() and _messenger is not None:
        _messenger.said.emit(error)  # queued to the window's thread
    else:
        say_error(error)


def _lock_wait_in_window(waited: float) -> None:
    """Another program holds the write lock past SQLite's own wait: an action of the window's thread is
    refused now (said in a message; a window frozen for minutes helps nobody), while a job on a worker thread
    (an import, a merge) waits on, its dialog still answering."""
    if threading.current_thread() is threading.main_thread():
        raise trouble.busy(waited)


def install_error_reporting() -> None:
    """Unexpected errors of any thread said in a message (made once, on the window's thread)."""
    global _messenger
    if _messenger is None:
        _messenger = _Messenger()
        _messenger.said.connect(say_error, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = report_unexpected
    trouble.on_lock_wait = _lock_wait_in_window
    threading.excepthook = lambda hook: report_unexpected(hook.exc_type, hook.exc_value, hook.exc_traceback)


def say_error(error: BaseException) -> None:
    """An unexpected error in a message; a damaged project file is named as such, with what to do, and
    storage's other troubles (a file moved away, read-only, a full disk, a server gone) in their own words."""
    reason = getattr(error, "orig", None) or error  # the driver's own words, not the database layer's wrapping
    if is_damage(error):
        text = translations.fill(
            QCoreApplication.translate(
                "app",
                "The project file is damaged (%1).\n\nWhat was saved before is in your backups: close Annotator, "
                "keep this file aside, and open your latest backup (annotator backup makes one; an upgrade keeps "
                "the old file beside the new).",
            ),
            reason,
        )
    elif (plain := plain_reason(error)) is not None:
        text = plain
    else:
        text = translations.fill(
            QCoreApplication.translate("app", "Something went wrong: %1\n\nYour saved work is in the project."), reason
        )
    QMessageBox.critical(QApplication.activeWindow(), "Annotator", text)


def run(project_spec: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Annotator")
    app.setOrganizationName("annotator")
    translations.install()
    install_error_reporting()
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
