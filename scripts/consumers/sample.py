"""The project the consumer check exports: the shared corpus (or, without it, the demo articles) and an
article of our own with characters outside the BMP and spans across line breaks, coded by two coders who
share many spans (the suggestions, alice taking all, bob two in three, with other field values)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.paths import DEMO_ARTICLES
from annotator.services import annotations, annotators, documents, importing, projects, suggestions

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
OWN = (
    "𠮷野家與快手電商合作\n據負責人表示，𠮷野家今年在快手的交易額同比增長18.5%，\n"
    "𩸽魚銷量達到3億元。𠀋記者注：數據來自公司財報。"
)


def build(path: Path):
    project = projects.init_project(path)
    folder = path.parent / "articles"
    folder.mkdir(exist_ok=True)
    (folder / "own.txt").write_text(OWN, encoding="utf-8")
    sources = [CORPUS / "simplified", CORPUS / "traditional"] if CORPUS.is_dir() else []
    if not sources:
        for n, article in enumerate(json.loads(DEMO_ARTICLES.read_text(encoding="utf-8"))):
            (folder / f"demo{n}.txt").write_text(article["text"], encoding="utf-8")
    importing.import_paths(project, [folder, *sources])
    alice, bob = annotators.ensure(project, "alice"), annotators.ensure(project, "bob")
    for document_id in range(1, documents.count_documents(project) + 1):
        offered = suggestions.document_suggestions(project, annotator_id=alice, document_id=document_id)
        for n, s in enumerate(offered):
            for coder, fields in ((alice, {}), (bob, {"note": f"bob 的看法\n第{n}条 | {s.kind}: 见上"})):
                if coder == bob and n % 3 == 2:
                    continue
                kind_fields = fields if s.kind == "claim" else {}
                annotations.create_annotation(
                    project, annotator_id=coder, document_id=document_id, kind=s.kind, start=s.start, end=s.end,
                    fields=kind_fields,
                )  # fmt: skip
    text = OWN
    for piece, kind in (("快手電商合作\n據負責人表示", "claim"), ("𩸽魚銷量達到3億元", "claim")):
        start = text.index(piece)
        for coder in (alice, bob):
            annotations.create_annotation(
                project, annotator_id=coder, document_id=1, kind=kind, start=start, end=start + len(piece)
            )
    return project
