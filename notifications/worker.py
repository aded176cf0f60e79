"""The notification worker: fan out new events, then send due deliveries; in-process or standalone."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from notifications.channels import Channel
from notifications.pipeline import deliver_due, fan_out

log = logging.getLogger("quancheng.notifications")


async def run_once(channels: Mapping[str, Channel]) -> tuple[int, int]:
    """One pass: (notifications created, deliveries sent)."""
    created = await fan_out(list(channels))
    sent = await deliver_due(dict(channels))
    return created, sent


async def run_forever(channels: Mapping[str, Channel], interval: float) -> None:
    """Pass after pass; a failed pass is logged and retried, never stops the loop."""
    if not channels:
        log.info("notifications: in-app inbox only (no push, WeChat, DingTalk or SMS channel configured)")
    while True:
        try:
            await run_once(channels)
        except Exception:  # the worker must outlive a database hiccup
            log.exception("notification pass failed")
        await asyncio.sleep(interval)
