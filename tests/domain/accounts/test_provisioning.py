"""Operators create accounts; the password policy (and the demo password) are enforced."""

from __future__ import annotations

import pytest

from api.app import make_passwords
from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.provisioning import create_user
from domain.audit.models import AuditRecord
from domain.audit.service import Origin
from domain.errors import InvalidInput


def _args(settings, **overrides):
    args = dict(
        passwords=make_passwords(settings),
        username="Zhao.Min",
        display_name="赵敏",
        password="Strong-pass-42",
        organisation_name="市数据资源管理局",
        organisation_kind=OrganisationKind.DATA_BUREAU,
        centers=[CenterKind.DATA, CenterKind.EXPERT],
        is_admin=True,
        origin=Origin(device="cli"),
    )
    args.update(overrides)
    return args


async def test_account_is_created_with_its_centers(app, settings, sign_in) -> None:
    user = await create_user(**_args(settings))
    assert user.username == "zhao.min"
    assert await CenterMembership.filter(user_id=user.id).count() == 2
    assert await AuditRecord.filter(action="USER_CREATED", target_id=str(user.id)).exists()
    assert (await sign_in("Zhao.Min", "Strong-pass-42"))["__typename"] == "AuthPayload"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"password": "Demo-2026"}, "PASSWORD_REFUSED", "password"),
        ({"password": "short1A"}, "PASSWORD_TOO_SHORT", "password"),
        ({"password": "alllowercase"}, "PASSWORD_TOO_SIMPLE", "password"),
        ({"username": "bad name!"}, "INVALID_INPUT", "username"),
        ({"centers": []}, "INVALID_INPUT", "centers"),
        (
            {"organisation_kind": OrganisationKind.VENDOR, "organisation_name": "市财政局"},
            "ORGANISATION_KIND_MISMATCH",
            "organisation_kind",
        ),
    ],
)
async def test_bad_input_creates_nothing(app, settings, overrides, code, field) -> None:
    await Organisation.create(name="市财政局", kind=OrganisationKind.FINANCE)
    with pytest.raises(InvalidInput) as refused:
        await create_user(**_args(settings, **overrides))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert await User.all().count() == 0
    assert await Organisation.all().count() == 1


async def test_username_is_taken_once(app, settings) -> None:
    await create_user(**_args(settings))
    with pytest.raises(InvalidInput) as refused:
        await create_user(**_args(settings, username="ZHAO.MIN"))
    assert refused.value.code == "USERNAME_TAKEN"
