"""The project's tables (DESIGN §2, §6), as SQLAlchemy 2 typed ORM classes.

Types stay portable between SQLite and PostgreSQL: JSON, Text, Integer, DateTime; no dialect-specific
columns. Offsets are code point indices into `Document.text`, end exclusive. Rows that people edit
(annotations, relations, entities, document statuses) carry a `version` counter for optimistic locking:
an update names the version it read, and loses if someone changed the row since.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict: JSON, list: JSON}


class Annotator(Base):
    """A named coder; every annotation belongs to one."""

    __tablename__ = "annotators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CodebookVersion(Base):
    """One version of the codebook; the highest version is current. Annotations name theirs."""

    __tablename__ = "codebook_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("annotators.id"))


class Document(Base):
    """One article. `text` never changes once stored; `content_hash` (SHA-256 of it) makes import idempotent.

    `search_text` is the title and text converted to simplified script, the column the full-text index
    reads, so that a query in either script finds either.
    """

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_outlet", "outlet"),  # the outlet filter and its menu
        Index("ix_documents_published", "published"),  # the date filter
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))  # ISO date or date-time as given
    script: Mapped[str] = mapped_column(String(20))
    length: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)
    search_text: Mapped[str] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    annotations: Mapped[list[Annotation]] = relationship(back_populates="document", passive_deletes=True)


class DocumentStatus(Base):
    """Per annotator and document: workflow status, time spent and the document-level field values."""

    __tablename__ = "document_statuses"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("status IN ('new', 'in_progress', 'done', 'skipped')", name="status"),
        Index("ix_document_statuses_annotator_status", "annotator_id", "status"),
    )


class Annotation(Base):
    """A span of one kind with field values, by one annotator. `text` is a snapshot for integrity checks."""

    __tablename__ = "annotations"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    kind: Mapped[str] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    codebook_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    document: Mapped[Document] = relationship(back_populates="annotations")

    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        CheckConstraint("origin IN ('manual', 'suggestion', 'imported')", name="origin"),
        Index("ix_annotations_document_span", "document_id", "start", "end"),  # a document's spans in order
        Index("ix_annotations_kind_text", "kind", "text"),  # kind filters; stakeholder names from the index alone
    )


class Relation(Base):
    """A typed link from one annotation to another; link fields of the codebook are stored as these."""

    __tablename__ = "relations"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    type: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        UniqueConstraint("source_id", "type", "target_id", name="uq_relations_link"),
        Index("ix_relations_target", "target_id"),
        Index("ix_relations_document", "document_id"),
    )


class Entity(Base):
    """A registry entry: the one canonical stakeholder that spans in many articles refer to.

    A merged entity keeps its row with `merged_into_id` set, so links made before the merge can be traced.
    """

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="EntityAlias.id"
    )


class EntityAlias(Base):
    """Another name of an entity. `key` is the alias in simplified script, case-folded: the lookup key."""

    __tablename__ = "entity_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)

    entity: Mapped[Entity] = relationship(back_populates="aliases")
    __table_args__ = (UniqueConstraint("entity_id", "key", name="uq_entity_aliases_entity_key"),)


class AnnotationEntity(Base):
    """The value of an entity-typed field of an annotation (e.g. a stakeholder's registry entry)."""

    __tablename__ = "annotation_entities"
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(100), primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)


class RejectedSuggestion(Base):
    """A suggestion a coder turned down (kind and span in a document): it is not proposed to them again."""

    __tablename__ = "rejected_suggestions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    kind: Mapped[str] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("document_id", "annotator_id", "kind", "start", "end", name="uq_rejected_suggestions_span"),
    )


class ImportedSuggestion(Base):
    """A span from a pre-annotated file imported as suggestions: offered to every coder like the computed
    suggestions (and, like them, nobody's work until a coder accepts it). One per kind and span of a document,
    so importing a file twice adds nothing."""

    __tablename__ = "imported_suggestions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(Text)  # the file (and record) it came from
    batch: Mapped[str] = mapped_column(String(36))  # the import batch, as in import_records
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("document_id", "kind", "start", "end", name="uq_imported_suggestions_span"),)


class Assignment(Base):
    """A document in a coder's queue. Documents assigned to several coders are the overlap that agreement
    is measured on; `batch` names the assignment run that put it there."""

    __tablename__ = "assignments"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"), primary_key=True)
    batch: Mapped[str] = mapped_column(String(36))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_assignments_annotator", "annotator_id", "document_id"),)


class ProjectSetting(Base):
    """One project-wide setting (blind mode, the project's leads): shared by everyone who opens the project,
    unlike a person's own settings, which stay on their machine."""

    __tablename__ = "project_settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    """Every change: who, when, what, the row before and after. The record of how the data came to be."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    annotator_id: Mapped[int | None] = mapped_column(ForeignKey("annotators.id"))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"),)


class ImportRecord(Base):
    """One file (or row) of an import batch and what became of it; the batch summary is these rows."""

    __tablename__ = "import_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    encoding: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None]
    byte_hash: Mapped[str | None] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint("status IN ('imported', 'duplicate', 'refused')", name="status"),)
