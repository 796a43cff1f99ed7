"""Statistics with charts (Qt Charts): annotations per day by kind and by coder, the stakeholders with
most spans, figures by metric and period. Each chart saves as PNG and its data as CSV; the numbers are
those of `annotator stats --json` (one service provides both)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook
from annotator.services import stats
from annotator.storage.project import Project

# Chart name -> (row key for categories, row key for series, row key for values)
LAYOUT = {
    "annotations_by_day_and_kind": ("day", "kind", "annotations"),
    "annotations_by_day_and_annotator": ("day", "annotator", "annotations"),
    "figures_by_metric_and_period": ("period", "metric", "figures"),
}


class StatisticsView(QDialog):
    def __init__(self, project: Project, codebook: Codebook, parent=None, *, viewer: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Statistics"))
        self.resize(980, 620)
        self.codebook = codebook
        self.data = stats.project_stats(project, viewer=viewer)["charts"]  # blind mode: the viewer's own work
        titles = {
            "annotations_by_day_and_kind": self.tr("Annotations per day, by kind"),
            "annotations_by_day_and_annotator": self.tr("Annotations per day, by coder"),
            "top_stakeholders": self.tr("Stakeholders with most spans"),
            "figures_by_metric_and_period": self.tr("Figures by metric and period"),
        }
        self.tabs = QTabWidget()
        self.views: dict[str, QChartView] = {}
        for name, title in titles.items():
            chart = self._stakeholder_chart(title) if name == "top_stakeholders" else self._stacked_chart(name, title)
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.views[name] = view
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.addWidget(view, 1)
            if not self.data[name]:
                layout.addWidget(QLabel(self.tr("Nothing to show yet: annotate some articles first.")))
            buttons = QHBoxLayout()
            png = QPushButton(self.tr("Save chart as PNG…"))
            png.clicked.connect(lambda _=False, n=name: self.save_png(n))
            table = QPushButton(self.tr("Save data as CSV…"))
            table.clicked.connect(lambda _=False, n=name: self.save_csv(n))
            buttons.addStretch(1)
            buttons.addWidget(png)
            buttons.addWidget(table)
            layout.addLayout(buttons)
            self.tabs.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _stacked_chart(self, name: str, title: str) -> QChart:
        category_key, series_key, value_key = LAYOUT[name]
        rows = self.data[name]
        categories = sorted({row[category_key] for row in rows})
        series = QStackedBarSeries()
        for label in sorted({row[series_key] for row in rows}):
            values = {row[category_key]: row[value_key] for row in rows if row[series_key] == label}
            bar = QBarSet(self._label(series_key, label))
            bar.append([values.get(c, 0) for c in categories])
            if series_key == "kind" and label in self.codebook.kind_names:
                bar.setColor(QColor(self.codebook.kind(label).colour))
            series.append(bar)
        return self._chart(title, series, categories, horizontal=False)

    def _stakeholder_chart(self, title: str) -> QChart:
        rows = list(reversed(self.data["top_stakeholders"]))  # the largest at the top
        series = QHorizontalBarSeries()
        bar = QBarSet(self.tr("spans"))
        bar.append([row["spans"] for row in rows])
        if "stakeholder" in self.codebook.kind_names:
            bar.setColor(QColor(self.codebook.kind("stakeholder").colour))
        series.append(bar)
        return self._chart(title, series, [row["stakeholder"] for row in rows], horizontal=True)

    def _label(self, key: str, value: str) -> str:
        if key == "kind" and value in self.codebook.kind_names:
            return self.codebook.kind(value).label
        return value

    @staticmethod
    def _chart(title: str, series, categories: list[str], *, horizontal: bool) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.addSeries(series)
        axis_categories, axis_values = QBarCategoryAxis(), QValueAxis()
        axis_categories.append(categories or [""])
        axis_values.setLabelFormat("%d")
        largest = max((sum(s.at(i) for s in series.barSets()) for i in range(len(categories))), default=0)
        steps = min(max(1, int(largest)), 5)  # whole-number ticks: "%d" would repeat labels between them
        top = max(1, -(-int(largest) // steps) * steps)
        axis_values.setRange(0, top)
        axis_values.setTickCount(steps + 1)
        category_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(axis_categories, category_side)
        chart.addAxis(axis_values, value_side)
        series.attachAxis(axis_categories)
        series.attachAxis(axis_values)
        chart.legend().setVisible(not horizontal)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    # --- saving -------------------------------------------------------------------------------------

    def save_png(self, name: str, path: str | None = None) -> Path | None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Save chart"), f"{name}.png", "PNG (*.png)")[0]
        if not path:
            return None
        self.views[name].grab().save(path, "PNG")
        return Path(path)

    def save_csv(self, name: str, path: str | None = None) -> Path | None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Save data"), f"{name}.csv", "CSV (*.csv)")[0]
        if not path:
            return None
        rows = self.data[name]
        return stats.write_chart_csv(rows, list(rows[0]) if rows else list(_columns(name)), Path(path))


def _columns(name: str) -> tuple[str, ...]:
    if name == "top_stakeholders":
        return ("stakeholder", "type", "spans", "documents")
    return LAYOUT[name]
