"""Visible article text out of HTML: no script, style, template, comment or other inert content.

Built on the standard library's tokenizer (html.parser), which decodes character references and never
runs or fetches anything. Block elements become line breaks; `<br>` a line break. The page title comes from
<title>, else the first <h1>.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from annotator.core.text.decoding import Decoded, DecodeError, decode

# Elements whose content is never article text.
_SKIP = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "head",
    "select",
    "button",
    "canvas",
    "audio",
    "video",
    "nav",
    "form",
    "textarea",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
    "br",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.in_pre = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "title":
            self.in_title = True
        if self.skip:
            if tag in _SKIP and tag not in _VOID:
                self.skip.append(tag)
            return
        if tag in _SKIP and tag not in _VOID:
            self.skip.append(tag)
            return
        if tag == "h1":
            self.in_h1 = True
        if tag == "pre":
            self.in_pre += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs) -> None:
        if not self.skip and tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self.in_title = False
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            elif tag in self.skip:  # unbalanced markup: close up to the matching element
                del self.skip[self.skip.index(tag) :]
            return
        if tag == "h1":
            self.in_h1 = False
        if tag == "pre" and self.in_pre:
            self.in_pre -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self.parts.append(data if self.in_pre else re.sub(r"[ \t\r\n\f]+", " ", data))

    # Comments, processing instructions and declarations carry no article text.
    def handle_comment(self, data) -> None:
        pass


def _tidy(text: str) -> str:
    """One line per block of text: markup whitespace and empty blocks leave nothing behind."""
    return "\n".join(line.strip(" \t") for line in text.split("\n") if line.strip(" \t"))


def extract(markup: str) -> tuple[str, str]:
    """(title, visible text) of an HTML document."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    text = _tidy("".join(parser.parts))
    title = " ".join("".join(parser.title_parts).split()) or " ".join("".join(parser.h1_parts).split())
    return title, text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode by the usual rules, but honour a declared <meta charset> when the bytes agree with it.

    A BOM or valid UTF-8 wins over the declaration: pages re-saved as UTF-8 often keep a stale gb2312 label.
    """
    if encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and not _is_utf8(data):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            if name in ("gb2312", "gbk"):
                name = "gb18030"  # the superset browsers use for these labels
            try:
                return decode(data, name)
            except DecodeError:
                pass
    return decode(data, encoding)
