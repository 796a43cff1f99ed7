"""The article keeps a usable width at 1024×700 whatever the registry holds: a long entity name or claim text
in the form is cut short with … (its whole text in a tooltip), never widening the form over the article."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from annotator.services import annotations, entities, importing

from .qt_helpers import coding_window

TEXT = "国家统计局发布数据显示，前三季度社会消费品零售总额同比增长3.3%。快手电商表示平台新增商家超过30万家。"


def test_a_200_character_entity_name_leaves_the_article_its_width(qtbot, project, alice, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    long_name = "中华人民共和国国家统计局" * 16 + "（含附属机构）" + "甲" * 1
    long_name = long_name[:200]
    entity = entities.create_entity(project, annotator_id=alice, name=long_name).first("entity")["id"]
    start = TEXT.index("国家统计局")
    stakeholder = annotations.create_annotation(
        project, annotator_id=alice, document_id=1, kind="stakeholder", start=start, end=start + 5, fields={"entity": entity}
    ).first("annotation")["id"]
    claim_start = TEXT.index("前三季度")
    annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=1,
        kind="claim",
        start=claim_start,
        end=len(TEXT),
        fields={"claimant": stakeholder},
    )
    window = coding_window(qtbot, project)
    for size in ((1024, 700), (1600, 1000)):
        window.resize(*size)
        for annotation in annotations.annotations_of(project, 1):
            window.select_annotation(annotation["id"])
            qtbot.wait(50)
            article = window.article.width()
            assert article >= window.width() * 0.3, f"{size}: the article is {article} px wide"
            form_right = window.form.mapTo(window, window.form.rect().topRight()).x()
            assert form_right <= window.width(), f"{size}: the form runs past the window's edge"
    window.select_annotation(stakeholder)
    combo = next(c for c in window.form.findChildren(QComboBox) if c.currentText().startswith("中华人民共和国"))
    assert combo.itemData(combo.currentIndex(), 3) == long_name  # Qt.ToolTipRole: the whole name on hover
