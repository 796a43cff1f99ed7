"""Undoable coder actions. Each command is thin: `redo()` calls a service, `undo()` calls its inverse with
what the service returned. The first run happens before the command is pushed, so a refused action (bad
span, stale row) never enters the undo history; a later undo or redo that the services refuse (someone
changed the row meanwhile) marks the command obsolete and reports it, and nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QUndoCommand

from annotator.gui.document_model import status_label
from annotator.gui.translations import fill
from annotator.services import annotations, documents, registry, suggestions
from annotator.services.changes import Changes
from annotator.services.errors import ServiceError
from annotator.storage.project import Project

Report = Callable[[Changes | None, ServiceError | None], None]


def _text(text: str, *values: str) -> str:
    """What Edit → Undo / Redo call the command, in the interface language."""
    return fill(QCoreApplication.translate("ServiceCommand", text), *values)


class ServiceCommand(QUndoCommand):
    """Runs `_do` and `_undo` (service calls) and reports every outcome through `report`.

    Every annotation this session's commands changed is remembered at the version they left it, so that
    a command undone or redone after others on the same annotation (create, then edit, then undo both)
    names that version, not the one it saw when it first ran. A change made elsewhere is not in the book,
    and is still reported as a conflict."""

    _versions: dict[tuple[str, int], int] = {}  # (project, annotation id) -> the version our last change left

    def __init__(self, project: Project, annotator_id: int, text: str, report: Report) -> None:
        super().__init__(text)
        self.project = project
        self.annotator_id = annotator_id
        self._report = report
        self._first = True

    def retarget(self, report: Report) -> None:
        """Report to another window (the one that took over this window's history)."""
        self._report = report

    def execute(self) -> Changes:
        """The first run, before pushing: raises ServiceError when the action is refused."""
        changes = self._do()
        self._learn(changes)
        self._report(changes, None)
        return changes

    def _learn(self, changes: Changes) -> None:
        for item in changes.items:
            if item.target == "annotation":
                key = (self.project.url, item.row["id"])
                if item.after is not None:
                    self._versions[key] = item.after["version"]
                else:
                    self._versions.pop(key, None)

    def _version(self, row: dict) -> int:
        """The version to name for `row`: the newer of the one read and the one this session's last change
        left (a row read after a change elsewhere is newer than the book, and is what the coder saw)."""
        return max(self._versions.get((self.project.url, row["id"]), 0), row["version"])

    def redo(self) -> None:
        if self._first:  # execute() did it already
            self._first = False
            return
        self._guarded(self._do)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, action) -> None:
        try:
            changes = action()
            self._learn(changes)
            self._report(changes, None)
        except ServiceError as exc:
            self.setObsolete(True)
            self._report(None, exc)

    def _do(self) -> Changes:
        raise NotImplementedError

    def _undo(self) -> Changes:
        raise NotImplementedError


class CreateAnnotation(ServiceCommand):
    """A new annotation; `origin="suggestion"` when the coder accepts a suggestion; `entity_from_text` links
    an empty entity field to the registry entry the span names (created when new)."""

    def __init__(
        self,
        project,
        annotator_id,
        report,
        *,
        document_id: int,
        kind: str,
        start: int,
        end: int,
        fields=None,
        origin="manual",
        entity_from_text=False,
    ):
        super().__init__(project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "create %1"), kind), report)
        self.args = {
            "document_id": document_id,
            "kind": kind,
            "start": start,
            "end": end,
            "fields": fields or {},
            "origin": origin,
            "entity_from_text": entity_from_text,
        }
        self.row: dict | None = None
        self.deleted: Changes | None = None
        self.entities_made: list[int] = []  # registry entries the creation made: undo takes them back too

    def _do(self) -> Changes:
        if self.deleted is None:
            changes = annotations.create_annotation(self.project, annotator_id=self.annotator_id, **self.args)
            self.entities_made = [e["id"] for e in changes.rows("entity", "created")]
        else:  # redo after undo: the same annotation comes back, with its id (and its registry entry)
            changes = annotations.restore_annotation(self.project, annotator_id=self.annotator_id, deleted=self.deleted)
        self.row = changes.first("annotation")
        return changes

    def _undo(self) -> Changes:
        self.deleted = annotations.delete_annotations(
            self.project,
            annotator_id=self.annotator_id,
            targets=[(self.row["id"], self._version(self.row))],
            entities_made=self.entities_made,
        )
        return self.deleted


class DeleteAnnotation(ServiceCommand):
    def __init__(self, project, annotator_id, report, *, row: dict):
        super().__init__(project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "delete %1"), row["kind"]), report)
        self.row = row
        self.deleted: Changes | None = None

    def _do(self) -> Changes:
        self.deleted = annotations.delete_annotation(
            self.project,
            annotator_id=self.annotator_id,
            annotation_id=self.row["id"],
            expected_version=self._version(self.row),
        )
        return self.deleted

    def _undo(self) -> Changes:
        changes = annotations.restore_annotation(self.project, annotator_id=self.annotator_id, deleted=self.deleted)
        self.row = changes.first("annotation")
        return changes


