"""The expert library kept up to date: the data bureau registers experts, experts keep their own profile."""

from __future__ import annotations

from datetime import date, timedelta

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.audit.service import record
from domain.experts.models import Expert
from domain.reviews.errors import ReviewError
from domain.reviews.models import ExpertConflict, ExpertEmployment, ExpertUnavailability
from domain.workflow.acting import Acting

MAX_SPECIALTIES = 10
MAX_UNAVAILABLE = timedelta(days=366)
LEVELS = ("市级专家", "区级专家", "省级专家", "第三方机构")


def _specialties(values: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not cleaned or len(cleaned) > MAX_SPECIALTIES or any(len(v) > 20 for v in cleaned):
        raise ReviewError("INVALID_INPUT", field="specialties")
    return cleaned


async def _own_profile(acting: Acting) -> Expert:
    expert = await Expert.get_or_none(user_id=acting.user_id)
    if expert is None or not await CenterMembership.filter(user_id=acting.user_id, center=CenterKind.EXPERT).exists():
        raise ReviewError("NOT_FOUND", field="expert")
    return expert


async def register(
    *, acting: Acting, user_id: int, title: str, level: str, specialties: list[str], employer_id: int | None
) -> Expert:
    """The data bureau adds a user to the expert library (and gives them the EXPERT center)."""
    if not await CenterMembership.filter(user_id=acting.user_id, center=CenterKind.DATA).exists():
        raise ReviewError("FORBIDDEN")
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or await Expert.filter(user_id=user_id).exists():
        raise ReviewError("INVALID_INPUT", field="userId")
    if level not in LEVELS:
        raise ReviewError("INVALID_INPUT", field="level")
    if employer_id is not None and not await Organisation.filter(id=employer_id).exists():
        raise ReviewError("INVALID_INPUT", field="employerId")
    expert = await Expert.create(user_id=user.id, name=user.display_name, title=title.strip()[:100], level=level,
                                 specialties=_specialties(specialties), employer_id=employer_id)  # fmt: skip
    await CenterMembership.get_or_create(user_id=user.id, center=CenterKind.EXPERT,
                                         defaults={"organisation_id": employer_id or user.organisation_id})  # fmt: skip
    await record(action="EXPERT_REGISTERED", outcome="SUCCESS", origin=acting.origin, actor_id=acting.user_id,
                 target_type="expert", target_id=str(expert.id))  # fmt: skip
    return expert


async def update_profile(*, acting: Acting, title: str, specialties: list[str]) -> Expert:
    """An expert keeps their own title and specialties current."""
    expert = await _own_profile(acting)
    if not title.strip():
        raise ReviewError("INVALID_INPUT", field="title")
    await Expert.filter(id=expert.id).update(title=title.strip()[:100], specialties=_specialties(specialties))
    await record(action="EXPERT_PROFILE_UPDATED", outcome="SUCCESS", origin=acting.origin, actor_id=acting.user_id,
                 target_type="expert", target_id=str(expert.id))  # fmt: skip
    return await Expert.get(id=expert.id)


async def add_unavailability(*, acting: Acting, start: date, end: date, reason: str = "") -> ExpertUnavailability:
    """An expert marks days they cannot review; the draw leaves them out on those days."""
    expert = await _own_profile(acting)
    if end < start or end - start > MAX_UNAVAILABLE or end < clock.now().date():
        raise ReviewError("INVALID_INPUT", field="end")
    return await ExpertUnavailability.create(expert=expert, start=start, end=end, reason=reason.strip()[:200])


async def remove_unavailability(*, acting: Acting, unavailability_id: int) -> None:
    expert = await _own_profile(acting)
    if not await ExpertUnavailability.filter(id=unavailability_id, expert_id=expert.id).delete():
        raise ReviewError("NOT_FOUND", field="unavailabilityId")


async def declare_conflict(
    *, acting: Acting, reason: str, organisation_id: int | None = None, project_id: int | None = None
) -> ExpertConflict:
    """An expert declares a conflict with an organisation or a project (kept; never withdrawn silently)."""
    expert = await _own_profile(acting)
    if (organisation_id is None) == (project_id is None):
        raise ReviewError("INVALID_INPUT", field="organisationId")
    if not reason.strip():
        raise ReviewError("INVALID_INPUT", field="reason")
    conflict = await ExpertConflict.create(expert=expert, organisation_id=organisation_id, project_id=project_id,
                                           reason=reason.strip()[:200], declared_at=clock.now())  # fmt: skip
    await record(action="EXPERT_CONFLICT_DECLARED", outcome="SUCCESS", origin=acting.origin,
                 actor_id=acting.user_id, target_type="expert", target_id=str(expert.id),
                 detail={"organisation": organisation_id, "project": project_id})  # fmt: skip
    return conflict


async def record_employment(
    *, acting: Acting, expert_id: int, organisation_id: int, start: date, end: date | None
) -> ExpertEmployment:
    """Employment history (for conflict checks), kept by the data bureau or the expert themself."""
    expert = await Expert.get_or_none(id=expert_id)
    is_self = expert is not None and expert.user_id == acting.user_id
    bureau = await CenterMembership.filter(user_id=acting.user_id, center=CenterKind.DATA).exists()
    if expert is None or not (is_self or bureau):
        raise ReviewError("NOT_FOUND", field="expertId")
    if end is not None and end < start:
        raise ReviewError("INVALID_INPUT", field="end")
    if not await Organisation.filter(id=organisation_id).exists():
        raise ReviewError("INVALID_INPUT", field="organisationId")
    return await ExpertEmployment.create(expert=expert, organisation_id=organisation_id, start=start, end=end)
