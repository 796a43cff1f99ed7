"""The window's suggestions: computed for the open document (through the services), drawn dotted in the
article, walked with F8 / Shift+F8 or clicked; the form shows the one chosen with its fields filled in, so
that the coder can correct them before Return accepts it (as their own annotation, undoable); Delete rejects
it for good. Each kind can be switched off (View menu), remembered in the settings.

The names stakeholders are found by (the registry and every stakeholder coders annotated) are read on a
thread of their own: at five million annotations that takes seconds, and the window must not wait for it.
Until they arrive the article shows its figure and claim suggestions; it is redrawn when they do."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QSettings

from annotator.core.suggestions import Gazetteer, Name, Suggestion
from annotator.gui.article_view import Span
from annotator.gui.background import Worker
from annotator.gui.field_text import values_line
from annotator.gui.translations import fill
from annotator.gui.undo_commands import CreateAnnotation, RejectSuggestion
from annotator.services import suggestions

COMPUTE_UP_TO = 100_000  # characters: a longer article shows only imported suggestions (about a second per
# 100,000 characters to compute, on the window's thread; real articles are a few thousand characters)


class SuggestionController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.items: list[Suggestion] = []
        self.current: int | None = None  # index into items of the suggestion shown in the form
        self._names: Gazetteer | None = None
        self._loading: tuple[threading.Thread, Worker] | None = None
        self._stale = False  # the names changed while they were being read: read them again

    # --- which kinds ---------------------------------------------------------------------------------

    @staticmethod
    def enabled(kind: str) -> bool:
        return QSettings("annotator", "settings").value(f"suggestions/{kind}", True, type=bool)

    def set_enabled(self, kind: str, on: bool) -> None:
        QSettings("annotator", "settings").setValue(f"suggestions/{kind}", on)
        self.window.refresh_highlights()

    # --- computing ----------------------------------------------------------------------------------

    def names_changed(self) -> None:
        """A stakeholder or the registry changed: the names are read again; those known so far are used
        until the new ones arrive."""
        if self._loading is not None:
            self._stale = True
        elif self._names is not None:
            self._start_reading()

    def names_annotated(self, names: list[Name]) -> None:
        """Stakeholders just annotated (or registry entries just made from them): known at once, without
        reading every name again."""
        if self._loading is not None:
            self._stale = True  # the read in hand may have missed them
        if self._names is not None:
            for name in names:
                self._names.add(name)

    @property
    def reading_names(self) -> bool:
        return self._loading is not None

    def _names_or_start(self) -> Gazetteer:
        """The gazetteer read last; the first time, start reading it and go on with no names for now."""
        if self._names is None and self._loading is None:
            self._start_reading()
        return self._names if self._names is not None else Gazetteer([])

    def _start_reading(self) -> None:
        """Read the names on a thread; the worker lives in this (the GUI) thread, so the result comes here,
        queued."""
        window = self.window
        project, viewer = window.project, window.annotator_id

        def read(_progress, _cancelled):
            try:
                return suggestions.gazetteer(project, viewer=viewer)
            except Exception as error:  # noqa: BLE001 -- e.g. a server out of reach: said, and read again later
                return error

        worker = Worker(read)
        worker.finished.connect(self._names_read)
        thread = threading.Thread(target=worker.run, name="gazetteer", daemon=True)
        self._loading = (thread, worker)
        thread.start()

    def _names_read(self, result) -> None:
        if self._loading is None:  # stopped: the window is closing
            return
        self._loading[0].join()
        self._loading = None
        if self._stale:
            self._stale = False
            self._start_reading()
            return
        if isinstance(result, Exception):  # the next refresh tries again
            self.window.statusBar().showMessage(fill(self.tr("Names for suggestions not read: %1"), str(result)), 8000)
            return
        self._names = result
        self.window.refresh_highlights()

    def stop(self) -> None:
        """The window closes: let a read in hand end (it only reads), so that none outlives the window."""
        if self._loading is not None:
            self._loading[0].join()
            self._loading = None

    def refresh(self) -> list[Span]:
        """Recompute the open document's suggestions; returns them as spans for the article view."""
        window = self.window
        kinds = [k for k in window.codebook.kind_names if self.enabled(k)]  # imported suggestions: any kind
        chosen = self.items[self.current] if self.current is not None else None
        self.current = None
        if window.document_id is None or not kinds:
            self.items = []
            return []
        needs_names = "stakeholder" in kinds or "claim" in kinds
        self.items = suggestions.document_suggestions(
            window.project,
            annotator_id=window.annotator_id,
            document_id=window.document_id,
            kinds=kinds,
            names=self._names_or_start() if needs_names else Gazetteer([]),
            compute_up_to=COMPUTE_UP_TO,
            wait_for_segmenter=False,
        )
        if chosen is not None:  # still on offer (an accept the services refused): still chosen
            self.current = next(
                (i for i, s in enumerate(self.items) if (s.kind, s.start, s.end) == (chosen.kind, chosen.start, chosen.end)),
                None,
            )
        return [self._span(i, s) for i, s in enumerate(self.items)]

    def _span(self, index: int, suggestion: Suggestion) -> Span:
        kind = self.window.codebook.kind(suggestion.kind)
        values = values_line(kind, suggestion.fields, names=True)
        summary = fill(self.tr("Suggested %1 “%2”"), kind.label, suggestion.text) + (f" — {values}" if values else "")
        why = suggestion.note or suggestion.source
        if suggestion.confidence is not None:  # where it came from, and how often such a suggestion is right
            summary += "\n" + fill(self.tr("Found by: %1 · confidence %2"), why, f"{suggestion.confidence:.2f}")
        elif why:
            summary += "\n" + fill(self.tr("Found by: %1"), why)
        return Span(index, suggestion.kind, suggestion.start, suggestion.end, summary, suggested=True)

    # --- choosing -----------------------------------------------------------------------------------

    def select(self, index: int, *, select_text: bool = True) -> None:
        """Show a suggestion in the form, its fields ready to correct, and (walking with F8) select its text.
        A click inside one does not select its text: the click places the caret, so a selection the coder
        goes on to make is theirs alone (a click that selected the whole suggestion, then extended, made a
        61-character "stakeholder")."""
        if not 0 <= index < len(self.items):
            return
        window = self.window
        self.current = index
        suggestion = self.items[index]
        kind = window.codebook.kind(suggestion.kind)
        window.current_annotation = None
        if select_text:
            window.article.select_span(suggestion.start, suggestion.end)
        heading = fill(
            self.tr("<b>Suggested %1</b> “%2” (%3) — Return accepts, Delete rejects"),
            kind.label,
            suggestion.text,
            suggestion.note,
        )
        window.form.show_suggestion(heading, kind.fields, suggestion.fields, window.rows())
        window.statusBar().showMessage(fill(self.tr("Suggestion %1 of %2"), index + 1, len(self.items)), 4000)

    def step(self, direction: int) -> None:
        """The next (1) or previous (-1) suggestion from the current one, or from the caret."""
        if not self.items:
            self.window.statusBar().showMessage(self.tr("No suggestions in this article"), 4000)
            return
        if self.current is not None:
            index = (self.current + direction) % len(self.items)
        else:
            caret = self.window.article.caret_offset()
            after = [i for i, s in enumerate(self.items) if s.start >= caret]
            before = [i for i, s in enumerate(self.items) if s.start < caret]
            index = (after or [0])[0] if direction > 0 else (before or [len(self.items) - 1])[-1]
        self.select(index)

    def forget(self) -> None:
        self.current = None

    # --- deciding -----------------------------------------------------------------------------------

    def accept(self, values: dict | None = None) -> bool:
        """Accept the current suggestion (with the form's values when given); False when there is none or
        the services refused it."""
        if self.current is None:
            return False
        suggestion = self.items[self.current]
        fields = {k: v for k, v in {**suggestion.fields, **(values or {})}.items() if v not in (None, "", [])}
        window = self.window
        command = self._command(CreateAnnotation, suggestion, fields=fields, origin="suggestion", entity_from_text=True)
        if not window.run(command):
            return False  # refused: the suggestion stays chosen, the reason is shown
        self.current = None
        if command.row:
            if suggestion.kind == "stakeholder":
                self.names_changed()
            window.select_annotation(command.row["id"])
        return True

    def reject(self) -> bool:
        if self.current is None:
            return False
        suggestion = self.items[self.current]
        self.current = None
        self.window.run(self._command(RejectSuggestion, suggestion))
        return True

    def _command(self, command_class, suggestion: Suggestion, **extra):
        """An undo command about the suggestion's span, run for the window's coder and document."""
        window = self.window
        return command_class(
            window.project,
            window.annotator_id,
            window.after_change,
            document_id=window.document_id,
            kind=suggestion.kind,
            start=suggestion.start,
            end=suggestion.end,
            **extra,
        )
