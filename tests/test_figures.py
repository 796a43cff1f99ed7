"""The figure parser against phrases from the shared corpus and samples, with values written by hand
(tests/data/figure_phrases.txt), and its detection measured on hand-labelled articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.figures import parse

from .conftest import SHARED

DATA = Path(__file__).parent / "data"


def _rows():
    for number, line in enumerate((DATA / "figure_phrases.txt").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            cells = [c.strip() for c in line.split(" | ")]
            assert len(cells) == 12, f"line {number}: {len(cells)} cells"
            yield pytest.param(*cells, id=f"{number}:{cells[2]}")


def _none(cell: str):
    return None if cell == "-" else cell


def _number(cell: str):
    return None if cell == "-" else float(cell)


ROWS = list(_rows())


def test_the_table_has_at_least_200_phrases():
    assert len(ROWS) >= 200


@pytest.mark.parametrize(
    "published, phrase, shown, value, scale, unit, currency, normalised, approximation, comparison, change, period", ROWS
)
def test_phrase(
    published, phrase, shown, value, scale, unit, currency, normalised, approximation, comparison, change, period
):
    figures = parse(phrase, published)
    start = phrase.index(shown)
    if value == "-":  # not a figure: nothing may be found over it
        assert not [f for f in figures if f.start < start + len(shown) and start < f.end], figures
        return
    found = [f for f in figures if f.start == start and f.end == start + len(shown)]
    assert found, f"{shown!r} not found; got {[f.text for f in figures]}"
    figure = found[0]
    assert figure.text == shown
    written_value = _number(value) if value[0].isdigit() else None
    if written_value is not None:
        assert figure.value == pytest.approx(written_value)
    else:
        assert figure.written == value
    got = (figure.scale, figure.unit, figure.currency, figure.approximation, figure.comparison, figure.change, figure.period)
    expected = (_none(scale), _none(unit), _none(currency), approximation, comparison, _none(change), _none(period))
    assert got == expected
    assert figure.normalised == pytest.approx(float(normalised))


def _gold_spans(text: str, figures: list[str]) -> list[tuple[int, int]]:
    """The labels, written in text order, as spans: each is looked up after the one before."""
    spans, position = [], 0
    for shown in figures:
        start = text.index(shown, position)
        spans.append((start, start + len(shown)))
        position = start + len(shown)
    return spans


def detection_scores() -> dict[str, float]:
    """Precision and recall of figure detection (exact spans) over the hand-labelled articles."""
    labels = json.loads((DATA / "figure_labels.json").read_text(encoding="utf-8"))
    true_positive = predicted = gold = 0
    for article in labels["articles"]:
        text = (SHARED / article["file"]).read_text(encoding="utf-8")
        expected = set(_gold_spans(text, article["figures"]))
        found = {(f.start, f.end) for f in parse(text, article["published"])}
        true_positive += len(expected & found)
        predicted += len(found)
        gold += len(expected)
    return {"precision": true_positive / predicted, "recall": true_positive / gold, "labelled": gold}


def test_detection_precision_and_recall_on_labelled_articles():
    if not (SHARED / "corpus").exists():
        pytest.skip("../shared is not beside the repository")
    scores = detection_scores()
    print(f"figure detection on {scores['labelled']} labelled figures: {scores}")
    assert scores["labelled"] >= 100
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.9


@pytest.mark.parametrize(
    ("phrase", "shown", "value", "scale", "unit", "normalised"),
    [
        ("共计一千二百三十四元", "一千二百三十四元", 1234, None, "元", 1234),
        ("新增两万家企业", "两万家", 2, "万", "家", 20000),
        ("约三成受访者", "三成", 3, None, "成", 30),
        ("占比七成五", "七成五", 7.5, None, "成", 75),
        ("增长百分之十五", "百分之十五", 15, None, "%", 15),
        ("十四个成员国", "十四个", 14, None, "个", 14),
        ("达到１２３万元", "１２３万元", 123, "万", "元", 1230000),
        ("规模为二十亿美元", "二十亿美元", 20, "亿", "美元", 2e9),
    ],
)
def test_chinese_and_full_width_numerals(phrase, shown, value, scale, unit, normalised):
    [figure] = [f for f in parse(phrase) if f.text == shown]
    assert (figure.value, figure.scale, figure.unit) == (value, scale, unit)
    assert figure.normalised == pytest.approx(normalised)


def test_scaled_values_are_exact_decimals_quarter_ends_are_quarters_and_counts_of_quarters_whole():
    """1,318.13億元 was normalised to 131813000000.00002 (float noise, stored and exported); 2024年四季度末
    was read as 2024; 8个季度 was cut to 8个."""
    [figure] = parse("進出口總值1,318.13億元")
    assert figure.fields()["normalised_value"] == 131813000000
    [figure] = parse("营收1.1千亿元")
    assert figure.fields()["normalised_value"] == 110000000000
    assert parse("0.7万亿元")[0].fields()["normalised_value"] == 700000000000
    [figure] = parse("2024年四季度末，贷款余额为3.5万亿元")
    assert figure.fields()["period"] == "2024-Q4"
    [figure] = parse("经济已连续8个季度增长")
    assert (figure.text, figure.fields()["unit"]) == ("8个季度", "个季度")
