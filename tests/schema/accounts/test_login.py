"""Sign-in over GraphQL: every path, bad input included, each with its typed error."""

from __future__ import annotations

import pyotp
from starlette.applications import Starlette

from domain.accounts.models import AuthSession, LoginThrottle, User
from domain.audit.models import AuditRecord
from tests.conftest import LOGIN

ME = "query { me { user { username displayName organisation { name kind } } centers { kind } } }"


async def test_demo_user_signs_in_and_sees_their_centers(demo, sign_in, gql) -> None:
    # given / when
    result = await sign_in("builder")
    # then
    assert result["__typename"] == "AuthPayload"
    assert result["scope"] == "FULL"
    me = await gql(ME, token=result["accessToken"])
    assert me["data"]["me"]["user"]["organisation"] == {"name": "市公安局", "kind": "BUILDER"}
    assert me["data"]["me"]["centers"] == [{"kind": "BUILDER"}]
    assert await AuthSession.all().count() == 1
    assert await AuditRecord.filter(action="LOGIN", outcome="SUCCESS", ip="203.0.113.7").count() == 1


async def test_wrong_password_and_unknown_user_answer_the_same(demo, sign_in) -> None:
    wrong = await sign_in("builder", "Wrong-pass-1")
    unknown = await sign_in("nobody-here", "Wrong-pass-1")
    assert (
        wrong
        == unknown
        == {
            "__typename": "AuthError",
            "code": "INVALID_CREDENTIALS",
            "message": "Wrong username or password.",
            "field": None,
        }
    )
    assert await AuthSession.all().count() == 0


async def test_messages_follow_accept_language(demo, gql) -> None:
    body = await gql(
        LOGIN,
        {"input": {"username": "builder", "password": "nope-Nope-1"}},
        headers={"accept-language": "zh-CN,zh;q=0.9"},
    )
    assert body["data"]["login"]["message"] == "用户名或密码错误。"


async def test_empty_or_oversized_input_is_a_typed_error(demo, sign_in, gql) -> None:
    empty = await sign_in("   ", "x")
    assert (empty["code"], empty["field"]) == ("INVALID_INPUT", "username")
    # a text over its documented maximum is refused before the sign-in runs (schema/limits.py)
    huge = await gql(LOGIN, {"input": {"username": "builder", "password": "x" * 10_000}})
    assert huge["data"] is None
    assert huge["errors"][0]["extensions"] == {"code": "TEXT_TOO_LONG", "field": "input.password"}
    assert await LoginThrottle.all().count() == 0
    assert await AuthSession.all().count() == 0


async def test_five_failures_lock_the_account_even_for_the_right_password(demo, sign_in, frozen_clock) -> None:
    results = [await sign_in("builder", f"Wrong-{i}-pass") for i in range(5)]
    assert [r["code"] for r in results] == ["INVALID_CREDENTIALS"] * 4 + ["ACCOUNT_LOCKED"]
    locked = await sign_in("builder")
    assert locked["code"] == "ACCOUNT_LOCKED"
    assert await AuthSession.all().count() == 0
    # when the lock period has passed
    frozen_clock.advance(minutes=16)
    assert (await sign_in("builder"))["__typename"] == "AuthPayload"
    assert await LoginThrottle.all().count() == 0


async def test_unknown_usernames_lock_the_same_way(demo, sign_in) -> None:
    results = [await sign_in("ghost", f"Wrong-{i}-pass") for i in range(6)]
    assert [r["code"] for r in results] == ["INVALID_CREDENTIALS"] * 4 + ["ACCOUNT_LOCKED"] * 2


async def test_lockout_is_recorded_in_the_audit_trail(demo, sign_in) -> None:
    for i in range(5):
        await sign_in("builder", f"Wrong-{i}-pass")
    outcomes = (
        await AuditRecord.filter(action="LOGIN", actor_name="builder").order_by("id").values_list("outcome", flat=True)
    )
    assert outcomes == ["BAD_PASSWORD"] * 4 + ["LOCKED_NOW"]


async def test_inactive_user_cannot_sign_in(demo, sign_in) -> None:
    await User.filter(username="vendor").update(is_active=False)
    assert (await sign_in("vendor"))["code"] == "INVALID_CREDENTIALS"


async def test_sign_in_attempts_are_rate_limited_per_address(demo, app: Starlette, sign_in) -> None:
    limiter = app.state.graphql.login_limiter
    limit = limiter.limit
    for _ in range(limit):
        await limiter.hit("login:203.0.113.7")
    result = await sign_in("builder")
    assert result["code"] == "RATE_LIMITED"
    assert await AuthSession.all().count() == 0


ENROL = """mutation { beginTotpEnrolment {
  __typename ... on TotpEnrolment { secret provisioningUri } ... on AuthError { code } } }"""
CONFIRM = """mutation($code: String!) { confirmTotpEnrolment(input: {code: $code}) {
  __typename ... on TotpConfirmed { user { totpEnabled } } ... on AuthError { code field } } }"""


async def _enrol(gql, token: str) -> pyotp.TOTP:
    started = (await gql(ENROL, token=token))["data"]["beginTotpEnrolment"]
    assert started["provisioningUri"].startswith("otpauth://totp/")
    totp = pyotp.TOTP(started["secret"])
    bad = await gql(CONFIRM, {"code": "000000" if totp.now() != "000000" else "111111"}, token=token)
    assert bad["data"]["confirmTotpEnrolment"]["code"] == "OTP_INVALID"
    done = (await gql(CONFIRM, {"code": totp.now()}, token=token))["data"]["confirmTotpEnrolment"]
    assert done == {"__typename": "TotpConfirmed", "user": {"totpEnabled": True}}
    return totp


async def test_second_factor_is_required_once_enrolled(demo, sign_in, gql, frozen_clock) -> None:
    first = await sign_in("finance")
    totp = await _enrol(gql, first["accessToken"])
    # when signing in again
    assert (await sign_in("finance"))["code"] == "OTP_REQUIRED"
    assert (await sign_in("finance", otp="12345x"))["code"] == "OTP_INVALID"
    frozen_clock.advance(seconds=60)  # a step the enrolment did not use
    code = totp.at(frozen_clock_now(frozen_clock))
    assert (await sign_in("finance", otp=code))["__typename"] == "AuthPayload"
    # the same code is never accepted twice
    assert (await sign_in("finance", otp=code))["code"] == "OTP_INVALID"


def frozen_clock_now(moved) -> float:
    from domain import clock

    return clock.now().timestamp()


async def test_enrolment_cannot_start_twice(as_user, demo, gql) -> None:
    token = (await as_user("drc")).token
    await _enrol(gql, token)
    again = (await gql(ENROL, token=token))["data"]["beginTotpEnrolment"]
    assert again == {"__typename": "AuthError", "code": "TOTP_ALREADY_ENABLED"}


async def test_enrolment_needs_a_signed_in_user(gql) -> None:
    body = await gql(ENROL)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
