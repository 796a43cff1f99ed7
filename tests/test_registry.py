"""The entity registry: a stakeholder span links or creates its entity; split keeps every linked span;
annotate-all-mentions finds the names in either script, in one transaction, undone in one."""

from __future__ import annotations

import pytest

from annotator.services import annotations, entities, importing, registry
from annotator.services.errors import Invalid

TEXTS = {
    "a.txt": "标题甲\n快手电商负责人表示，快手将继续投入。Kuaishou shares rose.",
    "b.txt": "標題乙\n快手電商與淘寶合作，快手股價上漲。",
    "c.txt": "标题丙\n抖音电商增长放缓。",
}


@pytest.fixture
def docs(project, tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    return project


def _stakeholders(project, document_id, alice):
    return [(r["text"], r["fields"].get("entity")) for r in annotations.annotations_of(project, document_id, alice)]


def test_a_stakeholder_span_links_or_creates_its_entity(docs, alice):
    kuaishou = entities.create_entity(docs, annotator_id=alice, name="快手", type="platform").first("entity")["id"]
    text = TEXTS["b.txt"].split("\n")[1]
    start = text.index("快手股") + len("标题乙\n")
    linked = annotations.create_annotation(
        docs, annotator_id=alice, document_id=2, kind="stakeholder", start=start, end=start + 2, entity_from_text=True
    )
    assert linked.first("annotation")["fields"] == {"entity": kuaishou, "type": "platform"}  # the registry's type
    assert not linked.rows("entity")
    start = TEXTS["b.txt"].index("淘寶")
    created = annotations.create_annotation(
        docs, annotator_id=alice, document_id=2, kind="stakeholder", start=start, end=start + 2, entity_from_text=True
    )
    new = created.first("entity")
    assert new["name"] == "淘寶" and created.first("annotation")["fields"]["entity"] == new["id"]
    assert [e["id"] for e in entities.find_entities(docs, "淘宝")] == [new["id"]]  # found in the other script


def test_annotate_all_mentions_in_either_script_and_undo_in_one(docs, alice):
    kuaishou = entities.create_entity(
        docs, annotator_id=alice, name="快手", type="platform", aliases=["快手电商", "Kuaishou"]
    ).first("entity")["id"]
    done = registry.annotate_mentions(docs, annotator_id=alice, entity_id=kuaishou)
    assert _stakeholders(docs, 1, alice) == [("快手电商", kuaishou), ("快手", kuaishou), ("Kuaishou", kuaishou)]
    assert _stakeholders(docs, 2, alice) == [("快手電商", kuaishou), ("快手", kuaishou)]
    assert _stakeholders(docs, 3, alice) == []
    assert {r["fields"]["type"] for r in done.rows("annotation")} == {"platform"}
    assert registry.annotate_mentions(docs, annotator_id=alice, entity_id=kuaishou).rows("annotation") == []  # nothing twice

    targets = [(r["id"], r["version"]) for r in done.rows("annotation")]
    deleted = annotations.delete_annotations(docs, annotator_id=alice, targets=targets)  # undo: one call
    assert _stakeholders(docs, 1, alice) == [] and _stakeholders(docs, 2, alice) == []
    annotations.restore_annotation(docs, annotator_id=alice, deleted=deleted)  # redo
    assert len(_stakeholders(docs, 1, alice)) == 3


def test_mentions_in_one_document_only(docs, alice, bob):
    kuaishou = entities.create_entity(docs, annotator_id=alice, name="快手").first("entity")["id"]
    registry.annotate_mentions(docs, annotator_id=alice, entity_id=kuaishou, document_ids=[2])
    assert _stakeholders(docs, 1, alice) == [] and len(_stakeholders(docs, 2, alice)) == 2
    assert _stakeholders(docs, 2, bob) == []  # the coder's own annotations only


def test_split_keeps_every_linked_span(docs, alice):
    merged = entities.create_entity(
        docs, annotator_id=alice, name="快手", type="platform", aliases=["快手电商", "Kuaishou"]
    ).first("entity")["id"]
    registry.annotate_mentions(docs, annotator_id=alice, entity_id=merged)
    split = registry.split_entity(docs, annotator_id=alice, entity_id=merged, aliases=["快手电商"], type="company")
    new = split.rows("entity")[1]
    assert new["name"] == "快手电商" and new["relinked_spans"] == 2
    assert _stakeholders(docs, 1, alice) == [("快手电商", new["id"]), ("快手", merged), ("Kuaishou", merged)]
    assert _stakeholders(docs, 2, alice) == [("快手電商", new["id"]), ("快手", merged)]
    overview = {e["name"]: (e["spans"], e["aliases"]) for e in entities.entity_overview(docs)}
    assert overview == {"快手": (3, ["快手", "Kuaishou"]), "快手电商": (2, ["快手电商"])}
    with pytest.raises(Invalid, match="at least one alias"):
        registry.split_entity(docs, annotator_id=alice, entity_id=new["id"], aliases=["快手电商"])
