"""Creating organisations and accounts (operators' CLI; the admin screens come later)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.transactions import in_transaction

from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.passwords import Passwords
from domain.accounts.rules import MAX_USERNAME_LENGTH, normalise_username, password_problems
from domain.audit.service import Origin, record
from domain.errors import InvalidInput


async def create_user(
    *,
    passwords: Passwords,
    username: str,
    display_name: str,
    password: str,
    organisation_name: str,
    organisation_kind: OrganisationKind,
    centers: Sequence[CenterKind],
    is_admin: bool,
    origin: Origin,
) -> User:
    """A new account in an organisation (created if new), holding the given centers."""
    key = normalise_username(username)
    if (
        not key
        or len(key) > MAX_USERNAME_LENGTH
        or not key.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise InvalidInput(field="username")
    if not display_name.strip():
        raise InvalidInput(field="display_name")
    if not centers:
        raise InvalidInput(field="centers")
    problems = password_problems(password, username=key)
    if problems:
        raise InvalidInput(problems[0], field="password")
    if await User.filter(username=key).exists():
        raise InvalidInput("USERNAME_TAKEN", field="username")
    password_hash = await passwords.hash(password)
    async with in_transaction():
        organisation = await Organisation.get_or_none(name=organisation_name)
        if organisation is None:
            organisation = await Organisation.create(name=organisation_name, kind=organisation_kind)
        elif organisation.kind != organisation_kind:
            raise InvalidInput("ORGANISATION_KIND_MISMATCH", field="organisation_kind")
        user = await User.create(
            username=key,
            display_name=display_name.strip(),
            organisation=organisation,
            password_hash=password_hash,
            is_admin=is_admin,
        )
        for center in dict.fromkeys(centers):
            await CenterMembership.create(user=user, center=center, organisation=organisation)
        await record(
            action="USER_CREATED",
            outcome="SUCCESS",
            origin=origin,
            actor_name="cli",
            target_type="user",
            target_id=str(user.id),
            detail={"centers": [c.value for c in centers], "admin": is_admin},
        )
    return user


LOCALES = ("zh-CN", "en")


async def update_profile(*, user: User, display_name: str, locale: str, origin: Origin) -> User:
    """The user keeps their own display name and interface language."""
    from domain.accounts.flows import AuthFailed

    name = display_name.strip()
    if not name or len(name) > 100:
        raise AuthFailed("INVALID_INPUT", field="display_name")
    if locale not in LOCALES:
        raise AuthFailed("INVALID_INPUT", field="locale")
    async with in_transaction():
        await User.filter(id=user.id).update(display_name=name, locale=locale)
        await record(action="PROFILE_UPDATED", outcome="SUCCESS", origin=origin, actor_id=user.id)
    return await User.get(id=user.id)


async def update_organisation(
    *, user: User, contact_person: str, contact_phone: str, address: str, origin: Origin
) -> Organisation:
    """A member keeps their organisation's contact data current (name and kind stay with the operators)."""
    from domain.accounts.flows import AuthFailed

    values = {
        "contact_person": contact_person.strip(),
        "contact_phone": contact_phone.strip(),
        "address": address.strip(),
    }
    limits = {"contact_person": 100, "contact_phone": 40, "address": 200}
    for name, value in values.items():
        if len(value) > limits[name]:
            raise AuthFailed("INVALID_INPUT", field=name)
    if values["contact_phone"] and not all(c.isdigit() or c in "+-() " for c in values["contact_phone"]):
        raise AuthFailed("INVALID_INPUT", field="contact_phone")
    async with in_transaction():
        await Organisation.filter(id=user.organisation_id).update(**values)
        await record(
            action="ORGANISATION_UPDATED",
            outcome="SUCCESS",
            origin=origin,
            actor_id=user.id,
            target_type="organisation",
            target_id=str(user.organisation_id),
        )
    return await Organisation.get(id=user.organisation_id)
