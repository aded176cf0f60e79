"""Production requires a second factor for administrators and the approving centers."""

from __future__ import annotations

import pyotp
import pytest
from starlette.applications import Starlette

CENTER = "query($kind: CenterKind!) { center(kind: $kind) { kind } }"
ME = "query { me { user { username totpEnabled } } }"
ENROL = "mutation { beginTotpEnrolment { ... on TotpEnrolment { secret } } }"
CONFIRM = "mutation($c: String!) { confirmTotpEnrolment(input: {code: $c}) { __typename } }"


@pytest.fixture
def production_policy(app: Starlette, monkeypatch) -> None:
    monkeypatch.setattr(app.state.graphql.auth, "require_totp_for_approvers", True)


@pytest.mark.parametrize(("username", "center"), [("finance", "FINANCE"), ("drc", "DRC"), ("data", "DATA")])
async def test_approvers_must_enrol_before_working(demo, production_policy, sign_in, gql, username, center) -> None:
    signed = await sign_in(username)
    assert signed["scope"] == "ENROL"
    token = signed["accessToken"]
    denied = await gql(CENTER, {"kind": center}, token=token)
    assert denied["errors"][0]["extensions"]["code"] == "TOTP_ENROLMENT_REQUIRED"
    assert (await gql(ME, token=token))["data"]["me"]["user"]["totpEnabled"] is False
    secret = (await gql(ENROL, token=token))["data"]["beginTotpEnrolment"]["secret"]
    confirmed = await gql(CONFIRM, {"c": pyotp.TOTP(secret).now()}, token=token)
    assert confirmed["data"]["confirmTotpEnrolment"]["__typename"] == "TotpConfirmed"
    assert (await gql(CENTER, {"kind": center}, token=token))["data"]["center"]["kind"] == center


async def test_other_centers_need_no_second_factor(demo, production_policy, sign_in, gql) -> None:
    signed = await sign_in("vendor")
    assert signed["scope"] == "FULL"
    assert (await gql(CENTER, {"kind": "VENDOR"}, token=signed["accessToken"]))["data"]["center"]["kind"] == "VENDOR"


async def test_development_does_not_require_it(demo, sign_in) -> None:
    assert (await sign_in("finance"))["scope"] == "FULL"
