"""The statistics view: its charts show the numbers of `annotator stats --json`, and save as PNG and CSV."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from PySide6.QtGui import QImage

from annotator.gui.main_window import MainWindow
from annotator.services import annotations, entities, importing, stats

TEXT = "标题\n快手电商负责人表示，平台本季度新增商家超过30万家，=SUM(A1)同比增长18.5%。"


def test_charts_show_the_stats_numbers_and_save_as_png_and_csv(qtbot, project, alice, bob, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    kuaishou = entities.create_entity(project, annotator_id=alice, name="快手电商", type="platform").first("entity")["id"]
    s = TEXT.index("快手电商")
    for coder in (alice, bob):
        annotations.create_annotation(
            project, annotator_id=coder, document_id=1, kind="stakeholder", start=s, end=s + 4, fields={"entity": kuaishou}
        )
    f = TEXT.index("30万家")
    annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=1,
        kind="figure",
        start=f,
        end=f + 4,
        fields={"metric": "=新增商家", "period": "2024-Q3"},
    )
    charts = stats.project_stats(project)["charts"]
    assert charts["top_stakeholders"] == [{"stakeholder": "快手电商", "type": "platform", "spans": 2, "documents": 1}]
    assert charts["figures_by_metric_and_period"] == [{"metric": "=新增商家", "period": "2024-Q3", "figures": 1}]
    assert sum(r["annotations"] for r in charts["annotations_by_day_and_kind"]) == 3

    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    view = window.show_statistics()
    qtbot.addWidget(view)
    assert view.tabs.count() == 4
    kinds = view.views["annotations_by_day_and_kind"].chart().series()[0]
    assert {b.label(): b.sum() for b in kinds.barSets()} == {"Figure": 1, "Stakeholder": 2}
    top = view.views["top_stakeholders"].chart().series()[0].barSets()[0]
    assert top.at(0) == 2

    png = view.save_png("top_stakeholders", str(tmp_path / "top.png"))
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 100
    table = view.save_csv("figures_by_metric_and_period", str(tmp_path / "figures.csv"))
    rows = list(csv.reader(table.open(encoding="utf-8-sig")))
    assert rows == [["metric", "period", "figures"], ["'=新增商家", "2024-Q3", "1"]]  # never a formula

    project.close()
    printed = subprocess.run(
        [sys.executable, "-m", "annotator", "stats", "--project", project.url, "--json"],
        capture_output=True,
        text=True,
    )
    assert json.loads(printed.stdout)["charts"] == charts
