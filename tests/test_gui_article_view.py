"""The article view: highlights where the spans are, selections back in stored code points, in every layer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.core import codebook as cb
from annotator.gui.article_view import ArticleView, Span
from annotator.paths import DEFAULT_CODEBOOK

from .qt_helpers import drag_select

TEXT = "𠮷野家表示，據快手電商負責人介紹，平台\u200b新增商家\u202e超過30萬家。"


@pytest.fixture
def book():
    return cb.load(DEFAULT_CODEBOOK)


@pytest.fixture
def view(qtbot, book):
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(700, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _span(text: str, piece: str, kind: str, ident: int) -> Span:
    start = text.index(piece)
    return Span(ident, kind, start, start + len(piece), f"{kind} {piece}")


def test_each_annotation_is_highlighted_over_its_own_text(view, book):
    spans = [
        _span(TEXT, "野家", "stakeholder", 1),
        _span(TEXT, "快手電商", "stakeholder", 2),
        _span(TEXT, "30萬家", "figure", 3),
    ]
    spans.append(Span(4, "claim", spans[1].start - 1, spans[2].end, "claim"))  # overlapping and nesting
    view.show_document(TEXT, spans, book)
    highlighted = [s.cursor.selectedText() for s in view.extraSelections()]
    assert sorted(highlighted) == sorted(TEXT[s.start : s.end].replace("\u200b", "·").replace("\u202e", "¦") for s in spans)
    wave = [s for s in view.extraSelections() if s.cursor.selectedText().startswith("據")][0]
    assert wave.format.underlineStyle().name == "WaveUnderline"  # claims: wavy, whatever the colour


def test_mouse_selection_after_an_astral_character_gives_code_points(qtbot, view, book):
    view.show_document(TEXT, [], book)
    start = TEXT.index("快手")
    # Qt counts 𠮷 as two UTF-16 units: the drag covers Qt positions start+1 .. start+5.
    drag_select(qtbot, view, start + 1, start + 5)
    assert view.selection_span() == (start, start + 4)
    assert TEXT[slice(*view.selection_span())] == "快手電商"


def test_selecting_in_the_simplified_view_stores_offsets_of_the_traditional_text(qtbot, view, book):
    view.show_document(TEXT, [_span(TEXT, "負責人", "stakeholder", 9)], book, layer="t2s")
    assert "快手电商负责人" in view.displayed_text
    shown = view.displayed_text.index("快手电商")
    drag_select(qtbot, view, shown + 1, shown + 5)
    start, end = view.selection_span()
    assert TEXT[start:end] == "快手電商"
    assert [s.cursor.selectedText() for s in view.extraSelections()] == ["负责人"]
    view.set_layer("stored")
    assert view.extraSelections()[0].cursor.selectedText() == "負責人"


def test_invisible_and_bidi_characters_are_shown_inert_and_keep_offsets(view, book):
    view.show_document(TEXT, [_span(TEXT, "新增商家", "figure", 1)], book)
    shown = view.displayed_text
    assert "\u200b" not in shown and "\u202e" not in shown
    assert len(shown) == len(TEXT) and shown.index("新增商家") == TEXT.index("新增商家")
    view.select_span(TEXT.index("新增"), TEXT.index("新增") + 2)
    assert TEXT[slice(*view.selection_span())] == "新增"


def test_clicking_an_annotation_reports_the_innermost_one(qtbot, view, book):
    outer = Span(1, "claim", 0, len(TEXT), "claim")
    inner = _span(TEXT, "快手電商", "stakeholder", 2)
    view.show_document(TEXT, [outer, inner], book)
    assert [s.id for s in view.spans_at(inner.start + 1)] == [2, 1]
    cursor = view.textCursor()
    cursor.setPosition(inner.start + 2)  # +1 for 𠮷's second unit, +1 inside the span
    rect = view.cursorRect(cursor)
    with qtbot.waitSignal(view.annotationClicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 2, rect.center().y()))
    assert clicked.args == [2]


def test_long_articles_highlight_what_is_on_screen_and_follow_scrolling(qtbot, view, book):
    line = "据快手电商负责人介绍，平台本季度新增商家超过30万家。\n"
    text = line * 4000  # about 110,000 characters
    last = len(text) - len(line) + 1
    spans = [Span(i, "stakeholder", i * len(line) + 1, i * len(line) + 5, "s") for i in range(4000)]
    view.show_document(text, spans, book)
    shown = {s.cursor.selectionStart() for s in view.extraSelections()}
    assert 1 in shown and last not in shown and len(shown) < 400
    view.select_span(last, last + 4)
    qtbot.waitUntil(lambda: last in {s.cursor.selectionStart() for s in view.extraSelections()}, timeout=2000)
    assert view.selection_span() == (last, last + 4)
