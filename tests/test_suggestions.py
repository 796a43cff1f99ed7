"""Suggestions: figures, stakeholders from the registry and the project's own annotations, claims from
attribution cues; the same for a traditional article as for its conversion; accepted as the coder's own
annotation, rejected for good."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import suggestions as core
from annotator.core.text.conversion import to_simplified, to_simplified_each
from annotator.services import annotations, entities, suggestions
from annotator.storage.models import Annotation

ARTICLE = (
    "快手电商负责人表示，平台本季度新增商家超过30万家。\n"
    "分析师王立认为，明年直播电商的竞争焦点将从价格转向服务。\n"
    "他强调：“我们希望商家把经营放在长期复购上。”"
)


def _names():
    return core.Gazetteer([core.Name("快手", 7, "快手", "platform"), core.Name("分析师王立")])


def test_each_kind_is_proposed_with_its_fields():
    found = core.suggest(ARTICLE, published="2024-10-28", gazetteer=_names(), new_names=False)
    by_kind = {}
    for s in found:
        by_kind.setdefault(s.kind, []).append(s)
    figure = by_kind["figure"][0]
    assert (
        figure.text == "30万家" and figure.fields["approximation"] == "over" and figure.parsed["normalised_value"] == 300000
    )
    assert [(s.text, s.fields) for s in by_kind["stakeholder"]] == [
        ("快手", {"entity": 7, "type": "platform"}),
        ("分析师王立", {}),
    ]
    claims = {s.text: s.fields for s in by_kind["claim"]}
    assert claims["平台本季度新增商家超过30万家"] == {"attribution": "indirect"}
    assert claims["明年直播电商的竞争焦点将从价格转向服务"] == {"attribution": "indirect"}
    assert claims["我们希望商家把经营放在长期复购上。"] == {"attribution": "direct_quote"}
    assert all(ARTICLE[s.start : s.end] == s.text for s in found)


def test_a_claim_proposes_the_nearest_stakeholder_before_its_cue():
    start = ARTICLE.index("分析师王立")
    found = core.suggest(ARTICLE, kinds=["claim"], stakeholders=[(41, start, start + 5), (40, 0, 4)])
    claimants = {s.text: s.fields.get("claimant") for s in found}
    assert claimants["明年直播电商的竞争焦点将从价格转向服务"] == 41
    assert claimants["平台本季度新增商家超过30万家"] == 40


def test_a_traditional_article_gets_the_suggestions_of_its_conversion():
    traditional = (
        "快手電商負責人表示，平台本季度新增商家超過30萬家。分析師王立認為，明年直播電商的競爭焦點將從價格轉向服務。"
    )
    simplified = to_simplified(traditional)
    assert simplified != traditional
    names = _names()

    def shape(text):
        return [(s.kind, s.start, s.end, s.fields) for s in core.suggest(text, published="2024-10-28", gazetteer=names)]

    got, expected = shape(traditional), shape(simplified)
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    # fields agree apart from the currency a bare 元 stands for, which the script decides
    assert [g[3] for g in got] == [e[3] for e in expected]


def test_scare_quotes_and_words_that_contain_a_cue_are_not_claims():
    text = "快手断链不是“为了闭环”。该功能的名称：直播购物车。"
    assert [s for s in core.suggest(text, kinds=["claim"])] == []


def test_service_leaves_out_what_the_coder_did_and_remembers_rejections(project, alice, bob, tmp_path):
    from annotator.services import importing

    (tmp_path / "a.txt").write_text("标题\n" + ARTICLE, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    entities.create_entity(project, annotator_id=alice, name="快手", type="platform", aliases=["Kuaishou"])
    offered = suggestions.document_suggestions(project, annotator_id=alice, document_id=1)
    kinds = {(s.kind, s.text) for s in offered}
    assert ("stakeholder", "快手") in kinds and ("figure", "30万家") in kinds

    figure = next(s for s in offered if s.kind == "figure")
    changes = suggestions.accept(
        project, annotator_id=alice, document_id=1, suggestion=figure.as_dict(), fields={"metric": "商家数"}
    )
    row = changes.first("annotation")
    assert row["fields"]["normalised_value"] == 300000 and row["fields"]["metric"] == "商家数"
    with project.read() as session:
        assert session.get(Annotation, row["id"]).origin == "suggestion"

    stakeholder = next(s for s in offered if s.kind == "stakeholder")
    rejection = suggestions.reject(
        project, annotator_id=alice, document_id=1, kind="stakeholder", start=stakeholder.start, end=stakeholder.end
    ).first("rejected_suggestion")
    again = {(s.kind, s.text) for s in suggestions.document_suggestions(project, annotator_id=alice, document_id=1)}
    assert ("figure", "30万家") not in again and ("stakeholder", "快手") not in again
    theirs = {(s.kind, s.text) for s in suggestions.document_suggestions(project, annotator_id=bob, document_id=1)}
    assert ("figure", "30万家") in theirs and ("stakeholder", "快手") in theirs  # another coder's are their own
    suggestions.unreject(project, annotator_id=alice, rejection_id=rejection["id"])
    back = {(s.kind, s.text) for s in suggestions.document_suggestions(project, annotator_id=alice, document_id=1)}
    assert ("stakeholder", "快手") in back

    # The project teaches itself: a name a coder annotated is proposed in other documents.
    start = ARTICLE.index("分析师王立") + 3
    annotations.create_annotation(project, annotator_id=bob, document_id=1, kind="stakeholder", start=start, end=start + 5)
    names = {
        s.text for s in suggestions.document_suggestions(project, annotator_id=alice, document_id=1, kinds=["stakeholder"])
    }
    assert "分析师王立" in names


def test_suggest_command_prints_parsed_figures(tmp_path):
    project = tmp_path / "p.sqlite"
    run = [sys.executable, "-m", "annotator"]
    subprocess.run([*run, "init", str(project)], check=True, capture_output=True)
    (tmp_path / "a.txt").write_text("标题\n" + ARTICLE, encoding="utf-8")
    subprocess.run([*run, "import", "--project", str(project), str(tmp_path / "a.txt")], check=True, capture_output=True)
    out = subprocess.run(
        [*run, "suggest", "--project", str(project), "--kinds", "figure", "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    [document] = json.loads(out.stdout)
    [figure] = document["suggestions"]
    parsed = figure["parsed"]
    assert (parsed["value"], parsed["scale"], parsed["unit"], parsed["normalised_value"], parsed["approximation"]) == (
        30,
        "万",
        "家",
        300000,
        "over",
    )
    assert (figure["source"], figure["confidence"]) == ("figures", core.CONFIDENCE[("figure", "figures")])
    out = subprocess.run(
        [*run, "suggest", "--project", str(project), "--kinds", "stakeholder", "--json"], capture_output=True, text=True
    )
    found = {s["text"]: s for s in json.loads(out.stdout)[0]["suggestions"]}
    assert found["分析师王立"]["source"] == "names" and found["分析师王立"]["note"] == "person (title 分析师)"
    assert found["分析师王立"]["confidence"] == core.CONFIDENCE[("stakeholder", "person")]
    bad = subprocess.run([*run, "suggest", "--project", str(project), "--kinds", "mood"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no suggestions for mood" in bad.stderr


def test_a_span_marked_by_hand_is_prefilled_from_its_sentence():
    text = "据海关统计，今年前8个月，我国进出口总值27.08万亿元，同比微降0.1%。分析师王立认为，增速将放缓。"
    start = text.index("27.08")
    fields = core.prefill("figure", text, start, start + 8, published="2023-09-07")
    assert fields == {
        "value": "27.08",
        "scale": "万亿",
        "unit": "元",
        "currency": "CNY",
        "normalised_value": 27080000000000,
        "period": "2023-01/2023-08",
    }
    start = text.index("0.1%")
    assert core.prefill("figure", text, start, start + 4)["comparison"] == "year_on_year"
    analyst = text.index("分析师王立")
    claim = text.index("增速将放缓")
    assert core.prefill("claim", text, claim, claim + 5, stakeholders=[(9, analyst, analyst + 5)]) == {"claimant": 9}
    assert core.prefill("claim", text, 0, 5, stakeholders=[(9, analyst, analyst + 5)]) == {}  # none before it


_NAME_CHARS = st.sampled_from(list("快手电商臺積電台积电阿里巴巴王立國務院国务院AMDArmx ·\n"))


def _regex_find(names: list[str], text: str) -> list[tuple[int, int, str]]:
    """What the gazetteer finds, spelled as one regular expression: the longest name at the leftmost
    place, matches consumed left to right, a Latin name inside a longer Latin word passed over."""
    keys = sorted({k for k in (to_simplified(n.strip()).casefold() for n in names) if len(k) >= 2}, key=len, reverse=True)
    if not keys:
        return []
    pattern = re.compile("|".join(re.escape(k) for k in keys), re.IGNORECASE)
    return [
        (m.start(), m.end(), m.group(0))
        for m in pattern.finditer(text)
        if not core._inside_latin_word(text, m.start(), m.end())
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_NAME_CHARS, min_size=1, max_size=6), max_size=30), st.text(_NAME_CHARS, max_size=80))
def test_the_gazetteer_finds_what_one_regular_expression_of_its_names_finds(names, text):
    text = to_simplified(text)
    found = core.Gazetteer([core.Name(n) for n in names]).find(text)
    assert [(s, e, text[s:e]) for s, e, _ in found] == _regex_find(names, text)


def test_a_name_with_a_letter_that_folds_to_two_is_found_as_written():
    """The regular expression this replaced missed it: its key was case-folded (ss), the text was not."""
    found = core.Gazetteer([core.Name("Großbank AG")]).find("据GROSSBANK AG和Großbank AG称")
    assert [(s, e) for s, e, _ in found] == [(14, 25)]


@given(st.lists(st.text(_NAME_CHARS, max_size=8), max_size=20))
def test_names_converted_together_are_converted_as_each_alone(texts):
    assert to_simplified_each(texts) == [to_simplified(t) for t in texts]


def _claim_texts(text: str) -> list[str]:
    return [s.text for s in core.suggest(text, kinds=["claim"])]


def test_claims_in_the_forms_news_writing_uses():
    # a data release with its source; the same words with no source are the outlet's own
    assert _claim_texts("海关统计显示，今年外贸进出口总值增长5%，好于预期。") == ["今年外贸进出口总值增长5%，好于预期"]
    assert _claim_texts("央视消息：最新数据显示，今年外贸进出口总值增长5%。") == []
    # a verb of saying with no comma after it: its own clause is the claim
    assert _claim_texts("超微并预告在明年将有超过100款新产品面世。") == ["在明年将有超过100款新产品面世"]
    assert _claim_texts("有消息指出 甲公司有意收购乙公司的产品部门。") == ["甲公司有意收购乙公司的产品部门"]
    # a sentence with two attributions gives two claims, the first ending before the second's clause
    two = "有消息指出甲公司也曾评估收购，但知情人士表示，甲公司并未发出收购要约。"
    assert _claim_texts(two) == ["甲公司也曾评估收购", "甲公司并未发出收购要约"]
    # an attributed headline; a headline that only opens with "报导：" is not one
    assert _claim_texts("受惠AI服务器 戴尔：工作站需求升温\n\n正文。") == ["工作站需求升温"]
    assert _claim_texts("报导：甲公司和政府将完成融资\n\n正文。") == []


def test_quotation_marks_around_a_name_are_not_a_quote_and_hide_no_claim():
    text = "依托“综合性国家科学中心”，合肥市表示，将推动科技成果就地转化。他说：“我们会继续投入。”"
    assert _claim_texts(text) == ["将推动科技成果就地转化", "我们会继续投入。"]
