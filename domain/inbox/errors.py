"""Refusals of notification settings, push registrations, WeChat quota and delivery retries."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class InboxError(ActionRefused):
    CODES: ClassVar[frozenset[str]] = SHARED_CODES
