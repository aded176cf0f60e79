"""The expert library kept up to date: the data bureau registers experts, experts keep their own profile and
set the PIN that confirms their final score sheets. Every action runs once per idempotency key, in one
transaction with its audit record."""

from __future__ import annotations

from datetime import date, timedelta

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.passwords import Passwords
from domain.accounts.policies import holds_center
from domain.actions.acting import Acting
from domain.actions.idempotency import run_once
from domain.actions.results import Done
from domain.audit.service import record
from domain.experts.errors import ExpertError
from domain.experts.models import Expert
from domain.experts.results import ExpertChanged
from domain.reviews.models import ExpertConflict, ExpertEmployment, ExpertUnavailability

MAX_SPECIALTIES = 10
MAX_UNAVAILABLE = timedelta(days=366)
LEVELS = ("市级专家", "区级专家", "省级专家", "第三方机构")
PIN_LENGTH = 6


def _specialties(values: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not cleaned or len(cleaned) > MAX_SPECIALTIES or any(len(v) > 20 for v in cleaned):
        raise ExpertError("INVALID_INPUT", field="specialties")
    return cleaned


async def _own_profile(acting: Acting) -> Expert:
    expert = await Expert.get_or_none(user_id=acting.user_id)
    if expert is None or not await holds_center(acting.user_id, CenterKind.EXPERT):
        raise ExpertError("FORBIDDEN")
    return expert


async def register(
    *, acting: Acting, user_id: int, title: str, level: str, specialties: list[str], employer_id: int | None
) -> ExpertChanged:
    """The data bureau adds a user to the expert library (and gives them the EXPERT center)."""
    request = {"user": user_id, "title": title, "level": level, "specialties": specialties, "employer": employer_id}

    async def perform() -> ExpertChanged:
        if not await holds_center(acting.user_id, CenterKind.DATA):
            raise ExpertError("FORBIDDEN")
        user = await User.get_or_none(id=user_id, is_active=True)
        if user is None or await Expert.filter(user_id=user_id).exists():
            raise ExpertError("INVALID_INPUT", field="user_id")
        if level not in LEVELS:
            raise ExpertError("INVALID_INPUT", field="level")
        if employer_id is not None and not await Organisation.filter(id=employer_id).exists():
            raise ExpertError("INVALID_INPUT", field="employer_id")
        expert = await Expert.create(
            user_id=user.id,
            name=user.display_name,
            title=title.strip()[:100],
            level=level,
            specialties=_specialties(specialties),
            employer_id=employer_id,
        )
        await CenterMembership.get_or_create(
            user_id=user.id,
            center=CenterKind.EXPERT,
            defaults={"organisation_id": employer_id or user.organisation_id},
        )
        await record(
            action="EXPERT_REGISTERED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="expert",
            target_id=str(expert.id),
        )
        return ExpertChanged(expert_id=expert.id)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="register_expert", request=request, perform=perform
    )


async def update_profile(*, acting: Acting, title: str, specialties: list[str]) -> ExpertChanged:
    """An expert keeps their own title and specialties current."""

    async def perform() -> ExpertChanged:
        expert = await _own_profile(acting)
        if not title.strip():
            raise ExpertError("INVALID_INPUT", field="title")
        await Expert.filter(id=expert.id).update(title=title.strip()[:100], specialties=_specialties(specialties))
        await record(
            action="EXPERT_PROFILE_UPDATED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="expert",
            target_id=str(expert.id),
        )
        return ExpertChanged(expert_id=expert.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="expert_profile",
        request={"title": title, "specialties": specialties},
        perform=perform,
    )


async def add_unavailability(*, acting: Acting, start: date, end: date, reason: str = "") -> ExpertChanged:
    """An expert marks days they cannot review; the draw leaves them out on those days."""

    async def perform() -> ExpertChanged:
        expert = await _own_profile(acting)
        if end < start or end - start > MAX_UNAVAILABLE or end < clock.now().date():
            raise ExpertError("INVALID_INPUT", field="end")
        await ExpertUnavailability.create(expert=expert, start=start, end=end, reason=reason.strip()[:200])
        await record(
            action="EXPERT_UNAVAILABLE",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="expert",
            target_id=str(expert.id),
            detail={"start": start.isoformat(), "end": end.isoformat()},
        )
        return ExpertChanged(expert_id=expert.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="unavailability",
        request={"start": start, "end": end, "reason": reason},
        perform=perform,
    )


