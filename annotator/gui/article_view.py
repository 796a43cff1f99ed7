"""The article pane: the stored text (or its converted reading view), read-only, with every annotation
highlighted by its kind's colour and underline style, overlapping spans blended, hover details, and
selections reported as code point offsets into the stored text.

Offsets cross three layers here and nowhere else: Qt counts UTF-16 units in the displayed text; the
displayed text is the stored text or an OpenCC view of it (its own offset map); annotations are stored in
code points of the stored text. Invisible and bidi control characters are displayed as visible stand-ins of
the same UTF-16 length, so they neither reorder nor hide text and no offset moves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from annotator.core.codebook import Codebook
from annotator.core.text.conversion import ConvertedText, converted
from annotator.core.text.display_lines import DisplayLines
from annotator.core.text.offsets import Utf16Map
from annotator.core.text.quality import BIDI_CHARS, INVISIBLE_CHARS

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"]
STORED = "stored"
UNDERLINES = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "dash_dot": QTextCharFormat.UnderlineStyle.DashDotLine,  # other coders' annotations (not a kind's style)
}
# Visible stand-ins, one UTF-16 unit each like the characters they replace.
_STAND_INS = {**{c: "·" for c in INVISIBLE_CHARS}, **{c: "¦" for c in BIDI_CHARS}}
_DISPLAY_TABLE = str.maketrans(_STAND_INS)
_NEEDS_STAND_IN = re.compile("[" + "".join(map(re.escape, _STAND_INS)) + "]")  # searching costs far less than translating


@dataclass(frozen=True)
class Span:
    """An annotation as the view needs it: stored offsets, kind and a one-line description."""

    id: int  # the annotation's id; for a suggestion, its place in the window's list
    kind: str
    start: int
    end: int
    summary: str
    suggested: bool = False  # a suggestion: drawn dotted, without a tint, until the coder accepts it
    other: bool = False  # another coder's annotation: drawn dash-dotted over a faint tint, never edited here


class ArticleView(QPlainTextEdit):
    """Shows one document; knows nothing of the database (the window gives it text and spans)."""

    annotationClicked = Signal(int)
    suggestionClicked = Signal(int)
    otherClicked = Signal(int)  # another coder's annotation

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont()
        font.setFamilies(CJK_FONTS)
        font.setPointSize(13)
        self.setFont(font)
        self.setMouseTracking(True)
        self._stored = ""
        self._layer = STORED
        self._view: ConvertedText | None = None
        self._display = self._unbroken = ""
        self._lines = DisplayLines("")
        self._utf16 = Utf16Map("")
        self._spans: list[Span] = []
        self._starts: list[int] = []
        self._longest = 0
        self._highlighted: tuple[int, int] | None = None  # stored range whose spans are highlighted
        self._refresh = QTimer(self, singleShot=True, interval=0)
        self._refresh.timeout.connect(self._highlight_visible)
        self._formats: dict[str, QTextCharFormat] = {}
        self._matches: list[tuple[int, int]] = []  # where the list's search query occurs (stored offsets)
        self._match_format = QTextCharFormat()
        self._match_format.setBackground(QColor("#ffe066"))

    # --- content -------------------------------------------------------------------------------------

    def show_document(self, text: str, spans: list[Span], codebook: Codebook, layer: str = STORED) -> None:
        """Display a document in a layer (stored, t2s or s2t) with its annotations highlighted."""
        self._stored = text
        self._formats = {k.name: _format(k.colour, k.underline) for k in codebook.kinds}
        self._suggestion_formats = {k.name: _faint_format(k.colour, "dot") for k in codebook.kinds}
        self._other_formats = {k.name: _faint_format(k.colour, "dash_dot") for k in codebook.kinds}
        self._set_layer(layer)
        self.set_spans(spans)

    def set_layer(self, layer: str) -> None:
        """Switch between the stored text and a converted reading view, keeping the highlights."""
        if layer != self._layer:
            self._set_layer(layer)
            self.set_spans(self._spans)

    def _set_layer(self, layer: str) -> None:
        self._layer = layer
        self._view = None if layer == STORED else converted(self._stored, layer)
        shown = self._stored if self._view is None else self._view.text
        self._unbroken = shown.translate(_DISPLAY_TABLE) if _NEEDS_STAND_IN.search(shown) else shown
        self._lines = DisplayLines(self._unbroken)  # very long lines cut, for display only
        self._display = self._lines.text
        self._utf16 = Utf16Map(self._display)
        # Drop the old highlights first: Qt would otherwise move each of their cursors through the
        # replacement of the whole text (seconds, with thousands of annotations).
        self.setExtraSelections([])
        self.setPlainText(self._display)

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        """Highlight where the search query occurs, under the annotations' own highlights."""
        self._matches = sorted(matches)
        self._highlighted = None
        self._highlight_visible()

    def set_spans(self, spans: list[Span]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, s.end, s.id))
        self._starts = [s.start for s in self._spans]
        self._longest = max((s.end - s.start for s in self._spans), default=0)
        self._highlighted = None
        self._highlight_visible()

    def _highlight_visible(self) -> None:
        """Highlight the spans in and around the visible part of the text.

        Qt keeps every highlight's cursor up to date and creating one costs tens of microseconds in a long
        document, so an article of 300,000 characters with 5,000 annotations would take seconds to open if all
        were highlighted at once; the few dozen on screen (with a margin of a few screens) take a millisecond.
        Scrolling and resizing call this again.
        """
        if not self._display:
            self.setExtraSelections([])
            return
        viewport = self.viewport().rect()
        first = self._from_qt(self.cursorForPosition(viewport.topLeft()).position())
        last = self._from_qt(self.cursorForPosition(viewport.bottomRight()).position(), end=True)
        margin = max(2000, 2 * (last - first))
        lo, hi = max(0, first - margin), last + margin
        window = (lo, hi)
        if self._highlighted and self._highlighted[0] <= first and last <= self._highlighted[1]:
            return  # what is on screen is highlighted already
        selections = []
        for start, end in self._matches[bisect_right(self._matches, (lo - 200,)) : bisect_right(self._matches, (hi,))]:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor(start, end)
            selection.format = self._match_format
            selections.append(selection)
        begin = bisect_right(self._starts, lo - self._longest - 1)
        for span in self._spans[begin : bisect_right(self._starts, hi)]:
            if span.end <= lo:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor(span.start, span.end)
            formats = self._suggestion_formats if span.suggested else self._other_formats if span.other else self._formats
            selection.format = formats.get(span.kind) or _format("#777777", "solid")
            selections.append(selection)
        self.setExtraSelections(selections)
        self._highlighted = window

    # Changing highlights while Qt is in the middle of scrolling crashes it; the refresh runs right after.
    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._refresh.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._highlighted = None
        self._refresh.start()

    @property
    def layer(self) -> str:
        return self._layer

    @property
    def stored_text(self) -> str:
        return self._stored

    @property
    def displayed_text(self) -> str:
        return self._display

    # --- offsets ------------------------------------------------------------------------------------

    def _to_qt(self, stored_offset: int, *, end: bool = False) -> int:
        view_offset = stored_offset if self._view is None else self._view.from_source(stored_offset, end=end)
        return self._utf16.to_utf16(self._lines.to_display(view_offset, end=end))

    def _from_qt(self, qt_offset: int, *, end: bool = False) -> int:
        view_offset = self._lines.from_display(self._utf16.from_utf16(qt_offset))
        return view_offset if self._view is None else self._view.to_source(view_offset, end=end)

    def createMimeDataFromSelection(self):
        """Copying gives the text without the display-only line breaks of a very long line, as plain text.
        Qt's own object is changed, not replaced (a mime object made here would be freed twice, by Python and
        by the clipboard): asking its text makes it fill its formats from the document, once; then the rich
        ones, which carry the breaks, are dropped and the plain text set."""
        data = super().createMimeDataFromSelection()
        if self._lines.cuts:
            cursor = self.textCursor()
            start = self._lines.from_display(self._utf16.from_utf16(cursor.selectionStart()))
            end = self._lines.from_display(self._utf16.from_utf16(cursor.selectionEnd()))
            data.text()  # Qt fills every format now, so that it never overwrites the text set below
            for rich in data.formats():
                data.removeFormat(rich)
            data.setText(self._unbroken[start:end])
        return data

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._to_qt(start))
        cursor.setPosition(self._to_qt(end, end=True), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def selection_span(self) -> tuple[int, int] | None:
        """The selection as [start, end) code points of the stored text, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._from_qt(cursor.selectionStart()), self._from_qt(cursor.selectionEnd(), end=True)
        return (start, end) if end > start else None

    def caret_offset(self) -> int:
        """Where the caret is, as a stored-text offset."""
        return self._from_qt(self.textCursor().position())

    def select_span(self, start: int, end: int) -> None:
        """Select stored [start, end) in the displayed layer and scroll to it."""
        self.setTextCursor(self._cursor(start, end))
        self.ensureCursorVisible()
        self._highlight_visible()

    def spans_at(self, stored_offset: int) -> list[Span]:
        """The annotations covering a stored offset, innermost (shortest) first, then other coders', then the
        suggestions."""
        upto = bisect_right(self._starts, stored_offset)
        covering = [s for s in self._spans[:upto] if s.start <= stored_offset < s.end]
        return sorted(covering, key=lambda s: (s.suggested, s.other, s.end - s.start))

    def _stored_offset_at(self, pos) -> int:
        return self._from_qt(self.cursorForPosition(pos).position())

    # --- hover and click ----------------------------------------------------------------------------

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            spans = self.spans_at(self._stored_offset_at(event.pos()))
            if spans:
                QToolTip.showText(event.globalPos(), "\n".join(s.summary for s in spans), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            spans = self.spans_at(self._stored_offset_at(event.position().toPoint()))
            if spans:
                first = spans[0]
                signal = (
                    self.suggestionClicked
                    if first.suggested
                    else self.otherClicked
                    if first.other
                    else self.annotationClicked
                )
                signal.emit(first.id)


def _faint_format(colour: str, underline: str) -> QTextCharFormat:
    """What is not the coder's own: a suggestion (dotted) or another coder's annotation (dash-dotted), in
    the kind's colour over a faint tint (a third of an annotation's), seen at a glance and never taken for
    the coder's own work."""
    fmt = QTextCharFormat()
    tint = QColor(colour)
    tint.setAlpha(22)
    fmt.setBackground(tint)
    fmt.setUnderlineStyle(UNDERLINES[underline])
    fmt.setUnderlineColor(QColor(colour))
    return fmt


def _format(colour: str, underline: str) -> QTextCharFormat:
    """Background tint (translucent, so overlapping spans blend) plus the kind's underline style and colour,
    so kinds stay apart for colour-blind readers."""
    fmt = QTextCharFormat()
    tint = QColor(colour)
    tint.setAlpha(60)
    fmt.setBackground(tint)
    fmt.setUnderlineStyle(UNDERLINES.get(underline, QTextCharFormat.UnderlineStyle.SingleUnderline))
    fmt.setUnderlineColor(QColor(colour))
    return fmt
