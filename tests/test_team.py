"""Blind mode and live refresh: a coder in blind mode sees none of the others' work anywhere (the article,
suggestions, statistics, the registry's counts, exports, agreement) until a lead opens adjudication; with
blind mode off, a window shows other coders' annotations and what they change, within a poll."""

from __future__ import annotations

import json

import pytest

from annotator.cli.main import main
from annotator.services import (
    agreement,
    annotations,
    annotators,
    entities,
    exporting,
    importing,
    stats,
    suggestions,
    team,
)
from annotator.services.errors import Invalid

TEXT = "华为称营收增长了百分之十，利润为3亿元。腾讯表示，用户达到12亿。"


@pytest.fixture
def coded(project, tmp_path):
    """Alice and Bob coded one article; Li leads."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt"])
    ids = {name: annotators.ensure(project, name) for name in ("li", "alice", "bob")}

    def mark(coder, piece, kind, **fields):
        start = TEXT.index(piece)
        return annotations.create_annotation(
            project, annotator_id=ids[coder], document_id=1, kind=kind, start=start, end=start + len(piece),
            fields=fields, entity_from_text=kind == "stakeholder",
        ).first("annotation")  # fmt: skip

    mark("alice", "华为", "stakeholder")
    mark("alice", "3亿元", "figure")
    mark("bob", "腾讯", "stakeholder")
    mark("bob", "3亿元", "figure")
    mark("bob", "12亿", "figure")
    project.ids, project.mark = ids, mark
    return project


def test_only_leads_turn_blind_mode_on_and_off(coded):
    ids = coded.ids
    assert team.team(coded) == team.Team() and team.sees_others(coded, ids["alice"])
    team.set_leads(coded, ["li"], by=ids["alice"])  # nobody leads yet: anyone may name the leads
    with pytest.raises(Invalid, match="only the project's leads \\(li\\) change this; alice is a coder"):
        team.set_blind(coded, True, by=ids["alice"])
    team.set_blind(coded, True, by=ids["li"])
    assert not team.sees_others(coded, ids["alice"]) and team.sees_others(coded, ids["li"])
    with pytest.raises(Invalid, match="turn blind mode off first"):
        team.set_leads(coded, [], by=ids["li"])
    team.open_adjudication(coded, by=ids["li"])
    now = team.team(coded)
    assert not now.blind and now.leads == ("li",) and now.adjudication_opened
    assert team.sees_others(coded, ids["alice"])


def test_turning_blind_mode_on_alone_makes_you_the_lead(coded):
    team.set_blind(coded, True, by=coded.ids["bob"])
    assert team.team(coded).leads == ("bob",)
    assert not team.sees_others(coded, coded.ids["alice"])


def test_a_coder_in_blind_mode_sees_only_their_own_work_everywhere(coded, tmp_path):
    ids = coded.ids
    team.set_blind(coded, True, by=ids["li"])
    alice, li = ids["alice"], ids["li"]

    learned = {name.text for _, _, name in suggestions.gazetteer(coded, viewer=alice).find(TEXT)}
    assert "华为" in learned and "腾讯" not in learned  # Bob's stakeholder is not suggested to Alice
    own_figures = stats.project_stats(coded, viewer=alice)
    assert own_figures["annotations"] == 2 and own_figures["annotations_by_annotator"] == {"alice": 2}
    assert stats.project_stats(coded, viewer=li)["annotations"] == 5
    counts = {e["name"]: e["spans"] for e in entities.entity_overview(coded, viewer=alice)}
    assert counts == {"华为": 1}  # 腾讯 is in the registry because Bob annotated it: not shown to Alice
    with pytest.raises(Invalid, match="agreement is for the project's leads"):
        agreement.compute(coded, viewer=alice)
    assert agreement.compute(coded, viewer=li).coders == ["alice", "bob"]

    out = tmp_path / "mine.jsonl"
    exporting.export_to_file(coded, out, format="doccano", selection=exporting.Selection(annotators=("bob",)), viewer=alice)
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(TEXT[e["start_offset"] : e["end_offset"]] for e in record["entities"]) == ["3亿元", "华为"]
    with pytest.raises(Invalid, match="in blind mode you export your own work"):
        exporting.export_to_file(coded, tmp_path / "all.jsonl", viewer=alice)
    team.open_adjudication(coded, by=li)
    assert stats.project_stats(coded, viewer=alice)["annotations"] == 5


def test_team_from_the_command_line(coded, capsys):
    url = coded.url
    assert main(["team", "--project", url, "blind", "on", "--annotator", "li"]) == 0
    assert "blind mode: on\nleads: li" in capsys.readouterr().out
    assert main(["team", "--project", url, "blind", "off", "--annotator", "alice"]) == 1
    assert "alice is a coder" in capsys.readouterr().err
    assert main(["team", "--project", url, "leads", "li,wang", "--annotator", "li"]) == 0
    assert main(["team", "--project", url, "open-adjudication", "--annotator", "wang"]) == 0
    assert "adjudication opened: 20" in capsys.readouterr().out
    assert main(["team", "--project", url, "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["blind"] is False and status["leads"] == ["li", "wang"] and status["adjudication_opened"]


def _drawn(window):
    """What the article shows: (text, whose) for each span, own or another coder's."""
    return sorted((TEXT[s.start : s.end], "other" if s.other else "own") for s in window.article._spans if not s.suggested)


def test_the_window_shows_others_work_live_and_hides_it_in_blind_mode(qtbot, coded, tmp_path):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(coded, "alice")
    qtbot.addWidget(window)
    window.suggesting.set_enabled("stakeholder", False)
    window.show_document(1)
    assert _drawn(window) == [("12亿", "other"), ("3亿元", "other"), ("3亿元", "own"), ("华为", "own"), ("腾讯", "other")]
    assert window.others.action.isEnabled()

    # Bob, in another window or on another machine, annotates and deletes; Alice's window follows.
    made = coded.mark("bob", "用户", "stakeholder")
    annotations.delete_annotation(coded, annotator_id=coded.ids["bob"], annotation_id=4, expected_version=1)
    window.others.poll()
    assert ("用户", "other") in _drawn(window) and ("3亿元", "other") not in _drawn(window)
    other = next(s for s in window.article._spans if s.id == made["id"])
    window.article.otherClicked.emit(other.id)
    assert window.statusBar().currentMessage().startswith("bob: ")

    # Articles imported elsewhere appear in the list.
    (tmp_path / "b.txt").write_text("另一篇文章的正文，足够长。", encoding="utf-8")
    importing.import_paths(coded, [tmp_path / "b.txt"])
    window.others.poll()
    assert window.model.total() == 2

    # The lead turns blind mode on: Alice's window drops the others' work and cannot show it again.
    team.set_blind(coded, True, by=coded.ids["li"])
    window.others.poll()
    assert _drawn(window) == [("3亿元", "own"), ("华为", "own")]
    assert not window.others.action.isEnabled()
    assert window.statusBar().currentMessage() == "Blind mode: you see your own work only"
    lead = MainWindow(coded, "li")
    qtbot.addWidget(lead)
    lead.suggesting.set_enabled("stakeholder", False)
    lead.show_document(1)
    assert {whose for _, whose in _drawn(lead)} == {"other"}  # the lead sees everyone's
    # The coder may also hide others' work by choice.
    team.set_blind(coded, False, by=coded.ids["li"])
    window.others.poll()
    assert window.others.action.isEnabled() and ("腾讯", "other") in _drawn(window)
    window.others.action.setChecked(False)
    assert _drawn(window) == [("3亿元", "own"), ("华为", "own")]
