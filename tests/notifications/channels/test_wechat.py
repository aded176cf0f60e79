from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import pytest_asyncio

from notifications.channels import ChannelError
from notifications.channels.http import Timeouts
from notifications.channels.identity import CODE_USED, INVALID_CODE, RATE_LIMITED, UNAVAILABLE, IdentityError
from notifications.channels.wechat import CHINA, WeChatChannel, WeChatIdentity
from tests.notifications.channels.conftest import outgoing
from tests.providers.wechat import WeChatServer

TEMPLATE = "tmpl-todo-7Xk2"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


@pytest.fixture
def server(wechat_server: WeChatServer) -> WeChatServer:
    wechat_server.add_template(TEMPLATE)
    wechat_server.add_user(OPENID, {TEMPLATE: 5})
    return wechat_server


def make_channel(server: WeChatServer, **overrides: object) -> WeChatChannel:
    values: dict[str, object] = {
        "templates": {"step.opened": TEMPLATE, "task.overdue": TEMPLATE},
        "base_url": server.url,
        "miniprogram_state": "trial",
        "timeouts": Timeouts(connect=1.0, total=1.0),
    }
    return WeChatChannel(server.appid, server.secret, **{**values, **overrides})  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def channel(server: WeChatServer) -> AsyncIterator[WeChatChannel]:
    wechat = make_channel(server)
    yield wechat
    await wechat.aclose()


async def test_a_subscribe_message_is_sent_exactly_as_documented(channel: WeChatChannel, server: WeChatServer) -> None:
    # given: a body longer than the 20 characters a thing value holds
    body = "项目「城市大脑交通治理二期」有一项待办需要您办理。"
    # when
    sent = await channel.send(outgoing({"openid": OPENID}, body=body))
    # then
    [message] = server.received_of("subscribe")
    assert sent.provider_id == str(message["msgid"])
    request = message["body"]
    sent_time = request["data"].pop("time3")["value"]
    assert request == {
        "touser": OPENID,
        "template_id": TEMPLATE,
        "page": "pages/index/index?link=%2Ftodos%2F12",
        "data": {"thing1": {"value": "新的待办"}, "thing2": {"value": "项目「城市大脑交通治理二期」有一项待办…"}},
        "miniprogram_state": "trial",
        "lang": "zh_CN",
    }
    assert len(request["data"]["thing2"]["value"]) == 20
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", sent_time)
    shown = datetime.strptime(sent_time, "%Y-%m-%d %H:%M").replace(tzinfo=CHINA)
    assert abs(datetime.now(CHINA) - shown) < timedelta(minutes=2)


async def test_the_access_token_is_fetched_once_for_many_messages(channel: WeChatChannel, server: WeChatServer) -> None:
    for delivery_id in (1, 2, 3):
        await channel.send(outgoing({"openid": OPENID}, delivery_id=delivery_id))

    assert len(server.received_of("token")) == 1
    assert len(server.received_of("subscribe")) == 3


@pytest.mark.parametrize("invalidate", ["expire_tokens", "revoke_tokens"])
async def test_an_expired_or_replaced_token_is_refreshed_once_and_the_message_sent(
    channel: WeChatChannel, server: WeChatServer, invalidate: str
) -> None:
    await channel.send(outgoing({"openid": OPENID}))
    getattr(server, invalidate)()  # 42001 or 40001 from now on for the old token

    await channel.send(outgoing({"openid": OPENID}, delivery_id=42))

    assert len(server.received_of("token")) == 2
    assert len(server.received_of("subscribe")) == 2


async def test_a_token_refused_twice_is_an_auth_error_after_one_refresh(
    channel: WeChatChannel, server: WeChatServer
) -> None:
    server.errcode_next(2, 40001, path="subscribe")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": OPENID}))

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", False)
    assert len(server.received_of("token")) == 2


async def test_no_subscription_left_is_a_permanent_quota_error(channel: WeChatChannel, server: WeChatServer) -> None:
    server.add_user(OPENID, {TEMPLATE: 1})
    await channel.send(outgoing({"openid": OPENID}))

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": OPENID}, delivery_id=42))

    assert (failure.value.reason, failure.value.permanent) == ("QUOTA", True)
    assert "43101" in str(failure.value)


async def test_an_unknown_openid_is_gone(channel: WeChatChannel) -> None:
    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": "o-not-a-user-of-this-app"}))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)


async def test_a_kind_without_template_fails_permanently_without_a_request(
    channel: WeChatChannel, server: WeChatServer
) -> None:
    assert channel.template_for("panel.invited") is None
    assert channel.template_for("step.opened") == TEMPLATE

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": OPENID}, kind="panel.invited"))

    assert (failure.value.reason, failure.value.permanent) == ("PROVIDER", True)
    assert server.requests == 0


