"""Fuzzing (hypothesis): the decoder, the figure parser, the article importers and every dataset importer
on random and mutated input. Whatever comes in, the answer is a result or a refusal with a message, never
an unhandled exception, and nothing stored disagrees with its text. (The offset maps, UTF-16 and converted
views, have their property tests in test_text_offsets.py.)"""

from __future__ import annotations

import json
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import figures
from annotator.core.text.decoding import DecodeError, decode
from annotator.services import annotations, annotators, dataset_import, documents, exporting, importing
from annotator.services.errors import ServiceError
from annotator.services.import_results import IMPORTED, REFUSED
from annotator.storage.models import Annotation, Document
from annotator.storage.project import Project

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXTISH = st.text(
    st.one_of(
        CJK,
        st.sampled_from("0123456789.,%万亿元美元年月日约超过同比增长下降至个百分点成倍－—~、，。“”\n\r\t 𠮷"),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- the decoder -----------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_the_decoder_answers_any_bytes_with_text_or_a_reason(data):
    try:
        result = decode(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(result.text, str) and result.encoding


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_encodings_come_back_exactly(text, encoding):
    if "\x00" in text:  # a NUL is what marks binary files; such text is refused, never mangled
        return
    try:
        assert decode(text.encode(encoding)).text == text
    except DecodeError as exc:  # blank, or (with no BOM to say so) letters whose bytes are also Chinese
        assert encoding == "utf-8" and (not text.strip() or "ambiguous encoding" in str(exc))


@settings(max_examples=200, deadline=None)
@given(st.text(CJK, min_size=12, max_size=120), st.sampled_from(["gb18030", "big5"]))
def test_chinese_legacy_encodings_decode_to_the_text_or_are_refused(text, encoding):
    """Legacy encodings are guessed: the guess is the text itself, or a refusal saying why (never a wrong
    guess passed off as right)."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # Big5 cannot hold every character
    try:
        result = decode(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert result.text == text or result.confidence < 1.0


# --- the figure parser -----------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(TEXTISH, st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)))
def test_figures_are_found_inside_their_text(text, published):
    for figure in figures.parse(text, published):
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        assert figure.fields() is not None


# --- article importers -----------------------------------------------------------------------------------

ARTICLE_SUFFIXES = [".txt", ".md", ".html", ".csv", ".tsv", ".json", ".jsonl", ".docx", ".xlsx"]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(ARTICLE_SUFFIXES), st.binary(max_size=300)), min_size=1, max_size=4))
def test_article_import_of_random_bytes_never_fails_unhandled(sqlite_project, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("random-articles")
    for n, (suffix, data) in enumerate(files):
        (folder / f"f{n}{suffix}").write_bytes(data)
    report = importing.import_paths(sqlite_project, [folder])
    assert all(r.status in (IMPORTED, REFUSED, "duplicate") for r in report.results)
    assert all(r.message for r in report.results if r.status == REFUSED)
    _stored_spans_match_their_text(sqlite_project)


def _stored_spans_match_their_text(project: Project) -> None:
    with project.read() as session:
        texts = dict(session.query(Document.id, Document.text).all())
        stored = session.query(Annotation.document_id, Annotation.start, Annotation.end, Annotation.text)
        for doc_id, start, end, text in stored:
            assert 0 <= start < end <= len(texts[doc_id]) and texts[doc_id][start:end] == text


# --- dataset importers: every format, from our own exports, mutated ----------------------------------------

DATASET_FORMATS = [f for f in exporting.FORMATS if f != "jsonl"]  # the native format: below, through importing


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """A small coded project exported in each format: the valid files the mutations start from."""
    from annotator.services import projects

    folder = tmp_path_factory.mktemp("exports")
    project = projects.init_project(folder / "source.sqlite")
    text = "𠮷华为称营收增长了百分之十，利润为3亿元。\n腾讯表示，用户达到12亿。"
    (folder / "a.txt").write_text(text, encoding="utf-8")
    importing.import_paths(project, [folder / "a.txt"])
    coder = annotators.ensure(project, "alice")
    for piece, kind in (("华为", "stakeholder"), ("3亿元", "figure"), ("腾讯表示，用户达到12亿", "claim")):
        start = text.index(piece)
        end = start + len(piece)
        annotations.create_annotation(project, annotator_id=coder, document_id=1, kind=kind, start=start, end=end)
    made = {}
    for fmt in exporting.FORMATS:
        target = folder / f"export-{fmt}{exporting.FORMATS[fmt].suffix}"
        exporting.export_to_file(project, target, format=fmt)
        made[fmt] = target
    project.close()
    return made


FRAGMENTS = [b"-1", b"99999", b"null", b'"x"', b"[]", "腾".encode(), b"\xff\xfe", b"\t", b"\n"]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """Numbers changed (offsets that no longer fit their text: the files still parse), or byte flips,
    cuts, repeats and insertions of JSON-ish or CJK fragments."""
    if rng.random() < 0.5 and re.search(rb"\d", data):
        return re.sub(rb"\d+", lambda m: str(rng.randint(-2, 60)).encode() if rng.random() < 0.3 else m.group(), data)
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not data:
            data += b"{"
        where = rng.randrange(len(data))
        choice = rng.random()
        if choice < 0.3:
            data[where] = rng.randrange(256)
        elif choice < 0.5:
            del data[where : where + rng.randint(1, 40)]
        elif choice < 0.7:
            data[where:where] = rng.choice(FRAGMENTS)
        else:
            data[where:where] = data[max(0, where - 30) : where]
    return bytes(data)


def _mutate_file(path: Path, rng: random.Random) -> None:
    """A file mutated in place; a ZIP (QDPX, XLSX) keeps its container and has one of its XML parts
    mutated, so that the reader gets past the archive."""
    if not zipfile.is_zipfile(path):
        path.write_bytes(_mutate(path.read_bytes(), rng))
        return
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = sorted(n for n in parts if n.endswith((".xml", ".qde")))
    if xml:
        victim = rng.choice(xml)
        parts[victim] = _mutate(parts[victim], rng)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@FUZZ
@given(st.sampled_from(DATASET_FORMATS), st.randoms(use_true_random=False), st.booleans())
def test_dataset_imports_of_mutated_files_refuse_cleanly_and_store_only_true_spans(
    sqlite_project, tmp_path_factory, exports, fmt, rng, as_suggestions
):
    source = exports[fmt]
    folder = tmp_path_factory.mktemp("mutated")
    if source.is_dir():
        target = folder / source.name
        shutil.copytree(source, target)
        victims = sorted(p for p in target.rglob("*") if p.is_file())
        _mutate_file(rng.choice(victims), rng)
    else:
        target = folder / source.name
        shutil.copy(source, target)
        _mutate_file(target, rng)
    options = dataset_import.Options(
        format=fmt, annotator=None if as_suggestions else "fuzz", labels={}, add_kinds=rng.random() < 0.5
    )
    try:
        report = dataset_import.import_dataset(sqlite_project, target, options)
    except ServiceError as exc:  # refused as a whole (e.g. unknown labels): said, nothing stored
        assert str(exc)
        return
    assert all(r.message for r in report.results if r.status == REFUSED)
    _stored_spans_match_their_text(sqlite_project)
    for doc in documents.list_documents(sqlite_project):
        assert documents.get_document(sqlite_project, doc.id)["text"] is not None


ODD = st.one_of(st.none(), st.integers(-3, 10**6), st.text(max_size=8), st.lists(st.integers(-3, 9), max_size=3))


@FUZZ
@given(st.sampled_from(["doccano", "cluener", "label-studio"]), st.lists(ODD, max_size=6))
def test_dataset_imports_of_wrongly_shaped_json_refuse_cleanly(sqlite_project, tmp_path_factory, fmt, values):
    """Valid JSON of the wrong shape: every value where a record, a span or an offset should be."""
    folder = tmp_path_factory.mktemp("shaped")
    target = folder / ("in.json" if fmt == "label-studio" else "in.jsonl")
    if fmt != "label-studio":
        lines = [json.dumps({"text": "腾讯", "label": v, "entities": v, "id": v}) for v in values]
        target.write_text("\n".join(lines) or "{}", encoding="utf-8")
    else:
        records = [{"data": {"text": v}, "annotations": [{"result": v}]} for v in values]
        target.write_text(json.dumps(records), encoding="utf-8")
    options = dataset_import.Options(format=fmt, annotator="fuzz", add_kinds=True)
    try:
        report = dataset_import.import_dataset(sqlite_project, target, options)
    except ServiceError as exc:
        assert str(exc)
        return
    assert all(r.message for r in report.results if r.status == REFUSED)
    _stored_spans_match_their_text(sqlite_project)


@FUZZ
@given(st.randoms(use_true_random=False))
def test_native_imports_of_mutated_exports_refuse_lines_cleanly(sqlite_project, tmp_path_factory, exports, rng):
    folder = tmp_path_factory.mktemp("native")
    target = folder / "mutated.jsonl"
    target.write_bytes(_mutate(exports["jsonl"].read_bytes(), rng))
    report = importing.import_paths(sqlite_project, [target])
    assert all(r.message for r in report.results if r.status == REFUSED)
    _stored_spans_match_their_text(sqlite_project)
