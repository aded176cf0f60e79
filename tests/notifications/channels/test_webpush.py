from __future__ import annotations

import asyncio
import base64
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from notifications.channels import ChannelError
from notifications.channels.http import Timeouts
from notifications.channels.webpush import (
    NORMAL_TTL,
    URGENT_TTL,
    WebPushChannel,
    application_server_key,
    generate_vapid_key_file,
    load_vapid_key,
)
from tests.notifications.channels.conftest import outgoing
from tests.providers.webpush_service import WebPushService

ROOT = Path(__file__).resolve().parents[3]
SUBJECT = "mailto:ops@quancheng.example.gov.cn"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "vapid.pem"
    generate_vapid_key_file(path)
    return path


@pytest_asyncio.fixture
async def channel(key_file: Path) -> AsyncIterator[WebPushChannel]:
    push = WebPushChannel(key_file, SUBJECT, timeouts=Timeouts(connect=1.0, total=1.0))
    yield push
    await push.aclose()


async def test_the_service_decrypts_exactly_the_json_sent_under_a_valid_vapid_token(
    channel: WebPushChannel, push_service: WebPushService
) -> None:
    # given
    address = push_service.subscribe(channel.application_server_key)
    # when
    sent = await channel.send(outgoing(address))
    # then
    [push] = push_service.received_of("push")
    assert push["payload"] == {
        "title": "新的待办",
        "body": "项目「市民卡二期」有一项待办需要您办理。",
        "link": "/todos/12",
        "deliveryId": 41,
        "receipt": "receipt-token-41",
        "urgent": False,
        "tag": "/todos/12",
    }
    assert sent.provider_id == f"{push_service.url}/messages/{push['message_id']}"
    assert push["ttl"] == NORMAL_TTL == 4 * 24 * 3600
    assert push["urgency"] == "normal"
    assert push["vapid"]["sub"] == SUBJECT
    assert push["vapid"]["aud"] == push_service.url
    assert push["vapid"]["k"] == channel.application_server_key
    assert time.time() < push["vapid"]["exp"] <= time.time() + 24 * 3600


async def test_urgent_messages_live_a_day_and_ask_for_high_urgency(
    channel: WebPushChannel, push_service: WebPushService
) -> None:
    address = push_service.subscribe(channel.application_server_key)

    await channel.send(outgoing(address, urgent=True, kind="task.overdue"))

    [push] = push_service.received_of("push")
    assert (push["ttl"], push["urgency"], push["payload"]["urgent"]) == (URGENT_TTL, "high", True)


async def test_the_vapid_token_is_signed_once_and_reused(channel: WebPushChannel, push_service: WebPushService) -> None:
    address = push_service.subscribe(channel.application_server_key)

    await channel.send(outgoing(address))
    await channel.send(outgoing(address, delivery_id=42))

    first, second = push_service.received_of("push")
    assert first["vapid"]["exp"] == second["vapid"]["exp"]
    assert [first["payload"]["deliveryId"], second["payload"]["deliveryId"]] == [41, 42]


async def test_an_unsubscribed_browser_is_gone_for_good(channel: WebPushChannel, push_service: WebPushService) -> None:
    address = push_service.subscribe(channel.application_server_key)
    push_service.gone(address["endpoint"])

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing(address))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)
    assert "410" in str(failure.value)


async def test_an_unknown_endpoint_is_gone(channel: WebPushChannel, push_service: WebPushService) -> None:
    address = {**push_service.subscribe(), "endpoint": f"{push_service.url}/push/never-issued"}

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing(address))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)


async def test_a_subscription_made_for_another_vapid_key_is_an_auth_failure(
    channel: WebPushChannel, push_service: WebPushService, tmp_path: Path
) -> None:
    other_key = generate_vapid_key_file(tmp_path / "other.pem")
    address = push_service.subscribe(other_key)

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing(address))

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", True)
    assert push_service.received_of("push") == []


@pytest.mark.parametrize(("status", "reason"), [(500, "PROVIDER"), (503, "PROVIDER"), (429, "RATE")])
async def test_server_errors_and_rate_limits_are_retryable(
    channel: WebPushChannel, push_service: WebPushService, status: int, reason: str
) -> None:
    address = push_service.subscribe(channel.application_server_key)
    push_service.fail_next(1, status)

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing(address))
    await channel.send(outgoing(address))  # the next attempt goes through

    assert (failure.value.reason, failure.value.permanent) == (reason, False)
    assert len(push_service.received_of("push")) == 1


async def test_a_hanging_push_service_times_out_within_the_limit(key_file: Path, push_service: WebPushService) -> None:
    push = WebPushChannel(key_file, SUBJECT, timeouts=Timeouts(connect=0.5, total=0.5))
    address = push_service.subscribe(push.application_server_key)
    push_service.hang_next(1, seconds=5)
    started = time.monotonic()

    with pytest.raises(ChannelError) as failure:
        await push.send(outgoing(address))
    await push.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("TIMEOUT", False)
    assert time.monotonic() - started < 1.5


