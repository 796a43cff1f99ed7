"""Who leads a project and whether coders work blind (DESIGN §8).

In blind mode a coder sees only their own work: the window shows no other coder's annotations, suggestions
learn only from the coder's own stakeholders, statistics, the registry's counts and exports hold only their
own work, and agreement is for the leads. The leads see everything; when a lead opens adjudication, blind
mode ends for everyone. A project without named leads is led by everyone (a person working alone);
turning blind mode on names whoever turns it on as the lead, so that someone can turn it off again.

This keeps coders from being swayed by each other while they code; it is not access control (whoever has
the project file can read it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from annotator.services.changes import UPDATED, Changes, write_audit
from annotator.services.errors import Invalid
from annotator.storage.models import Annotation, AnnotationEntity, Annotator, Entity, ProjectSetting, utcnow
from annotator.storage.project import Project

KEY = "team"


@dataclass(frozen=True)
class Team:
    blind: bool = False
    leads: tuple[str, ...] = field(default_factory=tuple)
    adjudication_opened: str | None = None  # when a lead opened adjudication (ISO time), which ended blind mode

    def is_lead(self, name: str) -> bool:
        return not self.leads or name in self.leads

    def sees_others(self, name: str) -> bool:
        """Whether this person may see other coders' work now."""
        return not self.blind or self.is_lead(name)

    def as_dict(self) -> dict:
        return {**asdict(self), "leads": list(self.leads)}


def in_session(session: Session) -> Team:
    row = session.get(ProjectSetting, KEY)
    if row is None:
        return Team()
    value = row.value or {}
    return Team(bool(value.get("blind")), tuple(value.get("leads") or ()), value.get("adjudication_opened"))


def team(project: Project) -> Team:
    with project.read() as session:
        return in_session(session)


def only_own(session: Session, annotator_id: int | None) -> int | None:
    """The coder whose work alone `annotator_id` may see (blind mode), or None when they may see everyone's.
    Without an annotator (the command line, the lead's tools) everything is visible."""
    if annotator_id is None:
        return None
    name = session.scalar(select(Annotator.name).where(Annotator.id == annotator_id))
    return None if name is None or in_session(session).sees_others(name) else annotator_id


def entity_visible(own: int | None):
    """A condition on Entity rows: those a coder in blind mode (`own`) may see. Registry entries nobody
    links to (made or imported by a lead) and those their own annotations link to are visible; an entry
    only other coders' annotations link to would tell what they coded."""
    if own is None:
        return true()
    linked = select(AnnotationEntity.entity_id).join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
    return Entity.id.not_in(linked.where(Annotation.annotator_id != own)) | Entity.id.in_(
        linked.where(Annotation.annotator_id == own)
    )


def sees_others(project: Project, annotator_id: int | None) -> bool:
    """Whether this coder may see other coders' work now (the window asks before showing any)."""
    with project.read() as session:
        return only_own(session, annotator_id) is None


def _name(session: Session, annotator_id: int | None) -> str:
    name = session.scalar(select(Annotator.name).where(Annotator.id == annotator_id)) if annotator_id else None
    if name is None:
        raise Invalid("team settings are changed by a named coder")
    return name


def _save(session: Session, by: int | None, action: str, before: Team, after: Team) -> Changes:
    row = session.get(ProjectSetting, KEY)
    if row is None:
        row = ProjectSetting(key=KEY, value={})
        session.add(row)
    row.value, row.updated_at = after.as_dict(), utcnow()
    changes = Changes(action)
    changes.add("project_setting", UPDATED, before={"key": KEY, **before.as_dict()}, after={"key": KEY, **after.as_dict()})
    write_audit(session, by, changes)
    return changes


def _as_lead(session: Session, by: int | None) -> tuple[str, Team]:
    name, now = _name(session, by), in_session(session)
    if not now.is_lead(name):
        raise Invalid(f"only the project's leads ({', '.join(now.leads)}) change this; {name} is a coder")
    return name, now


def set_leads(project: Project, names: list[str] | tuple[str, ...], *, by: int | None) -> Changes:
    """Name the project's leads (none: everyone leads). The person changing it must be a lead, and stays
    one unless the list leaves them out on purpose (it may not be empty while blind mode is on)."""
    wanted = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    with project.write() as session:
        _, now = _as_lead(session, by)
        if now.blind and not wanted:
            raise Invalid("blind mode needs a lead to end it; turn blind mode off first")
        return _save(session, by, "set_leads", now, Team(now.blind, wanted, now.adjudication_opened))


def set_blind(project: Project, on: bool, *, by: int | None) -> Changes:
    """Turn blind mode on or off (leads only). Turning it on in a project without leads makes `by` its lead."""
    with project.write() as session:
        name, now = _as_lead(session, by)
        leads = now.leads or ((name,) if on else ())
        return _save(session, by, "set_blind", now, Team(on, leads, None if on else now.adjudication_opened))


def open_adjudication(project: Project, *, by: int | None) -> Changes:
    """A lead opens adjudication: blind mode ends, and everyone sees everyone's work from now on."""
    with project.write() as session:
        _, now = _as_lead(session, by)
        opened = datetime.isoformat(utcnow(), timespec="seconds")
        return _save(session, by, "open_adjudication", now, Team(False, now.leads, opened))
