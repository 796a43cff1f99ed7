"""Table model of the project's documents: holds only summaries, fetched in pages as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from annotator.gui.translations import fill
from annotator.services import documents
from annotator.storage.project import Project

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CONTEXT = "DocumentListModel"
COLUMNS = (
    QT_TRANSLATE_NOOP("DocumentListModel", "Title"),
    QT_TRANSLATE_NOOP("DocumentListModel", "Outlet"),
    QT_TRANSLATE_NOOP("DocumentListModel", "Date"),
    QT_TRANSLATE_NOOP("DocumentListModel", "Script"),
    QT_TRANSLATE_NOOP("DocumentListModel", "Chars"),
    QT_TRANSLATE_NOOP("DocumentListModel", "Spans"),
    QT_TRANSLATE_NOOP("DocumentListModel", "Status"),
)
TITLE, OUTLET, DATE, SCRIPT, LENGTH, ANNOTATIONS, STATUS = range(len(COLUMNS))
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
SCRIPT_LABELS = {"simplified": "简", "traditional": "繁", "mixed": "简繁", "none": ""}
STATUS_LABELS = {
    "new": QT_TRANSLATE_NOOP("DocumentListModel", "new"),
    "in_progress": QT_TRANSLATE_NOOP("DocumentListModel", "in progress"),
    "done": QT_TRANSLATE_NOOP("DocumentListModel", "done ✓"),
    "skipped": QT_TRANSLATE_NOOP("DocumentListModel", "skipped"),
}


def status_label(status: str) -> str:
    """A coder's status on a document as the interface language says it."""
    return QCoreApplication.translate(_CONTEXT, STATUS_LABELS.get(status, status))


PAGE = 500


class DocumentListModel(QAbstractTableModel):
    """Rows are DocumentSummary records, loaded `PAGE` at a time through `fetchMore`.

    The matching ids come from one query; their summaries are read page by page, so a project of tens of
    thousands of articles opens at once.
    """

    def __init__(self, project: Project, annotator_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self._project = project
        self._annotator_id = annotator_id
        self._search: str | None = None
        self._filters: dict[str, str] = {}
        self._rows: list[documents.DocumentSummary] = []
        self._exhausted = False

    def set_search(self, query: str | None) -> None:
        """Show the documents matching `query` (and the filters): one reset that already holds the first
        page, so views never see rows inserted while the reset is being announced."""
        self.beginResetModel()
        self._search = query or None
        self._rows = []
        self._rows = self._next_page()
        self.endResetModel()

    def reload(self) -> None:
        self.set_search(self._search)

    def set_filters(self, **filters: str | None) -> None:
        """Keep only documents that pass `documents.list_documents`' filters: status for the coder
        ("unfinished": new or in progress), has_kind, outlet, published_from / published_to (ISO days).
        Empty values are no filter."""
        self._filters = {name: value for name, value in filters.items() if value}
        self.reload()

    def filters(self) -> dict[str, str]:
        """The search and filters in effect, as `documents` service keywords."""
        return {**self._filters, **({"search": self._search} if self._search else {})}

    def total(self) -> int:
        """How many documents pass the search and filters (the rows fetched so far may be fewer)."""
        if not self.canFetchMore():
            return len(self._rows)
        return documents.count_documents(self._project, annotator_id=self._annotator_id, **self.filters())

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._next_page()
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def _next_page(self) -> list[documents.DocumentSummary]:
        """The page after the rows held; marks the list exhausted when it is the last."""
        after = self._rows[-1].id if self._rows else 0
        page = documents.list_documents(
            self._project, limit=PAGE, after_id=after, annotator_id=self._annotator_id, **self.filters()
        )
        self._exhausted = len(page) < PAGE
        return page

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(_CONTEXT, COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        if role == Qt.ItemDataRole.DisplayRole:
            status = "" if row.status == "new" else status_label(row.status)
            script = SCRIPT_LABELS.get(row.script, row.script)
            values = (row.title, row.outlet or "", row.published or "", script, row.length, row.annotations, status)
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return fill(
                QCoreApplication.translate(_CONTEXT, "%1\n%2, %3 characters, %4 of your annotations"),
                row.title,
                row.script,
                f"{row.length:,}",
                row.annotations,
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (LENGTH, ANNOTATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def refresh_document(self, document_id: int) -> None:
        """Re-read one listed document's summary (its annotation count or status changed)."""
        for i, row in enumerate(self._rows):
            if row.id == document_id:
                fresh = documents.list_documents(
                    self._project, limit=1, after_id=document_id - 1, annotator_id=self._annotator_id
                )
                if fresh and fresh[0].id == document_id:
                    self._rows[i] = fresh[0]
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return

    def document_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, document_id: int) -> int | None:
        """The row of a document, fetching pages up to it (rows are in id order), or None if not listed."""
        while not self._rows or (self._rows[-1].id < document_id and self.canFetchMore()):
            if not self.canFetchMore():
                return None
            self.fetchMore()
        return next((i for i, row in enumerate(self._rows) if row.id == document_id), None)

    def next_unfinished(self, after_row: int) -> int | None:
        """The first row below `after_row` (then from the top) not done or skipped; fetches more as needed."""
        while True:
            for i in range(after_row + 1, len(self._rows)):
                if self._rows[i].status not in ("done", "skipped"):
                    return i
            if not self.canFetchMore():
                break
            self.fetchMore()
        for i in range(0, min(after_row + 1, len(self._rows))):
            if self._rows[i].status not in ("done", "skipped"):
                return i
        return None