async def test_a_template_wechat_does_not_know_is_a_permanent_error(server: WeChatServer) -> None:
    wechat = make_channel(server, templates={"step.opened": "tmpl-deleted"})

    with pytest.raises(ChannelError) as failure:
        await wechat.send(outgoing({"openid": OPENID}))
    await wechat.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("PROVIDER", True)
    assert "40037" in str(failure.value)


@pytest.mark.parametrize(("errcode", "reason"), [(-1, "PROVIDER"), (45011, "RATE"), (45009, "RATE")])
async def test_busy_and_rate_limit_errcodes_are_retryable(
    channel: WeChatChannel, server: WeChatServer, errcode: int, reason: str
) -> None:
    server.errcode_next(1, errcode, path="subscribe")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": OPENID}))

    assert (failure.value.reason, failure.value.permanent) == (reason, False)


@pytest.mark.parametrize(("status", "reason"), [(500, "PROVIDER"), (502, "PROVIDER"), (429, "RATE")])
async def test_http_errors_are_retryable(
    channel: WeChatChannel, server: WeChatServer, status: int, reason: str
) -> None:
    server.fail_next(1, status, path="subscribe")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": OPENID}))

    assert (failure.value.reason, failure.value.permanent) == (reason, False)


@pytest.mark.parametrize("path", ["/cgi-bin/token", "subscribe"])
async def test_a_hanging_wechat_times_out_within_the_limit(
    channel: WeChatChannel, server: WeChatServer, path: str
) -> None:
    server.hang_next(1, seconds=5, path=path)
    started = time.monotonic()

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"openid": OPENID}))

    assert (failure.value.reason, failure.value.permanent) == ("TIMEOUT", False)
    assert time.monotonic() - started < 1.5


async def test_a_wrong_secret_is_a_permanent_auth_error(server: WeChatServer) -> None:
    wechat = WeChatChannel(server.appid, "not-the-secret", templates={"step.opened": TEMPLATE}, base_url=server.url)

    with pytest.raises(ChannelError) as failure:
        await wechat.send(outgoing({"openid": OPENID}))
    await wechat.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", True)
    assert "40125" in str(failure.value)


async def test_code2session_tells_who_signed_in(channel: WeChatChannel, server: WeChatServer) -> None:
    server.add_code("code-with-union", OPENID, unionid="union-1")
    server.add_code("code-without-union", "oOther")

    assert await channel.code2session("code-with-union") == WeChatIdentity(OPENID, "union-1")
    assert await channel.code2session("code-without-union") == WeChatIdentity("oOther", None)
    assert [entry["js_code"] for entry in server.received_of("jscode2session")] == [
        "code-with-union",
        "code-without-union",
    ]


async def test_code2session_never_hands_out_the_session_key(channel: WeChatChannel, server: WeChatServer) -> None:
    server.add_code("code-1", OPENID)

    identity = await channel.code2session("code-1")

    assert not hasattr(identity, "session_key") and "session_key" not in repr(identity)


@pytest.mark.parametrize(
    ("prepare", "code", "word", "errcode"),
    [
        ("used", "code-2", CODE_USED, 40163),
        ("unknown", "never-issued", INVALID_CODE, 40029),
        ("rate", "code-3", RATE_LIMITED, 45011),
    ],
)
async def test_code2session_failures_are_typed(
    channel: WeChatChannel, server: WeChatServer, prepare: str, code: str, word: str, errcode: int
) -> None:
    server.add_code(code, OPENID) if prepare != "unknown" else None
    if prepare == "used":
        await channel.code2session(code)
    if prepare == "rate":
        server.errcode_next(1, 45011, path="/sns/")

    with pytest.raises(IdentityError) as failure:
        await channel.code2session(code)

    assert (failure.value.code, failure.value.provider_code) == (word, errcode)


async def test_code2session_without_an_answer_is_unavailable(channel: WeChatChannel, server: WeChatServer) -> None:
    server.add_code("code-4", OPENID)
    server.hang_next(1, seconds=5, path="/sns/")
    started = time.monotonic()

    with pytest.raises(IdentityError) as failure:
        await channel.code2session("code-4")

    assert failure.value.code == UNAVAILABLE
    assert time.monotonic() - started < 1.5


def test_an_unknown_miniprogram_state_is_refused(server: WeChatServer) -> None:
    with pytest.raises(ValueError, match="miniprogram_state"):
        WeChatChannel("wx", "secret", miniprogram_state="production")
