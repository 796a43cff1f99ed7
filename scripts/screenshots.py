"""Take the README's screenshots from the real window on a throwaway copy of the demo project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots

Needs a CJK font (fonts-noto-cjk). The annotations are made through the services, as the window's own
commands make them; the images are grabbed from the widgets, so no display is needed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="annotator-shots-config-")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="annotator-shots-cache-")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui import translations  # noqa: E402
from annotator.gui.export_dialog import ExportDialog  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.paths import DEMO_ARTICLES  # noqa: E402
from annotator.services import annotations, annotators, documents, importing, projects  # noqa: E402

SPANS = [  # (kind, text as in the first demo article, fields)
    ("stakeholder", "某研究机构", {"type": "expert", "role": "source"}),
    ("figure", "1.2万亿元", {"value": "1.2", "scale": "万亿", "unit": "元", "currency": "CNY", "approximation": "about"}),
    ("figure", "18.5%", {"value": "18.5", "unit": "%", "comparison": "year_on_year"}),
    ("stakeholder", "快手电商负责人", {"type": "platform", "role": "source"}),
    ("figure", "30万家", {"value": "30", "scale": "万", "unit": "家", "approximation": "over"}),
    ("figure", "42%", {"value": "42", "unit": "%"}),
    ("stakeholder", "分析师王立", {"type": "investor", "role": "source", "mention": "name"}),
    (
        "claim",
        "明年直播电商的竞争焦点将从价格转向服务",
        {"type": "prediction", "attribution": "indirect", "polarity": "neutral"},
    ),
    ("claim", "流量成本上升是增速放缓的主要原因", {"type": "causal", "attribution": "indirect"}),
]


def demo_project(folder: Path):
    project = projects.init_project(folder / "demo.sqlite")
    importing.import_paths(project, [DEMO_ARTICLES])
    coder = annotators.ensure(project, "lin")
    text = documents.get_document(project, 1)["text"]
    ids = {}
    for kind, piece, fields in SPANS:
        start = text.index(piece)
        changes = annotations.create_annotation(
            project, annotator_id=coder, document_id=1, kind=kind, start=start, end=start + len(piece), fields=fields
        )
        ids[piece] = changes.first("annotation")["id"]
    annotations.update_annotation(
        project,
        annotator_id=coder,
        annotation_id=ids["明年直播电商的竞争焦点将从价格转向服务"],
        fields={"claimant": ids["分析师王立"]},
        expected_version=1,
    )
    documents.set_status(project, annotator_id=coder, document_id=3, status="done")
    return project, ids


def workbench(project, ids, width=1400, height=820) -> MainWindow:
    window = MainWindow(project, "lin")
    window.resize(width, height)
    window.show()
    window.table.selectRow(0)
    claim = ids["明年直播电商的竞争焦点将从价格转向服务"]
    window._annotation_chosen(claim)
    QApplication.processEvents()
    return window


SHARED_DOCCANO = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "doccano_export" / "doccano_ext.jsonl"


def dataset_import_shot(app, project, ids, out: Path) -> None:
    """The real doccano export in ../shared, its place labels mapped to stakeholders, imported as a coder's."""
    if not SHARED_DOCCANO.exists():
        print(f"skipped dataset-import.png: {SHARED_DOCCANO} is missing", file=sys.stderr)
        return
    window = workbench(project, ids)
    dialog = window.import_dataset()
    dialog.resize(900, 660)
    dialog.choose(str(SHARED_DOCCANO), "doccano")
    while dialog.running() or not dialog.labels.rowCount():
        app.processEvents()
    for label, combo in dialog._rows:
        combo.setCurrentIndex(combo.findText("Stakeholder" if label in ("地点", "住址", "单位") else "leave out"))
    dialog.as_other.setChecked(True)
    dialog.other_name.setText("ner-team")
    done = []
    dialog.imported.connect(lambda *report: done.append(report))
    dialog.start()
    while not done:
        app.processEvents()
    dialog.source.setText("../shared/datasets/doccano_export/doccano_ext.jsonl")
    dialog.grab().save(str(out / "dataset-import.png"))
    dialog.close()
    window.close()


WANG = {  # how a second coder coded the first article: mostly alike, some edges, values and spans not
    "1.2万亿元": ("figure", "1.2万亿", {"value": "1.2", "scale": "万亿", "unit": "元", "currency": "CNY"}),
    "18.5%": ("figure", "18.5%", {"value": "18.5", "unit": "%", "comparison": "month_on_month"}),
    "快手电商负责人": ("stakeholder", "快手电商", {"type": "platform", "role": "source"}),
    "流量成本上升是增速放缓的主要原因": ("claim", "流量成本上升是增速放缓的主要原因", {"type": "causal"}),
}


