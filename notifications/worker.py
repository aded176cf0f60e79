"""The notification worker: fan out new events, climb escalation ladders, send digests, then send due
deliveries; in-process (default) or standalone (`python -m api worker`), several at once on PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from notifications.channels import Channel
from notifications.pipeline import Policy, collect_receipts, deliver_due, escalate_due, fan_out, send_digests

log = logging.getLogger("quancheng.notifications")


@dataclass(frozen=True, slots=True)
class Pass:
    notified: int
    escalated: int
    digests: int
    sent: int


async def run_once(channels: Mapping[str, Channel], policy: Policy | None = None) -> Pass:
    """One pass over everything that is due."""
    policy = policy or Policy()
    notified = await fan_out(channels, policy)
    await collect_receipts(channels, policy)  # before climbing: read in DingTalk stops a ladder
    escalated = await escalate_due(channels, policy)
    digests = await send_digests(channels, policy)
    sent = 0
    while True:  # drain what is due now, batch after batch
        batch = await deliver_due(channels, policy=policy)
        sent += batch
        if batch == 0:
            break
    return Pass(notified, escalated, digests, sent)


async def run_forever(channels: Mapping[str, Channel], interval: float, policy: Policy | None = None) -> None:
    """Pass after pass; a failed pass is logged and retried, never stops the loop."""
    while True:
        try:
            await run_once(channels, policy)
        except Exception:  # the worker must outlive a database hiccup
            log.exception("notification pass failed")
        await asyncio.sleep(interval)
