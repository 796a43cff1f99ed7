"""Very long lines are cut for display only: every offset maps there and back, and the view shows, selects and
copies a one-line article of any length as the stored text."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from annotator.core import codebook as cb
from annotator.core.text.display_lines import DisplayLines, cut_points
from annotator.gui.article_view import ArticleView, Span
from annotator.paths import DEFAULT_CODEBOOK

SENTENCE = "国家统计局发布数据显示，前三季度社会消费品零售总额同比增长3.3%。𠮷野家表示"


@settings(deadline=None, max_examples=200)
@given(
    st.text(alphabet=st.sampled_from(list("新闻。！a\n𠮷 ")), max_size=400),
    st.integers(min_value=2, max_value=40),
)
def test_offsets_map_to_the_display_and_back(text, piece):
    lines = DisplayLines(text, longest=piece * 2, piece=piece)
    assert lines.text.replace("\n", "") == text.replace("\n", "")
    assert len(lines.text) == len(text) + len(lines.cuts)
    for offset in range(len(text) + 1):
        shown = lines.to_display(offset)
        assert lines.from_display(shown) == offset
        assert lines.text[shown : shown + 1] == text[offset : offset + 1]
        assert lines.from_display(lines.to_display(offset, end=True)) == offset
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 12) + 1):  # a span's text is the text's, breaks removed
            a, b = lines.to_display(start), lines.to_display(end, end=True)
            cut_inside = sum(start < c < end for c in lines.cuts)
            assert lines.text[a:b].replace("\n", "", cut_inside) == text[start:end] or "\n" in text[start:end]


def test_only_lines_over_the_limit_are_cut_and_at_sentence_ends_where_possible():
    short = (SENTENCE + "\n") * 200
    assert cut_points(short) == []
    one_line = SENTENCE * 300
    cuts = cut_points(one_line)
    assert cuts and all(one_line[c - 1] == "。" for c in cuts)
    assert all(b - a <= 4000 for a, b in zip([0, *cuts], [*cuts, len(one_line)], strict=False))
    no_sentences = "字" * 10_000
    assert cut_points(no_sentences) == [2000, 4000, 6000]  # the last 4,000 are short enough


def test_a_one_line_article_of_a_million_characters_is_shown_selected_and_copied_as_stored(qtbot):
    text = (SENTENCE * (1_000_000 // len(SENTENCE) + 1))[:1_000_000]
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    rng = random.Random(5)
    spans = []
    for i in range(50):
        start = rng.randrange(0, len(text) - 3000)
        spans.append(Span(i, "claim", start, start + rng.randint(1, 3000), "x"))
    view.show_document(text, spans, cb.load(DEFAULT_CODEBOOK))
    assert view.document().blockCount() > 400  # laid out a few thousand characters at a time
    for span in spans:
        view.select_span(span.start, span.end)
        assert view.selection_span() == (span.start, span.end)
        view.copy()
        assert QApplication.clipboard().text() == text[span.start : span.end]
    for layer in ("t2s", "s2t"):
        view.set_layer(layer)
        view.select_span(spans[0].start, spans[0].end)
        assert view.selection_span() == (spans[0].start, spans[0].end)
