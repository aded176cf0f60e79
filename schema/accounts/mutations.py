"""Sign-in mutations: each returns its success type or a typed AuthError."""

from __future__ import annotations

from dataclasses import replace

import strawberry

from domain.accounts.flows import AuthFailed, SignedIn
from domain.accounts.provisioning import update_organisation, update_profile
from schema.accounts.types import (
    AuthError,
    AuthErrorCode,
    AuthPayload,
    BeginTotpResult,
    ConfirmTotpInput,
    ConfirmTotpResult,
    LoginInput,
    LoginResult,
    LogoutInput,
    LogoutResult,
    LogoutSuccess,
    Organisation,
    OrganisationInput,
    ProfileInput,
    RefreshTokenInput,
    RefreshTokenResult,
    SessionScope,
    TotpConfirmed,
    TotpEnrolment,
    UpdateOrganisationResult,
    UpdateProfileResult,
    User,
)
from schema.shared.actions import input_path
from schema.shared.context import Context
from schema.shared.messages import message
from schema.shared.permissions import IsSignedIn, TakesPartInTheWorkflow, signed_in


def _error(failure: AuthFailed, locale: str) -> AuthError:
    return AuthError(
        code=AuthErrorCode(failure.code), message=message(failure.code, locale), field=input_path(failure.field)
    )


def _payload(signed: SignedIn) -> AuthPayload:
    return AuthPayload(
        access_token=signed.access_token,
        access_token_expires_at=signed.access_expires_at,
        refresh_token=signed.refresh_token,
        refresh_token_expires_at=signed.refresh_expires_at,
        scope=SessionScope(signed.scope),
        user=User(row=signed.user),
    )


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with username and password (and a one-time code).")
    async def login(self, info: strawberry.Info, input: LoginInput) -> LoginResult:
        context: Context = info.context
        if not await context.login_limiter.hit(f"login:{context.origin.ip}"):
            return _error(AuthFailed("RATE_LIMITED"), context.locale)
        origin = replace(context.origin, device=input.device or context.origin.device)
        try:
            signed = await context.auth.login(
                username=input.username, password=input.password, otp=input.otp, origin=origin
            )
        except AuthFailed as failure:
            return _error(failure, context.locale)
        return _payload(signed)

    @strawberry.mutation(description="Rotate the refresh token; reusing an old one ends the session.")
    async def refresh_token(self, info: strawberry.Info, input: RefreshTokenInput) -> RefreshTokenResult:
        context: Context = info.context
        try:
            signed = await context.auth.refresh(refresh_token=input.refresh_token, origin=context.origin)
        except AuthFailed as failure:
            return _error(failure, context.locale)
        return _payload(signed)

    @strawberry.mutation(description="End the session of this refresh token.")
    async def logout(self, info: strawberry.Info, input: LogoutInput) -> LogoutResult:
        context: Context = info.context
        try:
            await context.auth.logout(refresh_token=input.refresh_token, origin=context.origin)
        except AuthFailed as failure:
            return _error(failure, context.locale)
        return LogoutSuccess(logged_out=True)

    @strawberry.mutation(permission_classes=[IsSignedIn], description="Your display name and language.")
    async def update_my_profile(self, info: strawberry.Info, input: ProfileInput) -> UpdateProfileResult:
        context: Context = info.context
        principal = signed_in(info)
        try:
            user = await update_profile(
                user=principal.user, display_name=input.display_name, locale=input.locale, origin=context.origin
            )
        except AuthFailed as failure:
            return _error(failure, context.locale)
        return User(row=user)

    @strawberry.mutation(
        permission_classes=[TakesPartInTheWorkflow],
        description="Your organisation's contact data (not for the audit center, which only reads).",
    )
    async def update_my_organisation(self, info: strawberry.Info, input: OrganisationInput) -> UpdateOrganisationResult:
        context: Context = info.context
        try:
            organisation = await update_organisation(
                user=signed_in(info).user,
                contact_person=input.contact_person,
                contact_phone=input.contact_phone,
                address=input.address,
                origin=context.origin,
            )
        except AuthFailed as failure:
            return _error(failure, context.locale)
        row = {
            "id": organisation.id,
            "name": organisation.name,
            "kind": organisation.kind,
            "contact_person": organisation.contact_person,
            "contact_phone": organisation.contact_phone,
            "address": organisation.address,
        }
        return Organisation(row=row)

    @strawberry.mutation(permission_classes=[IsSignedIn])
    async def begin_totp_enrolment(self, info: strawberry.Info) -> BeginTotpResult:
        context: Context = info.context
        try:
            enrolment = await context.auth.begin_totp_enrolment(user=signed_in(info).user, origin=context.origin)
        except AuthFailed as failure:
            return _error(failure, context.locale)
        return TotpEnrolment(secret=enrolment.secret, provisioning_uri=enrolment.provisioning_uri)

    @strawberry.mutation(permission_classes=[IsSignedIn])
    async def confirm_totp_enrolment(self, info: strawberry.Info, input: ConfirmTotpInput) -> ConfirmTotpResult:
        context: Context = info.context
        principal = signed_in(info)
        try:
            await context.auth.confirm_totp_enrolment(
                user=principal.user,
                code=input.code,
                session_id=principal.session_id,
                origin=context.origin,
            )
        except AuthFailed as failure:
            return _error(failure, context.locale)
        principal.user.totp_enabled = True
        return TotpConfirmed(user=User(row=principal.user))
