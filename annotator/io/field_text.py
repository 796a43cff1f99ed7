"""Field values written as `field: value` lines, for formats whose only place for them is one free-text
note (brat's AnnotatorNotes, a REFI-QDA selection's Description).

A value is escaped so that any text survives the trip: a backslash, line breaks, tabs, `|` (brat joins a
span's values with ` | ` on one line) and characters XML 1.0 cannot hold are written as backslash escapes
(`\\\\`, `\\n`, `\\r`, `\\t`, `\\|`, `\\u0001`…). A value without any of those is written as it is, so a
note stays readable in the tool that shows it; `decode` takes back exactly what `encode` was given.
"""

from __future__ import annotations

import re

_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "|": "\\|"}
# Characters XML 1.0 cannot carry (C0 controls other than tab and line ends, U+FFFE, U+FFFF), and DEL and
# the C1 controls, which no reader shows as anything.
_UNSAFE = re.compile("[\\\\\n\r\t|\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_ESCAPE = re.compile(r"\\(u[0-9a-f]{4}|.|$)", re.DOTALL)
_BACK = {escaped[1]: char for char, escaped in _NAMED.items()}
_PAIR = re.compile(r"^([a-z][a-z0-9_]*): (.*)$", re.DOTALL)


def escape(value: str) -> str:
    return _UNSAFE.sub(lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), value)


def unescape(text: str) -> str | None:
    """The value `escape` was given, or None when `text` holds a backslash that `escape` never writes."""
    bad = False

    def back(match: re.Match) -> str:
        nonlocal bad
        code = match.group(1)
        if len(code) == 5:
            return chr(int(code[1:], 16))
        if code not in _BACK:
            bad = True
        return _BACK.get(code, "")

    value = _ESCAPE.sub(back, text)
    return None if bad else value


def encode(pairs: list[tuple[str, str]], separator: str) -> str:
    """`name: value` for each pair, values escaped, joined by `separator` (a line break, or ` | `)."""
    return separator.join(f"{name}: {escape(value)}" for name, value in pairs)


def decode(note: str, separator: str) -> dict[str, str] | None:
    """The pairs of a note written by `encode`; None when the note is not made of `name: value` parts (a
    free note written by a person, which the caller keeps whole)."""
    values = {}
    for part in note.split(separator):
        match = _PAIR.match(part)
        value = unescape(match.group(2)) if match else None
        if value is None:
            return None
        values[match.group(1)] = value
    return values
