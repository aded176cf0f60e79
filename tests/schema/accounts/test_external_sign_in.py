"""Sign-in from the WeChat mini-program and DingTalk (免登), against local servers speaking their APIs:
the code is exchanged on the server only and used once, the session key never leaves, an unknown identity is
bound with the account's password or an administrator's one-time code, then our own tokens are issued."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest

from api.notify import build
from domain.accounts.external import issue_binding_code
from domain.accounts.models import ExternalIdentity
from domain.audit.models import AuditRecord
from domain.audit.service import Origin
from tests.providers.dingtalk import DingTalkServer
from tests.providers.wechat import WeChatServer

WECHAT = """mutation($input: ExternalSignInInput!) { wechatSignIn(input: $input) { __typename
  ... on AuthPayload { accessToken user { username } } ... on BindingRequired { ticket provider }
  ... on AuthError { code field } } }"""
DINGTALK = WECHAT.replace("wechatSignIn", "dingtalkSignIn")
BIND = """mutation($input: BindExternalInput!) { bindExternalAccount(input: $input) { __typename
  ... on AuthPayload { accessToken user { username } } ... on AuthError { code field } } }"""


@pytest.fixture
def providers(app, settings) -> Iterator[tuple[WeChatServer, DingTalkServer]]:  # type: ignore[no-untyped-def]
    with WeChatServer() as wechat, DingTalkServer() as dingtalk:
        env = (
            ("QC_WECHAT_APPID", wechat.appid),
            ("QC_WECHAT_SECRET", wechat.secret),
            ("QC_WECHAT_BASE_URL", wechat.url),
            ("QC_DINGTALK_APPKEY", dingtalk.appkey),
            ("QC_DINGTALK_APPSECRET", dingtalk.appsecret),
            ("QC_DINGTALK_AGENT_ID", str(dingtalk.agent_id)),
            ("QC_DINGTALK_BASE_URL", dingtalk.url),
            ("QC_DINGTALK_CORP_ID", "ding-corp"),
        )
        graphql = app.state.graphql
        before = graphql.wiring
        graphql.wiring = build(replace(settings, channel_env=env))
        try:
            yield wechat, dingtalk
        finally:
            graphql.wiring = before


async def test_wechat_first_use_binds_with_the_password_then_signs_in_directly(demo, gql, providers) -> None:
    wechat, _ = providers
    wechat.add_code("code-1", "openid-builder", "union-1")
    first = (await gql(WECHAT, {"input": {"code": "code-1"}}))["data"]["wechatSignIn"]
    assert first["__typename"] == "BindingRequired" and first["provider"] == "wechat"
    assert "session_key" not in json.dumps(first)
    # the same code again is refused without asking WeChat
    asked = len(wechat.received_of("jscode2session"))
    again = (await gql(WECHAT, {"input": {"code": "code-1"}}))["data"]["wechatSignIn"]
    assert again == {"__typename": "AuthError", "code": "CODE_INVALID", "field": "code"}
    assert len(wechat.received_of("jscode2session")) == asked
    assert await AuditRecord.filter(action="EXTERNAL_SIGN_IN", outcome="CODE_REUSED").count() == 1
    wrong = await gql(BIND, {"input": {"ticket": first["ticket"], "username": "builder", "password": "wrong-1"}})
    assert wrong["data"]["bindExternalAccount"]["code"] == "INVALID_CREDENTIALS"
    assert await ExternalIdentity.all().count() == 0  # a failed binding changes nothing
    bound = await gql(BIND, {"input": {"ticket": first["ticket"], "username": "builder", "password": "Demo-2026"}})
    assert bound["data"]["bindExternalAccount"]["user"]["username"] == "builder"
    reused = await gql(BIND, {"input": {"ticket": first["ticket"], "username": "builder", "password": "Demo-2026"}})
    assert reused["data"]["bindExternalAccount"]["code"] == "BINDING_INVALID"  # a ticket binds once
    wechat.add_code("code-2", "openid-builder", "union-1")
    direct = (await gql(WECHAT, {"input": {"code": "code-2"}}))["data"]["wechatSignIn"]
    assert direct["__typename"] == "AuthPayload" and direct["user"]["username"] == "builder"
    me = await gql("query { me { user { username } } }", token=direct["accessToken"])
    assert me["data"]["me"]["user"]["username"] == "builder"
    methods = await AuditRecord.filter(action="LOGIN", outcome="SUCCESS").values_list("detail", flat=True)
    assert {d.get("method") for d in methods} == {"password", "wechat"}


async def test_wechat_refuses_unknown_codes(demo, gql, providers) -> None:
    answer = (await gql(WECHAT, {"input": {"code": "never-issued"}}))["data"]["wechatSignIn"]
    assert answer == {"__typename": "AuthError", "code": "CODE_INVALID", "field": "code"}
    assert await ExternalIdentity.all().count() == 0


async def test_dingtalk_binds_with_a_one_time_code_and_the_code_works_once(demo, gql, providers) -> None:
    _, dingtalk = providers
    dingtalk.add_user("ding-user-9", unionid="u9", name="王处长")
    dingtalk.add_code("auth-1", "ding-user-9")
    first = (await gql(DINGTALK, {"input": {"code": "auth-1"}}))["data"]["dingtalkSignIn"]
    assert first["__typename"] == "BindingRequired"
    code = await issue_binding_code(username="data", origin=Origin())
    bad = await gql(BIND, {"input": {"ticket": first["ticket"], "username": "data", "oneTimeCode": "0000000000"}})
    assert bad["data"]["bindExternalAccount"]["code"] == "INVALID_CREDENTIALS"
    ok = await gql(BIND, {"input": {"ticket": first["ticket"], "username": "data", "oneTimeCode": code}})
    assert ok["data"]["bindExternalAccount"]["user"]["username"] == "data"
    identity = await ExternalIdentity.get(provider="dingtalk")
    assert identity.subject == "ding-user-9" and identity.user_id == (await identity.user).id
    dingtalk.add_code("auth-2", "ding-user-9")
    again = (await gql(DINGTALK, {"input": {"code": "auth-2"}}))["data"]["dingtalkSignIn"]
    assert again["__typename"] == "AuthPayload" and again["user"]["username"] == "data"
    # the one-time code is spent
    dingtalk.add_user("ding-user-10")
    dingtalk.add_code("auth-3", "ding-user-10")
    other = (await gql(DINGTALK, {"input": {"code": "auth-3"}}))["data"]["dingtalkSignIn"]
    spent = await gql(BIND, {"input": {"ticket": other["ticket"], "username": "data", "oneTimeCode": code}})
    assert spent["data"]["bindExternalAccount"]["code"] in ("INVALID_CREDENTIALS", "ALREADY_BOUND")


async def test_a_provider_that_is_down_is_said_so(demo, gql, providers) -> None:
    wechat, _ = providers
    wechat.add_code("code-9", "openid-9")
    wechat.fail_next(5, 503)
    answer = (await gql(WECHAT, {"input": {"code": "code-9"}}))["data"]["wechatSignIn"]
    assert answer["__typename"] == "AuthError" and answer["code"] == "PROVIDER_UNAVAILABLE"


async def test_sign_in_from_a_provider_not_configured_here_is_refused(demo, gql) -> None:
    answer = (await gql(WECHAT, {"input": {"code": "x"}}))["data"]["wechatSignIn"]
    assert answer["__typename"] == "AuthError" and answer["code"] == "PROVIDER_DISABLED"
    config = await gql("query { publicConfig { dingtalkCorpId wechatAppId } }")
    assert config["data"]["publicConfig"] == {"dingtalkCorpId": None, "wechatAppId": None}
