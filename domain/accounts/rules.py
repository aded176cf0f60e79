"""Pure rules of sign-in: password policy, lockout, session lifetimes. No I/O."""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
REQUIRED_CHARACTER_CLASSES = 3
MAX_USERNAME_LENGTH = 64


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    access_ttl: timedelta = timedelta(minutes=15)
    idle_timeout: timedelta = timedelta(hours=2)
    absolute_lifetime: timedelta = timedelta(hours=24)


def normalise_username(username: str) -> str:
    """Case- and width-insensitive key of a username (全角 letters count as ASCII)."""
    return unicodedata.normalize("NFKC", username).strip().lower()


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters the password uses."""
    classes = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c in string.digits for c in password),
        any(not c.isascii() or not c.isalnum() for c in password),
    ]
    return sum(classes)


def password_problems(password: str, *, username: str = "") -> list[str]:
    """Codes of the policy rules the password breaks; empty when acceptable."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("PASSWORD_TOO_SHORT")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append("PASSWORD_TOO_LONG")
    if character_classes(password) < REQUIRED_CHARACTER_CLASSES:
        problems.append("PASSWORD_TOO_SIMPLE")
    if username and normalise_username(username) in normalise_username(password):
        problems.append("PASSWORD_CONTAINS_USERNAME")
    if is_refused_password(password):
        problems.append("PASSWORD_REFUSED")
    return problems


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failure(failures: int, now: datetime, policy: LockoutPolicy) -> tuple[int, datetime | None]:
    """Failure count and lock time after one more failed attempt."""
    failures += 1
    if failures >= policy.max_failures:
        return 0, now + policy.lock_for
    return failures, None


def session_end_reason(
    *,
    now: datetime,
    last_active_at: datetime,
    expires_at: datetime,
    revoked: bool,
    policy: SessionPolicy,
) -> str | None:
    """Why a session can no longer be used, or None while it is alive."""
    if revoked:
        return "REVOKED"
    if now >= expires_at:
        return "EXPIRED"
    if now - last_active_at >= policy.idle_timeout:
        return "IDLE"
    return None


# Passwords published in the README or common enough to be tried first.
REFUSED_PASSWORDS = frozenset({"demo-2026", "password1!", "p@ssw0rd", "admin@123", "qwer1234!"})


def is_refused_password(password: str) -> bool:
    return password.strip().lower() in REFUSED_PASSWORDS
