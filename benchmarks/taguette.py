"""Side by side with Taguette 1.5.2, the peer closest to our stack (Python, SQLAlchemy, SQLite): the same
generated news articles imported, the same annotations created, a document with 500 annotations opened, and
every annotation exported to CSV, measured for both tools in one run and reported as ratios. Each step is
taken by the two tools in turn (Taguette's import, then ours; …), so that a slow minute of this shared
machine falls on both; the import (each time into a new project), the opening and the export are repeated
and their medians compared.

    .venv/bin/python benchmarks/taguette.py [ARTICLES] [ANNOTATIONS]

Taguette is installed with pip into a virtual environment of its own (kept in the cache folder between
runs), then the benchmark runs itself again inside a network namespace that holds only loopback
(`unshare -n`): Taguette asks its update server for messages at start-up, and nothing here should leave the
machine. It is started in its single-user mode on 127.0.0.1 and driven through its HTTP API exactly as its
web page drives it: a persistent connection with its cookies and XSRF token, one multipart upload per
article (HTML, so that Calibre is not needed), one JSON POST per highlight, the two requests the page makes
to open a document, and the CSV download of all highlights. Its times include HTTP on loopback, which is how
every Taguette user reaches it. Opening a document is compared where both have the data in hand (Taguette's
server has answered the page's two requests; our services have read the text and the annotations); the
browser's layout and highlighting are not measured, and ours (highlighted and painted) is shown beside.

Ours is driven through the services in one thread, as the command line drives them: imports and large CSV
exports then fork their worker processes. (The window runs them on a thread of its own, where forking is not
safe: an import spawns its worker and prepares files itself while it starts, about 0.3 s more for 1,000
articles, and a CSV export spawns its worker from 5,000 documents, below that it is one process.)

Both tools get the same HTML files and the same spans (code points for us, UTF-8 bytes of the text for
Taguette); the exported CSVs are compared, highlight by highlight, before any figure is printed.
"""

from __future__ import annotations

import csv
import fcntl
import html
import http.client
import io
import json
import os
import random
import re
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

from common import replicated, table, temp_dir

TAGUETTE = "taguette==1.5.2"
KINDS = ("claim", "figure", "stakeholder")
INSIDE = "ANNOTATOR_BENCH_NETNS"
# How often each tool takes the short steps; the medians are compared (a step of a second or less is where this
# shared machine's pauses weigh most).
IMPORTS = 3
OPENS = 7
EXPORTS = 3


@dataclass(frozen=True)
class Planned:
    """One annotation to make in both tools: a span of one paragraph of one article."""

    article: int
    paragraph: int
    start: int
    end: int
    kind: str


def taguette_venv() -> Path:
    """Taguette in a virtual environment of its own (it pins SQLAlchemy 1.4; we use 2.x)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "annotator-bench" / TAGUETTE
    if not (cache / "bin" / "taguette").exists():
        print(f"(installing {TAGUETTE} into {cache})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(cache)], check=True)
        subprocess.run([str(cache / "bin" / "pip"), "install", "-q", TAGUETTE], check=True)
    return cache


def loopback_up() -> None:
    """Bring `lo` up in the new namespace (what `ip link set lo up` does, without needing iproute2)."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(s, siocgifflags, request))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH14s", b"lo", flags | iff_up, b""))


def assert_offline() -> None:
    """Refuse to measure unless the outside world is unreachable from here."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        try:
            s.connect(("192.0.2.1", 80))  # TEST-NET-1: never a real host, but routable if a network exists
        except OSError as error:
            if "unreachable" in str(error).lower():
                return
            raise SystemExit(f"the network namespace is not isolated: {error}") from error
    raise SystemExit("the network namespace is not isolated")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_html(folder: Path, n: int) -> tuple[list[Path], list[list[str]]]:
    """n articles as HTML pages, a paragraph per <p> (the first one also the page title)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, paras = [], []
    for i, text in enumerate(replicated(n)):
        parts = paragraphs(text)
        body = "".join(f"<p>{html.escape(p)}</p>" for p in parts)
        page = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f"<title>{html.escape(parts[0])}</title></head><body>{body}</body></html>"
        )
        path = folder / f"{i:05}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
        paras.append(parts)
    return paths, paras


