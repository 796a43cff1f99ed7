"""Code point <-> UTF-16 offsets and the OpenCC reading views' offset maps (property tests)."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.text.conversion import ConvertedText, converted, make_dictionary
from annotator.core.text.offsets import Utf16Map, from_utf16, to_utf16

from .conftest import shared_texts

# Text mixing ASCII, CJK (both scripts), astral characters (𠮷, emoji) and OpenCC's separators.
MIXED = st.text(alphabet=st.sampled_from(list("ab 1,。、快手電商电商台積電台积电發发後后里裡𠮷😀\n“”（）")), max_size=60)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(MIXED, st.data())
def test_utf16_offsets_agree_with_python_encoding(text, data):
    mapping = Utf16Map(text)
    offset = data.draw(st.integers(0, len(text)))
    expected = _utf16_len(text[:offset])
    assert mapping.to_utf16(offset) == expected
    assert mapping.from_utf16(expected) == offset
    assert mapping.utf16_length == _utf16_len(text)


def test_utf16_after_astral_characters():
    text = "𠮷野家😀快手"
    assert to_utf16(text, 1) == 2
    assert to_utf16(text, 4) == 6
    assert from_utf16(text, 6) == 4
    with pytest.raises(ValueError, match="surrogate pair"):
        from_utf16(text, 1)
    with pytest.raises(ValueError):
        to_utf16(text, 99)


@pytest.mark.parametrize("conversion", ["t2s", "s2t"])
def test_conversion_equals_opencc_on_every_shared_article(conversion):
    reference = opencc.OpenCC(conversion)
    for path in shared_texts():
        text = path.read_text(encoding="utf-8")
        assert ConvertedText(text, conversion).text == reference.convert(text), path.name


@settings(max_examples=200)
@given(MIXED, st.sampled_from(["t2s", "s2t"]))
def test_conversion_equals_opencc_on_random_text(text, conversion):
    assert ConvertedText(text, conversion).text == opencc.OpenCC(conversion).convert(text)


def test_reading_view_finds_traditional_company_in_simplified():
    view = converted("據快手電商負責人表示", "t2s")
    assert view.text == "据快手电商负责人表示"
    start = view.text.index("快手电商")
    assert view.span_to_source(start, start + 4) == (1, 5)


# Dictionaries whose replacements change length, as OpenCC's may in other configurations: the offset map
# must stay exact around them.
RESIZING = (
    make_dictionary({"ab": "X", "abc": "YYYY", "q": "", "z": "zz"}),
    make_dictionary({"a": "A", "c": "CCC"}),
)
RESIZE_TEXT = st.text(alphabet=st.sampled_from(list("abcqz𠮷 ,")), max_size=40)


@settings(max_examples=300)
@given(RESIZE_TEXT, st.data())
def test_offset_map_round_trips_when_conversion_changes_length(text, data):
    view = ConvertedText(text, "custom", RESIZING)
    # Every view offset maps into the source, starts and ends each monotonically.
    starts = [view.to_source(q) for q in range(len(view.text) + 1)]
    ends = [view.to_source(q, end=True) for q in range(len(view.text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= x <= len(text) for x in starts + ends)
    # A selection in the view maps to a source span that covers whole source characters, and mapping that
    # span back covers the selection.
    a = data.draw(st.integers(0, len(view.text)))
    b = data.draw(st.integers(a, len(view.text)))
    s, e = view.span_to_source(a, b)
    if a < b:
        assert s <= e
    assert view.from_source(s) <= a and view.from_source(e, end=True) >= b
    assert ends[0] == 0 and starts[-1] == len(text)


def test_offset_map_example_with_growing_and_vanishing_replacements():
    view = ConvertedText("xabcq𠮷c", "custom", RESIZING)
    assert view.text == "xYYYY𠮷CCC"
    assert view.span_to_source(1, 5) == (1, 4)  # YYYY <- abc
    assert view.span_to_source(2, 3) == (1, 4)  # inside YYYY: the whole phrase
    assert view.span_to_source(5, 6) == (5, 6)  # 𠮷 after the vanished q
    assert view.from_source(7, end=True) == 9  # end of c -> end of CCC
    assert view.span_to_source(6, 7) == (6, 7)  # inside CCC: the whole c
