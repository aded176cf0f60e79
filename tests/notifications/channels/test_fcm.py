from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from notifications.channels import ChannelError
from notifications.channels.fcm import GOOGLE_FCM_BASE_URL, FcmChannel
from notifications.channels.http import Timeouts
from tests.notifications.channels.conftest import outgoing
from tests.providers.fcm import FcmServer


@pytest_asyncio.fixture
async def channel(fcm_server: FcmServer, tmp_path: Path) -> AsyncIterator[FcmChannel]:
    credentials = fcm_server.write_service_account(tmp_path / "service-account.json")
    fcm = FcmChannel(credentials, base_url=fcm_server.url, timeouts=Timeouts(connect=1.0, total=1.0))
    yield fcm
    await fcm.aclose()


async def test_the_message_reaches_fcm_v1_with_an_exchanged_token(channel: FcmChannel, fcm_server: FcmServer) -> None:
    # given
    token = fcm_server.register_token()
    # when
    sent = await channel.send(outgoing({"token": token}))
    # then
    [grant] = fcm_server.received_of("token")
    assert "https://www.googleapis.com/auth/cloud-platform" in grant["scope"].split()
    [message] = fcm_server.received_of("message")
    assert sent.provider_id == message["name"]
    assert message["name"].startswith("projects/quancheng-test/messages/")
    assert message["validate_only"] is False
    assert message["message"] == {
        "token": token,
        "notification": {"title": "新的待办", "body": "项目「市民卡二期」有一项待办需要您办理。"},
        "data": {"link": "/todos/12", "deliveryId": "41", "receipt": "receipt-token-41"},
        "android": {"priority": "normal", "ttl": "345600s", "collapse_key": "/todos/12"},
        "webpush": {"headers": {"Urgency": "normal", "TTL": "345600"}},
    }


async def test_urgent_messages_are_high_priority_for_a_day(channel: FcmChannel, fcm_server: FcmServer) -> None:
    await channel.send(outgoing({"token": fcm_server.register_token()}, urgent=True))

    [message] = fcm_server.received_of("message")
    assert message["message"]["android"]["priority"] == "high"
    assert message["message"]["android"]["ttl"] == "86400s"
    assert message["message"]["webpush"]["headers"] == {"Urgency": "high", "TTL": "86400"}


async def test_the_access_token_is_exchanged_once_for_many_sends(channel: FcmChannel, fcm_server: FcmServer) -> None:
    token = fcm_server.register_token()

    for delivery_id in (1, 2, 3):
        await channel.send(outgoing({"token": token}, delivery_id=delivery_id))

    assert len(fcm_server.received_of("token")) == 1
    assert [m["message"]["data"]["deliveryId"] for m in fcm_server.received_of("message")] == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("code", "reason", "permanent"),
    [
        ("UNREGISTERED", "GONE", True),
        ("QUOTA_EXCEEDED", "RATE", False),
        ("UNAVAILABLE", "PROVIDER", False),
        ("INTERNAL", "PROVIDER", False),
        ("INVALID_ARGUMENT", "PROVIDER", True),
        ("SENDER_ID_MISMATCH", "PROVIDER", True),
        # FCM answers 401 here, after which the SDK refreshes the token and tries twice more
        ("THIRD_PARTY_AUTH_ERROR", "AUTH", True),
    ],
)
async def test_fcm_errors_map_to_reasons(
    channel: FcmChannel, fcm_server: FcmServer, code: str, reason: str, permanent: bool
) -> None:
    token = fcm_server.register_token()
    fcm_server.error_next(3, code)

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"token": token}))

    assert (failure.value.reason, failure.value.permanent) == (reason, permanent)
    assert fcm_server.received_of("message") == []


async def test_an_unregistered_device_is_gone(channel: FcmChannel, fcm_server: FcmServer) -> None:
    token = fcm_server.register_token()
    await channel.send(outgoing({"token": token}))
    fcm_server.unregister(token)

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"token": token}))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)
    assert "UNREGISTERED" in str(failure.value) or "Unregistered" in str(failure.value)


@pytest.mark.parametrize(("status", "reason"), [(500, "PROVIDER"), (503, "PROVIDER"), (429, "RATE")])
async def test_http_errors_are_retryable_and_not_retried_inside_the_sdk(
    channel: FcmChannel, fcm_server: FcmServer, status: int, reason: str
) -> None:
    token = fcm_server.register_token()
    await channel.send(outgoing({"token": token}))  # the access token is in hand
    fcm_server.fail_next(5, status, path="messages:send")
    before = fcm_server.requests

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"token": token}))

    assert (failure.value.reason, failure.value.permanent) == (reason, False)
    assert fcm_server.requests - before == 1


async def test_a_hanging_fcm_times_out_within_the_limit(channel: FcmChannel, fcm_server: FcmServer) -> None:
    token = fcm_server.register_token()
    await channel.send(outgoing({"token": token}))
    fcm_server.hang_next(1, seconds=5, path="messages:send")
    started = time.monotonic()

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"token": token}))

    assert (failure.value.reason, failure.value.permanent) == ("TIMEOUT", False)
    assert time.monotonic() - started < 2.0


async def test_a_hanging_token_endpoint_times_out_within_the_limit(channel: FcmChannel, fcm_server: FcmServer) -> None:
    fcm_server.hang_next(1, seconds=5, path="/token")
    started = time.monotonic()

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"token": fcm_server.register_token()}))

    assert (failure.value.reason, failure.value.permanent) == ("TIMEOUT", False)
    assert time.monotonic() - started < 2.0


async def test_a_service_account_fcm_does_not_know_is_an_auth_failure(fcm_server: FcmServer, tmp_path: Path) -> None:
    # a key made by another server: its signature cannot be verified here
    stranger = FcmServer()
    stranger.url = fcm_server.url
    path = stranger.write_service_account(tmp_path / "stranger.json")
    fcm = FcmChannel(path, base_url=fcm_server.url, timeouts=Timeouts(connect=1.0, total=2.0))

    with pytest.raises(ChannelError) as failure:
        await fcm.send(outgoing({"token": fcm_server.register_token()}))
    await fcm.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", True)
    assert "invalid_grant" in str(failure.value)


async def test_the_default_base_url_is_googles(fcm_server: FcmServer, tmp_path: Path) -> None:
    path = fcm_server.write_service_account(tmp_path / "sa.json", project_id="qc-prod")

    fcm = FcmChannel(path)
    url = fcm._service._fcm_url
    await fcm.aclose()

    assert url == f"{GOOGLE_FCM_BASE_URL}/v1/projects/qc-prod/messages:send"


async def test_a_file_that_is_no_service_account_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not-a-service-account.json"
    path.write_text(json.dumps({"type": "authorized_user"}), encoding="utf-8")

    with pytest.raises(ValueError, match="FCM credentials"):
        FcmChannel(path)


async def test_an_address_without_token_is_refused(channel: FcmChannel) -> None:
    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({}))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)


async def test_an_installation_id_is_sent_as_fid(channel: FcmChannel, fcm_server: FcmServer) -> None:
    installation = fcm_server.register_token()

    await channel.send(outgoing({"fid": installation}))

    [message] = fcm_server.received_of("message")
    assert message["message"]["fid"] == installation and "token" not in message["message"]
