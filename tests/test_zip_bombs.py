"""Zip containers that would unpack to gigabytes, or whose XML declares entities, are refused before reading,
file by file, the batch going on, with the importing process's memory bounded (real 2 GiB bombs)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.services import dataset_import, importing

GIB = 1 << 30


def _bomb(path: Path, member: str, head: bytes, size: int) -> Path:
    """A zip whose `member` really unpacks to `size` bytes (spaces after `head`), written in chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as out:
            out.write(head)
            chunk = b" " * (16 << 20)
            for _ in range((size - len(head)) // len(chunk)):
                out.write(chunk)
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "docx": _bomb(folder / "bomb.docx", "word/document.xml", b"<?xml version='1.0'?><w:document>", 2 * GIB),
        # over the limit too, smaller to keep the suite quick (deflating 2 GiB takes seconds)
        "xlsx": _bomb(folder / "bomb.xlsx", "xl/worksheets/sheet1.xml", b"<?xml version='1.0'?><worksheet>", 600 << 20),
        "qdpx": _bomb(folder / "bomb.qdpx", "project.qde", b"<?xml version='1.0'?><Project>", 600 << 20),
    }


def test_the_bombs_are_small_files_that_unpack_to_gigabytes(bombs):
    for kind, path in bombs.items():
        assert path.stat().st_size < 16 << 20
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(m.file_size for m in archive.infolist())
        assert unpacked > (2 * GIB if kind == "docx" else 512 << 20) - (16 << 20)


def test_an_import_refuses_the_bombs_at_once_with_memory_bounded(bombs, tmp_path):
    """Through a real `annotator import` process: each bomb refused with the reason, the good file beside them
    imported, and the process's peak memory (VmHWM) under 300 MB."""
    project = tmp_path / "p.sqlite"
    good = tmp_path / "good.txt"
    good.write_text("国家统计局发布数据显示，消费增长。", encoding="utf-8")
    script = (
        "import sys\n"
        "from annotator.cli.main import main\n"
        "main(['init', sys.argv[1]])\n"
        "code = main(['import', '--project', *sys.argv[1:]])\n"
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print('PEAK_KB', peak, 'EXIT', code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(project), str(good), bombs["docx"], bombs["xlsx"]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(line.startswith("imported") and "good.txt" in line for line in lines)
    refused = [line for line in lines if line.startswith("refused")]
    assert len(refused) == 2 and all("zip bomb" in line or "unpack to over" in line for line in refused), lines
    peak_kb = int(lines[-1].split()[1])
    assert peak_kb < 300 * 1024, f"peak {peak_kb / 1024:.0f} MB"
    assert lines[-1].endswith("EXIT 1")


def test_a_qdpx_bomb_is_refused_as_a_dataset(bombs, sqlite_project):
    report = dataset_import.import_dataset(sqlite_project, bombs["qdpx"], dataset_import.Options("qdpx"))
    assert not report.ok and any("zip bomb" in r.message or "unpack to over" in r.message for r in report.results)


def test_a_word_document_declaring_entities_is_refused_plainly(sqlite_project, tmp_path):
    """XXE: a DOCTYPE that would read /etc/passwd into the article; refused with words, not an internal error."""
    import docx

    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("国家统计局发布数据显示，消费增长。")
    document.save(plain)
    hostile = tmp_path / "xxe.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                end = text.index("?>") + 2
                text = text[:end] + '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + text[end:]
                data = text.replace("国家统计局", "&x;").encode()
            out.writestr(info, data)
    report = importing.import_paths(sqlite_project, [plain, hostile])
    assert [r.status for r in report.results] == [importing.IMPORTED, importing.REFUSED]
    assert "declares a DOCTYPE" in report.results[1].message and "root:" not in report.results[1].message
