"""Long work off the GUI thread: a worker object runs one service call on its own QThread (the service
opens its own database connections), reports through signals, and stops between steps when cancelled.
The import and export dialogs are built on this."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from annotator.gui.translations import fill
from annotator.services.errors import ServiceError
from annotator.storage.trouble import plain_reason


class JobFailed(ServiceError):
    """A background job ended by an error nobody expected (a database error, a bug): said in the dialog like
    a refusal, so the dialog never stays at "Computing…"; the traceback goes to the log for a bug report."""


class Worker(QObject):
    """Runs one service call on its thread: `call(progress, cancelled)`, where `progress(done, total,
    label="")` is reported through `progressed` and `cancelled()` is what the service asks between steps.
    `finished` carries what the call returned, or the ServiceError that refused it (JobFailed for any other
    error: every job ends with `finished`, on the window's thread, whatever happened)."""

    progressed = Signal(int, int, str)
    finished = Signal(object)

    def __init__(self, call: Callable[[Callable[..., None], Callable[[], bool]], Any]) -> None:
        super().__init__()
        self._call = call
        self._cancel = threading.Event()
        self.cancelled = self._cancel.is_set

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, label: str = "") -> None:
        self.progressed.emit(done, total, label)

    def run(self) -> None:
        try:
            result = self._call(self._progress, self.cancelled)
        except ServiceError as exc:
            result = exc
        except Exception as exc:  # noqa: BLE001 -- said in the dialog, never left to die with the thread
            traceback.print_exception(exc)
            reason = getattr(exc, "orig", None) or exc  # the driver's words, not the SQL the database layer adds
            words = plain_reason(exc) or fill(QCoreApplication.translate("WorkerDialog", "Something went wrong: %1"), reason)
            result = JobFailed(words)
        self.finished.emit(result)


class WorkerDialog(QDialog):
    """A dialog that runs one worker at a time and never leaves it running behind: closing the dialog
    cancels it and waits for the step in hand to end (what is stored stays whole). `ACTIVITY` says what
    is in hand while it runs."""

    ACTIVITY = QT_TRANSLATE_NOOP("WorkerDialog", "Importing %1 of %2: %3")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: Worker | None = None

    def running(self) -> bool:
        return self._thread is not None

    def _run(self, worker: Worker, progressed, finished) -> None:
        self._thread = QThread(self)
        self._worker = worker
        worker.moveToThread(self._thread)
        self._thread.started.connect(worker.run)
        worker.progressed.connect(progressed)
        worker.finished.connect(finished)
        self._thread.start()

    def _progressed(self, done: int, total: int, label: str) -> None:
        """Progress: the bar, and which file, record or document is in hand."""
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if label:
            text = QCoreApplication.translate("WorkerDialog", self.ACTIVITY)
            self.status.setText(fill(text, done + 1, total, label))

    def _begin_batch(self, call, cleared, status: str) -> None:
        """Run `call(progress, cancelled)` as a batch: the results table `cleared`, Cancel enabled, progress
        shown as it goes; the subclass's `_finished` gets the outcome (and calls `_end_batch` first)."""
        cleared.setRowCount(0)
        self.status.setText(status)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self._run(Worker(call), self._progressed, self._finished)

    def _end_batch(self) -> None:
        self._worker_done()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.progress.setValue(self.progress.maximum())

    def _worker_done(self) -> None:
        """Called first by the finished slot: the thread ends and the dialog can run another."""
        self._thread.quit()
        self._thread.wait()
        self._thread = self._worker = None

    def _cancel_or_close(self, cancelling_message: str) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.status.setText(cancelling_message)
        else:
            self.close()

    def closeEvent(self, event) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._thread.quit()
            self._thread.wait()
        super().closeEvent(event)
