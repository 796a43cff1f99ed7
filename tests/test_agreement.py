"""Agreement: the coefficients against the reference implementations (scikit-learn's cohen_kappa_score, the
`krippendorff` package) on the same data, the character-unit tallies against the characters spelled out, and
a two-coder project through the service and the command line."""

from __future__ import annotations

import csv
import io
import json
import random

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.core import agreement as ag
from annotator.services import agreement, annotations, annotators, documents, importing

LABELS = st.sampled_from(["a", "b", "c"])


@pytest.mark.filterwarnings("ignore::UserWarning")  # scikit-learn's, when both coders use one label only
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LABELS, LABELS), min_size=2, max_size=60))
def test_cohen_kappa_equals_scikit_learn(pairs):
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    ours = ag.cohen_kappa(first, second)
    if ours is None:  # one label everywhere for both: scikit-learn says nan
        assert np.isnan(cohen_kappa_score(first, second)) or len(set(first) | set(second)) == 1
    else:
        assert ours == pytest.approx(cohen_kappa_score(first, second), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), LABELS), min_size=3, max_size=3), min_size=2, max_size=40))
def test_alpha_nominal_equals_the_krippendorff_package(units):
    codes = {"a": 0, "b": 1, "c": 2}
    data = np.array([[np.nan if u[c] is None else codes[u[c]] for u in units] for c in range(3)], dtype=float)
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    values = {v for u in pairable for v in u if v is not None}
    ours = ag.alpha_nominal(units)
    if not pairable or len(values) < 2:
        assert ours is None
        return
    assert ours == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-9)


def _random_spans(rng: random.Random, length: int, first_id: int) -> list[ag.Span]:
    spans = []
    for i in range(rng.randint(0, 8)):
        start = rng.randrange(0, length - 1)
        spans.append(ag.Span(first_id + i, "figure", start, min(length, start + rng.randint(1, 9))))
    return spans


def _characters(length: int, spans: list[ag.Span]) -> list[int]:
    marks = [0] * length
    for s in spans:
        for i in range(s.start, s.end):
            marks[i] = 1
    return marks


def test_character_units_equal_the_characters_spelled_out():
    rng = random.Random(11)
    tally, two, spelled = ag.CharacterTally(3), ag.CharacterTally(2), [[], [], []]
    for doc in range(40):
        length = rng.randint(5, 60)
        codings = [_random_spans(rng, length, 1000 * doc + 100 * c) for c in range(3)]
        tally.add(length, codings)
        two.add(length, codings[:2])  # two coders take a shorter way: merged runs, four counts
        for c in range(3):
            spelled[c] += _characters(length, codings[c])
    assert tally.cohen(0, 1) == pytest.approx(cohen_kappa_score(spelled[0], spelled[1]), abs=1e-12)
    assert two.patterns == tally.pair(0, 1).patterns
    alpha = krippendorff.alpha(reliability_data=np.array(spelled, dtype=float), level_of_measurement="nominal")
    assert tally.alpha() == pytest.approx(alpha, abs=1e-9)
    units = list(zip(*spelled, strict=True))
    assert tally.fleiss() == pytest.approx(ag.fleiss_kappa(units), abs=1e-12)


def test_fleiss_kappa_on_the_textbook_example():
    # Fleiss (1971) as worked in the literature: 10 subjects, 14 raters, 5 categories: κ = 0.210
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    units = [[category for category, n in enumerate(row) for _ in range(n)] for row in table]
    assert ag.fleiss_kappa(units) == pytest.approx(0.2099, abs=1e-4)


def test_spans_align_exactly_or_by_overlap_one_to_one():
    a = [ag.Span(1, "figure", 0, 5), ag.Span(2, "figure", 10, 14), ag.Span(3, "claim", 0, 20)]
    b = [ag.Span(4, "figure", 0, 5), ag.Span(5, "figure", 11, 14), ag.Span(6, "figure", 12, 13)]
    assert sorted((x.id, y.id) for x, y in ag.align(a, b)) == [(1, 4), (2, 5)]
    pairs = ag.align(a, b)
    assert ag.exact_matches(pairs) == 1
    overlap = ag.Scores(len(a), len(b), len(pairs))
    assert (overlap.precision, overlap.recall, overlap.f1) == (2 / 3, 2 / 3, 2 * 2 / 6)