async def test_a_subscription_with_unusable_keys_is_gone_without_a_request(
    channel: WebPushChannel, push_service: WebPushService
) -> None:
    address = {**push_service.subscribe(), "p256dh": base64.urlsafe_b64encode(b"\x04" + b"\x01" * 64).decode()}

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing(address))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)
    assert push_service.requests == 0


async def test_an_address_without_keys_is_refused(channel: WebPushChannel) -> None:
    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"endpoint": "https://push.example/abc"}))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)
    assert "p256dh, auth" in str(failure.value)


def test_the_key_file_is_private_never_overwritten_and_gives_the_browser_key(tmp_path: Path) -> None:
    path = tmp_path / "vapid.pem"

    browser_key = generate_vapid_key_file(path)

    raw = base64.urlsafe_b64decode(browser_key + "=" * (-len(browser_key) % 4))
    assert len(raw) == 65 and raw[0] == 4 and "=" not in browser_key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert application_server_key(path) == browser_key
    with pytest.raises(FileExistsError):
        generate_vapid_key_file(path)
    assert application_server_key(path) == browser_key


def test_a_missing_or_wrong_key_file_is_refused_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        load_vapid_key(tmp_path / "absent.pem")
    assert not (tmp_path / "absent.pem").exists()

    p384 = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "p384.pem").write_bytes(p384)
    with pytest.raises(ValueError, match="P-256"):
        load_vapid_key(tmp_path / "p384.pem")
    with pytest.raises(ValueError, match="mailto: or https:"):
        WebPushChannel(tmp_path / "absent.pem", "ops@example.org")


async def test_the_service_refuses_what_a_real_push_service_refuses(
    push_service: WebPushService, key_file: Path
) -> None:
    # given: a subscription, and VAPID headers a real push service would not accept
    address = push_service.subscribe()
    vapid = Vapid.from_file(str(key_file))
    too_far = vapid.sign({"sub": SUBJECT, "aud": push_service.url, "exp": int(time.time()) + 25 * 3600})
    wrong_audience = vapid.sign({"sub": SUBJECT, "aud": "https://fcm.googleapis.com", "exp": int(time.time()) + 60})
    valid = vapid.sign({"sub": SUBJECT, "aud": push_service.url, "exp": int(time.time()) + 60})
    headers = {"TTL": "60", "Content-Encoding": "aes128gcm"}
    async with httpx.AsyncClient() as client:
        # when
        answers = [
            await client.post(address["endpoint"], content=b"x" * 100, headers={**headers, **too_far}),
            await client.post(address["endpoint"], content=b"x" * 100, headers={**headers, **wrong_audience}),
            await client.post(address["endpoint"], content=b"x" * 100, headers={**headers, **valid}),
        ]
    # then
    assert [answer.status_code for answer in answers] == [401, 401, 400]
    assert "24 hours" in answers[0].text and "decrypt" in answers[2].text
    assert push_service.received_of("push") == []


async def test_the_service_runs_as_its_own_process(channel: WebPushChannel) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.providers.webpush_service", "--port", "0", cwd=ROOT, stdout=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        url = (await process.stdout.readline()).decode().strip()
        async with httpx.AsyncClient(base_url=url, timeout=5) as client:
            for _ in range(100):  # the URL is printed just before the server accepts
                try:
                    address = (await client.post("/_control/subscribe", json={})).json()["result"]
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            await channel.send(outgoing(address))
            received = (await client.get("/_received")).json()
    finally:
        process.terminate()
        await process.wait()

    assert url.startswith("http://127.0.0.1:")
    assert [entry["payload"]["deliveryId"] for entry in received] == [41]
    assert json.dumps(received[0]["payload"], ensure_ascii=False).count("市民卡二期") == 1


async def test_an_https_subject_is_accepted_with_or_without_its_slash(
    key_file: Path, push_service: WebPushService
) -> None:
    push = WebPushChannel(key_file, "https://qc.hz.gov.cn/")
    address = push_service.subscribe(push.application_server_key)

    await push.send(outgoing(address))
    await push.aclose()

    assert push_service.received_of("push")[0]["vapid"]["sub"] == "https://qc.hz.gov.cn"
    with pytest.raises(ValueError, match="refused"):
        WebPushChannel(key_file, "https://qc.hz.gov.cn/about")  # py_vapid takes no path


async def test_an_endpoint_without_an_origin_to_sign_for_is_gone(channel: WebPushChannel) -> None:
    address = {"endpoint": "not-a-url", "p256dh": "x", "auth": "y"}

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing(address))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)
