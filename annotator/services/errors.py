"""Errors a service raises instead of changing anything; each message is meant for the user."""

from __future__ import annotations


class ServiceError(Exception):
    """The action was refused; nothing was written."""


class NotFound(ServiceError):
    pass


class Invalid(ServiceError):
    """Values do not fit the codebook or the text. `fields` maps field names to messages for the form."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        self.fields = fields or {}
        detail = "; ".join(f"{k} {v}" for k, v in self.fields.items())
        super().__init__(f"{message}: {detail}" if detail else message)


class Unreachable(ServiceError):
    """The project's database cannot be reached just now (a server down, a network gone)."""


class StaleEdit(ServiceError):
    """Someone changed the row since it was read; the caller should reload and decide again."""

    def __init__(self, what: str, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{what} was changed elsewhere since you opened it (you had version {expected}, it is now "
            f"{actual}); reload it and apply your change again. Nothing was overwritten."
        )
