from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from notifications.channels import ChannelError
from notifications.channels.http import Timeouts
from notifications.channels.sms import SmsChannel, sign
from tests.notifications.channels.conftest import outgoing
from tests.providers.aliyun_sms import KEY_ID, KEY_SECRET, AliyunSmsServer, expected_signature

PHONE = "13812345678"
# The worked example of Aliyun's SMS documentation ("HTTP 协议及签名"): these parameters, secret testSecret,
# GET, give the signature below.
DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
DOC_SIGNATURE = "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def make_channel(server: AliyunSmsServer, secret: str = KEY_SECRET, key_id: str = KEY_ID) -> SmsChannel:
    return SmsChannel(
        key_id,
        secret,
        sign_name="全程通",
        template_code="SMS_123456789",
        endpoint=server.url,
        timeouts=Timeouts(connect=1.0, total=1.0),
    )


@pytest_asyncio.fixture
async def channel(sms_server: AliyunSmsServer) -> AsyncIterator[SmsChannel]:
    sms = make_channel(sms_server)
    yield sms
    await sms.aclose()


def test_the_signature_matches_aliyuns_documented_example() -> None:
    assert sign(DOC_PARAMS, "testSecret", "GET") == DOC_SIGNATURE
    assert expected_signature(DOC_PARAMS, "testSecret", "GET") == DOC_SIGNATURE  # the local server agrees


async def test_send_sms_is_signed_and_carries_the_template_params(
    channel: SmsChannel, sms_server: AliyunSmsServer
) -> None:
    # when
    sent = await channel.send(outgoing({"phone": PHONE}))
    # then
    [sms] = sms_server.received_of("sms")
    assert sent.provider_id == sms["biz_id"]
    params = sms["params"]
    assert {k: params[k] for k in ("Action", "Version", "SignatureMethod", "SignatureVersion", "Format")} == {
        "Action": "SendSms",
        "Version": "2017-05-25",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "Format": "JSON",
    }
    assert (params["PhoneNumbers"], params["SignName"], params["TemplateCode"]) == (PHONE, "全程通", "SMS_123456789")
    assert sms["template_param"] == {"title": "新的待办", "link": "/todos/12"}
    assert json.loads(params["TemplateParam"]) == sms["template_param"]
    assert params["OutId"] == "41"


async def test_a_long_title_is_cut_to_fit_the_template_variable(
    channel: SmsChannel, sms_server: AliyunSmsServer
) -> None:
    await channel.send(outgoing({"phone": PHONE}, title="督办：项目「城市大脑交通治理二期」的待办已超过办理时限"))

    [sms] = sms_server.received_of("sms")
    assert sms["template_param"]["title"] == "督办：项目「城市大脑交通治理二期」的待…"
    assert len(sms["template_param"]["title"]) == 20


@pytest.mark.parametrize(
    ("secret", "key_id", "code"),
    [
        ("wrong-secret", "test-key-id", "SignatureDoesNotMatch"),
        ("test-key-secret", "unknown-key-id", "InvalidAccessKeyId.NotFound"),
    ],
)
async def test_refused_credentials_are_a_permanent_auth_error(
    sms_server: AliyunSmsServer, secret: str, key_id: str, code: str
) -> None:
    sms = make_channel(sms_server, secret=secret, key_id=key_id)

    with pytest.raises(ChannelError) as failure:
        await sms.send(outgoing({"phone": PHONE}))
    await sms.aclose()

    assert (failure.value.reason, failure.value.permanent) == ("AUTH", True)
    assert code in str(failure.value)
    assert sms_server.received_of("sms") == []


async def test_an_illegal_number_is_gone(channel: SmsChannel) -> None:
    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"phone": "12345"}))

    assert (failure.value.reason, failure.value.permanent) == ("GONE", True)
    assert "isv.MOBILE_NUMBER_ILLEGAL" in str(failure.value)


async def test_business_flow_control_is_a_retryable_rate_error(
    channel: SmsChannel, sms_server: AliyunSmsServer
) -> None:
    sms_server.limit_per_minute(1)
    await channel.send(outgoing({"phone": PHONE}))

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"phone": PHONE}, delivery_id=42))

    assert (failure.value.reason, failure.value.permanent) == ("RATE", False)
    assert "isv.BUSINESS_LIMIT_CONTROL" in str(failure.value)


@pytest.mark.parametrize(
    ("code", "status", "reason", "permanent"),
    [
        ("Throttling.User", 400, "RATE", False),
        ("isp.SYSTEM_ERROR", 200, "PROVIDER", False),
        ("ServiceUnavailable", 503, "PROVIDER", False),
        ("isv.SMS_TEMPLATE_ILLEGAL", 200, "PROVIDER", True),
        ("isv.SMS_SIGNATURE_ILLEGAL", 200, "PROVIDER", True),
    ],
)
async def test_aliyun_codes_map_to_reasons(
    channel: SmsChannel, sms_server: AliyunSmsServer, code: str, status: int, reason: str, permanent: bool
) -> None:
    sms_server.error_next(1, code, status)

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"phone": PHONE}))

    assert (failure.value.reason, failure.value.permanent) == (reason, permanent)


@pytest.mark.parametrize(("status", "reason"), [(500, "PROVIDER"), (502, "PROVIDER"), (429, "RATE")])
async def test_http_errors_are_retryable(
    channel: SmsChannel, sms_server: AliyunSmsServer, status: int, reason: str
) -> None:
    sms_server.fail_next(1, status)

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"phone": PHONE}))

    assert (failure.value.reason, failure.value.permanent) == (reason, False)


async def test_every_request_has_a_fresh_nonce(channel: SmsChannel, sms_server: AliyunSmsServer) -> None:
    await channel.send(outgoing({"phone": PHONE}))
    await channel.send(outgoing({"phone": PHONE}, delivery_id=42))  # a reused nonce would be SignatureNonceUsed

    first, second = sms_server.received_of("sms")
    assert first["params"]["SignatureNonce"] != second["params"]["SignatureNonce"]


async def test_a_hanging_endpoint_times_out_within_the_limit(channel: SmsChannel, sms_server: AliyunSmsServer) -> None:
    sms_server.hang_next(1, seconds=5)
    started = time.monotonic()

    with pytest.raises(ChannelError) as failure:
        await channel.send(outgoing({"phone": PHONE}))

    assert (failure.value.reason, failure.value.permanent) == ("TIMEOUT", False)
    assert time.monotonic() - started < 1.5
