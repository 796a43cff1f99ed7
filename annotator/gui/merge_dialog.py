"""Merging offline work into the open project (File → Merge another project): choose coders' project files
or native exports, watch the merge run on a worker thread, then read every conflict it listed (and save the
list as CSV for whoever settles them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
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
from annotator.services import merging
from annotator.services.errors import ServiceError
from annotator.storage.project import Project


class MergeDialog(WorkerDialog):
    ACTIVITY = QT_TRANSLATE_NOOP("WorkerDialog", "Merging %1 of %2: %3")
    merged = Signal(object)  # the reports, once the merge has ended

    def __init__(self, project: Project, annotator_id: int | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge another project"))
        self.resize(860, 480)
        self.project, self.annotator_id = project, annotator_id
        self.reports: list[merging.MergeReport] = []

        choose = QPushButton(self.tr("Choose project files or exports…"))
        choose.clicked.connect(self._choose)
        self.save = QPushButton(self.tr("Save conflicts as CSV…"))
        self.save.setEnabled(False)
        self.save.clicked.connect(self._save_conflicts)
        pickers = QHBoxLayout()
        pickers.addWidget(choose)
        pickers.addStretch(1)
        pickers.addWidget(self.save)
        self.status = QLabel(
            self.tr(
                "Documents are matched by their text; what is here is never overwritten: where the two differ, "
                "it is kept and the difference listed below. Merging the same file twice adds nothing."
            )
        )
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.conflicts = QTableWidget(0, 3)
        self.conflicts.setHorizontalHeaderLabels([self.tr("Document"), self.tr("What"), self.tr("Difference")])
        self.conflicts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.conflicts.verticalHeader().hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.buttons.rejected.connect(lambda: self._cancel_or_close(self.tr("Cancelling after the current document…")))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.buttons)

    def _choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Merge another project"),
            "",
            self.tr("Annotator projects and exports (*.sqlite *.jsonl);;All files (*)"),
        )
        if paths:
            self.start(paths)

    def start(self, paths: list[str]) -> None:
        if self.running():
            return
        project, annotator_id = self.project, self.annotator_id

        def run(progress, cancelled):
            return merging.merge(project, paths, annotator_id=annotator_id, progress=progress, cancelled=cancelled)

        self._begin_batch(run, self.conflicts, self.tr("Merging…"))

    def _finished(self, result) -> None:
        self._end_batch()
        if isinstance(result, ServiceError):
            self.status.setText(fill(self.tr("Not merged: %1"), result))
            return
        self.reports = result
        self.status.setText("\n".join(f"{Path(r.source).name}: {r.summary()}" for r in result))
        rows = [c for r in result for c in r.conflicts]
        self.conflicts.setRowCount(len(rows))
        for n, conflict in enumerate(rows):
            for column, text in enumerate((conflict.document, conflict.target, conflict.problem)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.conflicts.setItem(n, column, cell)
        self.save.setEnabled(bool(rows))
        self.merged.emit(result)

    def _save_conflicts(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save conflicts"), "merge-conflicts.csv", "CSV (*.csv)")
        if path:
            merging.write_conflicts(self.reports, Path(path))
            self.status.setText(fill(self.tr("Conflicts saved to %1"), path))
