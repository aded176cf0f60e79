"""The local provider servers, started once per test session and reset before each test. These tests use
no database: none of them asks for the `app` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from notifications.channels import Outgoing
from tests.providers.aliyun_sms import AliyunSmsServer
from tests.providers.dingtalk import DingTalkServer
from tests.providers.fcm import FcmServer
from tests.providers.server import ProviderServer
from tests.providers.webpush_service import WebPushService
from tests.providers.wechat import WeChatServer


def outgoing(address: dict[str, str], **overrides: Any) -> Outgoing:
    values: dict[str, Any] = {
        "delivery_id": 41,
        "user_id": 7,
        "kind": "step.opened",
        "title": "新的待办",
        "body": "项目「市民卡二期」有一项待办需要您办理。",
        "link": "/todos/12",
        "urgent": False,
        "address": address,
        "receipt": "receipt-token-41",
    }
    return Outgoing(**{**values, **overrides})


def _served(server: ProviderServer) -> Iterator[ProviderServer]:
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _webpush_service() -> Iterator[ProviderServer]:
    yield from _served(WebPushService())


@pytest.fixture(scope="session")
def _fcm_server() -> Iterator[ProviderServer]:
    yield from _served(FcmServer())


@pytest.fixture(scope="session")
def _wechat_server() -> Iterator[ProviderServer]:
    yield from _served(WeChatServer())


@pytest.fixture(scope="session")
def _dingtalk_server() -> Iterator[ProviderServer]:
    yield from _served(DingTalkServer())


@pytest.fixture(scope="session")
def _sms_server() -> Iterator[ProviderServer]:
    yield from _served(AliyunSmsServer())


@pytest.fixture
def push_service(_webpush_service: WebPushService) -> WebPushService:
    _webpush_service.reset()
    return _webpush_service


@pytest.fixture
def fcm_server(_fcm_server: FcmServer) -> FcmServer:
    _fcm_server.reset()
    return _fcm_server


@pytest.fixture
def wechat_server(_wechat_server: WeChatServer) -> WeChatServer:
    _wechat_server.reset()
    return _wechat_server


@pytest.fixture
def dingtalk_server(_dingtalk_server: DingTalkServer) -> DingTalkServer:
    _dingtalk_server.reset()
    return _dingtalk_server


@pytest.fixture
def sms_server(_sms_server: AliyunSmsServer) -> AliyunSmsServer:
    _sms_server.reset()
    return _sms_server
