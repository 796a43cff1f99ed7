"""Every shared article, as it came and re-encoded the ways real files arrive, imports to exactly its text;
and the bad files of DESIGN §5 get the behaviour §5 gives them."""

from __future__ import annotations

import codecs
import json

import pytest
from sqlalchemy import func, select

from annotator.services import documents, importing
from annotator.storage.models import Document, ImportRecord

from .conftest import shared_texts

SIMPLIFIED_ENCODINGS = ["gbk", "gb18030"]
TRADITIONAL_ENCODINGS = ["big5", "cp950"]


def _variants(text: str, traditional: bool):
    """(name, bytes) of the article in each encoding and line-end style that can represent it."""
    legacy = TRADITIONAL_ENCODINGS if traditional else SIMPLIFIED_ENCODINGS
    for encoding in legacy:
        try:
            yield encoding, text.encode(encoding)
        except UnicodeEncodeError:
            continue  # this article has a character the encoding lacks: skip, as the issue says
    yield "utf-8-bom", codecs.BOM_UTF8 + text.encode("utf-8")
    yield "utf-16-le-bom", codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    yield "utf-16-be-bom", codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    yield "utf-16-le", text.encode("utf-16-le")
    yield "utf-16-be", text.encode("utf-16-be")
    yield "crlf", text.replace("\n", "\r\n").encode("utf-8")
    yield "cr", text.replace("\n", "\r").encode("utf-8")
    yield (
        "crlf-gb18030" if not traditional else "crlf-cp950",
        text.replace("\n", "\r\n").encode("gb18030" if not traditional else "cp950", errors="strict")
        if _encodable(text, "cp950" if traditional else "gb18030")
        else text.encode("utf-8"),
    )


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_every_shared_article_in_every_encoding_imports_to_its_exact_text(project, tmp_path):
    expected: dict[str, str] = {}
    for path in shared_texts():
        text = path.read_text(encoding="utf-8")
        traditional = "hant" in path.name or "traditional" in path.name
        for name, data in _variants(text, traditional):
            target = tmp_path / name / path.name
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(data)
            expected[str(target)] = text
    assert len(expected) > 300

    report = importing.import_paths(project, list(expected))

    assert report.count(importing.REFUSED) == 0, [r for r in report.results if r.status == "refused"][:3]
    for result in report.results:
        stored = documents.get_document(project, result.document_id)["text"]
        assert stored == expected[result.source], result.source
    # The same article in eleven encodings is one document: the text, not the bytes, identifies it.
    assert report.count(importing.IMPORTED) == len(shared_texts())


def test_detected_encoding_and_confidence_are_reported(project, tmp_path):
    text = next(p for p in shared_texts() if "hant_01" in p.name).read_text(encoding="utf-8")
    (tmp_path / "big5.txt").write_bytes(text.encode("cp950"))
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    results = {r.source.rsplit("/", 1)[-1]: r for r in importing.import_paths(project, [tmp_path]).results}
    assert results["big5.txt"].encoding == "cp950" and results["big5.txt"].confidence > 0.6
    assert results["gbk.txt"].encoding == "gb18030"
    doc = documents.get_document(project, results["big5.txt"].document_id)
    assert doc["provenance"]["encoding"] == "cp950" and doc["provenance"]["confidence"] > 0.6


