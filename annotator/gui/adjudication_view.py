"""The adjudication view (DESIGN §8): one article as each coder coded it, side by side with the gold set,
the items in a table, and one key per decision.

Each coder's pane shows their annotations; where all coders agree the span is drawn faint, so what differs
stands out. The current item is selected in every pane. Keys: N / Shift+N next / previous item to decide,
1–9 take that coder's version, M merge the versions, R reject, U reopen, A accept everything the coders
agree on, E edit the gold values in the form (Return saves), Ctrl+PgDown / Ctrl+PgUp next / previous
article. Every decision is one service call, written as the gold annotator in the adjudicator's name.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook
from annotator.gui.article_view import ArticleView, Span
from annotator.gui.coding_form import CodingForm
from annotator.gui.field_text import span_of, values_line
from annotator.gui.translations import fill
from annotator.services import adjudication, entities
from annotator.services.errors import ServiceError
from annotator.storage.project import Project


class AdjudicationView(QMainWindow):
    def __init__(self, project: Project, by: int, codebook: Codebook, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Adjudication"))
        self.resize(1400, 860)
        self.project, self.by, self.codebook = project, by, codebook
        self.review: adjudication.Review | None = None
        self.item_index = -1

        self.documents = QListWidget()
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.documents.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._list_documents()
        self.documents.currentRowChanged.connect(self._open_row)
        self.panes = QSplitter(Qt.Orientation.Horizontal)
        self.views: dict[str, ArticleView] = {}
        self.items = QTableWidget(0, 0)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.currentCellChanged.connect(lambda row, *_: self._select_item(row))
        self.form = CodingForm(
            codebook,
            placeholder=self.tr("Choose an item; E edits its gold values."),
            registry=lambda: entities.list_entities(self.project),
        )
        self.form.committed.connect(self.save_edit)
        self.progress = QLabel()

        centre = QSplitter(Qt.Orientation.Vertical)
        centre.addWidget(self.panes)
        centre.addWidget(self.items)
        centre.setSizes([520, 300])
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.form, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.documents)
        main.addWidget(centre)
        main.addWidget(right)
        main.setSizes([240, 860, 300])
        self.setCentralWidget(main)
        self._install_keys()
        if self.documents.count():
            self.documents.setCurrentRow(0)
        else:
            self.statusBar().showMessage(self.tr("No article has been coded by two coders yet."))

    def _install_keys(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Decide"))
        keys = [
            (self.tr("Next item to decide"), "N", lambda: self.step(1)),
            (self.tr("Previous item to decide"), "Shift+N", lambda: self.step(-1)),
            (self.tr("Merge the versions"), "M", self.merge),
            (self.tr("Reject (not in the gold set)"), "R", self.reject),
            (self.tr("Reopen the decision"), "U", self.reopen),
            (self.tr("Accept everything the coders agree on"), "A", self.accept_agreed),
            (self.tr("Edit the gold values"), "E", self.edit),
            (self.tr("Next article"), "Ctrl+PgDown", lambda: self._move_document(1)),
            (self.tr("Previous article"), "Ctrl+PgUp", lambda: self._move_document(-1)),
            (self.tr("Read the coders' work again"), "F5", self.reload),
        ]
        for number in range(1, 10):
            keys.append((fill(self.tr("Take coder %1's version"), number), str(number), lambda n=number: self.take(n - 1)))
        for text, key, slot in keys:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            menu.addAction(action)

    # --- showing -------------------------------------------------------------------------------------

    def _list_documents(self) -> None:
        self.documents.clear()
        for doc in adjudication.candidates(self.project):
            entry = QListWidgetItem(f"{doc['title']} — {', '.join(doc['coders'])}")
            entry.setToolTip(entry.text())  # the list is narrow: a long title is cut short with "…"
            entry.setData(Qt.ItemDataRole.UserRole, doc["document_id"])
            self.documents.addItem(entry)

    def reload(self) -> None:
        """The articles and the open one's items read again, where the lead was: coders may have gone on
        working (a team project) since the view was opened."""
        shown = self.review.document_id if self.review else None
        item_index = max(self.item_index, 0)
        with QSignalBlocker(self.documents):  # the open article is opened once, below, at its item
            self._list_documents()
            ids = [self.documents.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.documents.count())]
            row = ids.index(shown) if shown in ids else 0 if ids else -1
            self.documents.setCurrentRow(row)
        if row >= 0:
            self.open_document(ids[row], item_index if ids[row] == shown else 0)
        self.statusBar().showMessage(self.tr("The coders' work read again"), 4000)

    def _open_row(self, row: int) -> None:
        if row >= 0:
            self.open_document(self.documents.item(row).data(Qt.ItemDataRole.UserRole))

    def open_document(self, document_id: int, item_index: int = 0) -> None:
        try:
            self.review = adjudication.review(self.project, document_id, by=self.by)
        except ServiceError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.form.forget_registry()  # read once per document reviewed
        coders = self.review.coders
        if list(self.views) != [*coders, adjudication.GOLD]:
            self._build_panes(coders)
        self.items.setColumnCount(len(coders) + 3)
        self.items.setHorizontalHeaderLabels(
            [self.tr("Kind"), *[f"{n + 1} {c}" for n, c in enumerate(coders)], self.tr("Gold"), self.tr("State")]
        )
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._fill_items()
        self._draw()
        self.items.setCurrentCell(min(item_index, len(self.review.items) - 1), 0)
        if not self.review.items:
            self._select_item(-1)

    def _build_panes(self, coders: list[str]) -> None:
        for i in reversed(range(self.panes.count())):
            self.panes.widget(i).deleteLater()
        self.views = {}
        for name in [*coders, adjudication.GOLD]:
            column = QWidget()
            layout = QVBoxLayout(column)
            layout.setContentsMargins(2, 0, 2, 0)
            label = name if name != adjudication.GOLD else self.tr("Gold set")
            layout.addWidget(QLabel(f"<b>{label}</b>"))
            view = ArticleView()
            view.annotationClicked.connect(self._clicked)
            view.otherClicked.connect(self._clicked)
            layout.addWidget(view, 1)
            self.views[name] = view
            self.panes.addWidget(column)

    def _state(self, item: adjudication.Item) -> str:
        if item.gold is not None:
            return self.tr("gold")
        if item.rejected:
            return self.tr("rejected")
        return self.tr("agreed") if item.agreed else self.tr("to decide")

    def _describe(self, row: dict | None) -> str:
        if row is None:
            return "—"
        kind = self.codebook.kind(row["kind"])
        values = values_line(kind, row["fields"], names=False)
        return f"“{row['text']}”" + (f" {values}" if values else "")

    def _fill_items(self) -> None:
        review = self.review
        self.items.blockSignals(True)
        self.items.setRowCount(len(review.items))
        for r, item in enumerate(review.items):
            cells = [self.codebook.kind(item.kind).label]
            cells += [self._describe(item.versions[c]) for c in review.coders]
            cells += [self._describe(item.gold), self._state(item)]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.items.setItem(r, c, cell)
        self.items.blockSignals(False)
        left = sum(1 for i in review.items if not i.decided and not i.agreed)
        self.progress.setText(
            fill(
                self.tr("<b>%1</b><br>%2 of %3 items decided; %4 disagreement(s) left"),
                review.title,
                review.decided,
                len(review.items),
                left,
            )
        )

    def _draw(self) -> None:
        """Each coder's annotations in their pane (faint where all coders agree) and the gold set in its own."""
        review = self.review
        for name, view in self.views.items():
            spans = []
            for item in review.items:
                row = item.gold if name == adjudication.GOLD else item.versions.get(name)
                if row is not None:
                    span = span_of(row, self.codebook)
                    faint = item.agreed and name != adjudication.GOLD
                    spans.append(Span(span.id, span.kind, span.start, span.end, span.summary, other=faint))
            view.show_document(review.text, spans, self.codebook, view.layer)

    def current(self) -> adjudication.Item | None:
        if self.review is None or not 0 <= self.item_index < len(self.review.items):
            return None
        return self.review.items[self.item_index]

    def _select_item(self, index: int) -> None:
        self.item_index = index
        item = self.current()
        if item is None:
            self.form.show_annotation(None, [])
            return
        for view in self.views.values():
            view.select_span(item.start, item.end)
        gold_rows = [i.gold for i in self.review.items if i.gold is not None]
        shown = item.gold or next((v for v in item.versions.values() if v is not None), None)
        self.form.show_annotation(shown, gold_rows)

    def _clicked(self, annotation_id: int) -> None:
        for index, item in enumerate(self.review.items):
            rows = [item.gold, *item.versions.values()]
            if any(r is not None and r["id"] == annotation_id for r in rows):
                self.items.setCurrentCell(index, 0)
                return

    # --- moving --------------------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        """The next (or previous) item still to decide where the coders disagree."""
        if self.review is None:
            return
        n = len(self.review.items)
        for offset in range(1, n + 1):
            index = (self.item_index + direction * offset) % n
            item = self.review.items[index]
            if not item.decided and not item.agreed:
                self.items.setCurrentCell(index, 0)
                return
        self.statusBar().showMessage(self.tr("Every disagreement in this article is decided"), 5000)

    def _move_document(self, direction: int) -> None:
        row = self.documents.currentRow() + direction
        if 0 <= row < self.documents.count():
            self.documents.setCurrentRow(row)

    # --- deciding ------------------------------------------------------------------------------------

    def _decided(self, call, *args, **kwargs) -> None:
        """Run one decision, then show the article again on the same item and say what happened."""
        try:
            result = call(*args, **kwargs)
        except ServiceError as exc:
            self.statusBar().showMessage(fill(self.tr("Not saved: %1"), exc), 8000)
            return
        notes = result[1] if isinstance(result, tuple) and isinstance(result[1], list) else []
        index = self.item_index
        self.open_document(self.review.document_id, index)
        self.statusBar().showMessage("; ".join(notes) if notes else self.tr("Saved in the gold set"), 6000)

    def take(self, coder: int) -> None:
        item = self.current()
        if item is None or coder >= len(self.review.coders):
            return
        row = item.versions[self.review.coders[coder]]
        if row is None:
            self.statusBar().showMessage(fill(self.tr("%1 has nothing here"), self.review.coders[coder]), 5000)
            return
        self._decided(adjudication.take, self.project, by=self.by, annotation_id=row["id"], replaces=(item.start, item.end))

    def merge(self) -> None:
        item = self.current()
        if item is None:
            return
        ids = [r["id"] for r in item.versions.values() if r is not None]
        if not ids:
            return
        self._decided(adjudication.merge, self.project, by=self.by, annotation_ids=ids, replaces=(item.start, item.end))

    def reject(self) -> None:
        item = self.current()
        if item is not None:
            self._decided(
                adjudication.reject, self.project, by=self.by, document_id=self.review.document_id, kind=item.kind,
                extent=(item.start, item.end),
            )  # fmt: skip

    def reopen(self) -> None:
        item = self.current()
        if item is not None:
            self._decided(
                adjudication.reopen, self.project, by=self.by, document_id=self.review.document_id, kind=item.kind,
                extent=(item.start, item.end),
            )  # fmt: skip

    def accept_agreed(self) -> None:
        if self.review is not None:
            self._decided(adjudication.accept_agreed, self.project, by=self.by, document_id=self.review.document_id)

    def edit(self) -> None:
        self.form.setFocus()
        self.form.focusNextChild()

    def save_edit(self, values: dict) -> None:
        """The form's values as the item's gold annotation (on the gold span, or the first version's)."""
        item = self.current()
        shown = self.form.row
        if item is None or shown is None:
            return
        self._decided(
            adjudication.decide, self.project, by=self.by, document_id=self.review.document_id, kind=item.kind,
            span=(shown["start"], shown["end"]), fields=values, replaces=(item.start, item.end),
        )  # fmt: skip
