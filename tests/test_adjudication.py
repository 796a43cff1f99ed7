"""Adjudication: the coders' versions aligned into items, one decision per item writing the gold set (take,
merge, edit, reject, reopen, accept what they agree on), links following to gold, and the gold set exported
as its own annotator."""

from __future__ import annotations

import json

import pytest

from annotator.io.dataset import GOLD
from annotator.services import adjudication, annotations, annotators, exporting, importing, team
from annotator.services.errors import Invalid

TEXT = "华为称营收增长了百分之十，利润为3亿元。腾讯表示，用户达到12亿。"


@pytest.fixture
def coded(project, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt"])
    ids = {name: annotators.ensure(project, name) for name in ("li", "alice", "bob")}

    def mark(coder, piece, kind, **fields):
        start = TEXT.index(piece)
        return annotations.create_annotation(
            project, annotator_id=ids[coder], document_id=1, kind=kind, start=start, end=start + len(piece), fields=fields
        ).first("annotation")

    made = {}
    for coder in ("alice", "bob"):
        made[coder, "华为"] = mark(coder, "华为", "stakeholder", type="company")
        made[coder, "claim"] = mark(coder, "华为称营收增长了百分之十", "claim", claimant=made[coder, "华为"]["id"],
                                    type="statistical" if coder == "alice" else "factual")  # fmt: skip
    made["alice", "fig"] = mark("alice", "3亿元", "figure", normalised_value=300000000)
    made["bob", "fig"] = mark("bob", "3亿", "figure", normalised_value=300000000)
    made["bob", "12亿"] = mark("bob", "12亿", "figure")
    project.ids, project.made = ids, made
    return project


def _items(project):
    return {(i.kind, TEXT[i.start : i.end]): i for i in adjudication.review(project, 1, by=project.ids["li"]).items}


def test_items_align_the_coders_versions(coded):
    review = adjudication.review(coded, 1, by=coded.ids["li"])
    assert review.coders == ["alice", "bob"] and review.decided == 0
    items = _items(coded)
    assert set(items) == {
        ("stakeholder", "华为"),
        ("claim", "华为称营收增长了百分之十"),
        ("figure", "3亿元"),
        ("figure", "12亿"),
    }
    assert items["stakeholder", "华为"].agreed  # same span and values (the claims' links are compared apart)
    assert not items["claim", "华为称营收增长了百分之十"].agreed  # statistical vs factual
    assert not items["figure", "3亿元"].agreed and items["figure", "3亿元"].versions["bob"]["text"] == "3亿"
    assert items["figure", "12亿"].versions["alice"] is None
    [listed] = adjudication.candidates(coded)
    assert (listed["document_id"], listed["coders"], listed["gold"]) == (1, ["alice", "bob"], False)


def test_each_decision_writes_the_gold_set(coded, tmp_path):
    li, made = coded.ids["li"], coded.made
    # A claim taken before its claimant: the link waits, and says so.
    claim = _items(coded)["claim", "华为称营收增长了百分之十"]
    _, notes = adjudication.take(coded, by=li, annotation_id=made["alice", "claim"]["id"], replaces=(claim.start, claim.end))
    assert notes and "decide “华为” first" in notes[0]
    changes, count = adjudication.accept_agreed(coded, by=li, document_id=1)
    assert count == 1  # the stakeholder both gave alike
    items = _items(coded)
    gold_stakeholder = items["stakeholder", "华为"].gold
    # Taking the claim again now links it to the gold stakeholder.
    _, notes = adjudication.take(coded, by=li, annotation_id=made["alice", "claim"]["id"], replaces=(claim.start, claim.end))
    gold_claim = _items(coded)["claim", "华为称营收增长了百分之十"].gold
    assert notes == [] and gold_claim["fields"]["claimant"] == gold_stakeholder["id"]
    assert gold_claim["fields"]["type"] == "statistical"
    # Taking Bob's stakeholder instead replaces the gold one; the claim's link follows.
    adjudication.take(coded, by=li, annotation_id=made["bob", "华为"]["id"])
    items = _items(coded)
    assert items["claim", "华为称营收增长了百分之十"].gold["fields"]["claimant"] == items["stakeholder", "华为"].gold["id"]
    # Merge the figures: the span covering both, the value they share.
    figure = items["figure", "3亿元"]
    adjudication.merge(coded, by=li, annotation_ids=[made["alice", "fig"]["id"], made["bob", "fig"]["id"]],
                       replaces=(figure.start, figure.end))  # fmt: skip
    merged = _items(coded)["figure", "3亿元"].gold
    assert (merged["text"], merged["fields"]["normalised_value"]) == ("3亿元", 300000000)
    # Edit: the adjudicator's own values.
    edit = {"normalised_value": 300000000, "unit": "亿"}
    adjudication.decide(coded, by=li, document_id=1, kind="figure", span=(figure.start, figure.end - 1),
                        fields=edit, replaces=(figure.start, figure.end))  # fmt: skip
    edited = _items(coded)["figure", "3亿元"]
    assert edited.gold["text"] == "3亿" and edited.gold["fields"]["unit"] == "亿"
    # Reject Bob's lone 12亿, then reopen it.
    lone = _items(coded)["figure", "12亿"]
    adjudication.reject(coded, by=li, document_id=1, kind="figure", extent=(lone.start, lone.end))
    assert _items(coded)["figure", "12亿"].rejected
    review = adjudication.review(coded, 1, by=li)
    assert review.decided == len(review.items) == 4
    adjudication.reopen(coded, by=li, document_id=1, kind="figure", extent=(lone.start, lone.end))
    assert not _items(coded)["figure", "12亿"].decided

    out = tmp_path / "gold.jsonl"
    exporting.export_to_file(coded, out, format="doccano", selection=exporting.Selection(gold_only=True))
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = sorted((TEXT[e["start_offset"] : e["end_offset"]], e["label"]) for e in record["entities"])
    assert spans == [("3亿", "figure"), ("华为", "stakeholder"), ("华为称营收增长了百分之十", "claim")]
    assert [r["type"] for r in record["relations"]] == ["claimant"]
    assert GOLD in annotators.names(coded).values()


def test_only_leads_adjudicate_in_blind_mode(coded):
    team.set_blind(coded, True, by=coded.ids["li"])
    with pytest.raises(Invalid, match="adjudication is for the project's leads"):
        adjudication.review(coded, 1, by=coded.ids["alice"])
    with pytest.raises(Invalid, match="adjudication is for the project's leads"):
        adjudication.take(coded, by=coded.ids["alice"], annotation_id=coded.made["bob", "12亿"]["id"])
    assert adjudication.review(coded, 1, by=coded.ids["li"]).coders == ["alice", "bob"]
