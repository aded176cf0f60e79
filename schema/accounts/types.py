"""GraphQL types of accounts and sign-in."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from domain.accounts import kinds
from domain.accounts.models import CenterMembership as MembershipRow
from domain.accounts.models import User as UserRow
from domain.accounts.policies import CenterAbility, abilities_of
from schema.shared import ids
from schema.shared.errors import UserError

OrganisationKind = kinds.OrganisationKind
strawberry.enum(OrganisationKind, name="OrganisationKind")
CenterKind = kinds.CenterKind
strawberry.enum(CenterKind, name="CenterKind")
strawberry.enum(CenterAbility, name="CenterAbility")


@strawberry.type
class Organisation:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Organisation", self.row["id"]))

    @strawberry.field
    def name(self) -> str:
        return self.row["name"]

    @strawberry.field
    def kind(self) -> OrganisationKind:
        return kinds.OrganisationKind(self.row["kind"])

    @strawberry.field
    def contact_person(self) -> str:
        return self.row.get("contact_person", "")

    @strawberry.field
    def contact_phone(self) -> str:
        return self.row.get("contact_phone", "")

    @strawberry.field
    def address(self) -> str:
        return self.row.get("address", "")


async def load_organisation(info: strawberry.Info, organisation_id: int) -> Organisation:
    row = await info.context.loaders.organisation_by_id.load(organisation_id)
    if row is None:  # organisations are never deleted (ON DELETE RESTRICT)
        raise LookupError(f"organisation {organisation_id} is referenced but missing")
    return Organisation(row=row)


@strawberry.type
class User:
    row: strawberry.Private[UserRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("User", self.row.id))

    @strawberry.field
    def username(self) -> str:
        return self.row.username

    @strawberry.field
    def display_name(self) -> str:
        return self.row.display_name

    @strawberry.field
    def locale(self) -> str:
        return self.row.locale

    @strawberry.field
    def totp_enabled(self) -> bool:
        return self.row.totp_enabled

    @strawberry.field
    async def organisation(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.row.organisation_id)


@strawberry.type
class CenterMembership:
    row: strawberry.Private[MembershipRow]

    @strawberry.field
    def kind(self) -> CenterKind:
        return self.row.center

    @strawberry.field
    async def organisation(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.row.organisation_id)

    @strawberry.field(description="What this center's home offers you (declare, follow projects, charts).")
    def abilities(self) -> list[CenterAbility]:
        return abilities_of(CenterKind(self.row.center))


@strawberry.type
class Me:
    user: User

    @strawberry.field
    async def centers(self, info: strawberry.Info) -> list[CenterMembership]:
        rows = await info.context.loaders.memberships_by_user_id.load(self.user.row.id)
        return [CenterMembership(row=row) for row in rows]


@strawberry.enum
class SessionScope(Enum):
    FULL = "full"
    ENROL = "enrol"


@strawberry.type(description="Signed in: a short-lived access token and a one-use refresh token.")
class AuthPayload:
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    refresh_token_expires_at: datetime
    scope: SessionScope = strawberry.field(
        description="ENROL: the session may only enrol a second factor until it does."
    )
    user: User


@strawberry.enum
class AuthErrorCode(Enum):
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    OTP_REQUIRED = "OTP_REQUIRED"
    OTP_INVALID = "OTP_INVALID"
    RATE_LIMITED = "RATE_LIMITED"
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"
    REFRESH_TOKEN_REUSED = "REFRESH_TOKEN_REUSED"
    SESSION_EXPIRED = "SESSION_EXPIRED"
    TOTP_ALREADY_ENABLED = "TOTP_ALREADY_ENABLED"
    TOTP_NOT_STARTED = "TOTP_NOT_STARTED"
    CODE_INVALID = "CODE_INVALID"
    BINDING_INVALID = "BINDING_INVALID"
    ALREADY_BOUND = "ALREADY_BOUND"
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"
    PROVIDER_DISABLED = "PROVIDER_DISABLED"


@strawberry.type
class AuthError(UserError):
    code: AuthErrorCode


@strawberry.type
class LogoutSuccess:
    logged_out: bool


@strawberry.type
class TotpEnrolment:
    secret: str
    provisioning_uri: str = strawberry.field(description="otpauth:// URI to show as a QR code.")


@strawberry.type
class TotpConfirmed:
    user: User


@strawberry.input
class LoginInput:
    username: str
    password: str
    otp: str | None = None
    device: str | None = None


@strawberry.input
class RefreshTokenInput:
    refresh_token: str


@strawberry.input
class LogoutInput:
    refresh_token: str


@strawberry.input
class ConfirmTotpInput:
    code: str


LoginResult = Annotated[AuthPayload | AuthError, strawberry.union("LoginResult")]
RefreshTokenResult = Annotated[AuthPayload | AuthError, strawberry.union("RefreshTokenResult")]
LogoutResult = Annotated[LogoutSuccess | AuthError, strawberry.union("LogoutResult")]
BeginTotpResult = Annotated[TotpEnrolment | AuthError, strawberry.union("BeginTotpEnrolmentResult")]
ConfirmTotpResult = Annotated[TotpConfirmed | AuthError, strawberry.union("ConfirmTotpEnrolmentResult")]


@strawberry.input
class ProfileInput:
    display_name: str
    locale: str = "zh-CN"


UpdateProfileResult = Annotated[User | AuthError, strawberry.union("UpdateProfileResult")]


@strawberry.input
class OrganisationInput:
    contact_person: str = ""
    contact_phone: str = ""
    address: str = ""


UpdateOrganisationResult = Annotated[Organisation | AuthError, strawberry.union("UpdateOrganisationResult")]
