"""Plain-text articles come without an outlet or a date, so periods such as 今年前8个月 could not be resolved:
a dateline among the opening lines or a plain date in the file name gives a date, recorded as a guess in the
provenance, and the coder sets or corrects outlet and date in the window (undoable)."""

from __future__ import annotations

import pytest

from annotator.core.dates import guess_published
from annotator.services import documents, importing
from annotator.services.errors import Invalid

from .qt_helpers import coding_window


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("a.txt", "标题\n2025年2月23日 10:05 来源：新华社\n正文", ("2025-02-23", "line 2 of the text")),
        ("a.txt", "2023-07-13 据海关统计，今年前8个月……", ("2023-07-13", "line 1 of the text")),
        ("xwlb_20230113.txt", "今天（1月13日）上午10时，国务院新闻办召开新闻发布会。", ("2023-01-13", "the file name")),
        ("report-2024-12-31.txt", "正文", ("2024-12-31", "the file name")),
        ("a.txt", "标题\n有消息称，从2022年10月28日起，快手电商将开始恢复淘宝联盟在快手的合作，这是很长的一句话。", None),
        ("a.txt", "2024/2/30 不是日期", None),
        ("id_12345678.txt", "正文", None),
    ],
)
def test_a_date_is_read_from_a_dateline_or_the_file_name_where_it_is_plain(name, text, expected):
    assert guess_published(name, text) == expected


def test_imported_plain_text_gets_the_guessed_date_and_says_where_it_came_from(project, tmp_path):
    (tmp_path / "xwlb_20230908.txt").write_text("海关总署表示，今年前8个月我国进出口总值27.08万亿元。", encoding="utf-8")
    (tmp_path / "no-date.txt").write_text("海关总署表示，进出口稳中向好。", encoding="utf-8")
    report = importing.import_paths(project, [tmp_path])
    stored = {r.source.rsplit("/", 1)[-1]: documents.get_document(project, r.document_id) for r in report.results}
    dated, undated = stored["xwlb_20230908.txt"], stored["no-date.txt"]
    assert dated["published"] == "2023-09-08" and dated["provenance"]["published_guessed_from"] == "the file name"
    assert undated["published"] is None and "published_guessed_from" not in undated["provenance"]


def test_the_coder_sets_outlet_and_date_in_the_window_and_periods_follow(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text("海关总署表示，今年前8个月我国进出口总值27.08万亿元。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    window = coding_window(qtbot, project)
    figure = next(s for s in window.suggesting.items if s.kind == "figure")
    assert "period" not in figure.fields  # 今年 cannot be resolved without a date
    assert window.set_details("新华社", "2023年9月8日") is None
    assert (window.byline.text(), documents.get_document(project, 1)["outlet"]) == ("新华社 · 2023-09-08", "新华社")
    figure = next(s for s in window.suggesting.items if s.kind == "figure")
    assert figure.fields["period"] == "2023-01/2023-08"
    assert window.set_details("新华社", "去年秋天") == "must be a date, such as 2025-02-23"
    assert documents.get_document(project, 1)["published"] == "2023-09-08"  # refused: nothing changed
    window.undo_stack.undo()
    assert documents.get_document(project, 1)["outlet"] is None and window.byline.text() == ""
    with pytest.raises(Invalid):
        documents.set_details(project, annotator_id=window.annotator_id, document_id=1, outlet="", published="13/13/2023")
