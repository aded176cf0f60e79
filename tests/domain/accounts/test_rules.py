from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.rules import (
    LockoutPolicy,
    SessionPolicy,
    after_failure,
    is_locked,
    normalise_username,
    password_problems,
    session_end_reason,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("Spring-2026", []),
        ("Demo-2026", ["PASSWORD_REFUSED"]),  # the demo password, published in the README
        ("abcDEF12", []),
        ("短密码Abc12", []),  # non-ASCII counts as the fourth class
        ("Ab1-", ["PASSWORD_TOO_SHORT"]),
        ("abcdefgh1", ["PASSWORD_TOO_SIMPLE"]),
        ("ABCDEFGHIJ", ["PASSWORD_TOO_SIMPLE"]),
        ("x" * 300 + "A1-", ["PASSWORD_TOO_LONG"]),
    ],
)
def test_password_policy(password: str, problems: list[str]) -> None:
    assert password_problems(password) == problems


def test_password_may_not_contain_the_username() -> None:
    assert password_problems("Builder-2026", username="builder") == ["PASSWORD_CONTAINS_USERNAME"]


def test_usernames_are_case_and_width_insensitive() -> None:
    assert normalise_username(" ＢＵＩＬＤＥＲ ") == "builder"


def test_fifth_failure_locks_and_resets_the_count() -> None:
    policy = LockoutPolicy(max_failures=5, lock_for=timedelta(minutes=15))
    failures, locked = 0, None
    for _ in range(4):
        failures, locked = after_failure(failures, NOW, policy)
        assert locked is None
    failures, locked = after_failure(failures, NOW, policy)
    assert (failures, locked) == (0, NOW + timedelta(minutes=15))
    assert is_locked(locked, NOW + timedelta(minutes=14))
    assert not is_locked(locked, NOW + timedelta(minutes=15))


@pytest.mark.parametrize(
    ("last_active", "expires", "revoked", "reason"),
    [
        (NOW, NOW + timedelta(hours=1), False, None),
        (NOW, NOW + timedelta(hours=1), True, "REVOKED"),
        (NOW, NOW, False, "EXPIRED"),
        (NOW - timedelta(hours=2), NOW + timedelta(hours=1), False, "IDLE"),
        (NOW - timedelta(hours=1, minutes=59), NOW + timedelta(hours=1), False, None),
    ],
)
def test_session_end_reason(last_active: datetime, expires: datetime, revoked: bool, reason: str | None) -> None:
    policy = SessionPolicy(idle_timeout=timedelta(hours=2), absolute_lifetime=timedelta(hours=24))
    assert (
        session_end_reason(now=NOW, last_active_at=last_active, expires_at=expires, revoked=revoked, policy=policy)
        == reason
    )
