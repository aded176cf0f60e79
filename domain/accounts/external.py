"""Sign-in from where officials already are: a WeChat mini-program or a DingTalk micro-app.

The provider's sign-in code is exchanged on the server (by the caller, through the provider's client) for
an identity; this module decides what that identity may do. Each code is used once. A known identity signs
in to its bound account; an unknown one gets a short-lived binding ticket, and is bound to a
pre-provisioned account with that account's password or a one-time code from an administrator. Our own
tokens are issued then; the provider's session key never leaves the exchange."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import clock
from domain.accounts.flows import Authenticator, AuthFailed, SignedIn
from domain.accounts.models import BindingCode, ExternalCode, ExternalIdentity, PendingBinding, User
from domain.accounts.rules import normalise_username
from domain.audit.service import Origin, record

PROVIDERS = ("wechat", "dingtalk")
TICKET_LIFETIME = timedelta(minutes=10)
BINDING_CODE_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class BindingRequired:
    ticket: str
    provider: str


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def use_code(provider: str, code: str, origin: Origin) -> None:
    """Remember a provider code before exchanging it: a second use is refused without asking the provider."""
    if provider not in PROVIDERS or not code or len(code) > 256:
        raise AuthFailed("INVALID_INPUT", field="code")
    try:
        await ExternalCode.create(provider=provider, code_hash=_hash(code), used_at=clock.now())
    except IntegrityError:
        await record(action="EXTERNAL_SIGN_IN", outcome="CODE_REUSED", origin=origin, detail={"provider": provider})
        raise AuthFailed("CODE_INVALID", field="code") from None


async def sign_in(
    auth: Authenticator, *, provider: str, subject: str, unionid: str | None, otp: str | None, origin: Origin
) -> SignedIn | BindingRequired:
    """The provider vouched for `subject`: sign in its account, or hand out a binding ticket."""
    identity = await ExternalIdentity.get_or_none(provider=provider, subject=subject).select_related("user")
    if identity is None:
        ticket = secrets.token_urlsafe(32)
        await PendingBinding.create(
            ticket_hash=_hash(ticket),
            provider=provider,
            subject=subject,
            unionid=unionid,
            expires_at=clock.now() + TICKET_LIFETIME,
        )
        await record(
            action="EXTERNAL_SIGN_IN", outcome="BINDING_REQUIRED", origin=origin, detail={"provider": provider}
        )
        return BindingRequired(ticket=ticket, provider=provider)
    user = identity.user
    if not user.is_active:
        await record(
            action="EXTERNAL_SIGN_IN",
            outcome="INACTIVE",
            origin=origin,
            actor_id=user.id,
            detail={"provider": provider},
        )
        raise AuthFailed("INVALID_CREDENTIALS")
    await auth.check_second_factor(user, otp, origin)
    if identity.gone_at is not None:  # the provider reached them again: the address works again
        await ExternalIdentity.filter(id=identity.id).update(gone_at=None)
    return await auth.open_session(user, origin=origin, now=clock.now(), method=provider)


async def bind(
    auth: Authenticator,
    *,
    ticket: str,
    username: str,
    password: str | None,
    one_time_code: str | None,
    otp: str | None,
    origin: Origin,
) -> SignedIn:
    """Bind the ticket's identity to the account proven by its password (with the usual lockout and second
    factor) or by a one-time code, then sign in."""
    if not ticket or len(ticket) > 100:
        raise AuthFailed("BINDING_INVALID", field="ticket")
    if bool(password) == bool(one_time_code):
        raise AuthFailed("INVALID_INPUT", field="password" if not password else "one_time_code")
    now = clock.now()
    pending = await PendingBinding.get_or_none(ticket_hash=_hash(ticket), used_at__isnull=True, expires_at__gt=now)
    if pending is None:
        raise AuthFailed("BINDING_INVALID", field="ticket")
    if await ExternalIdentity.filter(provider=pending.provider, user__username=normalise_username(username)).exists():
        raise AuthFailed("ALREADY_BOUND", field="username")
    if password:
        signed = await auth.login(username=username, password=password, otp=otp, origin=origin)
        user = signed.user
    else:
        user = await _redeem(username, one_time_code or "", origin)
        await auth.check_second_factor(user, otp, origin)
        signed = None
    async with in_transaction():
        claimed = await PendingBinding.filter(id=pending.id, used_at__isnull=True).update(used_at=now)
        if not claimed:
            raise AuthFailed("BINDING_INVALID", field="ticket")
        if await ExternalIdentity.filter(provider=pending.provider, user_id=user.id).exists():
            raise AuthFailed("ALREADY_BOUND", field="username")
        try:
            await ExternalIdentity.create(
                provider=pending.provider,
                subject=pending.subject,
                unionid=pending.unionid,
                user_id=user.id,
                bound_at=now,
            )
        except IntegrityError:
            raise AuthFailed("ALREADY_BOUND", field="ticket") from None
        proof = "password" if password else "one-time code"
        await record(
            action="EXTERNAL_BIND",
            outcome="SUCCESS",
            origin=origin,
            actor_id=user.id,
            detail={"provider": pending.provider, "with": proof},
        )
    return signed or await auth.open_session(user, origin=origin, now=now, method=pending.provider)


async def _redeem(username: str, code: str, origin: Origin) -> User:
    now = clock.now()
    user = await User.get_or_none(username=normalise_username(username), is_active=True)
    row = None
    if user is not None and code.strip():
        row = await BindingCode.get_or_none(
            user_id=user.id, code_hash=_hash(code.strip()), used_at__isnull=True, expires_at__gt=now
        )
    if row is None or user is None:
        await record(action="EXTERNAL_BIND", outcome="BAD_CODE", origin=origin, actor_name=normalise_username(username))
        raise AuthFailed("INVALID_CREDENTIALS", field="one_time_code")
    if not await BindingCode.filter(id=row.id, used_at__isnull=True).update(used_at=now):
        raise AuthFailed("INVALID_CREDENTIALS", field="one_time_code")
    return user


async def issue_binding_code(*, username: str, origin: Origin) -> str:
    """An administrator's one-time code (10 digits, 24 hours) for a user binding WeChat or DingTalk."""
    user = await User.get_or_none(username=normalise_username(username), is_active=True)
    if user is None:
        raise AuthFailed("INVALID_INPUT", field="username")
    code = "".join(secrets.choice("0123456789") for _ in range(10))
    await BindingCode.create(user_id=user.id, code_hash=_hash(code), expires_at=clock.now() + BINDING_CODE_LIFETIME)
    await record(
        action="BINDING_CODE_ISSUED",
        outcome="SUCCESS",
        origin=origin,
        actor_name="operator",
        target_type="user",
        target_id=str(user.id),
    )
    return code


class IdentityRejected(Exception):
    """The provider refused the code (invalid, expired or used): the caller's problem, not the provider's."""


class IdentityUnavailable(Exception):
    """The provider could not be asked (down, timed out, our credentials refused)."""
