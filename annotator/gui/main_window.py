"""The main window (DESIGN §3): the project's documents (searchable in both scripts, filtered) beside the
article and the coding form, and the coder's loop by keyboard: select text, press a kind's key (C, F, S in
the default codebook) and the annotation is saved at once, its fields pre-filled; F8 walks the suggestions,
Return accepts one, Delete rejects it or removes the clicked annotation; Ctrl+Z / Ctrl+Shift+Z undo and
redo every action. Each action is one service call through an undo command; the window holds no session."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QKeyCombination, QSettings, Qt, QTimer
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.suggestions import Name
from annotator.core.text.matching import occurrences
from annotator.gui.activity import ActivityClock
from annotator.gui.annotation_lists import AnnotationLists
from annotator.gui.article_view import ArticleView, Span
from annotator.gui.coding_form import CodingForm
from annotator.gui.commands import WindowCommands, window_state
from annotator.gui.document_filters import DocumentFilters
from annotator.gui.document_model import ID_ROLE, LENGTH, OUTLET, SCRIPT, STATUS_ROLE, TITLE, DocumentListModel, status_label
from annotator.gui.field_text import span_of
from annotator.gui.others_work import OthersWork
from annotator.gui.suggesting import COMPUTE_UP_TO, SuggestionController
from annotator.gui.translations import current_language, fill
from annotator.gui.undo_commands import (
    AnnotateMentions,
    CreateAnnotation,
    DeleteAnnotation,
    SetDetails,
    SetDocumentFields,
    SetStatus,
    UpdateAnnotation,
)
from annotator.services import annotations, annotators, codebooks, documents, entities, projects, suggestions, team
from annotator.services.changes import CREATED
from annotator.services.errors import Invalid, NotFound, ServiceError, StaleEdit
from annotator.storage.project import Project, ProjectError

if TYPE_CHECKING:  # the dialogs are imported where they open: loading them all delayed every start-up
    from annotator.gui.adjudication_view import AdjudicationView
    from annotator.gui.agreement_view import AgreementView
    from annotator.gui.codebook_editor import CodebookEditor
    from annotator.gui.dataset_import_dialog import DatasetImportDialog
    from annotator.gui.merge_dialog import MergeDialog
    from annotator.gui.registry_dialog import RegistryDialog
    from annotator.gui.statistics_view import StatisticsView
    from annotator.gui.team_dialog import TeamDialog

# How the status bar names what was saved (the services' action names, translated in the window's context).
ACTIONS = {
    "create_annotation": QT_TRANSLATE_NOOP("MainWindow", "annotated"),
    "update_annotation": QT_TRANSLATE_NOOP("MainWindow", "changed"),
    "delete_annotation": QT_TRANSLATE_NOOP("MainWindow", "deleted"),
    "restore_annotation": QT_TRANSLATE_NOOP("MainWindow", "restored"),
    "set_status": QT_TRANSLATE_NOOP("MainWindow", "document status"),
    "set_document_fields": QT_TRANSLATE_NOOP("MainWindow", "document fields"),
    "reject_suggestion": QT_TRANSLATE_NOOP("MainWindow", "suggestion rejected"),
    "unreject_suggestion": QT_TRANSLATE_NOOP("MainWindow", "suggestion offered again"),
    "annotate_mentions": QT_TRANSLATE_NOOP("MainWindow", "mentions annotated"),
    "create_relation": QT_TRANSLATE_NOOP("MainWindow", "link made"),
    "delete_relation": QT_TRANSLATE_NOOP("MainWindow", "link removed"),
    "create_entity": QT_TRANSLATE_NOOP("MainWindow", "registry entry made"),
    "set_document_details": QT_TRANSLATE_NOOP("MainWindow", "article details"),
}
SAVED = QT_TRANSLATE_NOOP("MainWindow", "change")  # an action without a name of its own: never its internal id

_open_windows: list = []  # windows opened from another window, kept alive while they are open


def remember_recent(label: str, keep: int = 8) -> None:
    state = window_state()
    recent = [p for p in (state.value("projects/recent", []) or []) if p != label]
    state.setValue("projects/recent", [label, *recent][:keep])


# Undo reaches back this many actions. Each kept step holds its rows (about 0.6 KB a step in the soak
# benchmark), so a window left open for days holds at most about 6 MB of history.
UNDO_STEPS = 10_000


class MainWindow(QMainWindow):
    def __init__(self, project: Project, annotator_name: str, history: QUndoStack | None = None) -> None:
        """`history`: the undo stack of the window this one replaces on the same project and coder (after a
        codebook save or a language change), so that Ctrl+Z still reaches the coder's earlier actions."""
        super().__init__()
        self.project = project
        self.annotator_name = annotator_name
        self.annotator_id = annotators.ensure(project, annotator_name)
        self.document_id: int | None = None
        self.current_annotation: int | None = None
        if history is None:
            self.undo_stack = QUndoStack(self)
            self.undo_stack.setUndoLimit(UNDO_STEPS)
        else:
            self.undo_stack = history
            history.setParent(self)
            for index in range(history.count()):  # each action reports to this window from now on
                history.command(index).retarget(self.after_change)
        self.clock = ActivityClock(self)
        self.codebook = codebooks.current_codebook(project)[1].localised(current_language())
        self.setWindowTitle(fill(self.tr("Annotator — %1"), project.label))
        self.resize(1360, 820)

        self.search = QLineEdit(placeholderText=self.tr("Search title and text (either script)…"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)  # window keys it would take for itself (see eventFilter)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)

        self.model = DocumentListModel(project, self.annotator_id, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OUTLET, QHeaderView.ResizeMode.Interactive)  # names can be long: the coder sizes it
        header.resizeSection(OUTLET, 90)
        for column in (SCRIPT, LENGTH):  # shown on demand (header's context menu): the title needs the room
            header.hideSection(column)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._show_row)

        self.filters = DocumentFilters(self.codebook)
        self.filters.set_outlets(documents.outlets(project))
        queue = documents.count_documents(project, assigned_to=self.annotator_id)
        self.filters.set_queue(self.annotator_id, queue)
        if queue:  # a coder with a queue starts in it
            self.model.set_filters(**self.filters.values())
        self.filters.changed.connect(self._apply_filters)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.filters)
        layout.addWidget(self.table)

        self.article = ArticleView()
        self.article.annotationClicked.connect(self._annotation_clicked)
        self.suggesting = SuggestionController(self)
        self.article.suggestionClicked.connect(lambda index: self.suggesting.select(index, select_text=False))
        self.others = OthersWork(self)
        self.article.otherClicked.connect(lambda i: self.statusBar().showMessage(self.others.summary(i), 8000))
        self.heading = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)  # titles are data, not markup
        self.heading.setStyleSheet("padding: 4px 2px")
        self.byline = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.byline.setStyleSheet("color: palette(mid); padding: 0 2px 4px 2px")
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.heading)
        centre_layout.addWidget(self.byline)
        centre_layout.addWidget(self.article, 1)

        self.form = CodingForm(
            self.codebook, registry=lambda: entities.list_entities(self.project, viewer=self.annotator_id)
        )
        self.form.committed.connect(self.save_fields)
        self.lists = AnnotationLists(self.codebook)
        self.lists.annotationChosen.connect(self._annotation_chosen)
        self.document_form = CodingForm(self.codebook, placeholder=self.tr("No document open."))
        self.document_form.committed.connect(self.save_document_fields)
        self.lists.addTab(self.document_form, self.tr("Document"))
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.form)
        right.addWidget(self.lists)
        right.setSizes([460, 340])

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setSizes([420, 540, 400])
        self.setCentralWidget(splitter)
        self._splitters = {"panes": splitter, "coding": right}
        self.layer_label = QLabel(self.tr(self.LAYERS["stored"]))  # which reading of the article is shown
        self.statusBar().addPermanentWidget(self.layer_label)
        self.commands = WindowCommands(self)
        self.shortcut_table = self.commands.shortcut_table
        self._restore_layout()
        self.model.reload()
        self._update_status()
        self._return_to_last_position()

    def _accept_suggestion(self) -> None:
        if not self.suggesting.accept(self.form.values() if self.suggesting.current is not None else None):
            self.statusBar().showMessage(self.tr("No suggestion chosen: F8 goes to the next one"), 4000)

    def _choose_columns(self, position) -> None:
        """The list header's context menu: tick the columns to show (remembered with the layout)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(self.model.columnCount()):
            action = menu.addAction(self.model.headerData(column, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != TITLE)
            action.toggled.connect(partial(self._show_column, column))
        menu.popup(header.mapToGlobal(position))

    def _show_column(self, column: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not shown)

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td>{m}</td><td>{t}</td><td><b>{k}</b></td></tr>" for m, t, k in self.shortcut_table)
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Keyboard shortcuts"))
        hint = self.tr("In the coding form: Return saves, Esc reverts.")
        box.setText(f"<table cellspacing=6>{rows}</table><p>{hint}</p>")
        box.open()

    # --- layout and zoom, remembered between sessions (window state, not settings) ----------------------

    def _restore_layout(self) -> None:
        state = window_state()
        geometry = state.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in self._splitters.items():
            saved = state.value(f"window/{name}")
            if saved is not None:
                splitter.restoreState(saved)
        columns = state.value("window/list-columns")
        if columns is not None:
            self.table.horizontalHeader().restoreState(columns)
        # columns sized to the contents of the rows in view and 40 more, not of every cell of a 500-row page in
        # every role (a fifth of a second at each start); after restoreState, which brings back the precision saved
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        zoom = int(state.value("article/zoom", 0))
        if zoom:
            self.article.zoomIn(zoom)
        self._zoom = zoom
        self._fit_heading()

    def zoom(self, step: int) -> None:
        self.article.zoomIn(step)
        self._zoom += step
        self._fit_heading()

    def _fit_heading(self) -> None:
        """The title in the article's font (so CJK titles render alike), a little larger and bold."""
        font = QFont(self.article.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)

    def _position_key(self) -> str:
        return "position/" + hashlib.sha1(self.project.url.encode()).hexdigest()[:16]

    def _return_to_last_position(self) -> None:
        """Open the document (and the place in it) where the coder left this project, else the first."""
        saved = window_state().value(self._position_key())
        document_id, scroll = (int(saved[0]), int(saved[1])) if isinstance(saved, list) and len(saved) == 2 else (0, 0)
        row = self.model.row_of(document_id) if document_id else None
        if row is None and self.model.rowCount():
            row, scroll = 0, 0
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            self.article.verticalScrollBar().setValue(scroll)

    def _record_time(self) -> None:
        """Add the active time on the document being left to the coder's time spent on it."""
        seconds = self.clock.take()
        if self.document_id is not None and seconds:
            try:
                documents.add_time_spent(
                    self.project, annotator_id=self.annotator_id, document_id=self.document_id, seconds=seconds
                )
            except ServiceError as exc:  # the document was deleted meanwhile: nothing to add it to
                self.statusBar().showMessage(str(exc), 4000)

    # Keys a line edit claims for itself on Linux (Emacs-style: Ctrl+E is "end of line") that the window's
    # commands need: the search box lets them through, so Ctrl+E exports from there too.
    _WINDOW_KEYS = (QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E),)

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.ShortcutOverride
            and event.keyCombination() in self._WINDOW_KEYS
        ):
            return True  # not accepted by the line edit: the window's shortcut runs
        return super().eventFilter(watched, event)

    LAYERS = {
        "stored": QT_TRANSLATE_NOOP("MainWindow", "Original text"),
        "t2s": QT_TRANSLATE_NOOP("MainWindow", "Reading in simplified (繁→简)"),
        "s2t": QT_TRANSLATE_NOOP("MainWindow", "Reading in traditional (简→繁)"),
    }

    def show_layer(self, layer: str) -> None:
        """Ctrl+1/2/3: the article as stored or converted for reading; the view stays for the next article,
        and the status bar says which one is on (a converted view is highlighted there, so it is not taken
        for the original)."""
        self.article.set_layer(layer)
        self.layer_label.setText(self.tr(self.LAYERS[layer]))
        self.layer_label.setStyleSheet("" if layer == "stored" else "background: #fff3c4; padding: 0 6px")

    def closeEvent(self, event) -> None:
        self._record_time()
        state = window_state()
        state.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self._splitters.items():
            state.setValue(f"window/{name}", splitter.saveState())
        state.setValue("window/list-columns", self.table.horizontalHeader().saveState())
        state.setValue("article/zoom", self._zoom)
        if self.document_id is not None:
            state.setValue(self._position_key(), [self.document_id, self.article.verticalScrollBar().value()])
        self._forget_window()
        self.others.timer.stop()  # no more polls of a project this window no longer shows
        self._search_timer.stop()  # nor a search typed just before closing
        self.suggesting.stop()
        self.project.engine.dispose()  # this window's connections; the project file stays as it is
        super().closeEvent(event)

    def _apply_filters(self, values: dict) -> None:
        try:
            self.model.set_filters(**values)
        except ServiceError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return
        self._update_status()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text().strip())
        self._update_status()
        if self.model.rowCount():
            self.table.selectRow(0)
            # the article may have stayed open (the first listed): its matches follow the new query
            self.article.set_matches(occurrences(self.article.stored_text, self.search.text()))
        else:
            self._clear_article()

    def _clear_article(self) -> None:
        """No article shown: an empty list, or the open one deleted elsewhere."""
        self.article.show_document("", [], self.codebook, self.article.layer)
        self.heading.clear()
        self.byline.clear()

    def _show_row(self, current, _previous) -> None:
        if not current.isValid():
            return
        self.show_document(self.model.data(current, ID_ROLE))

    def show_document(self, document_id: int) -> None:
        doc = documents.get_document(self.project, document_id)
        self._record_time()
        self.document_id = document_id
        self.form.forget_registry()  # other coders may have added entries since it was read
        self.heading.setText(doc["title"])
        self._show_byline(doc)
        rows = self.rows()
        self.select_annotation(None, rows)
        self._show_document_fields()
        self.article.show_document(doc["text"], self._spans(rows), self.codebook, self.article.layer)
        self.article.set_matches(occurrences(doc["text"], self.search.text()))
        if len(doc["text"]) > COMPUTE_UP_TO:
            self.statusBar().showMessage(
                fill(
                    self.tr("%1 characters: suggestions are computed for articles up to %2 (annotator suggest does any)"),
                    f"{len(doc['text']):,}",
                    f"{COMPUTE_UP_TO:,}",
                ),
                10000,
            )

    def _show_byline(self, doc: dict) -> None:
        self.byline.setText(" · ".join(filter(None, [doc["outlet"], doc["published"], doc["url"]])))

    def rows(self) -> list[dict]:
        return annotations.annotations_of(self.project, self.document_id, self.annotator_id) if self.document_id else []

    def _spans(self, rows: list[dict]) -> list[Span]:
        """The coder's annotations, other coders' (when shown) and, dotted, the suggestions left for them."""
        own = [span_of(r, self.codebook) for r in rows]
        return own + self.others.spans(self.document_id) + self.suggesting.refresh()

    def refresh_highlights(self) -> None:
        if self.document_id is not None:
            self.article.set_spans(self._spans(self.rows()))

    def refresh_from_elsewhere(self) -> None:
        """Someone else changed the open article: redraw it and its lists, leaving the form as the coder
        has it (unless what it shows is gone)."""
        rows = self.rows()
        self.article.set_spans(self._spans(rows))
        if self.current_annotation is not None and all(r["id"] != self.current_annotation for r in rows):
            self.select_annotation(None, rows)
        else:
            self.lists.set_rows(rows, self.current_annotation)
        self.model.refresh_document(self.document_id)

    def documents_arrived(self) -> None:
        """Documents were imported or merged elsewhere: list them (the open article stays open)."""
        self.filters.set_outlets(documents.outlets(self.project))
        self.model.reload()
        self._update_status()

    # --- the coder's actions -------------------------------------------------------------------------

    def annotate(self, kind: str) -> None:
        """Annotate the selected text with a kind (one service call, committed at once, undoable)."""
        span = self.article.selection_span()
        if self.document_id is None or span is None:
            self.statusBar().showMessage(self.tr("Select some text in the article first"), 4000)
            return
        command = CreateAnnotation(
            self.project,
            self.annotator_id,
            self.after_change,
            document_id=self.document_id,
            kind=kind,
            start=span[0],
            end=span[1],
            fields=suggestions.prefilled(
                self.project,
                annotator_id=self.annotator_id,
                document_id=self.document_id,
                kind=kind,
                start=span[0],
                end=span[1],
            ),
            entity_from_text=True,
        )
        self.run(command)
        if command.row:  # shown in the form by after_change, which selects what was just created
            self.form.setFocus()
            self.form.focusNextChild()  # the first field: the coder goes on typing, Return saves

    def delete_current(self) -> None:
        """Delete the clicked annotation, or reject the suggestion shown in the form."""
        if self.suggesting.reject():
            return
        row = next((r for r in self.rows() if r["id"] == self.current_annotation), None)
        if row is None:
            self.statusBar().showMessage(self.tr("Click an annotation first"), 4000)
            return
        self.run(DeleteAnnotation(self.project, self.annotator_id, self.after_change, row=row))
        self.current_annotation = None

    def save_fields(self, values: dict) -> None:
        """Save what the coder changed in the form (one undoable service call); for a suggestion shown in
        the form, accept it with these values."""
        if self.suggesting.current is not None:
            if self.suggesting.accept(values):
                self.article.setFocus()
            return
        row = self.form.row
        if row is None:
            return
        changed = {k: v for k, v in values.items() if row["fields"].get(k) != v}
        saved = not changed or self.run(
            UpdateAnnotation(self.project, self.annotator_id, self.after_change, row=row, fields=changed)
        )
        if saved:  # back to reading; a refused value keeps the coder in the form to mend it
            self.article.setFocus()

    def move_edge(self, edge: str, step: int) -> None:
        """Move the current annotation's start or end by one character (Alt+arrows; with Shift the end)."""
        row = self.form.row
        if row is None:
            self.statusBar().showMessage(self.tr("Click an annotation first"), 4000)
            return
        start, end = row["start"], row["end"]
        span = (start + step, end) if edge == "start" else (start, end + step)
        self.run(UpdateAnnotation(self.project, self.annotator_id, self.after_change, row=row, span=span))

    def save_document_fields(self, values: dict) -> None:
        """Save this coder's document-level fields (relevance, genre, text problems, note): undoable."""
        before = self.document_form.stored_values
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if changed and self.document_id is not None:
            command = SetDocumentFields(
                self.project,
                self.annotator_id,
                self.after_change,
                document_id=self.document_id,
                fields=changed,
                before=before,
            )
            self.run(command)

    def _show_document_fields(self) -> None:
        mine = [s for s in documents.statuses_of(self.project, self.document_id) if s["annotator_id"] == self.annotator_id]
        status = status_label(mine[0]["status"] if mine else "new")
        minutes = round((mine[0]["seconds_spent"] if mine else 0) / 60)
        if minutes:
            status += fill(self.tr(" · %1 min spent"), minutes)
        self.document_form.show_fields(
            fill(self.tr("<b>This article</b> — your status: %1"), status),
            self.codebook.document_fields,
            mine[0]["fields"] if mine else {},
        )

    def select_annotation(self, annotation_id: int | None, rows: list[dict] | None = None) -> None:
        """Show one annotation in the form and the lists (`rows`: this document's, when already read)."""
        rows = self.rows() if rows is None else rows
        self.current_annotation = annotation_id
        self.suggesting.forget()
        row = next((r for r in rows if r["id"] == annotation_id), None)
        self.form.show_annotation(row, rows)
        self.lists.set_rows(rows, annotation_id)

    def _annotation_chosen(self, annotation_id: int) -> None:
        """Chosen in a list: select it in the form and show it in the article."""
        self.select_annotation(annotation_id)
        row = self.form.row
        if row is not None:
            self.article.select_span(row["start"], row["end"])

    def run(self, command) -> bool:
        """Run a coder's action and put it on the undo stack; False (and the reason shown) when refused."""
        try:
            command.execute()
        except StaleEdit as exc:  # someone else changed it since it was read: the coder decides
            if self.resolve_conflict(command, exc):
                return self.run(command)
            return False
        except ServiceError as exc:
            self.after_change(None, exc)
            return False
        self.undo_stack.push(command)
        return True

    def resolve_conflict(self, command, error: StaleEdit) -> bool:
        """Say what happened and offer the two ways on: reload what is stored now (the coder's change is
        dropped), or apply the coder's change again on top of it. True to apply again (the command now
        names the stored version); the window shows the stored values otherwise."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Changed elsewhere"), str(error), parent=self)
        reload_button = box.addButton(self.tr("&Reload"), QMessageBox.ButtonRole.RejectRole)
        again = box.addButton(self.tr("&Apply my change again"), QMessageBox.ButtonRole.AcceptRole)
        again.setEnabled(hasattr(command, "rebase"))
        box.setDefaultButton(reload_button)
        box.exec()
        current = next((r for r in self.rows() if r["id"] == getattr(command, "row", {}).get("id")), None)
        if box.clickedButton() is again and current is not None:
            command.rebase(current)
            return True
        self.after_change(None, None)  # the stored values, in the article, the lists and the form
        self.statusBar().showMessage(self.tr("Reloaded: your change was not applied"), 8000)
        return False

    def after_change(self, changes, error) -> None:
        """Every outcome of a coder action: show it, refresh the highlights and the list's counts."""
        if isinstance(error, Invalid):  # a value or span that does not fit: say so where the coder looks
            if error.fields:  # under the fields the form shows: an annotation's, or a suggestion being accepted
                self.form.show_errors(error.fields)
            self.statusBar().showMessage(fill(self.tr("Not saved: %1"), error), 8000)
        elif error is not None:  # the row changed or vanished elsewhere: this needs the coder's attention
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
        elif changes is not None:
            if changes.rows("document") and self.document_id is not None:  # outlet or date set, or undone
                self._show_byline(documents.get_document(self.project, self.document_id))
            row = changes.rows("annotation")[0] if changes.rows("annotation") else None
            self._learn_names(changes)
            action = self.tr(ACTIONS.get(changes.action, SAVED))
            what = f"{action} “{row['text']}”" if row else action
            self.statusBar().showMessage(fill(self.tr("Saved: %1"), what), 6000)
        if isinstance(error, NotFound) and self.document_id is not None:
            try:
                documents.get_document(self.project, self.document_id)
            except NotFound:  # the article itself was deleted elsewhere: nothing of it is left to redraw
                self._document_gone()
                return
        if self.document_id is not None:
            rows = self.rows()  # read once, for the highlights, the form and the lists
            self.article.set_spans(self._spans(rows))
            self.model.refresh_document(self.document_id)
            if error is None:
                created = changes.rows("annotation", CREATED) if changes and changes.action == "create_annotation" else []
                self.select_annotation(created[0]["id"] if created else self.current_annotation, rows)
                if changes is None or changes.rows("document_status"):  # the form is rebuilt only when it changed
                    self._show_document_fields()

    def _document_gone(self) -> None:
        """The open article no longer exists: clear the pane and list what is left."""
        self.document_id = None
        self._clear_article()
        self.select_annotation(None, [])
        self.model.reload()
        self._update_status()

    def mark_done_and_next(self) -> None:
        """Mark this document done for the coder and open the next unfinished one (one key, undoable)."""
        self._finish_and_next("done")

    def skip_and_next(self) -> None:
        """Set this document aside as skipped (not to be coded by this coder) and open the next unfinished
        one; undoable, and `annotator progress` counts it apart from done."""
        self._finish_and_next("skipped")

    def _finish_and_next(self, status: str) -> None:
        row = self.table.currentIndex().row()
        if self.document_id is None or row < 0:
            return
        previous = self.model.index(row, 0).data(STATUS_ROLE)
        command = SetStatus(
            self.project,
            self.annotator_id,
            self.after_change,
            document_id=self.document_id,
            status=status,
            previous=previous,
        )
        if not self.run(command):
            return  # refused: the reason is in the status bar, and the coder stays on the document
        following = self.model.next_unfinished(row)
        if following is None:
            self.statusBar().showMessage(self.tr("Saved. Every listed document is done or skipped."), 8000)
        else:
            self.table.selectRow(following)
            self.article.setFocus()

    def edit_details(self) -> None:
        """Edit → Article details: the open article's outlet and publication date, in a dialog that stays
        open with the reason under the date while the date is not one."""
        from annotator.gui.details_dialog import DetailsDialog

        if self.document_id is None:
            self.statusBar().showMessage(self.tr("Open an article first"), 4000)
            return
        document = documents.get_document(self.project, self.document_id)
        dialog = DetailsDialog(document, [name for name, _count in documents.outlets(self.project)], self)
        while dialog.exec():
            error = self.set_details(*dialog.values())
            if error is None:
                return
            dialog.show_error(error)

    def set_details(self, outlet: str, published: str) -> str | None:
        """Set the open article's outlet and date (one undoable action); the reason when refused."""
        document = documents.get_document(self.project, self.document_id)
        command = SetDetails(
            self.project,
            self.annotator_id,
            self.after_change,
            document_id=self.document_id,
            outlet=outlet,
            published=published,
            previous={"outlet": document["outlet"], "published": document["published"]},
        )
        try:
            command.execute()
        except Invalid as exc:
            return exc.fields.get("published", str(exc))
        except ServiceError as exc:
            self.after_change(None, exc)
            return None
        self.undo_stack.push(command)
        self.filters.set_outlets(documents.outlets(self.project))
        self.show_document(self.document_id)  # the byline, and periods resolved against the new date
        return None

    def _annotation_clicked(self, annotation_id: int) -> None:
        self.select_annotation(annotation_id)

    def _update_status(self) -> None:
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.statusBar().showMessage(
            fill(self.tr("%1 document(s) · %2 · every change is saved at once"), f"{shown:,}{more}", self.project.label)
        )

    # --- projects -----------------------------------------------------------------------------------

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New project"), "", self.tr("Annotator projects (*.sqlite)"))
        if path:
            self.open_project(path if path.endswith(".sqlite") else path + ".sqlite", create=True)

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open project"), "", self.tr("Annotator projects (*.sqlite);;All files (*)")
        )
        if path:
            self.open_project(path)

    def open_project(self, path: str, *, create: bool = False):
        """Open (or create) a project in a new window and close this one; a file that is not a project of
        this version is refused with the reason, and this window stays. Returns the new window."""
        try:
            project = projects.init_project(path) if create else Project.open(path)
        except ProjectError as exc:
            QMessageBox.critical(self, self.tr("Cannot open project"), str(exc))
            return None
        same = project.url == self.project.url and annotators.find(project, self.annotator_name) == self.annotator_id
        window = MainWindow(project, self.annotator_name, history=self.undo_stack if same else None)
        _open_windows.append(window)
        window.show()
        if project.backup_made:
            window.statusBar().showMessage(
                fill(self.tr("Upgraded from an older version; the old file is kept as %1"), project.backup_made)
            )
        remember_recent(project.label)
        self.close()
        return window

    def _forget_window(self) -> None:
        if self in _open_windows:
            _open_windows.remove(self)

    def import_files(self) -> None:
        """Open the import dialog (the import itself runs on a worker thread)."""
        from annotator.gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.project, self.annotator_id, self)
        dialog.imported.connect(self._imported)
        dialog.show()  # the window is its parent: it lives until closed

    def import_dataset(self) -> DatasetImportDialog:
        """Open the dialog for pre-annotated datasets; when it added kinds, the window reopens with them."""
        from annotator.gui.dataset_import_dialog import DatasetImportDialog

        dialog = DatasetImportDialog(self.project, self.annotator_name, self.annotator_id, self.codebook, self)
        dialog.imported.connect(self._dataset_imported)
        dialog.show()
        return dialog

    def _dataset_imported(self, report, codebook_changed: bool) -> None:
        if codebook_changed:
            self.open_project(self.project.url)
            return
        self._imported(report)
        if self.document_id is not None:  # imported suggestions, or the coder's imported work, on the open article
            self.show_document(self.document_id)

    def annotate_mentions(self, whole_project: bool) -> None:
        """Every mention of the chosen stakeholder's entity, in this article or the project: one undoable
        action, each mention the coder's own annotation linked to the entity."""
        row = self.form.row
        kind = self.codebook.kind(row["kind"]) if row else None
        entity_id = next((row["fields"].get(f.name) for f in kind.fields if f.is_entity), None) if kind else None
        if entity_id is None:
            self.statusBar().showMessage(self.tr("Click a stakeholder linked to a registry entity first"), 5000)
            return
        self.annotate_entity_mentions(entity_id, entities.get_entity(self.project, entity_id)["name"], whole_project)

    def annotate_entity_mentions(self, entity_id: int, name: str, whole_project: bool = True) -> None:
        command = AnnotateMentions(
            self.project,
            self.annotator_id,
            self.after_change,
            entity_id=entity_id,
            name=name,
            document_ids=None if whole_project else [self.document_id],
        )
        if self.run(command):
            self.suggesting.names_changed()
            self.statusBar().showMessage(fill(self.tr("%1 mention(s) of %2 annotated"), len(command.rows), name), 8000)

    def _learn_names(self, changes) -> None:
        """Stakeholders and registry entries just made are suggested elsewhere at once; anything else done
        to them (an edit, a deletion, an undo) has every name read again. Likewise the form's list of
        entities: an entry just made is put in its place; any other change to the registry has it read again
        when next shown."""
        made = [c for c in changes.items if c.target == "entity"]
        if any(c.op != CREATED for c in made):
            self.form.forget_registry()
        elif made:
            self.form.add_entities([c.row for c in made])  # not the whole registry read again
        named = [
            c for c in changes.items if c.target == "entity" or (c.target == "annotation" and c.row["kind"] == "stakeholder")
        ]
        if any(c.op != CREATED for c in named):
            self.suggesting.names_changed()
        elif named:
            self.suggesting.names_annotated(
                [
                    Name(c.row["name"], c.row["id"], c.row["name"], c.row.get("type"))
                    if c.target == "entity"
                    else Name(c.row["text"])
                    for c in named
                ]
            )

    def edit_codebook(self) -> CodebookEditor:
        """The codebook editor; once it installs a new version, the window reopens with it."""
        from annotator.gui.codebook_editor import CodebookEditor

        editor = CodebookEditor(self.project, self.annotator_id, self)
        editor.accepted.connect(lambda: editor.installed and self.open_project(self.project.url))
        editor.show()
        return editor

    def show_statistics(self) -> StatisticsView:
        from annotator.gui.statistics_view import StatisticsView

        view = StatisticsView(self.project, self.codebook, self, viewer=self.annotator_id)
        view.show()
        return view

    def show_registry(self) -> RegistryDialog:
        from annotator.gui.registry_dialog import RegistryDialog

        dialog = RegistryDialog(self.project, self.annotator_id, self)
        dialog.annotateMentions.connect(self.annotate_entity_mentions)
        dialog.finished.connect(lambda _result: self._registry_changed())
        dialog.show()
        return dialog

    def _registry_changed(self) -> None:
        """The registry dialog closed: names, highlights and the form's list of entities may all differ."""
        self.form.forget_registry()
        self.suggesting.names_changed()
        self.refresh_highlights()

    def export_project(self) -> None:
        """Open the export dialog (all documents, or those the list shows; runs on a worker thread)."""
        from annotator.gui.export_dialog import ExportDialog

        filters = {**self.model.filters(), "annotator_id": self.annotator_id}
        listed = partial(documents.document_ids, self.project, **filters)
        dialog = ExportDialog(self.project, listed, self.model.total(), self.codebook, self, viewer=self.annotator_id)
        dialog.show()

    def merge_project(self) -> MergeDialog:
        """Bring offline coders' files (or native exports) in; the list follows when it ends."""
        from annotator.gui.merge_dialog import MergeDialog

        dialog = MergeDialog(self.project, self.annotator_id, self)
        dialog.merged.connect(lambda _reports: (self.documents_arrived(), self.refresh_highlights()))
        dialog.show()
        return dialog

    def show_team(self) -> TeamDialog:
        from annotator.gui.team_dialog import TeamDialog

        dialog = TeamDialog(self.project, self.annotator_name, self.annotator_id, self)
        dialog.show()
        return dialog

    def show_agreement(self) -> AgreementView:
        from annotator.gui.agreement_view import AgreementView

        view = AgreementView(self.project, self.codebook, self, viewer=self.annotator_id)
        view.show()
        return view

    def adjudicate(self) -> AdjudicationView | None:
        """Open the adjudication view. In blind mode only a lead may, and is asked whether opening it ends
        blind mode for everyone (DESIGN §8) or is a look of their own for now."""
        from annotator.gui.adjudication_view import AdjudicationView

        now = team.team(self.project)
        if now.blind:
            if not now.is_lead(self.annotator_name):
                self.statusBar().showMessage(self.tr("Adjudication is for the project's leads while blind mode is on"), 8000)
                return None
            answer = QMessageBox.question(
                self,
                self.tr("Open adjudication"),
                self.tr("Blind mode is on. End it now, so that every coder sees everyone's work?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                team.open_adjudication(self.project, by=self.annotator_id)
        view = AdjudicationView(self.project, self.annotator_id, self.codebook, self)
        view.show()
        return view

    def show_settings(self) -> None:
        from annotator.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.annotator_name, self)
        if dialog.exec() and dialog.save():
            name = QSettings("annotator", "settings").value("annotator/name", self.annotator_name, type=str)
            self.annotator_name = name
            self.open_project(self.project.url)  # a fresh window in the chosen language, as the chosen coder

    def _imported(self, report) -> None:
        from annotator.gui.import_dialog import import_summary

        self.filters.set_outlets(documents.outlets(self.project))
        self.model.reload()
        self._update_status()
        self.statusBar().showMessage(fill(self.tr("Import: %1"), import_summary(report)), 8000)
