from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from notifications.channels import ChannelError
from notifications.channels.dingtalk import DeliveryStatus, DingTalkChannel, DingTalkIdentity
from notifications.channels.http import Timeouts
from notifications.channels.identity import INVALID_CODE, RATE_LIMITED, IdentityError
from tests.notifications.channels.conftest import outgoing
from tests.providers.dingtalk import DingTalkServer

APP_URL = "https://qc.hz.gov.cn"
USERID = "manager4561"


@pytest.fixture
def server(dingtalk_server: DingTalkServer) -> DingTalkServer:
    dingtalk_server.add_user(USERID, unionid="uYj9kXw", name="王建国")
    return dingtalk_server


@pytest_asyncio.fixture
async def channel(server: DingTalkServer) -> AsyncIterator[DingTalkChannel]:
    dingtalk = DingTalkChannel(
        server.appkey,
        server.appsecret,
        server.agent_id,
        app_url=APP_URL + "/",
        base_url=server.url,
        timeouts=Timeouts(connect=1.0, total=1.0),
    )
    yield dingtalk
    await dingtalk.aclose()


async def test_a_work_notification_is_sent_as_an_action_card(channel: DingTalkChannel, server: DingTalkServer) -> None:
    # when
    sent = await channel.send(outgoing({"userid": USERID}))
    # then
    [notification] = server.received_of("work_notification")
    assert sent.provider_id == str(notification["task_id"])
    assert notification["body"] == {
        "agent_id": 1001,
        "userid_list": USERID,
        "msg": {
            "msgtype": "action_card",
            "action_card": {
                "title": "新的待办",
                "markdown": "### 新的待办\n\n项目「市民卡二期」有一项待办需要您办理。",
                "single_title": "查看",
                "single_url": "https://qc.hz.gov.cn/todos/12",
            },
        },
    }


async def test_delivery_status_tells_who_read_it(channel: DingTalkChannel, server: DingTalkServer) -> None:
    sent = await channel.send(outgoing({"userid": USERID}))
    assert await channel.delivery_status(sent.provider_id) == DeliveryStatus(unread=[USERID])

    server.mark_read(int(sent.provider_id), USERID)

    assert await channel.delivery_status(sent.provider_id) == DeliveryStatus(read=[USERID])


async def test_an_unknown_userid_shows_as_invalid_in_the_delivery_status(channel: DingTalkChannel) -> None:
    sent = await channel.send(outgoing({"userid": "left-the-organisation"}))

    status = await channel.delivery_status(sent.provider_id)

    assert status.invalid == ["left-the-organisation"] and status.read == status.unread == []


async def test_the_access_token_is_fetched_once(channel: DingTalkChannel, server: DingTalkServer) -> None:
    for delivery_id in (1, 2, 3):
        await channel.send(outgoing({"userid": USERID}, delivery_id=delivery_id))

    assert len(server.received_of("token")) == 1
    assert len(server.received_of("work_notification")) == 3


@pytest.mark.parametrize("invalidate", ["expire_tokens", "revoke_tokens"])
async def test_an_expired_or_invalid_token_is_refreshed_once_and_the_call_retried(
    channel: DingTalkChannel, server: DingTalkServer, invalidate: str
) -> None:
    await channel.send(outgoing({"userid": USERID}))
    getattr(server, invalidate)()  # 42001, or 88 with sub_code 40014

    await channel.send(outgoing({"userid": USERID}, delivery_id=42))

    assert len(server.received_of("token")) == 2
    assert len(server.received_of("work_notification")) == 2


async def test_a_token_refused_twice_is_an_auth_error(channel: DingTalkChannel, server: DingTalkServer) -> None:
    server.errcode_next(2, 40014, path="asyncsend")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"userid": USERID}))

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", False)
    assert len(server.received_of("token")) == 2


async def test_no_permission_is_a_permanent_auth_error_without_refresh(
    channel: DingTalkChannel, server: DingTalkServer
) -> None:
    server.errcode_next(1, 88, path="asyncsend", sub_code="60011")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"userid": USERID}))

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", True)
    assert "60011" in str(failure.value)
    assert len(server.received_of("token")) == 1


@pytest.mark.parametrize(("errcode", "reason"), [(-1, "PROVIDER"), (90018, "RATE"), (90002, "RATE")])
async def test_busy_and_flow_control_are_retryable(
    channel: DingTalkChannel, server: DingTalkServer, errcode: int, reason: str
) -> None:
    server.errcode_next(1, errcode, path="asyncsend")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"userid": USERID}))

    assert (failure.value.reason, failure.value.permanent) == (reason, False)


@pytest.mark.parametrize(("status", "reason"), [(500, "PROVIDER"), (503, "PROVIDER"), (429, "RATE")])
async def test_http_errors_are_retryable(
    channel: DingTalkChannel, server: DingTalkServer, status: int, reason: str
) -> None:
    server.fail_next(1, status, path="asyncsend")

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"userid": USERID}))

    assert (failure.value.reason, failure.value.permanent) == (reason, False)


async def test_a_wrong_agent_is_a_permanent_error(server: DingTalkServer) -> None:
    dingtalk = DingTalkChannel(server.appkey, server.appsecret, 999, app_url=APP_URL, base_url=server.url)

    with pytest.raises(ChannelError) as failure:
        await dingtalk.send(outgoing({"userid": USERID}))
    await dingtalk.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("PROVIDER", True)
    assert "40056" in str(failure.value)


async def test_a_hanging_dingtalk_times_out_within_the_limit(channel: DingTalkChannel, server: DingTalkServer) -> None:
    server.hang_next(1, seconds=5, path="asyncsend")
    started = time.monotonic()

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"userid": USERID}))

    assert (failure.value.reason, failure.value.permanent) == ("TIMEOUT", False)
    assert time.monotonic() - started < 1.5


async def test_a_wrong_appsecret_is_a_permanent_auth_error(server: DingTalkServer) -> None:
    dingtalk = DingTalkChannel(server.appkey, "wrong", server.agent_id, app_url=APP_URL, base_url=server.url)

    with pytest.raises(ChannelError) as failure:
        await dingtalk.send(outgoing({"userid": USERID}))
    await dingtalk.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", True)


async def test_user_by_auth_code_tells_who_opened_the_app(channel: DingTalkChannel, server: DingTalkServer) -> None:
    server.add_code("auth-code-1", USERID)

    identity = await channel.user_by_auth_code("auth-code-1")

    assert identity == DingTalkIdentity(userid=USERID, unionid="uYj9kXw", name="王建国")
    assert server.received_of("getuserinfo")[0]["code"] == "auth-code-1"


async def test_a_used_or_unknown_auth_code_is_invalid(channel: DingTalkChannel, server: DingTalkServer) -> None:
    server.add_code("auth-code-2", USERID)
    await channel.user_by_auth_code("auth-code-2")

    for code in ("auth-code-2", "never-issued"):
        with pytest.raises(IdentityError) as failure:
            await channel.user_by_auth_code(code)
        assert (failure.value.code, failure.value.provider_code) == (INVALID_CODE, 40078)


async def test_user_by_auth_code_when_rate_limited(channel: DingTalkChannel, server: DingTalkServer) -> None:
    server.errcode_next(1, 90018, path="getuserinfo")

    with pytest.raises(IdentityError) as failure:
        await channel.user_by_auth_code("auth-code-3")

    assert failure.value.code == RATE_LIMITED


def test_the_app_url_must_be_absolute() -> None:
    with pytest.raises(ValueError, match="absolute"):
        DingTalkChannel("key", "secret", 1, app_url="/todos")