def _greedy_overlap(first, second):
    """Overlap alignment spelled out: every pair sharing characters, most shared first, then closest edges."""
    candidates = sorted(
        (-(min(a.end, b.end) - max(a.start, b.start)), abs(a.start - b.start) + abs(a.end - b.end), a.id, b.id)
        for a in first
        for b in second
        if a.kind == b.kind and min(a.end, b.end) > max(a.start, b.start)
    )
    used_a, used_b, pairs = set(), set(), set()
    for *_, a, b in candidates:
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            pairs.add((a, b))
    return pairs


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_overlap_alignment_equals_the_greedy_order_spelled_out(rng):
    """The sweep (with equal spans paired first) pairs exactly as trying every pair would."""
    first = _random_spans(rng, 30, 0) + [ag.Span(50 + i, "claim", *sorted(rng.sample(range(30), 2))) for i in range(3)]
    second = [ag.Span(100 + s.id, s.kind, s.start, s.end) for s in first if rng.random() < 0.5]
    second += _random_spans(rng, 30, 200)
    found = {(a.id, b.id) for a, b in ag.align(first, second)}
    assert found == _greedy_overlap(first, second)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 3), st.lists(st.integers(2, 40), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_unitizing_alpha_with_one_character_units_is_alpha_on_characters(coders, lengths, rng):
    """Units of one character are characters: unitizing α must then equal the krippendorff package's
    nominal α over every character."""
    units, spelled = ag.CharacterTally(coders), [[] for _ in range(coders)]
    for doc, length in enumerate(lengths):
        codings = []
        for c in range(coders):
            marked = sorted(rng.sample(range(length), rng.randint(0, length // 3)))
            codings.append([ag.Span(1000 * doc + 100 * c + i, "figure", p, p + 1) for i, p in enumerate(marked)])
            spelled[c] += _characters(length, codings[-1])
        units.add(length, codings)
    data = np.array(spelled, dtype=float)
    if len({v for row in spelled for v in row}) < 2:
        assert units.unitizing_alpha() is None
        return
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert units.unitizing_alpha() == pytest.approx(expected, abs=1e-9)


def test_unitizing_alpha_counts_units_whole():
    """Agreement on long units is worth more than on as many characters, and falls as boundaries drift."""

    def alpha(first, second, length=100):
        tally = ag.CharacterTally(2)
        tally.add(length, [[ag.Span(1, "claim", *first)], [ag.Span(2, "claim", *second)]])
        return tally.unitizing_alpha()

    assert alpha((10, 40), (10, 40)) == 1.0
    drift = [alpha((10, 40), (10 + d, 40 + d)) for d in (0, 2, 5, 10, 20)]
    assert drift == sorted(drift, reverse=True) and drift[-1] < 0.5
    characters = ag.CharacterTally(2)
    characters.add(100, [[ag.Span(1, "claim", 10, 40)], [ag.Span(2, "claim", 12, 42)]])
    assert alpha((10, 40), (12, 42)) != pytest.approx(characters.alpha())


@pytest.fixture
def two_coders(project, tmp_path):
    """Two coders on two articles: the same stakeholder, figures that differ in extent and value, claims
    with claimants and types."""
    texts = ["华为称营收增长了百分之十，利润为3亿元。", "腾讯表示，用户达到12亿，同比增长5%。"]
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    alice, bob = annotators.ensure(project, "alice"), annotators.ensure(project, "bob")

    def mark(coder, doc, piece, kind, **fields):
        text = texts[doc - 1]
        start = text.index(piece)
        return annotations.create_annotation(
            project, annotator_id=coder, document_id=doc, kind=kind, start=start, end=start + len(piece), fields=fields
        ).first("annotation")["id"]

    for coder in (alice, bob):
        who = mark(coder, 1, "华为", "stakeholder")
        mark(
            coder, 1, "华为称营收增长了百分之十", "claim", claimant=who, type="statistical" if coder == alice else "factual"
        )
    mark(alice, 1, "3亿元", "figure", normalised_value=300000000)
    mark(bob, 1, "3亿", "figure", normalised_value=300000000)
    mark(alice, 2, "12亿", "figure", normalised_value=1200000000)
    mark(bob, 2, "12亿", "figure", normalised_value=1250000000)
    mark(alice, 2, "5%", "figure")
    documents.set_status(project, annotator_id=bob, document_id=2, status="done")
    return project


def _value(report, **where):
    [row] = [r for r in report.rows if all(getattr(r, k) == v for k, v in where.items())]
    return row.value


def test_the_service_reports_every_level(two_coders):
    report = agreement.compute(two_coders)
    assert report.coders == ["alice", "bob"] and report.documents == 2
    assert _value(report, kind="stakeholder", metric="exact_f1") == 1.0
    assert _value(report, kind="figure", metric="exact_f1") == pytest.approx(2 * 1 / 5)  # 12亿 only
    assert _value(report, kind="figure", metric="overlap_f1") == pytest.approx(2 * 2 / 5)
    assert _value(report, kind="figure", metric="overlap_recall") == pytest.approx(2 / 3)
    assert _value(report, kind="claim", field="type", metric="percent_agreement") == 0.0
    assert _value(report, kind="claim", field="claimant", metric="f1_after_alignment") == 1.0
    assert _value(report, scope="figure", field="normalised_value", metric="within_0.01") == 0.5
    assert -1 <= _value(report, kind="figure", metric="cohen_kappa_characters") <= 1
    per_document = [r for r in report.rows if r.scope == "document"]
    assert [r.document for r in per_document] == [1, 2]


def test_agreement_from_the_command_line(two_coders, capsys):
    from annotator.cli.main import main

    assert main(["agreement", "--project", two_coders.url, "--kinds", "figure", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coders"] == ["alice", "bob"] and {r["kind"] for r in data["rows"] if r["scope"] != "document"} == {"figure"}
    assert main(["agreement", "--project", two_coders.url, "--csv", "--tolerance", "0.05"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert next(r for r in rows if r["metric"] == "within_0.05")["value"] == "1.0"
    assert main(["agreement", "--project", two_coders.url, "--annotators", "alice,carol"]) == 1
    assert "no such coder: carol" in capsys.readouterr().err