def _import_one(project, tmp_path, name: str, data: bytes, **options):
    path = tmp_path / name
    path.write_bytes(data)
    (result,) = importing.import_paths(project, [path], importing.Options(**options)).results
    return result


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (PNG image)"),
        ("archive.txt", b"PK\x03\x04" + b"\x00" * 100, "ZIP archive"),
        ("nul.txt", "快手电商".encode() + b"\x00\x01\x02" + "表示".encode(), "NUL byte at byte offset 12"),
        ("noise.txt", bytes(range(128, 256)) * 40, "not valid UTF-8 (first invalid byte at offset 0)"),
        ("whitespace.txt", b" \n\r\n\t ", "no text"),
        ("slides.pptx", b"whatever", "unsupported file type .pptx"),
        ("broken.docx", b"not a zip at all", "not a readable Word document"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_stored(project, tmp_path, name, data, reason):
    result = _import_one(project, tmp_path, name, data)
    assert result.status == importing.REFUSED
    assert reason in result.message
    with project.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        record = session.scalars(select(ImportRecord)).one()
        assert record.status == "refused" and reason in record.message


def test_a_few_invalid_utf8_bytes_become_replacement_characters_with_a_warning(project, tmp_path):
    body = "快手电商负责人表示，平台本季度新增商家超过30万家。" * 20
    data = body.encode()[:60] + b"\xff\xfe" + body.encode()[60:]
    result = _import_one(project, tmp_path, "damaged.txt", data)
    assert result.status == importing.IMPORTED
    assert result.warnings and "2 invalid byte(s) replaced by U+FFFD at byte offset 60, 61" in result.warnings[0]
    doc = documents.get_document(project, result.document_id)
    assert doc["text"].count("\ufffd") == 2 and doc["provenance"]["replaced_bytes"] == [60, 61]
    assert doc["text"].replace("\ufffd", "") == body


def test_lone_surrogates_never_reach_the_database_silently(project, tmp_path):
    utf8_surrogate = "快手电商负责人表示平台本季度新增商家".encode() * 3 + b"\xed\xa0\x80" + "商家".encode() * 50
    result = _import_one(project, tmp_path, "surrogate8.txt", utf8_surrogate)
    assert result.status == importing.IMPORTED and "replaced by U+FFFD" in result.warnings[0]

    utf16 = codecs.BOM_UTF16_LE + "快手".encode("utf-16-le") + b"\x00\xd8" + "电商".encode("utf-16-le")
    result = _import_one(project, tmp_path, "surrogate16.txt", utf16)
    assert result.status == importing.REFUSED and "invalid sequence at byte offset 6" in result.message

    rows = json.dumps({"text": "快手\ud800电商表示", "title": "x"}, ensure_ascii=True).encode()
    result = _import_one(project, tmp_path, "surrogate.jsonl", rows)
    assert result.status == importing.IMPORTED
    doc = documents.get_document(project, result.document_id)
    assert doc["text"] == "快手\ufffd电商表示" and doc["provenance"]["lone_surrogates_replaced"] == 1


def test_ambiguous_short_legacy_text_asks_for_the_encoding(project, tmp_path):
    result = _import_one(project, tmp_path, "short.txt", "快手".encode("gbk"))
    assert result.status == importing.REFUSED and "--encoding" in result.message
    result = _import_one(project, tmp_path, "short2.txt", "快手".encode("gbk"), encoding="gbk")
    assert result.status == importing.IMPORTED
    assert documents.get_document(project, result.document_id)["text"] == "快手"


def test_a_20_mb_file_is_refused_over_the_limit_and_stored_whole_when_raised(project, tmp_path):
    line = "快手电商负责人表示，平台本季度新增商家超过30万家，其中品牌自营店铺占比提升至42%。\n"
    data = (line * (20_000_000 // len(line.encode()) + 1)).encode()
    assert len(data) >= 20_000_000
    refused = _import_one(project, tmp_path, "huge.txt", data)
    assert refused.status == importing.REFUSED
    assert "over the limit of 5,000,000" in refused.message and "--max-chars" in refused.message
    accepted = _import_one(project, tmp_path, "huge2.txt", data, max_chars=10_000_000)
    assert accepted.status == importing.IMPORTED
    assert documents.get_document(project, accepted.document_id)["length"] == len(data.decode())


HOSTILE = """<!DOCTYPE html><html><head><title>快手电商 &amp; 淘宝</title>
<script>alert("head")</script><style>body{color:red}</style><meta charset="utf-8"></head>
<body onload="steal()"><h1>标题</h1>
<p onclick="evil()">第一段&nbsp;文字&#x5FEB;&#25163;</p>
<script type="text/javascript">document.write("<p>注入</p>")</script>
<template><p>模板内容</p></template><!-- 注释内容 --><noscript>请启用脚本</noscript>
<iframe src="https://evil.example/"><p>框架</p></iframe><svg><text>矢量</text></svg>
<img src=x onerror="alert(1)"><a href="javascript:alert(2)">链接文字</a>
<div>第二段<br>换行</div></body></html>"""


def test_hostile_html_keeps_only_visible_text(project, tmp_path):
    result = _import_one(project, tmp_path, "page.html", HOSTILE.encode())
    doc = documents.get_document(project, result.document_id)
    assert doc["title"] == "快手电商 & 淘宝"
    assert doc["text"] == "标题\n第一段\xa0文字快手\n链接文字\n第二段\n换行"
    for leaked in ("alert", "steal", "evil", "注入", "模板", "注释", "请启用", "框架", "矢量", "color", "javascript"):
        assert leaked not in doc["text"]


def test_html_declared_charset_is_used_when_the_bytes_agree(project, tmp_path):
    page = (
        '<html><head><meta charset="gb2312"><title>快手</title></head>'
        "<body><p>快手电商负责人表示，平台本季度新增商家超过30万家。</p></body></html>"
    )
    result = _import_one(project, tmp_path, "gbk.htm", page.encode("gbk"))
    assert result.encoding == "gb18030"
    assert documents.get_document(project, result.document_id)["text"].startswith("快手电商负责人")


def test_a_lone_surrogate_in_any_field_of_a_record_does_not_end_the_folder(project, tmp_path):
    """A title, outlet, URL or metadata value escaping a lone surrogate: cleaned like the text, and the files
    before and after it each get their result."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("国家统计局发布数据显示，消费增长。", encoding="utf-8")
    records = [
        {"text": "快手电商表示，平台新增商家。", "title": "标题\ud83d", "outlet": "新华\udc00社", "url": "http://x/\ud800"},
        {"text": "市场监管总局表示，将加强监管。", "title": "好", "meta": {"作者\ud800": ["记者\udfff"]}},
    ]
    (folder / "b.jsonl").write_bytes("\n".join(json.dumps(r, ensure_ascii=True) for r in records).encode())
    (folder / "c.txt").write_text("财政部表示，减税降费。", encoding="utf-8")
    report = importing.import_paths(project, [folder])
    assert [r.status for r in report.results] == [importing.IMPORTED] * 4
    stored = [documents.get_document(project, r.document_id) for r in report.results]
    assert (
        stored[1]["title"] == "标题\ufffd"
        and stored[1]["outlet"] == "新华\ufffd社"
        and stored[1]["url"] == "http://x/\ufffd"
    )
    assert stored[1]["provenance"]["lone_surrogates_replaced"] == 3
    assert "作者\ufffd" in str(stored[2]["meta"]) and "记者\ufffd" in str(stored[2]["meta"])


def test_a_short_gbk_file_is_refused_as_ambiguous_unless_its_encoding_is_named(project, tmp_path):
    """30 bytes of GBK (15 characters) was imported at confidence 0.61 although short files are refused: GB and
    Big5 readings of so little text score close together."""
    sentence = "海关总署：进出口增长了百分之五"
    result = _import_one(project, tmp_path, "short-gbk.txt", sentence.encode("gbk"))
    assert result.status == importing.REFUSED and "ambiguous encoding" in result.message
    result = _import_one(project, tmp_path, "short-gbk2.txt", sentence.encode("gbk"), encoding="gbk")
    assert result.status == importing.IMPORTED
    long_enough = _import_one(project, tmp_path, "long-gbk.txt", (sentence * 4).encode("gbk"))
    assert long_enough.status == importing.IMPORTED and long_enough.encoding == "gb18030"
