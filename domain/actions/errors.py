"""Refusals of actions. Every area names its own codes in `domain/<area>/errors.py` on a subclass of
`ActionRefused`; the codes here are the ones every action shares. `field` is always the Python
parameter of the flow that was refused (`task_id`, `attachments.2`), never an API name."""

from __future__ import annotations

from typing import Any, ClassVar

from domain.errors import DomainError

SHARED_CODES = frozenset(
    {
        "INVALID_INPUT",
        "NOT_FOUND",
        "FORBIDDEN",
        "WRONG_STAGE",
        "WRONG_TASK_KIND",
        "TASK_CLOSED",
        "VERSION_CONFLICT",
        "IDEMPOTENCY_KEY_REUSED",
    }
)


class ActionRefused(DomainError):
    """An action refused for a reason its caller can act on: a stable code, the parameter, the details."""

    code = "INVALID_INPUT"
    CODES: ClassVar[frozenset[str]] = SHARED_CODES


class VersionConflict(ActionRefused):
    """The actor saw an older state: the current one comes with the error."""

    code = "VERSION_CONFLICT"

    def __init__(self, *, current: Any, field: str | None = None) -> None:
        super().__init__("VERSION_CONFLICT", field=field, current=current)
        self.current = current
