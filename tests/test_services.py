"""The use cases of DESIGN §9 on a real project file: validation, audit, stale edits, links, entities."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.services import annotations, documents, entities, importing
from annotator.services.errors import Invalid, NotFound, ServiceError, StaleEdit
from annotator.storage.models import Annotation, AuditLog, Relation

TEXT = "据快手电商负责人表示，平台本季度新增商家超过30万家，𠮷野家同比增长18.5%。"


@pytest.fixture
def doc(project, tmp_path) -> int:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    (result,) = importing.import_paths(project, [path]).results
    return result.document_id


def _audit(project) -> list[AuditLog]:
    with project.read() as session:
        return session.scalars(select(AuditLog).order_by(AuditLog.id)).all()


def test_create_annotation_stores_span_text_and_audits(project, alice, doc):
    changes = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=1, end=5, fields={"type": "platform"}
    )
    row = changes.first("annotation", "created")
    assert row["text"] == "快手电商" and row["fields"] == {"type": "platform"} and row["version"] == 1
    *_, made, started = _audit(project)
    assert made.action == "create_annotation:created" and made.after["text"] == "快手电商"
    assert made.annotator_id == alice
    # the coder's first action on the article made it in progress, audited with the action
    assert started.action == "create_annotation:created" and started.after["status"] == "in_progress"


def test_offsets_after_an_astral_character_are_code_points(project, alice, doc):
    start = TEXT.index("野家")
    row = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=start, end=start + 2
    ).first("annotation")
    assert row["text"] == "野家"


@pytest.mark.parametrize(
    "kind, start, end, fields, message",
    [
        ("opinion", 1, 5, {}, "not a kind of the codebook"),
        ("stakeholder", 5, 5, {}, "is empty"),
        ("stakeholder", 0, 999, {}, "not inside the document"),
        ("stakeholder", 1, 5, {"type": "alien"}, "type must be one of"),
        ("figure", 1, 5, {"normalised_value": "lots"}, "normalised_value must be a number"),
        ("figure", 1, 5, {"period": "last year"}, "period must look like"),
        ("claim", 1, 5, {"claimant": 12345}, "not in this document"),
        ("stakeholder", 1, 5, {"entity": 999}, "entity 999 does not exist"),
        ("claim", 1, 5, {"colour": "red"}, "colour is not a field"),
    ],
)
def test_invalid_annotations_are_refused_and_nothing_written(project, alice, doc, kind, start, end, fields, message):
    before = len(_audit(project))
    with pytest.raises(Invalid, match=message):
        annotations.create_annotation(
            project, annotator_id=alice, document_id=doc, kind=kind, start=start, end=end, fields=fields
        )
    assert len(_audit(project)) == before
    assert annotations.annotations_of(project, doc) == []


def test_link_fields_are_relations_and_must_target_the_right_kind(project, alice, doc):
    who = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=1, end=5
    ).first("annotation")
    fig = annotations.create_annotation(project, annotator_id=alice, document_id=doc, kind="figure", start=22, end=25).first(
        "annotation"
    )
    claim = annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=doc,
        kind="claim",
        start=11,
        end=26,
        fields={"claimant": who["id"], "evidence": [fig["id"]], "type": "statistical"},
    )
    row = claim.first("annotation")
    assert row["fields"]["claimant"] == who["id"] and row["fields"]["evidence"] == [fig["id"]]
    assert {(r["type"], r["target_id"]) for r in claim.rows("relation", "created")} == {
        ("claimant", who["id"]),
        ("evidence", fig["id"]),
    }
    with pytest.raises(Invalid, match="must link to stakeholder"):
        annotations.update_annotation(
            project, annotator_id=alice, annotation_id=row["id"], expected_version=1, fields={"claimant": fig["id"]}
        )


def test_update_patches_fields_and_rejects_stale_versions(project, alice, doc):
    row = annotations.create_annotation(project, annotator_id=alice, document_id=doc, kind="figure", start=22, end=25).first(
        "annotation"
    )
    updated = annotations.update_annotation(
        project,
        annotator_id=alice,
        annotation_id=row["id"],
        expected_version=1,
        fields={"unit": "家", "normalised_value": 300000},
        end=26,
    ).first("annotation")
    assert updated["version"] == 2 and updated["text"] == TEXT[22:26] and updated["fields"]["unit"] == "家"
    with pytest.raises(StaleEdit, match="you had version 1, it is now 2"):
        annotations.update_annotation(
            project, annotator_id=alice, annotation_id=row["id"], expected_version=1, fields={"unit": "人"}
        )
    with project.read() as session:
        assert session.get(Annotation, row["id"]).fields["unit"] == "家"  # nothing overwritten


def test_another_annotators_work_cannot_be_edited(project, alice, bob, doc):
    row = annotations.create_annotation(project, annotator_id=alice, document_id=doc, kind="figure", start=22, end=25).first(
        "annotation"
    )
    with pytest.raises(ServiceError, match="another annotator"):
        annotations.delete_annotation(project, annotator_id=bob, annotation_id=row["id"], expected_version=1)


def test_delete_returns_what_restore_needs(project, alice, doc):
    who = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=1, end=5
    ).first("annotation")
    claim = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="claim", start=11, end=26, fields={"claimant": who["id"]}
    ).first("annotation")
    deleted = annotations.delete_annotation(project, annotator_id=alice, annotation_id=who["id"], expected_version=1)
    assert len(deleted.rows("relation", "deleted")) == 1
    assert "claimant" not in annotations.annotations_of(project, doc)[0]["fields"]
    annotations.restore_annotation(project, annotator_id=alice, deleted=deleted)
    rows = {r["id"]: r for r in annotations.annotations_of(project, doc)}
    assert rows[who["id"]]["text"] == "快手电商" and rows[claim["id"]]["fields"]["claimant"] == who["id"]
    with pytest.raises(NotFound):
        annotations.delete_annotation(project, annotator_id=alice, annotation_id=9999, expected_version=1)


def test_relation_services_edit_the_link_field(project, alice, doc):
    who = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=1, end=5
    ).first("annotation")
    claim = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="claim", start=11, end=26
    ).first("annotation")
    rel = annotations.create_relation(
        project, annotator_id=alice, type="claimant", source_id=claim["id"], target_id=who["id"]
    ).first("relation", "created")
    with pytest.raises(Invalid, match="already has a claimant"):
        annotations.create_relation(project, annotator_id=alice, type="claimant", source_id=claim["id"], target_id=who["id"])
    with pytest.raises(Invalid, match="no link field"):
        annotations.create_relation(project, annotator_id=alice, type="said_by", source_id=claim["id"], target_id=who["id"])
    annotations.delete_relation(project, annotator_id=alice, relation_id=rel["id"])
    with project.read() as session:
        assert session.scalars(select(Relation)).all() == []


def test_document_fields_and_status_per_annotator(project, alice, bob, doc):
    changes = documents.set_document_fields(
        project, annotator_id=alice, document_id=doc, fields={"relevance": "relevant", "text_problems": ["spam_inserted"]}
    )
    row = changes.first("document_status")
    assert row["status"] == "in_progress" and row["fields"]["relevance"] == "relevant"
    with pytest.raises(Invalid, match="genre must be one of"):
        documents.set_document_fields(project, annotator_id=alice, document_id=doc, fields={"genre": "poem"})
    documents.set_status(project, annotator_id=alice, document_id=doc, status="done", add_seconds=95, expected_version=1)
    with pytest.raises(StaleEdit):
        documents.set_status(project, annotator_id=alice, document_id=doc, status="skipped", expected_version=1)
    documents.set_status(project, annotator_id=bob, document_id=doc, status="skipped")
    statuses = {s["annotator_id"]: s for s in documents.statuses_of(project, doc)}
    assert statuses[alice]["status"] == "done" and statuses[alice]["seconds_spent"] == 95
    assert statuses[bob]["status"] == "skipped" and statuses[bob]["fields"] == {}
    with pytest.raises(Invalid, match="status must be one of"):
        documents.set_status(project, annotator_id=alice, document_id=doc, status="finished")


def test_entities_equate_scripts_and_merge_relinks_spans(project, alice, doc):
    ks = entities.create_entity(
        project, annotator_id=alice, name="快手", type="platform", aliases=["Kuaishou", "快手電商"]
    ).first("entity")
    assert [e["id"] for e in entities.find_entities(project, "快手电商")] == [ks["id"]]
    assert [e["id"] for e in entities.find_entities(project, "KUAISHOU")] == [ks["id"]]
    dup = entities.create_entity(project, annotator_id=alice, name="快手科技").first("entity")
    span = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=1, end=3, fields={"entity": dup["id"]}
    ).first("annotation")
    entities.add_alias(project, annotator_id=alice, entity_id=dup["id"], alias="快手科技有限公司")
    with pytest.raises(Invalid, match="already an alias"):
        entities.add_alias(project, annotator_id=alice, entity_id=ks["id"], alias="快手电商")
    merged = entities.merge_entities(project, annotator_id=alice, keep_id=ks["id"], merge_id=dup["id"])
    assert merged.items[0].after["relinked_spans"] == 1
    assert annotations.annotations_of(project, doc)[0]["fields"]["entity"] == ks["id"]
    assert span["id"] == annotations.annotations_of(project, doc)[0]["id"]
    assert "快手科技有限公司" in entities.get_entity(project, ks["id"])["aliases"]
    assert entities.find_entities(project, "快手科技") == [entities.get_entity(project, ks["id"])]


def test_documents_filter_by_outlet_and_publication_dates(project, tmp_path):
    table = tmp_path / "articles.csv"
    table.write_text(
        "标题,来源,日期,正文\n"
        "一,新华网,2023年1月13日 10:05,第一篇正文。\n"
        "二,新华网,2023/1/31,第二篇正文。\n"
        "三,澎湃新闻,2023-02-01 00:00,第三篇正文。\n"
        "四,澎湃新闻,,第四篇正文。\n",
        encoding="utf-8",
    )
    importing.import_paths(project, [table])

    def titles(**filters):
        return [d.title for d in documents.list_documents(project, **filters)]

    assert documents.outlets(project) == [("新华网", 2), ("澎湃新闻", 2)]
    assert titles(outlet="澎湃新闻") == ["三", "四"]
    assert titles(published_from="2023-01-13", published_to="2023-01-31") == ["一", "二"]  # both days included
    assert titles(published_from="2023-01-14") == ["二", "三"]
    assert titles(published_to="2023-01-13", outlet="新华网") == ["一"]
    listed = documents.list_documents(project, limit=1)[0]
    assert listed.published == "2023-01-13T10:05"
    assert documents.get_document(project, listed.id)["provenance"]["published_as_given"] == "2023年1月13日 10:05"
    with pytest.raises(Invalid, match="not a date"):
        titles(published_to="31.1.2023")


def test_codebook_labels_in_another_language_change_only_what_is_shown():
    from annotator.core import codebook as cb
    from annotator.paths import DEFAULT_CODEBOOK

    english = cb.load(DEFAULT_CODEBOOK)
    chinese = english.localised("zh_CN")
    assert english.localised("fr") is english
    claim = chinese.kind("claim")
    assert (claim.label, claim.field("type").label, claim.field("type").choice_label("factual")) == ("主张", "类型", "事实")
    assert claim.field("type").choices == english.kind("claim").field("type").choices  # stored values unchanged
    assert chinese.document_fields[0].choice_label("not_relevant") == "不相关"
    stale = cb.parse({**english.raw, "labels": {"zh_CN": {"claim.tpye": "类型"}}})
    assert stale.warnings == ("labels.zh_CN: claim.tpye name nothing in this codebook (ignored)",)


def test_a_stakeholders_type_chosen_in_the_form_is_given_to_its_registry_entity(project, alice, doc):
    """The entities export's type column was blank: the type coders chose stayed on the annotation."""
    made = annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=1, end=5, entity_from_text=True
    )
    row = made.first("annotation")
    entity = row["fields"]["entity"]
    assert entities.get_entity(project, entity)["type"] is None
    annotations.update_annotation(
        project, annotator_id=alice, annotation_id=row["id"], expected_version=1, fields={"type": "platform"}
    )
    assert entities.get_entity(project, entity)["type"] == "platform"
    again = annotations.annotations_of(project, doc)[0]
    annotations.update_annotation(
        project, annotator_id=alice, annotation_id=again["id"], expected_version=again["version"], fields={"type": "company"}
    )
    assert entities.get_entity(project, entity)["type"] == "platform"  # the registry's own type stays