def plan(paras: list[list[str]], total: int, busy: int) -> list[Planned]:
    """`busy` annotations on article 0 (the one opened), the rest spread ten to an article."""
    rng = random.Random(7)
    out = []
    for i in range(total):
        article = 0 if i < busy else 1 + (i - busy) // 10 % (len(paras) - 1)
        candidates = [k for k, p in enumerate(paras[article]) if len(p) >= 4]
        paragraph = rng.choice(candidates)
        length = len(paras[article][paragraph])
        start = rng.randrange(0, length - 2)
        end = min(length, start + rng.randint(2, 12))
        out.append(Planned(article, paragraph, start, end, KINDS[i % len(KINDS)]))
    return out


# --- Taguette, through its HTTP API -----------------------------------------------------------------------


class Browser:
    """What Taguette's web page does over HTTP: one kept-alive connection, its cookies, its XSRF token."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, dict, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        if response.status >= 400:
            raise RuntimeError(f"Taguette answered {response.status} to {method} {path}: {data[:300]!r}")
        return response.status, dict(response.headers), data

    @property
    def xsrf(self) -> str:
        return urllib.parse.unquote(self.cookies["_xsrf"].strip('"'))

    def post_json(self, path: str, obj: dict) -> dict:
        query = urllib.parse.urlencode({"_xsrf": self.xsrf})
        _, _, data = self.request("POST", f"{path}?{query}", json.dumps(obj).encode(), "application/json; charset=utf-8")
        return json.loads(data)

    def post_form(self, path: str, fields: dict[str, str]) -> dict:
        body = urllib.parse.urlencode({**fields, "_xsrf": self.xsrf}).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")[1]

    def post_multipart(self, path: str, fields: dict[str, str], filename: str, content: bytes) -> dict:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "_xsrf": self.xsrf}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/html\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        _, _, data = self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")
        return json.loads(data)

    def get_json(self, path: str) -> dict:
        return json.loads(self.request("GET", path)[2])


class Taguette:
    """A Taguette server of our own, on a free port, with a fresh database."""

    def __init__(self, venv: Path, folder: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        with (folder / "taguette.log").open("w") as log:  # the server keeps its own copy of the handle
            self.process = subprocess.Popen(
                [str(venv / "bin" / "taguette"), "--no-browser", "--bind", "127.0.0.1", "--port", str(self.port),
                 "--database", str(folder / "taguette.sqlite3")],
                stdout=subprocess.PIPE, stderr=log, text=True,
            )  # fmt: skip
        for line in self.process.stdout:
            if "?token=" in line:
                self.token = line.strip().rsplit("=", 1)[1]
                break
        else:
            raise SystemExit(f"Taguette did not start; see {folder / 'taguette.log'}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


class TheirSide:
    """Taguette as a user drives it: logged in with the single-user token, a project with one tag per kind."""

    name = "Taguette"

    def __init__(self, venv: Path, folder: Path, paras: list[list[str]]) -> None:
        self.server = Taguette(venv, folder)
        self.browser = Browser(self.server.port)
        self.browser.request("GET", f"/?token={self.server.token}")
        self.paras = paras

    def stop(self) -> None:
        self.server.stop()

    def import_(self, paths: list[Path]) -> float:
        """A new project (the tags made as a user makes them, untimed), then every article uploaded into it."""
        self.browser.request("GET", "/project/new")  # the form hands out the XSRF cookie
        location = self.browser.post_form("/project/new", {"name": f"Benchmark {uuid.uuid4().hex[:6]}", "description": ""})
        self.project = int(re.search(r"/project/(\d+)", location["Location"]).group(1))
        self.tags = {
            kind: self.browser.post_json(f"/api/project/{self.project}/tag/new", {"path": kind, "description": ""})["id"]
            for kind in KINDS
        }
        self.documents = []
        start = time.perf_counter()
        for path in paths:
            created = self.browser.post_multipart(
                f"/api/project/{self.project}/document/new",
                {"name": path.stem, "description": "", "text_direction": "LEFT_TO_RIGHT"},
                path.name,
                path.read_bytes(),
            )
            self.documents.append(created["created"])
        return time.perf_counter() - start

    def annotate(self, planned: list[Planned]) -> float:
        start = time.perf_counter()
        for p in planned:
            before = "".join(self.paras[p.article][: p.paragraph])
            text = self.paras[p.article][p.paragraph]
            offset = len(before.encode())
            self.browser.post_json(
                f"/api/project/{self.project}/document/{self.documents[p.article]}/highlight/new",
                {"start_offset": offset + len(text[: p.start].encode()),
                 "end_offset": offset + len(text[: p.end].encode()), "tags": [self.tags[p.kind]]},
            )  # fmt: skip
        return time.perf_counter() - start

    def open(self) -> tuple[float, int]:
        """The page's two requests for a document; (seconds, highlights)."""
        base = f"/api/project/{self.project}/document/{self.documents[0]}"
        start = time.perf_counter()
        info = self.browser.get_json(base)
        self.browser.get_json(base + "/contents")
        return time.perf_counter() - start, len(info["highlights"])

    def export(self) -> float:
        start = time.perf_counter()
        self.exported = self.browser.request("GET", f"/project/{self.project}/export/highlights/.csv")[2]
        return time.perf_counter() - start

    def texts(self) -> list[tuple[str, str]]:
        rows = csv.DictReader(io.StringIO(self.exported.decode("utf-8")))
        return sorted((r["tag"], _spaced(r["content"])) for r in rows)


