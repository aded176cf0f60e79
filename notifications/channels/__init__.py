"""Channels: one small interface; each real channel lives in its own module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class ChannelError(Exception):
    """A send failed; `permanent` ones are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Outgoing:
    user_id: int
    title: str
    body: str
    link: str
    urgent: bool


class Channel(Protocol):
    name: str

    async def send(self, message: Outgoing) -> None: ...


@dataclass
class RecordingChannel:
    """Keeps what it was asked to send (tests, and a development server without credentials)."""

    name: str = "recording"
    sent: list[Outgoing] = field(default_factory=list)
    failures: list[ChannelError] = field(default_factory=list)

    async def send(self, message: Outgoing) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
