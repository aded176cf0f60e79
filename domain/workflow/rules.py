"""Pure rules of a step's signers: when a step is decided, which slot opens next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.workflow.models import TaskStatus
from domain.workflow.templates import SignMode

APPROVED = "APPROVED"


@dataclass(frozen=True, slots=True)
class SlotTask:
    """What the rules need of a task: its slot, status and outcome."""

    slot: int
    status: TaskStatus
    outcome: str | None


def step_complete(mode: SignMode, tasks: Iterable[SlotTask]) -> bool:
    """Or-sign: the first approval decides. In order and countersign: every slot needs an approval."""
    tasks = list(tasks)
    approved_slots = {t.slot for t in tasks if t.status is TaskStatus.DONE and t.outcome == APPROVED}
    if mode is SignMode.ORSIGN:
        return bool(approved_slots)
    live_slots = {t.slot for t in tasks if t.status is not TaskStatus.CANCELLED or t.outcome == APPROVED}
    return bool(live_slots) and live_slots <= approved_slots


def slot_to_open(tasks: Iterable[SlotTask]) -> int | None:
    """In order: the lowest slot still waiting, once no task is open; None when nothing should open."""
    tasks = list(tasks)
    if any(t.status is TaskStatus.OPEN for t in tasks):
        return None
    waiting = sorted({t.slot for t in tasks if t.status is TaskStatus.WAITING})
    return waiting[0] if waiting else None


def initial_status(mode: SignMode, slot: int) -> TaskStatus:
    """In order, only the first slot opens; countersign and or-sign open every slot at once."""
    if mode is SignMode.SEQUENTIAL and slot > 0:
        return TaskStatus.WAITING
    return TaskStatus.OPEN
