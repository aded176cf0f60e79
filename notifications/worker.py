"""The notification worker: fan out new events, climb escalation ladders, send digests, then send due
deliveries; in-process (default) or standalone (`python -m api worker`), several at once on PostgreSQL.

It wakes when an event is committed (this process's doorbell; on PostgreSQL also LISTEN on the outbox's
NOTIFY channel, so a worker in another process wakes too), and at least every `interval` seconds for
retries, ladders and digests that fall due with no new event."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg

from domain.events.service import COMMIT_CHANNEL, Doorbell, outbox_bell
from notifications.channels import Channel
from notifications.pipeline import Policy, collect_receipts, deliver_due, escalate_due, fan_out, send_digests

log = logging.getLogger("quancheng.notifications")
HEALTH_CHECK_SECONDS = 5.0


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
    sent = await deliver_due(channels, policy=policy)  # drains what is due now, batch after batch
    return Pass(notified, escalated, digests, sent)


async def listen_for_commits(database_url: str, bell: Doorbell) -> None:
    """Ring `bell` on every outbox commit NOTIFY; reconnects after PostgreSQL restarts."""
    dsn = database_url.replace("postgres://", "postgresql://", 1)
    while True:
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(dsn, timeout=5)
            await conn.add_listener(COMMIT_CHANNEL, lambda *_: bell.ring())
            bell.ring()  # whatever was committed while nobody listened
            while True:
                await asyncio.sleep(HEALTH_CHECK_SECONDS)
                await conn.execute("SELECT 1")
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            log.warning("outbox listener lost PostgreSQL (%s); reconnecting", error)
            await asyncio.sleep(1)
        finally:
            if conn is not None and not conn.is_closed():
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.close(), 2)


async def run_forever(
    channels: Mapping[str, Channel],
    interval: float,
    policy: Policy | None = None,
    *,
    listen_url: str | None = None,
    bell: Doorbell = outbox_bell,
) -> None:
    """Pass after pass, each as soon as an event is committed or `interval` seconds after the last; a failed
    pass is logged and retried, never stops the loop."""
    listener = asyncio.create_task(listen_for_commits(listen_url, bell)) if listen_url else None
    try:
        while True:
            try:
                await run_once(channels, policy)
            except Exception:  # the worker must outlive a database hiccup
                log.exception("notification pass failed")
            await bell.wait(interval)
    finally:
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