async def remove_unavailability(*, acting: Acting, unavailability_id: int) -> ExpertChanged:
    """An expert takes back days they had marked."""

    async def perform() -> ExpertChanged:
        expert = await _own_profile(acting)
        if not await ExpertUnavailability.filter(id=unavailability_id, expert_id=expert.id).delete():
            raise ExpertError("NOT_FOUND", field="unavailability_id")
        await record(
            action="EXPERT_AVAILABLE_AGAIN",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="expert",
            target_id=str(expert.id),
        )
        return ExpertChanged(expert_id=expert.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="remove_unavailability",
        request={"unavailability": unavailability_id},
        perform=perform,
    )


async def declare_conflict(
    *, acting: Acting, reason: str, organisation_id: int | None = None, project_id: int | None = None
) -> ExpertChanged:
    """An expert declares a conflict with an organisation or a project (kept; never withdrawn silently)."""
    request = {"reason": reason, "organisation": organisation_id, "project": project_id}

    async def perform() -> ExpertChanged:
        expert = await _own_profile(acting)
        if (organisation_id is None) == (project_id is None):
            raise ExpertError("INVALID_INPUT", field="organisation_id")
        if not reason.strip():
            raise ExpertError("INVALID_INPUT", field="reason")
        await ExpertConflict.create(
            expert=expert,
            organisation_id=organisation_id,
            project_id=project_id,
            reason=reason.strip()[:200],
            declared_at=clock.now(),
        )
        await record(
            action="EXPERT_CONFLICT_DECLARED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="expert",
            target_id=str(expert.id),
            detail={"organisation": organisation_id, "project": project_id},
        )
        return ExpertChanged(expert_id=expert.id)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="expert_conflict", request=request, perform=perform
    )


async def record_employment(
    *, acting: Acting, expert_id: int, organisation_id: int, start: date, end: date | None
) -> ExpertChanged:
    """Employment history (for conflict checks), kept by the data bureau or the expert themself."""
    request = {"expert": expert_id, "organisation": organisation_id, "start": start, "end": end}

    async def perform() -> ExpertChanged:
        expert = await Expert.get_or_none(id=expert_id)
        is_self = expert is not None and expert.user_id == acting.user_id
        if expert is None or not (is_self or await holds_center(acting.user_id, CenterKind.DATA)):
            raise ExpertError("NOT_FOUND", field="expert_id")
        if end is not None and end < start:
            raise ExpertError("INVALID_INPUT", field="end")
        if not await Organisation.filter(id=organisation_id).exists():
            raise ExpertError("INVALID_INPUT", field="organisation_id")
        await ExpertEmployment.create(expert=expert, organisation_id=organisation_id, start=start, end=end)
        await record(
            action="EXPERT_EMPLOYMENT_RECORDED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="expert",
            target_id=str(expert.id),
            detail={"organisation": organisation_id},
        )
        return ExpertChanged(expert_id=expert.id)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="expert_employment", request=request, perform=perform
    )


async def set_pin(*, acting: Acting, passwords: Passwords, pin: str) -> Done:
    """An expert sets the PIN that confirms final score sheets (six digits, not all the same).

    The PIN itself is not part of the idempotency fingerprint (a hash of six digits would give it away):
    a repeated key answers the first outcome whatever PIN it carries."""
    if len(pin) != PIN_LENGTH or not pin.isdigit() or len(set(pin)) == 1:
        raise ExpertError("INVALID_INPUT", field="pin")

    async def perform() -> Done:
        await _own_profile(acting)
        await User.filter(id=acting.user_id).update(pin_hash=await passwords.hash(pin))
        await record(action="PIN_SET", outcome="SUCCESS", origin=acting.origin, actor_id=acting.user_id)
        return Done()

    return await run_once(user_id=acting.user_id, key=acting.key, action="set_pin", request={}, perform=perform)
