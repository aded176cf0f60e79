"""Refresh rotation, reuse detection, sign-out, expiry and forged tokens over GraphQL."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from starlette.applications import Starlette

from domain import clock
from domain.accounts.models import AuthSession, RefreshToken
from domain.audit.models import AuditRecord

ME = "query { me { user { username } } }"
REFRESH = """mutation($t: String!) { refreshToken(input: {refreshToken: $t}) {
  __typename ... on AuthPayload { accessToken refreshToken } ... on AuthError { code field } } }"""
LOGOUT = """mutation($t: String!) { logout(input: {refreshToken: $t}) {
  __typename ... on LogoutSuccess { loggedOut } ... on AuthError { code } } }"""


def code_of(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def refresh(gql, token: str) -> dict:
    return (await gql(REFRESH, {"t": token}))["data"]["refreshToken"]


async def test_refresh_rotates_the_token(demo, sign_in, gql) -> None:
    first = await sign_in("vendor")
    second = await refresh(gql, first["refreshToken"])
    assert second["__typename"] == "AuthPayload"
    assert second["refreshToken"] != first["refreshToken"]
    assert (await gql(ME, token=second["accessToken"]))["data"]["me"]["user"]["username"] == "vendor"
    third = await refresh(gql, second["refreshToken"])
    assert third["__typename"] == "AuthPayload"


async def test_reusing_a_rotated_refresh_token_revokes_the_family(demo, sign_in, gql) -> None:
    first = await sign_in("vendor")
    second = await refresh(gql, first["refreshToken"])
    # when the old token comes back (stolen copy)
    reused = await refresh(gql, first["refreshToken"])
    # then
    assert reused == {"__typename": "AuthError", "code": "REFRESH_TOKEN_REUSED", "field": "refreshToken"}
    assert (await refresh(gql, second["refreshToken"]))["code"] == "SESSION_EXPIRED"
    assert code_of(await gql(ME, token=second["accessToken"])) == "UNAUTHENTICATED"
    session = await AuthSession.get()
    assert session.revoked_reason == "REFRESH_REUSE"
    assert await AuditRecord.filter(action="REFRESH", outcome="REFRESH_TOKEN_REUSED").exists()


async def test_two_racing_refreshes_with_one_token_let_exactly_one_win(demo, sign_in, gql) -> None:
    import asyncio

    for _ in range(5):
        signed = await sign_in("finance")
        results = await asyncio.gather(*(refresh(gql, signed["refreshToken"]) for _ in range(5)))
        winners = [r for r in results if r["__typename"] == "AuthPayload"]
        assert len(winners) == 1
        assert {r["code"] for r in results if r["__typename"] == "AuthError"} <= {
            "REFRESH_TOKEN_REUSED",
            "SESSION_EXPIRED",
        }
    # every race revoked its family: a stolen copy used alongside is never honoured
    assert await AuthSession.filter(revoked_at__isnull=True).count() == 0


async def test_other_sessions_survive_a_reuse_in_one_family(demo, sign_in, gql) -> None:
    phone = await sign_in("vendor")
    laptop = await sign_in("vendor")
    await refresh(gql, phone["refreshToken"])
    await refresh(gql, phone["refreshToken"])
    assert (await gql(ME, token=laptop["accessToken"]))["data"]["me"]["user"]["username"] == "vendor"


async def test_unknown_refresh_token_changes_nothing(demo, sign_in, gql) -> None:
    await sign_in("vendor")
    before = await RefreshToken.all().count()
    assert (await refresh(gql, "not-a-token"))["code"] == "INVALID_REFRESH_TOKEN"
    assert (await refresh(gql, ""))["code"] == "INVALID_REFRESH_TOKEN"
    assert await RefreshToken.all().count() == before
    assert await AuthSession.filter(revoked_at__not_isnull=True).count() == 0


async def test_refresh_token_is_not_an_access_token(demo, sign_in, gql) -> None:
    signed = await sign_in("vendor")
    assert code_of(await gql(ME, token=signed["refreshToken"])) == "UNAUTHENTICATED"
    assert (await refresh(gql, signed["accessToken"]))["code"] == "INVALID_REFRESH_TOKEN"


async def test_logout_ends_access_and_refresh(demo, sign_in, gql) -> None:
    signed = await sign_in("audit")
    out = (await gql(LOGOUT, {"t": signed["refreshToken"]}))["data"]["logout"]
    assert out == {"__typename": "LogoutSuccess", "loggedOut": True}
    assert code_of(await gql(ME, token=signed["accessToken"])) == "UNAUTHENTICATED"
    assert (await refresh(gql, signed["refreshToken"]))["code"] == "SESSION_EXPIRED"
    # signing out twice is not an error; an unknown token is
    assert (await gql(LOGOUT, {"t": signed["refreshToken"]}))["data"]["logout"]["loggedOut"] is True
    assert (await gql(LOGOUT, {"t": "nope"}))["data"]["logout"]["code"] == "INVALID_REFRESH_TOKEN"


async def test_idle_session_ends(demo, sign_in, gql, frozen_clock) -> None:
    signed = await sign_in("drc")
    frozen_clock.advance(minutes=121)
    assert (await refresh(gql, signed["refreshToken"]))["code"] == "SESSION_EXPIRED"


async def test_active_session_still_ends_at_its_absolute_lifetime(demo, sign_in, gql, frozen_clock) -> None:
    signed = await sign_in("drc")
    token = signed["refreshToken"]
    for _ in range(25):  # refreshed every hour: never idle
        frozen_clock.advance(hours=1)
        result = await refresh(gql, token)
        if result["__typename"] != "AuthPayload":
            break
        token = result["refreshToken"]
    assert result["code"] == "SESSION_EXPIRED"
    assert clock.now() - (await AuthSession.get()).created_at >= timedelta(hours=24)


async def test_expired_access_token_is_refused(demo, app: Starlette, sign_in, gql) -> None:
    signed = await sign_in("data")
    session = await AuthSession.get()
    tokens = app.state.graphql.auth.tokens
    stale, _ = tokens.issue(
        user_id=session.user_id, session_id=str(session.id), now=clock.now() - timedelta(minutes=16)
    )
    assert code_of(await gql(ME, token=stale)) == "UNAUTHENTICATED"
    assert (await gql(ME, token=signed["accessToken"]))["data"]["me"]["user"]["username"] == "data"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def test_tampered_and_alg_none_tokens_are_refused_and_audited(demo, sign_in, gql) -> None:
    signed = await sign_in("builder")
    header, payload, signature = signed["accessToken"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    other = await sign_in("builder2")
    other_claims = json.loads(base64.urlsafe_b64decode(other["accessToken"].split(".")[1] + "=="))
    claims["sub"] = other_claims["sub"]
    tampered = f"{header}.{_b64(claims)}.{signature}"
    alg_none = f"{_b64({'alg': 'none', 'typ': 'at+jwt'})}.{_b64(claims)}."
    for token in (tampered, alg_none, "garbage"):
        assert code_of(await gql(ME, token=token)) == "UNAUTHENTICATED"
    denials = await AuditRecord.filter(action="PERMISSION_DENIED", outcome="UNAUTHENTICATED").count()
    assert denials == 3


async def test_token_of_a_deactivated_user_stops_working(demo, sign_in, gql) -> None:
    from domain.accounts.models import User

    signed = await sign_in("expert")
    await User.filter(username="expert").update(is_active=False)
    assert code_of(await gql(ME, token=signed["accessToken"])) == "UNAUTHENTICATED"
    assert (await refresh(gql, signed["refreshToken"]))["code"] == "SESSION_EXPIRED"
