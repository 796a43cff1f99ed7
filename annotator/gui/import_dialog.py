"""The import dialog: choose files or a folder, watch per-file results arrive, cancel at any time.

The import runs on a worker thread through the same service the command line uses; the service opens its
own database connections, so the window stays responsive and touches no database itself. Results and
progress come back as signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.gui.background import Worker, WorkerDialog
from annotator.gui.translations import fill
from annotator.services import importing
from annotator.services.import_results import DUPLICATE, IMPORTED, REFUSED
from annotator.storage.project import Project

_RESULT_NAMES = {
    IMPORTED: QT_TRANSLATE_NOOP("ImportDialog", "imported"),
    DUPLICATE: QT_TRANSLATE_NOOP("ImportDialog", "duplicate"),
    REFUSED: QT_TRANSLATE_NOOP("ImportDialog", "refused"),
}


def import_summary(report: importing.Report) -> str:
    """ "2 imported, 0 duplicate, 1 refused" in the interface language."""
    counts = (report.count(status) for status in (IMPORTED, DUPLICATE, REFUSED))
    text = fill(QCoreApplication.translate("ImportDialog", "%1 imported, %2 duplicate, %3 refused"), *counts)
    return text + (QCoreApplication.translate("ImportDialog", " (cancelled)") if report.cancelled else "")


class ImportWorker(Worker):
    """Runs one import batch; lives on its own thread."""

    progressed = Signal(int, int, str)
    finished = Signal(object)  # the importing.Report

    def __init__(self, project: Project, paths: list[str], annotator_id: int | None) -> None:
        super().__init__()
        self.project, self.paths, self.annotator_id = project, paths, annotator_id

    def run(self) -> None:
        report = importing.import_paths(
            self.project,
            self.paths,
            annotator_id=self.annotator_id,
            progress=lambda done, total, label: self.progressed.emit(done, total, label),
            cancelled=self.cancelled,
        )
        self.finished.emit(report)


class ImportDialog(WorkerDialog):
    imported = Signal(object)  # the report, once the batch has ended

    def __init__(self, project: Project, annotator_id: int | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import articles"))
        self.resize(760, 460)
        self.project, self.annotator_id = project, annotator_id
        self.report: importing.Report | None = None

        files = QPushButton(self.tr("Choose &files…"))
        files.clicked.connect(self._choose_files)
        folder = QPushButton(self.tr("Choose a f&older…"))
        folder.clicked.connect(self._choose_folder)
        pickers = QHBoxLayout()
        pickers.addWidget(files)
        pickers.addWidget(folder)
        pickers.addStretch(1)
        self.status = QLabel(self.tr("Files: .txt .md .html .docx .csv .tsv .xlsx .json .jsonl, or a folder of them."))
        self.progress = QProgressBar()
        self.results = QTableWidget(0, 3)
        self.results.setHorizontalHeaderLabels([self.tr("Result"), self.tr("Source"), self.tr("Details")])
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.results.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.verticalHeader().hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.buttons.rejected.connect(lambda: self._cancel_or_close(self.tr("Cancelling after the current file…")))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.results)
        layout.addWidget(self.buttons)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import articles"))
        if paths:
            self.start(paths)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a folder of articles"))
        if path:
            self.start([path])

    def start(self, paths: list[str]) -> None:
        """Import on a worker thread; results appear as the batch ends, progress as it goes."""
        if self.running():
            return
        self.results.setRowCount(0)
        self.status.setText(self.tr("Importing…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self._run(ImportWorker(self.project, paths, self.annotator_id), self._progressed, self._finished)

    def _progressed(self, done: int, total: int, label: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if label:
            self.status.setText(fill(self.tr("Importing %1 of %2: %3"), done + 1, total, label))

    def _finished(self, report: importing.Report) -> None:
        self.report = report
        self._worker_done()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(import_summary(report))
        for result in report.results:
            row = self.results.rowCount()
            self.results.insertRow(row)
            detail = "; ".join(filter(None, [result.message, *result.warnings]))
            if result.encoding:
                detail += f" [{result.encoding}, {result.confidence:.2f}]"
            for column, text in enumerate((self.tr(_RESULT_NAMES[result.status]), Path(result.source).name, detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(result.source if column == 1 else detail)
                self.results.setItem(row, column, item)
        self.imported.emit(report)
