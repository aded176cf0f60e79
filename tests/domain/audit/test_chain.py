"""The audit trail is append-only and hash-chained; verify names the first broken record."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from tortoise import Tortoise
from tortoise.exceptions import OperationalError

from domain.audit.models import AuditRecord
from domain.audit.service import Origin, record, verify
from tests.conftest import DATABASE_URL

ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


async def _records(n: int) -> None:
    for i in range(n):
        await record(
            action="TEST",
            outcome="SUCCESS",
            origin=Origin(ip="10.0.0.1"),
            actor_name=f"user{i}",
            detail={"n": i, "text": "审批意见"},
        )


async def _raw(sql: str) -> None:
    """What someone with direct database access could do (the trigger switched off, on PostgreSQL)."""
    conn = Tortoise.get_connection("default")
    if ON_POSTGRES:
        sql = (
            f"ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only; {sql}; "
            "ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only;"
        )
    await conn.execute_script(sql)


async def test_an_intact_chain_verifies(app) -> None:
    await _records(12)
    result = await verify()
    assert (result.ok, result.checked) == (True, 12)
    rows = await AuditRecord.all().order_by("seq")
    assert [r.seq for r in rows] == list(range(1, 13))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))


async def test_an_edited_record_is_found_at_its_position(app) -> None:
    await _records(8)
    await _raw("UPDATE audit_record SET outcome = 'FAILURE' WHERE seq = 5")
    result = await verify()
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 5, "content differs from its hash")


async def test_a_deleted_record_is_found_at_its_position(app) -> None:
    await _records(8)
    await _raw("DELETE FROM audit_record WHERE seq = 3")
    result = await verify()
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 3, "record 3 is missing")


async def test_a_cut_off_tail_is_found_with_an_anchor(app) -> None:
    await _records(6)
    head = (await verify()).head
    assert head is not None and head.seq == 6
    await _raw("DELETE FROM audit_record WHERE seq >= 5")
    assert (await verify()).ok  # the chain alone cannot tell
    result = await verify(head)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 5, "record 5 is missing")


async def test_a_rehashed_forgery_breaks_the_link(app) -> None:
    await _records(5)
    await _raw("UPDATE audit_record SET hash = '" + "f" * 64 + "' WHERE seq = 2")
    result = await verify()
    assert (result.first_bad_seq, result.problem) == (2, "content differs from its hash")


async def test_concurrent_appends_keep_one_unbroken_chain(app) -> None:
    await asyncio.gather(
        *(record(action="RACE", outcome="SUCCESS", origin=Origin(), actor_name=str(i)) for i in range(20))
    )
    result = await verify()
    assert (result.ok, result.checked) == (True, 20)


@pytest.mark.parametrize("statement", ["UPDATE audit_record SET outcome = 'X'", "DELETE FROM audit_record"])
async def test_postgres_refuses_update_and_delete(app, statement) -> None:
    await _records(2)
    conn = Tortoise.get_connection("default")
    head = (await verify()).head
    if not ON_POSTGRES:
        # SQLite has no such trigger (embedded demo mode); the chain and its anchor still show any change.
        await conn.execute_script(statement)
        assert not (await verify(head)).ok
        return
    with pytest.raises(OperationalError, match="append-only"):
        await conn.execute_script(statement)
    assert (await verify()).ok
