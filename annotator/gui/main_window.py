"""The main window: the project's documents (searchable in both scripts) beside the article, and the coder's
loop by keyboard: select text, press a kind's key (C, F, S in the default codebook) and the annotation is
saved at once; Delete removes the clicked one; Ctrl+Z / Ctrl+Shift+Z undo and redo every action. The
coding form and the rest of the workbench (DESIGN §3) grow from here."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.annotation_lists import AnnotationLists
from annotator.gui.article_view import STORED, ArticleView, Span
from annotator.gui.coding_form import CodingForm
from annotator.gui.document_model import ID_ROLE, STATUS_ROLE, TITLE, DocumentListModel
from annotator.gui.undo_commands import (
    CreateAnnotation,
    DeleteAnnotation,
    SetDocumentFields,
    SetStatus,
    UpdateAnnotation,
)
from annotator.services import annotations, annotators, codebooks, documents, entities, importing
from annotator.services.errors import Invalid, ServiceError
from annotator.storage.project import Project


def window_state() -> QSettings:
    """Where the window's geometry, pane sizes and zoom are kept (apart from the user's settings)."""
    return QSettings("annotator", "window-state")


def span_of(row: dict, codebook) -> Span:
    """An annotation row as the article view shows it: kind label and the values filled in, for hovering."""
    try:
        label = codebook.kind(row["kind"]).label
    except KeyError:
        label = row["kind"]
    values = ", ".join(f"{k}: {v}" for k, v in row["fields"].items() if not isinstance(v, (list, dict)))
    summary = f"{label} “{row['text']}”" + (f" — {values}" if values else "")
    return Span(row["id"], row["kind"], row["start"], row["end"], summary)


class MainWindow(QMainWindow):
    def __init__(self, project: Project, annotator_name: str) -> None:
        super().__init__()
        self.project = project
        self.annotator_name = annotator_name
        self.annotator_id = annotators.ensure(project, annotator_name)
        self.document_id: int | None = None
        self.current_annotation: int | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"Annotator — {project.label}")
        self.resize(1360, 820)

        self.search = QLineEdit(placeholderText="Search title and text (either script)…")
        self.search.setClearButtonEnabled(True)
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
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._show_row)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table)

        self.article = ArticleView()
        self.article.annotationClicked.connect(self._annotation_clicked)
        self._codebook = codebooks.current_codebook(project)[1]

        self.form = CodingForm(self._codebook)
        self.form.committed.connect(self.save_fields)
        self.lists = AnnotationLists(self._codebook)
        self.lists.annotationChosen.connect(self._annotation_chosen)
        self.document_form = CodingForm(self._codebook, placeholder="No document open.")
        self.document_form.committed.connect(self.save_document_fields)
        self.lists.addTab(self.document_form, "Document")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.form)
        right.addWidget(self.lists)
        right.setSizes([460, 340])

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.article)
        splitter.addWidget(right)
        splitter.setSizes([360, 580, 420])
        self.setCentralWidget(splitter)
        self._splitters = {"panes": splitter, "coding": right}
        self._build_menu()
        self._restore_layout()
        self.model.reload()
        self._update_status()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
            ("&Import files…", QKeySequence("Ctrl+I"), self.import_files),
            ("Import &folder…", QKeySequence("Ctrl+Shift+I"), self.import_folder),
            ("&Find", QKeySequence.StandardKey.Find, self.search.setFocus),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self, shortcut=shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
        edit = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit.addActions([undo, redo])
        edit.addSeparator()
        for kind in self._codebook.kinds:
            action = QAction(f"Annotate as {kind.label}", self, shortcut=QKeySequence(kind.key))
            action.triggered.connect(lambda _checked=False, name=kind.name: self.annotate(name))
            edit.addAction(action)
        delete = QAction("&Delete annotation", self, shortcut=QKeySequence(Qt.Key.Key_Delete))
        delete.triggered.connect(self.delete_current)
        edit.addAction(delete)
        for text, keys, edge, step in (
            ("Move start left", "Alt+Left", "start", -1),
            ("Move start right", "Alt+Right", "start", 1),
            ("Move end left", "Alt+Shift+Left", "end", -1),
            ("Move end right", "Alt+Shift+Right", "end", 1),
        ):
            action = QAction(text, self, shortcut=QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, edge=edge, step=step: self.move_edge(edge, step))
            edit.addAction(action)
        edit.addSeparator()
        done = QAction("Mark done and go to the &next document", self, shortcut=QKeySequence("Ctrl+Return"))
        done.triggered.connect(self.mark_done_and_next)
        edit.addAction(done)
        view = self.menuBar().addMenu("&View")
        for text, keys, step in (
            ("Zoom &in", QKeySequence.StandardKey.ZoomIn, 1),
            ("Zoom &out", QKeySequence.StandardKey.ZoomOut, -1),
        ):
            action = QAction(text, self, shortcut=keys)
            action.triggered.connect(lambda _checked=False, step=step: self.zoom(step))
            view.addAction(action)
        for text, shortcut, layer in (
            ("&Original text", "Ctrl+1", STORED),
            ("&Simplified (繁→简)", "Ctrl+2", "t2s"),
            ("&Traditional (简→繁)", "Ctrl+3", "s2t"),
        ):
            action = QAction(text, self, shortcut=QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, layer=layer: self.article.set_layer(layer))
            view.addAction(action)

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
        zoom = int(state.value("article/zoom", 0))
        if zoom:
            self.article.zoomIn(zoom)
        self._zoom = zoom

    def zoom(self, step: int) -> None:
        self.article.zoomIn(step)
        self._zoom += step

    def closeEvent(self, event) -> None:
        state = window_state()
        state.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self._splitters.items():
            state.setValue(f"window/{name}", splitter.saveState())
        state.setValue("article/zoom", self._zoom)
        super().closeEvent(event)

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text().strip())
        self._update_status()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.article.show_document("", [], self._codebook, self.article.layer)

    def _show_row(self, current, _previous) -> None:
        if not current.isValid():
            return
        self.show_document(self.model.data(current, ID_ROLE))

    def show_document(self, document_id: int) -> None:
        doc = documents.get_document(self.project, document_id)
        self.document_id = document_id
        self._select_annotation(None)
        self._show_document_fields()
        self.article.show_document(doc["text"], self._spans(), self._codebook, self.article.layer)

    def _rows(self) -> list[dict]:
        return annotations.annotations_of(self.project, self.document_id, self.annotator_id) if self.document_id else []

    def _spans(self) -> list[Span]:
        return [span_of(r, self._codebook) for r in self._rows()]

    # --- the coder's actions -------------------------------------------------------------------------

    def annotate(self, kind: str) -> None:
        """Annotate the selected text with a kind (one service call, committed at once, undoable)."""
        span = self.article.selection_span()
        if self.document_id is None or span is None:
            self.statusBar().showMessage("Select some text in the article first", 4000)
            return
        command = CreateAnnotation(
            self.project,
            self.annotator_id,
            self._after_change,
            document_id=self.document_id,
            kind=kind,
            start=span[0],
            end=span[1],
        )
        self._run(command)
        if command.row:
            self._select_annotation(command.row["id"])
            self.form.setFocus()
            self.form.focusNextChild()  # the first field: the coder goes on typing, Return saves

    def delete_current(self) -> None:
        row = next((r for r in self._rows() if r["id"] == self.current_annotation), None)
        if row is None:
            self.statusBar().showMessage("Click an annotation first", 4000)
            return
        self._run(DeleteAnnotation(self.project, self.annotator_id, self._after_change, row=row))
        self.current_annotation = None

    def save_fields(self, values: dict) -> None:
        """Save what the coder changed in the form (one undoable service call)."""
        row = self.form.row
        changed = {k: v for k, v in values.items() if row["fields"].get(k) != v}
        if changed:
            self._run(UpdateAnnotation(self.project, self.annotator_id, self._after_change, row=row, fields=changed))
        self.article.setFocus()

    def move_edge(self, edge: str, step: int) -> None:
        """Move the current annotation's start or end by one character (Alt+arrows; with Shift the end)."""
        row = self.form.row
        if row is None:
            self.statusBar().showMessage("Click an annotation first", 4000)
            return
        start, end = row["start"], row["end"]
        span = (start + step, end) if edge == "start" else (start, end + step)
        self._run(UpdateAnnotation(self.project, self.annotator_id, self._after_change, row=row, span=span))

    def save_document_fields(self, values: dict) -> None:
        """Save this coder's document-level fields (relevance, genre, text problems, note): undoable."""
        before = self.document_form.stored_values
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if changed and self.document_id is not None:
            command = SetDocumentFields(
                self.project,
                self.annotator_id,
                self._after_change,
                document_id=self.document_id,
                fields=changed,
                before=before,
            )
            self._run(command)

    def _show_document_fields(self) -> None:
        mine = [s for s in documents.statuses_of(self.project, self.document_id) if s["annotator_id"] == self.annotator_id]
        status = mine[0]["status"].replace("_", " ") if mine else "new"
        self.document_form.show_fields(
            f"<b>This article</b> — your status: {status}", self._codebook.document_fields, mine[0]["fields"] if mine else {}
        )

    def _select_annotation(self, annotation_id: int | None) -> None:
        rows = self._rows()
        self.current_annotation = annotation_id
        row = next((r for r in rows if r["id"] == annotation_id), None)
        self.form.show_annotation(row, rows, entities.list_entities(self.project) if row else [])
        self.lists.set_rows(rows, annotation_id)

    def _annotation_chosen(self, annotation_id: int) -> None:
        """Chosen in a list: select it in the form and show it in the article."""
        self._select_annotation(annotation_id)
        row = self.form.row
        if row is not None:
            self.article.select_span(row["start"], row["end"])

    def _run(self, command) -> None:
        try:
            command.execute()
        except ServiceError as exc:
            self._after_change(None, exc)
            return
        self.undo_stack.push(command)

    def _after_change(self, changes, error) -> None:
        """Every outcome of a coder action: show it, refresh the highlights and the list's counts."""
        if isinstance(error, Invalid):  # a value or span that does not fit: say so where the coder looks
            if error.fields and self.form.row is not None:
                self.form.show_errors(error.fields)
            self.statusBar().showMessage(f"Not saved: {error}", 8000)
        elif error is not None:  # the row changed or vanished elsewhere: this needs the coder's attention
            QMessageBox.warning(self, "Not saved", str(error))
        elif changes is not None:
            row = changes.rows("annotation")[0] if changes.rows("annotation") else None
            what = f"{changes.action.replace('_', ' ')} “{row['text']}”" if row else changes.action.replace("_", " ")
            self.statusBar().showMessage(f"Saved: {what}", 6000)
        if self.document_id is not None:
            self.article.set_spans(self._spans())
            self.model.refresh_document(self.document_id)
            if error is None:
                self._select_annotation(self.current_annotation)
                self._show_document_fields()

    def mark_done_and_next(self) -> None:
        """Mark this document done for the coder and open the next unfinished one (one key, undoable)."""
        row = self.table.currentIndex().row()
        if self.document_id is None or row < 0:
            return
        previous = self.model.index(row, 0).data(STATUS_ROLE)
        command = SetStatus(
            self.project,
            self.annotator_id,
            self._after_change,
            document_id=self.document_id,
            status="done",
            previous=previous,
        )
        self._run(command)
        following = self.model.next_unfinished(row)
        if following is None:
            self.statusBar().showMessage("Saved. Every listed document is done.", 8000)
        else:
            self.table.selectRow(following)
            self.article.setFocus()

    def _annotation_clicked(self, annotation_id: int) -> None:
        self._select_annotation(annotation_id)

    def _update_status(self) -> None:
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.statusBar().showMessage(f"{shown}{more} document(s) · {self.project.label} · every change is saved at once")

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles")
        if paths:
            self._import(paths)

    def import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if path:
            self._import([path])

    def _import(self, paths: list[str]) -> None:
        report = importing.import_paths(self.project, paths)
        refused = [f"{r.source}: {r.message}" for r in report.results if r.status == importing.REFUSED]
        self.model.reload()
        self._update_status()
        text = report.summary()
        if refused:
            QMessageBox.warning(self, "Import", text + "\n\n" + "\n".join(refused[:20]))
        else:
            self.statusBar().showMessage(text, 8000)
