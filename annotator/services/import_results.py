"""What became of each file or row of an import, as returned to the caller and kept in the project."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import insert

from annotator.storage.models import ImportRecord, utcnow
from annotator.storage.project import Project

IMPORTED, DUPLICATE, REFUSED = "imported", "duplicate", "refused"


@dataclass
class Result:
    source: str
    status: str
    message: str = ""
    document_id: int | None = None
    encoding: str | None = None
    confidence: float | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    batch: str
    results: list[Result] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return not self.count(REFUSED)

    def summary(self) -> str:
        text = f"{self.count(IMPORTED)} imported, {self.count(DUPLICATE)} duplicate, {self.count(REFUSED)} refused"
        return text + (" (cancelled)" if self.cancelled else "")

    def as_dict(self) -> dict:
        return {"batch": self.batch, "cancelled": self.cancelled, "results": [asdict(r) for r in self.results]}


def record_values(batch: str, result: Result, data_hash: str) -> dict:
    message = "; ".join(filter(None, [result.message, *result.warnings]))
    return {
        "batch": batch,
        "at": utcnow(),
        "source": result.source,
        "status": result.status,
        "message": message,
        "encoding": result.encoding,
        "confidence": result.confidence,
        "byte_hash": data_hash,
        "document_id": result.document_id,
    }


def refuse(project: Project, batch: str, source: str, message: str, data_hash: str) -> Result:
    result = Result(source, REFUSED, message)
    with project.write_connection() as conn:
        conn.execute(insert(ImportRecord), record_values(batch, result, data_hash))
    return result
