"""Channels: one small interface; each real channel lives in its own module.

A channel sends one message to one address and says what the provider answered. It never touches
the database: the pipeline picks the address (a browser's push subscription, an FCM token, a WeChat
openid, a DingTalk userid, a phone number), records the outcome and decides about retries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


class ChannelError(Exception):
    """A send failed; `permanent` ones are not retried. `reason` is a stable word the pipeline acts on:
    GONE (the address no longer exists: forget it), QUOTA (no WeChat subscription left), AUTH (our
    credentials were refused), RATE (the provider asks us to slow down), TIMEOUT, PROVIDER (anything else)."""

    def __init__(self, message: str, *, permanent: bool = False, reason: str = "PROVIDER") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Outgoing:
    delivery_id: int
    user_id: int
    kind: str  # the event kind, e.g. "step.opened" (WeChat picks its template by it)
    title: str
    body: str
    link: str  # in-app path of the exact to-do or score sheet, e.g. "/todos/12"
    urgent: bool
    # Where to: webpush {endpoint, p256dh, auth}; fcm {token}; wechat {openid}; dingtalk {userid}; sms {phone}.
    address: Mapping[str, str] = field(default_factory=dict)
    # A signed token the receiving app may send back to confirm arrival (web push and FCM carry it).
    receipt: str = ""
    language: str = "zh-CN"


@dataclass(frozen=True, slots=True)
class Sent:
    """What the provider answered: its message id, and whether it already confirms delivery."""

    provider_id: str = ""
    delivered: bool = False


class Channel(Protocol):
    name: str

    async def send(self, message: Outgoing) -> Sent: ...

    async def aclose(self) -> None: ...


@dataclass
class RecordingChannel:
    """Keeps what it was asked to send (tests, and a development server without credentials)."""

    name: str = "recording"
    sent: list[Outgoing] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)

    async def send(self, message: Outgoing) -> Sent:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return Sent(provider_id=f"rec-{len(self.sent)}")

    async def aclose(self) -> None:
        return None


def describe(channels: Mapping[str, Channel]) -> str:
    return ", ".join(sorted(channels)) or "none"
