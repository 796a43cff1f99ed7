"""The figure parser against phrases from the shared corpus and samples, with values written by hand
(tests/data/figure_phrases.txt), and its detection measured on hand-labelled articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.figures import parse

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
def test_phrase(published, phrase, shown, value, scale, unit, currency, normalised, approximation, comparison, change, period):
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