def team_shots(app, project, ids, out: Path) -> None:
    """A second coder on the first article, then the lead's agreement report and adjudication view."""
    wang = annotators.ensure(project, "wang")
    text = documents.get_document(project, 1)["text"]
    for kind, piece, fields in SPANS:
        kind, piece, fields = WANG.get(piece, (kind, piece, fields))
        if piece == "42%":
            continue  # wang missed it
        start = text.index(piece)
        annotations.create_annotation(
            project, annotator_id=wang, document_id=1, kind=kind, start=start, end=start + len(piece), fields=fields
        )
    window = workbench(project, ids)
    window.statusBar().showMessage("wang: Figure “1.2万亿” — Value: 1.2, Scale: 万亿, Unit: 元, Currency: CNY")
    window.grab().save(str(out / "workbench-others.png"))
    report = window.show_agreement()
    report.resize(1000, 640)
    while report.report is None:
        app.processEvents()
    report.grab().save(str(out / "agreement.png"))
    report.close()
    view = window.adjudicate()
    view.resize(1500, 820)
    view.accept_agreed()
    view.step(1)
    app.processEvents()
    view.grab().save(str(out / "adjudication.png"))
    view.close()
    window.close()


SIZES = ((1024, 700), (1600, 1000))  # a small laptop's screen, and a desktop's


def size_shots(app, project, ids, out: Path) -> None:
    """The workbench at both sizes in each state a coder meets: a claim chosen, a stakeholder whose registry
    name is 200 characters long, a suggestion chosen, a search with its matches. The article must keep a
    usable width in every one (`sizes/STATE-WxH.png`)."""
    from annotator.services import entities

    folder = out / "sizes"
    folder.mkdir(exist_ok=True)
    coder = annotators.ensure(project, "lin")
    long_name = ("快手电商（北京）科技有限公司直播电商事业部华北区域商家服务中心" * 8)[:200]
    entity = entities.create_entity(project, annotator_id=coder, name=long_name).first("entity")["id"]
    stakeholder = ids["快手电商负责人"]
    row = next(r for r in annotations.annotations_of(project, 1) if r["id"] == stakeholder)
    annotations.update_annotation(
        project, annotator_id=coder, annotation_id=stakeholder, expected_version=row["version"], fields={"entity": entity}
    )
    for width, height in SIZES:
        window = workbench(project, ids, width, height)
        states = {
            "claim": lambda w: None,
            "long-entity": lambda w: w._annotation_chosen(stakeholder),
            "suggestion": lambda w: (w.table.selectRow(1), w.suggesting.step(1)),
            "search": lambda w: (w.search.setText("快手"), w._apply_search()),
        }
        for name, reach in states.items():
            reach(window)
            app.processEvents()
            window.grab().save(str(folder / f"{name}-{width}x{height}.png"))
            assert window.article.width() >= width * 0.3, f"{name} at {width}×{height}: the article is too narrow"
        window.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        project, ids = demo_project(Path(folder))
        window = workbench(project, ids)
        window.statusBar().showMessage("Saved: changed “明年直播电商的竞争焦点将从价格转向服务”")
        window.grab().save(str(out / "workbench-annotated.png"))

        window.search.setText("電商")  # traditional characters find the simplified articles
        window._apply_search()
        window.statusBar().showMessage(window.statusBar().currentMessage().replace(folder, "~/research"))
        window.grab().save(str(out / "main-window-search.png"))
        window.search.clear()
        window._apply_search()

        window.filters.outlet.setCurrentIndex(window.filters.outlet.findData("演示财经日报"))
        dialog = ExportDialog(project, lambda: [1], window.model.total(), window.codebook, window)
        dialog.format.setCurrentIndex(dialog.format.findData("csv"))
        dialog.kinds.item(0).setCheckState(Qt.CheckState.Unchecked)  # claims left out
        dialog.destination.setText(str(Path(folder) / "demo-tables"))
        dialog.show()
        done = []
        dialog.finished_export.connect(done.append)
        dialog.start()
        while not done:
            app.processEvents()
        dialog.destination.setText("~/demo-tables")
        dialog.status.setText(dialog.status.text().replace(folder, "~"))
        dialog.grab().save(str(out / "export-dialog.png"))
        dialog.close()
        window.close()

        window = workbench(project, ids)
        window.table.selectRow(1)  # the traditional article: its figures proposed, dotted
        window.article.setFocus()
        window.suggesting.step(1)
        window.suggesting.step(1)
        app.processEvents()
        window.grab().save(str(out / "suggestions.png"))
        stats_view = window.show_statistics()
        stats_view.resize(900, 520)
        stats_view.tabs.setCurrentIndex(0)
        app.processEvents()
        stats_view.grab().save(str(out / "statistics.png"))
        stats_view.close()
        editor = window.edit_codebook()
        editor.resize(900, 560)
        items = editor.tree.findItems("Type  (choice)", Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)
        editor.tree.setCurrentItem(items[0])
        app.processEvents()
        editor.grab().save(str(out / "codebook-editor.png"))
        editor.close()
        window.close()

        (Path(folder) / "dataset").mkdir()
        dataset_import_shot(app, *demo_project(Path(folder) / "dataset"), out)  # a copy: the others stay the demo
        (Path(folder) / "team").mkdir()
        team_shots(app, *demo_project(Path(folder) / "team"), out)
        (Path(folder) / "sizes").mkdir()
        size_shots(app, *demo_project(Path(folder) / "sizes"), out)

        translations.install("zh_CN")
        chinese = workbench(project, ids)
        chinese.statusBar().showMessage("已保存：已修改 “明年直播电商的竞争焦点将从价格转向服务”")
        chinese.grab().save(str(out / "workbench-chinese.png"))
        chinese.close()
        project.close()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