# --- Annotator, through the services and the article view -------------------------------------------------


class OurSide:
    """Annotator through its services, in this process, as the command line runs them."""

    name = "Annotator"

    def __init__(self, folder: Path, paras: list[list[str]]) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.folder, self.paras, self.imports = folder, paras, 0

    def stop(self) -> None:
        if self.imports:
            self.project.close()

    def import_(self, paths: list[Path]) -> float:
        """Into a new project file."""
        from annotator.services import annotators, documents, importing, projects

        if self.imports:
            self.project.close()
        self.imports += 1
        self.project = projects.init_project(self.folder / f"ours-{self.imports}.sqlite")
        start = time.perf_counter()
        report = importing.import_paths(self.project, paths)
        elapsed = time.perf_counter() - start
        ids = {Path(r.source).name: r.document_id for r in report.results}
        assert len(ids) == len(paths) and None not in ids.values(), report.summary()
        self.doc_ids = [ids[p.name] for p in paths]
        texts = [documents.get_document(self.project, d)["text"] for d in self.doc_ids]
        self.where = [_paragraph_offsets(texts[i], self.paras[i]) for i in range(len(paths))]
        self.coder = annotators.ensure(self.project, "admin")
        return elapsed

    def annotate(self, planned: list[Planned]) -> float:
        from annotator.services import annotations

        start = time.perf_counter()
        for p in planned:
            offset = self.where[p.article][p.paragraph]
            annotations.create_annotation(
                self.project, annotator_id=self.coder, document_id=self.doc_ids[p.article], kind=p.kind,
                start=offset + p.start, end=offset + p.end,
            )  # fmt: skip
        return time.perf_counter() - start

    def open(self) -> tuple[float, int]:
        """The article's text and annotations read; then shown, highlighted and painted (kept in `shown`)."""
        from PySide6.QtWidgets import QApplication

        from annotator.core import codebook as cb
        from annotator.gui.article_view import ArticleView
        from annotator.gui.field_text import span_of
        from annotator.paths import DEFAULT_CODEBOOK
        from annotator.services import annotations, documents

        if not hasattr(self, "view"):
            self.app = QApplication.instance() or QApplication([])
            self.book = cb.load(DEFAULT_CODEBOOK)
            self.view = ArticleView()
            self.view.resize(900, 800)
            self.view.show()
            self.shown: list[float] = []
        start = time.perf_counter()
        text = documents.get_document(self.project, self.doc_ids[0])["text"]
        rows = annotations.annotations_of(self.project, self.doc_ids[0])
        read = time.perf_counter() - start
        self.view.show_document(text, [span_of(row, self.book) for row in rows], self.book)
        self.view.viewport().repaint()
        self.app.processEvents()
        self.shown.append(time.perf_counter() - start)
        return read, len(rows)

    def export(self) -> float:
        """A folder of tables, each export replacing the last; annotations.csv is the one Taguette's matches."""
        from annotator.services import exporting

        start = time.perf_counter()
        exporting.export_to_file(self.project, self.folder / "ours-csv", format="csv")
        return time.perf_counter() - start

    def texts(self) -> list[tuple[str, str]]:
        from annotator.io import tables

        with (self.folder / "ours-csv" / "annotations.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = csv.DictReader(f)
            return sorted((r["kind"], _spaced(tables.unsafe(r["text"]))) for r in rows)  # a "-…" cell is guarded


def _spaced(text: str) -> str:
    """Text with its white space collapsed, as Taguette's export writes a highlight."""
    return " ".join(text.split())


def _paragraph_offsets(text: str, parts: list[str]) -> list[int]:
    """Where each paragraph of the HTML page starts in the text we stored for it."""
    offsets, at = [], 0
    for part in parts:
        at = text.index(part, at)
        offsets.append(at)
        at += len(part)
    return offsets


# --- the run ----------------------------------------------------------------------------------------------


def measure(articles: int, total: int, busy: int) -> None:
    """Each step is taken by the two tools in turn, so that a slow minute of this shared machine falls on both;
    the short steps are repeated and their medians compared."""
    loopback_up()
    assert_offline()
    venv = Path(os.environ[INSIDE])
    folder = temp_dir()
    paths, paras = write_html(folder / "articles", articles)
    planned = plan(paras, total, busy)
    sides = (TheirSide(venv, folder, paras), OurSide(folder, paras))
    times: dict[str, dict[str, list[float]]] = {side.name: {} for side in sides}

    def step(key: str, repeats: int, run) -> None:
        for _ in range(repeats):
            for side in sides:
                times[side.name].setdefault(key, []).append(run(side))

    try:
        step("import", IMPORTS, lambda side: side.import_(paths))
        step("annotate", 1, lambda side: side.annotate(planned))
        counts = {side.name: side.open()[1] for side in sides}  # one untimed first opening each
        assert counts == {side.name: busy for side in sides}, counts
        step("read", OPENS, lambda side: side.open()[0])
        step("export", EXPORTS, lambda side: side.export())
    finally:
        for side in sides:
            side.stop()
    theirs, ours = (times[side.name] for side in sides)
    if sides[0].texts() != sides[1].texts():
        a, b = sides[0].texts(), sides[1].texts()
        differ = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
        raise SystemExit(
            f"the two exports disagree ({len(a)} / {len(b)} rows, {len(differ)} differ, e.g. Taguette / ours: {differ[:3]})"
        )
    theirs, ours = ({k: statistics.median(v) for k, v in t.items()} for t in (theirs, ours))
    shown = statistics.median(sides[1].shown[1:])  # the first, untimed opening left out
    rows = []
    for key, label in (
        ("import", f"import {articles:,} HTML articles into a new project (median of {IMPORTS})"),
        ("annotate", f"create {total:,} annotations, one user action each"),
        ("read", f"open the article with {busy} annotations: its text and annotations read (median of {OPENS})"),
        ("export", f"export all {total:,} annotations to CSV (median of {EXPORTS})"),
    ):
        fmt = (lambda s: f"{s * 1000:.1f} ms") if key == "read" else (lambda s: f"{s:.2f} s")
        rows.append((label, fmt(theirs[key]), fmt(ours[key]), f"{theirs[key] / ours[key]:.1f}×"))
    rows.insert(
        3,
        (
            "… and shown, highlighted and painted (ours; Taguette's browser work not measured)",
            "",
            f"{shown * 1000:.1f} ms",
            "",
        ),
    )
    table(
        f"Side by side with Taguette 1.5.2 ({articles:,} articles, {total:,} annotations; same run, same machine)",
        rows,
        headers=("work", "Taguette", "Annotator", "ratio (≥ 10× is our target)"),
    )
    for key in ("import", "export"):  # the repeated steps, each time in the order taken
        print(f"{key}, each time (s): " + "; ".join(
            f"{name} " + ", ".join(f"{t:.2f}" for t in times[name][key]) for name in times
        ))  # fmt: skip


def main() -> None:
    args = [int(a) for a in sys.argv[1:3]]
    articles, total = (args + [1_000, 10_000][len(args) :])[:2]
    if INSIDE in os.environ:
        measure(articles, total, busy=min(500, total))
        return
    venv = taguette_venv()
    unshare = ["unshare", "--net"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    env = {**os.environ, INSIDE: str(venv)}
    sys.exit(subprocess.run([*unshare, sys.executable, __file__, *sys.argv[1:]], env=env).returncode)


if __name__ == "__main__":
    main()
