"""Sign-in end to end: check, change state, audit record, in one transaction each."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

import pyotp
from tortoise.transactions import in_transaction

from domain import clock
from domain.accounts.kinds import APPROVING_CENTERS
from domain.accounts.models import AuthSession, LoginThrottle, RefreshToken, User
from domain.accounts.passwords import Passwords
from domain.accounts.policies import holds_any_center
from domain.accounts.rules import (
    MAX_PASSWORD_LENGTH,
    MAX_USERNAME_LENGTH,
    LockoutPolicy,
    SessionPolicy,
    after_failure,
    is_locked,
    normalise_username,
    session_end_reason,
)
from domain.accounts.tokens import AccessTokens, InvalidAccessToken
from domain.audit.service import Origin, record
from domain.errors import DomainError

FULL_SCOPE = "full"
ENROL_SCOPE = "enrol"
TOTP_ISSUER = "全程通 Quancheng"


class AuthFailed(DomainError):
    """Codes: INVALID_INPUT, INVALID_CREDENTIALS, ACCOUNT_LOCKED, OTP_REQUIRED, OTP_INVALID,
    RATE_LIMITED, INVALID_REFRESH_TOKEN, REFRESH_TOKEN_REUSED, SESSION_EXPIRED."""

    code = "INVALID_CREDENTIALS"


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session_id: str
    scope: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


@dataclass(frozen=True, slots=True)
class Principal:
    """The user behind a verified access token, with the session it belongs to."""

    user: User
    session_id: str
    scope: str

    @property
    def fully_signed_in(self) -> bool:
        return self.scope == FULL_SCOPE


@dataclass(frozen=True, slots=True)
class TotpEnrolment:
    secret: str
    provisioning_uri: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Authenticator:
    """Sign-in, token refresh with rotation and reuse detection, sign-out, second factor."""

    def __init__(
        self,
        *,
        passwords: Passwords,
        tokens: AccessTokens,
        lockout: LockoutPolicy,
        sessions: SessionPolicy,
        require_totp_for_approvers: bool,
    ) -> None:
        self.passwords = passwords
        self.tokens = tokens
        self.lockout = lockout
        self.sessions = sessions
        self.require_totp_for_approvers = require_totp_for_approvers

    async def login(self, *, username: str, password: str, otp: str | None, origin: Origin) -> SignedIn:
        """Check the credentials (and second factor), then open a session."""
        if not username.strip() or len(username) > MAX_USERNAME_LENGTH:
            raise AuthFailed("INVALID_INPUT", field="username")
        if not password or len(password) > MAX_PASSWORD_LENGTH:
            raise AuthFailed("INVALID_INPUT", field="password")
        key = normalise_username(username)
        now = clock.now()
        throttle = await LoginThrottle.get_or_none(username_key=key)
        if throttle is not None and is_locked(throttle.locked_until, now):
            await record(action="LOGIN", outcome="LOCKED", origin=origin, actor_name=key)
            raise AuthFailed("ACCOUNT_LOCKED")

        user = await User.get_or_none(username=key)
        valid = await self.passwords.verify(user.password_hash if user else None, password)
        if user is None or not valid or not user.is_active:
            await self._fail(key=key, user=user, origin=origin, reason="PASSWORD")
        if user.totp_enabled:
            if not otp:
                await record(
                    action="LOGIN",
                    outcome="OTP_REQUIRED",
                    origin=origin,
                    actor_id=user.id,
                    actor_name=key,
                )
                raise AuthFailed("OTP_REQUIRED", field="otp")
            step = self._accept_totp(user, otp)
            if step is None:
                await self._fail(key=key, user=user, origin=origin, reason="OTP")
            user.totp_last_step = step

        async with in_transaction():
            await LoginThrottle.filter(username_key=key).delete()
            if user.totp_enabled:
                await User.filter(id=user.id).update(totp_last_step=user.totp_last_step)
            return await self.open_session(user, origin=origin, now=now)

    async def open_session(self, user: User, *, origin: Origin, now: datetime, method: str = "password") -> SignedIn:
        """A new session for a user whose credentials were checked (password, or a bound WeChat/DingTalk)."""
        scope = FULL_SCOPE
        if self.require_totp_for_approvers and not user.totp_enabled:
            approving = await holds_any_center(user.id, APPROVING_CENTERS)
            if approving or user.is_admin:
                scope = ENROL_SCOPE
        async with in_transaction():
            session = await AuthSession.create(
                id=uuid.uuid4(),
                user_id=user.id,
                created_at=now,
                last_active_at=now,
                expires_at=now + self.sessions.absolute_lifetime,
                scope=scope,
                ip=origin.ip,
                device=(origin.device or "")[:255] or None,
            )
            refresh_token = await self._new_refresh_token(session.id, now)
            await record(
                action="LOGIN",
                outcome="SUCCESS",
                origin=origin,
                actor_id=user.id,
                actor_name=user.username,
                target_type="session",
                target_id=str(session.id),
                detail={"scope": scope, "method": method},
            )
        return self._signed_in(user, session, refresh_token, now)

    async def refresh(self, *, refresh_token: str, origin: Origin) -> SignedIn:
        """Exchange a refresh token for new tokens; a reused token revokes its whole family."""
        if not refresh_token or len(refresh_token) > 200:
            raise AuthFailed("INVALID_REFRESH_TOKEN", field="refresh_token")
        now = clock.now()
        failure: str | None = None
        async with in_transaction():
            row = (
                await RefreshToken.filter(token_hash=_token_hash(refresh_token))
                .select_for_update(of=("refresh_token",))
                .select_related("session__user")
                .first()
            )
            if row is None:
                failure = "INVALID_REFRESH_TOKEN"
            else:
                session = row.session
                user = session.user
                if row.used_at is not None:
                    failure = "REFRESH_TOKEN_REUSED"
                    if session.revoked_at is None:
                        await AuthSession.filter(id=session.id).update(revoked_at=now, revoked_reason="REFRESH_REUSE")
                elif self._end_reason(session, now) or not user.is_active:
                    failure = "SESSION_EXPIRED"
                    await RefreshToken.filter(id=row.id).update(used_at=now)
                else:
                    await RefreshToken.filter(id=row.id).update(used_at=now)
                    await AuthSession.filter(id=session.id).update(last_active_at=now)
                    new_token = await self._new_refresh_token(session.id, now)
                await record(
                    action="REFRESH",
                    outcome=failure or "SUCCESS",
                    origin=origin,
                    actor_id=user.id,
                    actor_name=user.username,
                    target_type="session",
                    target_id=str(session.id),
                )
        if failure is not None:
            if row is None:
                await record(action="REFRESH", outcome=failure, origin=origin)
            raise AuthFailed(failure, field="refresh_token")
        return self._signed_in(user, session, new_token, now)

    async def logout(self, *, refresh_token: str, origin: Origin) -> None:
        """End the session of this refresh token; ending an ended session is not an error."""
        row = await RefreshToken.filter(token_hash=_token_hash(refresh_token)).select_related("session").first()
        if row is None:
            raise AuthFailed("INVALID_REFRESH_TOKEN", field="refresh_token")
        now = clock.now()
        async with in_transaction():
            await AuthSession.filter(id=row.session.id, revoked_at=None).update(revoked_at=now, revoked_reason="LOGOUT")
            await record(
                action="LOGOUT",
                outcome="SUCCESS",
                origin=origin,
                actor_id=row.session.user_id,
                target_type="session",
                target_id=str(row.session.id),
            )

    async def authenticate(self, access_token: str) -> Principal:
        """The principal of a valid access token whose session is still alive."""
        claims = self.tokens.verify(access_token)
        session = await AuthSession.filter(id=claims.session_id).select_related("user").first()
        if session is None or session.user_id != claims.user_id:
            raise InvalidAccessToken("unknown session")
        if self._end_reason(session, clock.now()) or not session.user.is_active:
            raise InvalidAccessToken("session ended")
        return Principal(user=session.user, session_id=str(session.id), scope=session.scope)

    async def begin_totp_enrolment(self, *, user: User, origin: Origin) -> TotpEnrolment:
        """A new secret for the user's authenticator app; active once a code confirms it."""
        if user.totp_enabled:
            raise AuthFailed("TOTP_ALREADY_ENABLED")
        secret = pyotp.random_base32()
        async with in_transaction():
            await User.filter(id=user.id).update(totp_secret=secret)
            await record(action="TOTP_BEGIN", outcome="SUCCESS", origin=origin, actor_id=user.id)
        uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)
        return TotpEnrolment(secret=secret, provisioning_uri=uri)

    async def confirm_totp_enrolment(self, *, user: User, code: str, session_id: str, origin: Origin) -> None:
        """Turn the second factor on after the first good code; the session becomes full."""
        fresh = await User.get(id=user.id)
        if fresh.totp_enabled:
            raise AuthFailed("TOTP_ALREADY_ENABLED")
        if not fresh.totp_secret:
            raise AuthFailed("TOTP_NOT_STARTED")
        step = self._accept_totp(fresh, code)
        if step is None:
            await record(action="TOTP_CONFIRM", outcome="OTP_INVALID", origin=origin, actor_id=user.id)
            raise AuthFailed("OTP_INVALID", field="code")
        async with in_transaction():
            await User.filter(id=user.id).update(totp_enabled=True, totp_last_step=step)
            await AuthSession.filter(id=session_id).update(scope=FULL_SCOPE)
            await record(action="TOTP_CONFIRM", outcome="SUCCESS", origin=origin, actor_id=user.id)

    # -- internals --

    async def _fail(self, *, key: str, user: User | None, origin: Origin, reason: str) -> NoReturn:
        now = clock.now()
        async with in_transaction():
            throttle = await LoginThrottle.filter(username_key=key).select_for_update().first()
            if throttle is None:
                throttle = await LoginThrottle.create(username_key=key, failures=0, updated_at=now)
            failures, locked_until = after_failure(throttle.failures, now, self.lockout)
            await LoginThrottle.filter(id=throttle.id).update(
                failures=failures, locked_until=locked_until, updated_at=now
            )
            outcome = "LOCKED_NOW" if locked_until else f"BAD_{reason}"
            await record(
                action="LOGIN",
                outcome=outcome,
                origin=origin,
                actor_id=user.id if user else None,
                actor_name=key,
            )
        if locked_until is not None:
            raise AuthFailed("ACCOUNT_LOCKED")
        raise AuthFailed(
            "OTP_INVALID" if reason == "OTP" else "INVALID_CREDENTIALS", field="otp" if reason == "OTP" else None
        )

    async def check_second_factor(self, user: User, otp: str | None, origin: Origin) -> None:
        """For sign-ins without the password form: a user with TOTP gives a code too (replay refused)."""
        if not user.totp_enabled:
            return
        if not otp:
            raise AuthFailed("OTP_REQUIRED", field="otp")
        step = self._accept_totp(user, otp)
        if step is None:
            await self._fail(key=user.username, user=user, origin=origin, reason="OTP")
        await User.filter(id=user.id).update(totp_last_step=step)
        user.totp_last_step = step

    def _accept_totp(self, user: User, code: str) -> int | None:
        """The time step of a valid, not yet used code, or None."""
        if not user.totp_secret or not code.strip().isdigit():
            return None
        totp = pyotp.TOTP(user.totp_secret)
        now = clock.now()
        for offset in (0, -1, 1):
            at = now.timestamp() + offset * totp.interval
            if secrets.compare_digest(totp.at(at), code.strip()):
                step = int(at // totp.interval)
                if user.totp_last_step is not None and step <= user.totp_last_step:
                    return None
                return step
        return None

    async def _new_refresh_token(self, session_id: uuid.UUID | str, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        await RefreshToken.create(session_id=session_id, token_hash=_token_hash(token), created_at=now)
        return token

    def _end_reason(self, session: AuthSession, now: datetime) -> str | None:
        return session_end_reason(
            now=now,
            last_active_at=session.last_active_at,
            expires_at=session.expires_at,
            revoked=session.revoked_at is not None,
            policy=self.sessions,
        )

    def _signed_in(self, user: User, session: AuthSession, refresh_token: str, now: datetime) -> SignedIn:
        access, access_exp = self.tokens.issue(user_id=user.id, session_id=str(session.id), now=now)
        refresh_exp = min(session.expires_at, now + self.sessions.idle_timeout)
        return SignedIn(
            user=user,
            session_id=str(session.id),
            scope=session.scope,
            access_token=access,
            access_expires_at=access_exp,
            refresh_token=refresh_token,
            refresh_expires_at=refresh_exp,
        )
