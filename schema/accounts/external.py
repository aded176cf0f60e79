"""Sign-in from a WeChat mini-program or a DingTalk micro-app, and binding those identities to accounts."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Protocol

import strawberry

from domain.accounts import external
from domain.accounts.flows import AuthFailed
from schema.accounts.mutations import LoginResult, _error, _payload
from schema.accounts.types import AuthError, AuthPayload
from schema.shared.context import Context


class IdentityProvider(Protocol):
    """Exchanges a provider's one-time sign-in code for (subject, unionid) on the server."""

    async def identify(self, code: str) -> tuple[str, str | None]: ...


@strawberry.type(description="The identity is not bound yet: bind it with the account's password or a one-time code.")
class BindingRequired:
    ticket: str
    provider: str


ExternalSignInResult = Annotated[AuthPayload | BindingRequired | AuthError, strawberry.union("ExternalSignInResult")]


@strawberry.input
class ExternalSignInInput:
    code: str
    otp: str | None = None
    device: str | None = None


@strawberry.input
class BindExternalInput:
    ticket: str
    username: str
    password: str | None = None
    one_time_code: str | None = None
    otp: str | None = None
    device: str | None = None


async def _sign_in(info: strawberry.Info, provider: str, input: ExternalSignInInput) -> ExternalSignInResult:
    context: Context = info.context
    if not await context.login_limiter.hit(f"login:{context.origin.ip}"):
        return _error(AuthFailed("RATE_LIMITED"), context.locale)
    client: IdentityProvider | None = (context.identity or {}).get(provider)
    if client is None:
        return _error(AuthFailed("PROVIDER_DISABLED"), context.locale)
    origin = replace(context.origin, device=input.device or context.origin.device)
    try:
        await external.use_code(provider, input.code, origin)
        try:
            subject, unionid = await client.identify(input.code)
        except external.IdentityRejected:
            raise AuthFailed("CODE_INVALID", field="code") from None
        except external.IdentityUnavailable:
            raise AuthFailed("PROVIDER_UNAVAILABLE") from None
        result = await external.sign_in(
            context.auth, provider=provider, subject=subject, unionid=unionid, otp=input.otp, origin=origin
        )
    except AuthFailed as failure:
        return _error(failure, context.locale)
    if isinstance(result, external.BindingRequired):
        return BindingRequired(ticket=result.ticket, provider=result.provider)
    return _payload(result)


@strawberry.type
class ExternalSignInMutations:
    @strawberry.mutation(description="Sign in from the WeChat mini-program with a wx.login code (used once).")
    async def wechat_sign_in(self, info: strawberry.Info, input: ExternalSignInInput) -> ExternalSignInResult:
        return await _sign_in(info, "wechat", input)

    @strawberry.mutation(description="Sign in inside DingTalk / 政务钉钉 with a 免登 auth code (used once).")
    async def dingtalk_sign_in(self, info: strawberry.Info, input: ExternalSignInInput) -> ExternalSignInResult:
        return await _sign_in(info, "dingtalk", input)

    @strawberry.mutation(description="Bind a WeChat or DingTalk identity to your account, then sign in.")
    async def bind_external_account(self, info: strawberry.Info, input: BindExternalInput) -> LoginResult:
        context: Context = info.context
        if not await context.login_limiter.hit(f"login:{context.origin.ip}"):
            return _error(AuthFailed("RATE_LIMITED"), context.locale)
        origin = replace(context.origin, device=input.device or context.origin.device)
        try:
            signed = await external.bind(
                context.auth,
                ticket=input.ticket,
                username=input.username,
                password=input.password,
                one_time_code=input.one_time_code,
                otp=input.otp,
                origin=origin,
            )
        except AuthFailed as failure:
            return _error(failure, context.locale)
        return _payload(signed)
