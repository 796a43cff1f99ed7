"""Newline normalisation: CRLF and lone CR become LF, nothing else changes."""

from __future__ import annotations

import re

_BREAKS = re.compile(r"\r\n?")


def normalise_newlines(text: str) -> tuple[str, dict[str, int]]:
    """Return the text with `\\n` line ends and how many of each kind were rewritten."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    if not crlf and not cr:
        return text, {}
    counts = {}
    if crlf:
        counts["crlf"] = crlf
    if cr:
        counts["cr"] = cr
    return _BREAKS.sub("\n", text), counts
