"""Stakeholders of an article nobody has coded, found by their shape (texts written here, in both scripts)."""

from __future__ import annotations

from annotator.core import stakeholder_names as names
from annotator.core import suggestions as core

TEXT = (
    "国家金融监督管理总局的最新数据显示，银行业贷款增长。伊朗外交部发言人卡纳尼7日表示，地区国家有能力确保安全。"
    "卡纳尼说，外国势力不应介入。高通（Qualcomm）与英特尔 (INTC-US) 洽谈，国际评级机构穆迪称压力上升。"
    "在福州、厦门等地，消费者和小微企业受益。湖北加快建设制造业强省。"
)


def _found(text: str) -> dict[str, str]:
    return {text[c.start : c.end]: c.how for c in names.candidates(text)}


def test_bodies_people_sources_places_and_groups_are_found_by_their_shape():
    found = _found(TEXT)
    for name in ("国家金融监督管理总局", "伊朗外交部发言人卡纳尼", "卡纳尼", "高通", "Qualcomm", "英特尔", "穆迪", "湖北",
                 "地区国家", "外国势力", "消费者", "小微企业"):  # fmt: skip
        assert name in found, (name, found)
    assert found["卡纳尼"].endswith(", again")  # the bare name, found again after the title gave it
    assert "福州" not in found and "厦门" not in found  # where something happens, not who
    assert "国际评级机构" not in found  # a word for any body is not a name


def test_the_suggestions_give_them_in_either_script_and_known_names_win():
    traditional = "台灣戴爾科技集團總經理廖仁祥指出，戴爾的客戶需求強勁。廖仁祥表示，市場正在改變。"
    got = {s.text: s for s in core.suggest(traditional, kinds=["stakeholder"])}
    assert {"台灣戴爾科技集團總經理廖仁祥", "戴爾", "廖仁祥", "客戶"} <= set(got)
    assert got["戴爾"].source == "names" and got["戴爾"].note.startswith("short form of")
    known = core.Gazetteer([core.Name("戴爾", 7, "戴尔", "company")])
    got = {s.text: s for s in core.suggest(traditional, kinds=["stakeholder"], gazetteer=known)}
    assert got["戴爾"].source == "registry" and got["戴爾"].fields == {"entity": 7, "type": "company"}


def test_no_names_are_guessed_when_asked_not_to():
    assert [s for s in core.suggest(TEXT, kinds=["stakeholder"], new_names=False)] == []


def test_the_trades_platforms_and_unnamed_sources():
    text = "快手电商负责人在发布会上表示，平台新增商家超过30万家。据某研究机构发布的报告，抖音的增速放缓。"
    found = _found(text)
    assert found["快手电商负责人"] == "person (title 负责人)"  # not 手电 ("flashlight"), as the dictionary splits it
    assert "某研究机构" in found and found["抖音"] == "platform" and "商家" in found


def test_a_verb_after_a_title_is_not_taken_for_a_name():
    found = _found("据负责人表示，交易额同比增长18.5%。分析师认为增速将放缓。总经理王立指出，需求强劲。")
    assert "负责人表示" not in found and "分析师认为" not in found and "分析师认为增速" not in found
    assert "总经理王立" in found
