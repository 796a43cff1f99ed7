"""The agreement report (DESIGN §8) in the window: computed on a worker thread by the service behind
`annotator agreement`, shown as charts per kind, per field, per coder pair and per document, with the
numbers beneath each chart; the chart saves as PNG and the whole report as CSV."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.core.codebook import Codebook
from annotator.gui.background import Worker, WorkerDialog
from annotator.gui.translations import fill
from annotator.services import agreement, documents
from annotator.services.errors import ServiceError
from annotator.storage.project import Project

WORST_DOCUMENTS = 25  # the per-document chart shows the articles the coders agree on least
TITLE_CHARS = 24  # of an article's title, beside its bar

# View -> (title, which rows, how a row is named on the chart)
VIEWS = {
    "kinds": QT_TRANSLATE_NOOP("AgreementView", "Spans per kind (overlap F1, exact F1, α on characters, unitizing α)"),
    "fields": QT_TRANSLATE_NOOP("AgreementView", "Fields (Krippendorff's α, nominal)"),
    "pairs": QT_TRANSLATE_NOOP("AgreementView", "Coder pairs (Cohen's κ on characters)"),
    "documents": QT_TRANSLATE_NOOP("AgreementView", "Articles with least agreement (overlap F1)"),
    "all": QT_TRANSLATE_NOOP("AgreementView", "Every figure"),
}
_KIND_METRICS = ("overlap_f1", "exact_f1", "alpha_characters", "alpha_unitizing")


class AgreementView(WorkerDialog):
    def __init__(self, project: Project, codebook: Codebook, parent=None, *, viewer: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agreement"))
        self.resize(1000, 700)
        self.project, self.codebook, self.viewer = project, codebook, viewer
        self.report: agreement.Report | None = None

        self.view_choice = QComboBox()
        for name, title in VIEWS.items():
            self.view_choice.addItem(QCoreApplication.translate("AgreementView", title), name)
        self.view_choice.currentIndexChanged.connect(self.show_view)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.table = QTableWidget(0, 0)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.status = QLabel(self.tr("Computing…"))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the report arrives
        png = QPushButton(self.tr("Save chart as PNG…"))
        png.clicked.connect(lambda: self.save_png())
        csv_button = QPushButton(self.tr("Save report as CSV…"))
        csv_button.clicked.connect(lambda: self.save_csv())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.view_choice, 1)
        top.addWidget(png)
        top.addWidget(csv_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setSizes([420, 240])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(split, 1)
        project_, viewer_ = project, viewer
        self._run(Worker(lambda _p, _c: agreement.compute(project_, viewer=viewer_)), lambda *_: None, self._finished)

    def _finished(self, result) -> None:
        self._worker_done()
        self.progress.hide()
        if isinstance(result, ServiceError):
            self.status.setText(str(result))
            return
        self.report = result
        if len(result.coders) < 2:
            self.status.setText(self.tr("Agreement needs two coders who coded the same articles."))
        else:
            self.status.setText(
                fill(
                    self.tr("%1 coders (%2) on %3 article(s)"),
                    len(result.coders),
                    ", ".join(result.coders),
                    result.documents,
                )
            )
        self.show_view()

    # --- what each view shows ------------------------------------------------------------------------

    def _label(self, kind: str) -> str:
        return self.codebook.kind(kind).label if kind in self.codebook.kind_names else kind

    def rows(self, name: str) -> list[agreement.Row]:
        rows = self.report.rows if self.report else []
        if name == "kinds":
            return [r for r in rows if r.scope == "kind" and r.metric in _KIND_METRICS]
        if name == "fields":
            return [r for r in rows if r.scope == "field" and r.metric == "alpha_nominal"]
        if name == "pairs":
            return [r for r in rows if r.scope == "kind" and r.metric == "cohen_kappa_characters"]
        if name == "documents":
            documents = [r for r in rows if r.scope == "document" and r.value is not None]
            return sorted(documents, key=lambda r: (r.value, r.document))[:WORST_DOCUMENTS]
        return list(rows)

    def _bars(self, name: str, rows: list[agreement.Row]) -> tuple[list[str], dict[str, list[float]]]:
        """Chart categories and one bar set per series (metric or pair)."""
        if name == "kinds":
            kinds = list(dict.fromkeys(r.kind for r in rows))
            sets = {
                m: [next((r.value or 0 for r in rows if r.kind == k and r.metric == m), 0) for k in kinds]
                for m in _KIND_METRICS
            }
            return [self._label(k) for k in kinds], sets
        if name == "pairs":
            kinds = list(dict.fromkeys(r.kind for r in rows))
            pairs = list(dict.fromkeys(r.pair for r in rows))
            sets = {p: [next((r.value or 0 for r in rows if r.kind == k and r.pair == p), 0) for k in kinds] for p in pairs}
            return [self._label(k) for k in kinds], sets
        if name == "fields":
            return [f"{self._label(r.kind)} · {r.field}" for r in rows], {"α": [r.value or 0 for r in rows]}
        if name == "documents":
            return self._document_labels(rows), {self.tr("overlap F1"): [r.value or 0 for r in rows]}
        return [], {}

    def _document_labels(self, rows: list[agreement.Row]) -> list[str]:
        """One label per bar: the article's title (cut short) and number, and the coder pair where there are
        several. Labels must differ: the chart's axis drops a repeated one, and the bars after it then stood
        against the wrong labels."""
        names = documents.titles(self.project, sorted({r.document for r in rows}))
        several_pairs = len({r.pair for r in rows}) > 1
        labels = []
        for r in rows:
            title = names.get(r.document, "")
            short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
            pair = f" · {r.pair.replace('|', ' · ')}" if several_pairs else ""
            labels.append(f"{short} #{r.document}{pair}")
        return labels

    def show_view(self) -> None:
        name = self.view_choice.currentData()
        rows = self.rows(name)
        self._fill_table(rows)
        categories, sets = self._bars(name, rows)
        chart = QChart()
        chart.setTitle(self.view_choice.currentText())
        series = QHorizontalBarSeries()
        for label, values in sets.items():
            bar = QBarSet(label)
            bar.append(values)
            series.append(bar)
        chart.addSeries(series)
        categories_axis, values_axis = QBarCategoryAxis(), QValueAxis()
        categories_axis.append(categories or [""])
        low = min([0.0, *(v for values in sets.values() for v in values)])  # κ and α may fall below zero
        low = math.floor(low * 5) / 5  # ticks every 0.2
        values_axis.setRange(low, 1.0)
        values_axis.setTickCount(round((1.0 - low) * 5) + 1)
        values_axis.setLabelFormat("%.1f")
        chart.addAxis(categories_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories_axis)
        series.attachAxis(values_axis)
        chart.legend().setVisible(len(sets) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setChart(chart)

    def _fill_table(self, rows: list[agreement.Row]) -> None:
        headers = [
            self.tr("Scope"), self.tr("Kind"), self.tr("Field"), self.tr("Coders"), self.tr("Article"),
            self.tr("Measure"), self.tr("Value"), self.tr("Units"),
        ]  # fmt: skip
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            value = "—" if r.value is None else f"{r.value:.3f}"
            cells = [r.scope, self._label(r.kind), r.field, r.pair.replace("|", " · "),
                     "" if r.document is None else str(r.document), r.metric, value, str(r.units)]  # fmt: skip
            for c, text in enumerate(cells):
                self.table.setItem(n, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

    # --- saving --------------------------------------------------------------------------------------

    def save_png(self, path: str | None = None) -> Path | None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Save chart"), "agreement.png", "PNG (*.png)")[0]
        if not path:
            return None
        self.chart.grab().save(path, "PNG")
        return Path(path)

    def save_csv(self, path: str | None = None) -> Path | None:
        if self.report is None:
            return None
        path = path or QFileDialog.getSaveFileName(self, self.tr("Save report"), "agreement.csv", "CSV (*.csv)")[0]
        if not path:
            return None
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            self.report.write_csv(out)
        return Path(path)
