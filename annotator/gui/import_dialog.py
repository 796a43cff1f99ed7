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

from annotator.gui.background import WorkerDialog
from annotator.gui.translations import fill
from annotator.services import importing
from annotator.services.errors import ServiceError
from annotator.services.import_results import DUPLICATE, IMPORTED, REFUSED, Report
from annotator.storage.project import Project

_RESULT_NAMES = {
    IMPORTED: QT_TRANSLATE_NOOP("ImportDialog", "imported"),
    DUPLICATE: QT_TRANSLATE_NOOP("ImportDialog", "duplicate"),
    REFUSED: QT_TRANSLATE_NOOP("ImportDialog", "refused"),
}


def import_summary(report: Report) -> str:
    """ "2 imported, 0 duplicate, 1 refused" in the interface language."""
    counts = (report.count(status) for status in (IMPORTED, DUPLICATE, REFUSED))
    text = fill(QCoreApplication.translate("ImportDialog", "%1 imported, %2 duplicate, %3 refused"), *counts)
    return text + (QCoreApplication.translate("ImportDialog", " (cancelled)") if report.cancelled else "")


class ResultsTable(QTableWidget):
    """What became of each file, row or record of an import: result, source, details (with warnings)."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ImportDialog", "Result"), QCoreApplication.translate("ImportDialog", "Source"),
             QCoreApplication.translate("ImportDialog", "Details")]
        )  # fmt: skip
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()

    def show_report(self, report: Report) -> None:
        self.setRowCount(0)
        for result in report.results:
            row = self.rowCount()
            self.insertRow(row)
            detail = "; ".join(filter(None, [result.message, *result.warnings]))
            if result.encoding:
                detail += f" [{result.encoding}, {result.confidence:.2f}]"
            status = QCoreApplication.translate("ImportDialog", _RESULT_NAMES[result.status])
            for column, text in enumerate((status, Path(result.source).name, detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(result.source if column == 1 else detail)
                self.setItem(row, column, item)


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
        self.results = ResultsTable()
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
        project, annotator_id = self.project, self.annotator_id

        def run(progress, cancelled):
            return importing.import_paths(project, paths, annotator_id=annotator_id, progress=progress, cancelled=cancelled)

        self._begin_batch(run, self.results, self.tr("Importing…"))

    def _finished(self, report: Report | ServiceError) -> None:
        self._end_batch()
        if isinstance(report, ServiceError):  # the batch could not go on: what was stored before stays
            self.status.setText(str(report))
            return
        self.report = report
        self.status.setText(import_summary(report))
        self.results.show_report(report)
        self.imported.emit(report)
