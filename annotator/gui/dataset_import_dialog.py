"""Importing a pre-annotated dataset (doccano, Label Studio, brat, CoNLL, CLUENER, our tables, REFI-QDA,
spaCy): choose the format and the file, see every label and relation type the file holds with what it will
become (a kind, left out, or added to the codebook), say whose work the spans are, then import.

Reading the labels and importing both run on worker threads through the same service as
`annotator import --format F`; the table of labels is the command's `--label` and `--add-kinds`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.core import codebook as cb
from annotator.core import label_mapping
from annotator.gui.background import Worker, WorkerDialog
from annotator.gui.import_dialog import ResultsTable, import_summary
from annotator.gui.translations import fill
from annotator.services import dataset_import
from annotator.services.errors import ServiceError
from annotator.storage.project import Project

LEAVE_OUT, ADD = "", None  # the "becomes" choices besides a kind or a link field


class DatasetImportDialog(WorkerDialog):
    imported = Signal(object, bool)  # the report; whether the codebook changed (kinds were added)

    def __init__(self, project: Project, annotator: str, annotator_id: int | None, book: cb.Codebook, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import an annotated dataset"))
        self.resize(820, 620)
        self.project, self.annotator_id, self.book = project, annotator_id, book
        self.path: str | None = None
        self.report = None

        self.format = QComboBox()
        for fmt in dataset_import.FORMATS.values():
            if fmt.name not in ("conll-bmes", "label-studio-predictions"):  # the same readers as conll, label-studio
                self.format.addItem(fmt.label, fmt.name)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.source = QLabel(self.tr("No file chosen"))
        choose = QPushButton(self.tr("&Choose…"))
        choose.clicked.connect(self._choose)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(choose)

        self.as_suggestions = QRadioButton(self.tr("Suggestions for every coder"))
        self.as_me = QRadioButton(fill(self.tr("My work (%1)"), annotator))
        self.as_other = QRadioButton(self.tr("The work of:"))
        self.other_name = QLineEdit()
        self.other_name.setPlaceholderText(self.tr("coder's name, e.g. model-v2"))
        self.other_name.textEdited.connect(lambda _text: self.as_other.setChecked(True))
        self.keep_coders = QCheckBox(self.tr("Keep the coders the file names"))
        self.as_suggestions.setChecked(True)
        self.whose = QButtonGroup(self)
        for button in (self.as_suggestions, self.as_me, self.as_other):
            self.whose.addButton(button)
        self._annotator = annotator
        whose_row = QHBoxLayout()
        for widget in (self.as_suggestions, self.as_me, self.as_other, self.other_name):
            whose_row.addWidget(widget)

        self.labels = QTableWidget(0, 3)
        self.labels.setHorizontalHeaderLabels([self.tr("In the file"), self.tr("Found"), self.tr("Becomes")])
        self.labels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.labels.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.labels.verticalHeader().hide()
        self._rows: list[tuple[str, QComboBox]] = []

        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format)
        form.addRow(self.tr("Source:"), source_row)
        form.addRow(self.tr("Spans become:"), whose_row)
        form.addRow("", self.keep_coders)
        self.status = QLabel(self.tr("Choose a file to see its labels."))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.results = ResultsTable()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.buttons.rejected.connect(lambda: self._cancel_or_close(self.tr("Cancelling after the current record…")))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Labels and relation types:")))
        layout.addWidget(self.labels, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.results, 3)
        layout.addWidget(self.buttons)

    # --- choosing -----------------------------------------------------------------------------------

    def _format_changed(self) -> None:
        self.path = None
        self.source.setText(self.tr("No file chosen"))
        self.labels.setRowCount(0)
        self.import_button.setEnabled(False)

    def _choose(self) -> None:
        fmt = dataset_import.FORMATS[self.format.currentData()]
        if fmt.folder:
            path = QFileDialog.getExistingDirectory(self, self.tr("Choose the dataset's folder"))
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the dataset"))
        if path:
            self.choose(path)

    def choose(self, path: str, fmt: str | None = None) -> None:
        """Read the labels of `path` (in `fmt`, or the chosen format) on a worker thread."""
        if self.running():
            return
        if fmt is not None:
            self.format.setCurrentIndex(self.format.findData(fmt))
        self.path = path
        self.source.setText(path)
        self.status.setText(self.tr("Reading the labels…"))
        options = dataset_import.Options(self.format.currentData())

        def survey(_progress, _cancelled):
            return dataset_import.survey(Path(path), options)

        self._run(Worker(survey), self._progressed, self._surveyed)

    def _surveyed(self, surveyed) -> None:
        """The labels and relation types found (or why the file could not be read), as rows to decide on."""
        self._worker_done()
        if isinstance(surveyed, ServiceError):
            self.status.setText(str(surveyed))
            return
        found, records = surveyed
        self.labels.setRowCount(0)
        self._rows = []
        kinds = [(k.label, k.name) for k in self.book.kinds]
        for label, count in found.labels.most_common():
            self._add_row(label, count, kinds, label_mapping.kind_for(self.book, label, {}), self.tr("add as a new kind"))
        relation_counts: dict[str, int] = {}
        relation_kind: dict[str, str] = {}
        for (source, relation, _target), count in found.relations.items():
            relation_counts[relation] = relation_counts.get(relation, 0) + count
            relation_kind.setdefault(relation, source)
        links = sorted({(f"{k.label} → {f.label}", f.name) for k in self.book.kinds for f in k.fields if f.is_link})
        for relation, count in sorted(relation_counts.items(), key=lambda kv: -kv[1]):
            source = label_mapping.kind_for(self.book, relation_kind[relation], {})
            found_link = label_mapping.link_for(self.book, source, relation, {}) if source else False
            self._add_row(relation, count, links, found_link, self.tr("add as a new link field"), relation=True)
        self.status.setText(
            fill(
                self.tr("%1 record(s), %2 label(s), %3 relation type(s)."), records, len(found.labels), len(relation_counts)
            )
        )
        self.import_button.setEnabled(records > 0)

    def _add_row(self, label: str, count: int, targets, current, add_text: str, relation: bool = False) -> None:
        row = self.labels.rowCount()
        self.labels.insertRow(row)
        shown = fill(self.tr("%1 (relation)"), label) if relation else label
        self.labels.setItem(row, 0, QTableWidgetItem(shown))
        self.labels.setItem(row, 1, QTableWidgetItem(str(count)))
        choice = QComboBox()
        for text, name in targets:
            choice.addItem(text, name)
        choice.addItem(self.tr("leave out"), LEAVE_OUT)
        choice.addItem(add_text, ADD)
        if current is None:
            choice.setCurrentIndex(choice.findData(LEAVE_OUT))
        elif current is False:
            choice.setCurrentIndex(choice.count() - 1)
        else:
            choice.setCurrentIndex(choice.findData(current))
        self.labels.setCellWidget(row, 2, choice)
        self._rows.append((label, choice))

    def options(self) -> dataset_import.Options:
        """What the dialog says, as the import service's options."""
        mapping: dict[str, str | None] = {}
        add = False
        for label, choice in self._rows:
            if choice.currentData() is ADD:
                add = True
            else:
                mapping[label] = choice.currentData() or None
        if self.as_me.isChecked():
            coder = self._annotator
        elif self.as_other.isChecked():
            coder = self.other_name.text().strip() or None
        else:
            coder = None
        return dataset_import.Options(self.format.currentData(), coder, self.keep_coders.isChecked(), mapping, add_kinds=add)

    # --- importing ----------------------------------------------------------------------------------

    def start(self) -> None:
        if self.running() or self.path is None:
            return
        options = self.options()
        if self.as_other.isChecked() and options.annotator is None:
            self.status.setText(self.tr("Type the name of the coder whose work this is."))
            return
        self.results.setRowCount(0)
        self.status.setText(self.tr("Importing…"))
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self._added_kinds = options.add_kinds
        project, path, importer = self.project, self.path, self.annotator_id

        def run(progress, cancelled):
            return dataset_import.import_dataset(
                project, path, options, annotator_id=importer, progress=progress, cancelled=cancelled
            )

        self._run(Worker(run), self._progressed, self._finished)

    def _finished(self, report) -> None:
        self._worker_done()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.import_button.setEnabled(True)
        if isinstance(report, ServiceError):
            self.status.setText(str(report))
            return
        self.report = report
        self.progress.setValue(self.progress.maximum())
        self.status.setText(import_summary(report))
        self.results.show_report(report)
        self.imported.emit(report, self._added_kinds)
