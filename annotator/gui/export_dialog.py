"""The export dialog: a format, a destination, all documents or just those the list shows; the export runs
on a worker thread with progress and cancel, through the same service as `annotator export`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook
from annotator.gui.background import Worker, WorkerDialog
from annotator.gui.checklist import checklist, ticked
from annotator.gui.translations import fill
from annotator.services import annotators, exporting, team
from annotator.services.errors import ServiceError
from annotator.storage.project import Project


class ExportDialog(WorkerDialog):
    finished_export = Signal(object)  # the ExportReport, or None when nothing was written

    def __init__(
        self, project: Project, listed_ids, listed_count: int, codebook: Codebook, parent=None, *, viewer: int | None = None
    ) -> None:
        """`listed_ids` gives the ids of the documents the list shows (asked only when they are chosen).
        `viewer` is the coder exporting: in blind mode they export their own work only."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.resize(680, 520)
        self.project, self._listed_ids, self.viewer = project, listed_ids, viewer
        self.report: exporting.ExportReport | None = None
        blind = not team.sees_others(project, viewer)
        coders = annotators.names(project)

        self.format = QComboBox()
        for fmt in exporting.FORMATS.values():
            if not (blind and fmt.name == "jsonl"):  # the native format is everyone's work
                self.format.addItem(fmt.label, fmt.name)
        self.format.currentIndexChanged.connect(self._fix_suffix)
        self.destination = QLineEdit(str(Path.home() / f"{Path(project.label).stem}{self._suffix()}"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(browse)
        self.all_documents = QRadioButton(self.tr("All documents"), checked=True)
        self.listed_documents = QRadioButton(
            fill(self.tr("The %1 documents the list shows (search and filters)"), f"{listed_count:,}")
        )
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Save as"), where)
        form.addRow(self.tr("Documents"), self.all_documents)
        form.addRow("", self.listed_documents)
        shown = [coders[viewer]] if blind else sorted(coders.values())
        self.coders = checklist([(name, name) for name in shown], checked=True, rows=4)
        self.coders.setEnabled(not blind)
        self.kinds = checklist([(kind.label, kind.name) for kind in codebook.kinds], checked=True, rows=4)
        self.status_filter = QComboBox()
        for label, value in (
            (self.tr("any status"), ""),
            (self.tr("done"), "done"),
            (self.tr("in progress"), "in_progress"),
            (self.tr("skipped"), "skipped"),
        ):
            self.status_filter.addItem(label, value)
        self.layer = QComboBox()
        for label, value in (
            (self.tr("as stored"), "stored"),
            (self.tr("simplified (繁→简)"), "t2s"),
            (self.tr("traditional (简→繁)"), "s2t"),
        ):
            self.layer.addItem(label, value)
        self.gold = QCheckBox(self.tr("only the adjudicated gold annotations"))
        self.gold.setEnabled(not blind and exporting.GOLD in coders.values())
        self.filters = QWidget()
        filters = QFormLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addRow(self.tr("Coders"), self.coders)
        filters.addRow(self.tr("Kinds"), self.kinds)
        filters.addRow(self.tr("Documents marked"), self.status_filter)
        filters.addRow(self.tr("Text"), self.layer)
        filters.addRow("", self.gold)
        form.addRow(self.filters)
        self.format.currentIndexChanged.connect(self._native_takes_everything)
        self._native_takes_everything()
        self.progress = QProgressBar()
        self.status = QLabel(self.tr("The file is written whole or not at all."))
        if blind:
            self.status.setText(self.tr("Blind mode: you export your own work. The file is written whole or not at all."))
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(lambda: self._cancel_or_close(self.tr("Cancelling…")))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _native_takes_everything(self) -> None:
        """The native format is the whole project, losslessly: it takes a choice of documents, no filters."""
        self.filters.setEnabled(self.format.currentData() != "jsonl")

    def selection(self) -> exporting.Selection:
        """What the filters choose (a list with every entry ticked is no restriction)."""
        ids = tuple(self._listed_ids()) if self.listed_documents.isChecked() else None
        if self.format.currentData() == "jsonl":
            return exporting.Selection(document_ids=ids)
        status = self.status_filter.currentData()
        return exporting.Selection(
            annotators=_ticked(self.coders),
            statuses=(status,) if status else (),
            kinds=_ticked(self.kinds),
            document_ids=ids,
            gold_only=self.gold.isChecked(),
            layer=self.layer.currentData(),
        )

    def _suffix(self) -> str:
        return exporting.FORMATS[self.format.currentData()].suffix

    def _fix_suffix(self) -> None:
        path = Path(self.destination.text())
        self.destination.setText(str(path.with_suffix(self._suffix())))

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.destination.text())
        if path:
            self.destination.setText(path)

    def start(self) -> None:
        if self.running():
            return
        path = self.destination.text().strip()
        if not path:
            self.status.setText(self.tr("Choose where to save the export."))
            return
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        project, fmt, selection = self.project, self.format.currentData(), self.selection()

        def export(progress, cancelled):
            return exporting.export_to_file(
                project, path, format=fmt, selection=selection, progress=progress, cancelled=cancelled, viewer=self.viewer
            )

        self._run(Worker(export), self._progressed, self._finished)

    def _progressed(self, done: int, total: int, _label: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _finished(self, report) -> None:
        self._worker_done()
        self.export_button.setEnabled(True)
        if isinstance(report, ServiceError):
            self.report = None
            self.status.setText(fill(self.tr("Not exported: %1"), str(report)))
            self.finished_export.emit(None)
            return
        self.report = report
        self.progress.setValue(self.progress.maximum())
        size = f"{report.bytes / 1e6:,.1f} MB" if report.bytes >= 1e5 else f"{report.bytes:,} bytes"
        said = [fill(self.tr("Exported %1 document(s) to %2 (%3)."), f"{report.documents:,}", report.path, size)]
        said += [fill(self.tr("Beside it: %1 (%2)"), companion.name, what) for companion, what in report.companions]
        said += [fill(self.tr("Note: %1"), note) for note in report.notes]
        self.status.setText("\n".join(said))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.finished_export.emit(report)


def _ticked(widget) -> tuple[str, ...]:
    """The ticked values; every entry ticked means no restriction."""
    chosen = tuple(ticked(widget))
    return () if len(chosen) == widget.count() else chosen