class SetStatus(ServiceCommand):
    """Mark a document done (or another status) for this annotator; undo puts the previous status back."""

    def __init__(self, project, annotator_id, report, *, document_id: int, status: str, previous: str):
        super().__init__(
            project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "mark %1"), status_label(status)), report
        )
        self.document_id, self.status, self.previous = document_id, status, previous

    def _set(self, status: str) -> Changes:
        return documents.set_status(
            self.project, annotator_id=self.annotator_id, document_id=self.document_id, status=status
        )

    def _do(self) -> Changes:
        return self._set(self.status)

    def _undo(self) -> Changes:
        return self._set(self.previous)


class SetDetails(ServiceCommand):
    """Set an article's outlet and publication date; undo puts back what it had (`previous`)."""

    def __init__(self, project, annotator_id, report, *, document_id: int, outlet, published, previous: dict):
        super().__init__(
            project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "edit the article's details")), report
        )
        self.document_id, self.values, self.previous = document_id, (outlet, published), previous

    def _set(self, outlet, published) -> Changes:
        return documents.set_details(
            self.project, annotator_id=self.annotator_id, document_id=self.document_id, outlet=outlet, published=published
        )

    def _do(self) -> Changes:
        return self._set(*self.values)

    def _undo(self) -> Changes:
        return self._set(self.previous["outlet"], self.previous["published"])


class UpdateAnnotation(ServiceCommand):
    """Change field values or the span's edges; undo writes back what the annotation had before."""

    def __init__(self, project, annotator_id, report, *, row: dict, fields: dict | None = None, span=None):
        super().__init__(project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "edit %1"), row["kind"]), report)
        self.row = row
        self.fields = fields or {}
        self.before = {name: row["fields"].get(name) for name in self.fields}
        self.span, self.old_span = span, (row["start"], row["end"])

    def _patch(self, fields: dict, span) -> Changes:
        start, end = span if span is not None else (None, None)
        changes = annotations.update_annotation(
            self.project,
            annotator_id=self.annotator_id,
            annotation_id=self.row["id"],
            expected_version=self._version(self.row),
            fields=fields,
            start=start,
            end=end,
        )
        self.row = changes.first("annotation")
        return changes

    def _do(self) -> Changes:
        return self._patch(self.fields, self.span)

    def _undo(self) -> Changes:
        return self._patch(self.before, self.old_span if self.span is not None else None)

    def rebase(self, current: dict) -> None:
        """Apply this change over the annotation as it is stored now (another session changed it): undo
        then puts back what is stored now, not what this session had read."""
        self.row = current
        self.before = {name: current["fields"].get(name) for name in self.fields}
        self.old_span = (current["start"], current["end"])


class SetDocumentFields(ServiceCommand):
    """Change this coder's document-level field values; undo writes the values they had before."""

    def __init__(self, project, annotator_id, report, *, document_id: int, fields: dict, before: dict):
        super().__init__(project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "edit document fields")), report)
        self.document_id, self.fields = document_id, fields
        self.before = {name: before.get(name) for name in fields}

    def _set(self, fields: dict) -> Changes:
        return documents.set_document_fields(
            self.project, annotator_id=self.annotator_id, document_id=self.document_id, fields=fields
        )

    def _do(self) -> Changes:
        return self._set(self.fields)

    def _undo(self) -> Changes:
        return self._set(self.before)


class RejectSuggestion(ServiceCommand):
    """Turn a suggestion down for good (for this coder and document); undo proposes it again."""

    def __init__(self, project, annotator_id, report, *, document_id: int, kind: str, start: int, end: int):
        super().__init__(project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "reject %1"), kind), report)
        self.args = {"document_id": document_id, "kind": kind, "start": start, "end": end}
        self.rejection: dict | None = None

    def _do(self) -> Changes:
        changes = suggestions.reject(self.project, annotator_id=self.annotator_id, **self.args)
        self.rejection = changes.first("rejected_suggestion")
        return changes

    def _undo(self) -> Changes:
        return suggestions.unreject(self.project, annotator_id=self.annotator_id, rejection_id=self.rejection["id"])


class AnnotateMentions(ServiceCommand):
    """Every mention of an entity's names in a document (or the project) as the coder's annotations, in one
    step: undo deletes them all, redo puts the same ones back."""

    def __init__(self, project, annotator_id, report, *, entity_id: int, name: str, document_ids: list[int] | None):
        super().__init__(
            project, annotator_id, _text(QT_TRANSLATE_NOOP("ServiceCommand", "annotate mentions of %1"), name), report
        )
        self.entity_id, self.document_ids = entity_id, document_ids
        self.rows: list[dict] = []
        self.deleted: Changes | None = None

    def _do(self) -> Changes:
        if self.deleted is None:
            changes = registry.annotate_mentions(
                self.project, annotator_id=self.annotator_id, entity_id=self.entity_id, document_ids=self.document_ids
            )
        else:
            changes = annotations.restore_annotation(self.project, annotator_id=self.annotator_id, deleted=self.deleted)
        self.rows = changes.rows("annotation")
        return changes

    def _undo(self) -> Changes:
        targets = [(row["id"], self._version(row)) for row in self.rows]
        self.deleted = annotations.delete_annotations(self.project, annotator_id=self.annotator_id, targets=targets)
        return self.deleted
