"""Writing and verifying the audit trail. Records are only ever added, never changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from domain import clock
from domain.audit.models import AuditRecord
from domain.audit.rules import CHAINED_FIELDS, GENESIS_HASH, chain_hash

# Key of the PostgreSQL advisory lock that serialises appends to the chain.
CHAIN_LOCK_KEY = 0x51430001
VERIFY_BATCH = 500


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an action came from: the caller's address and device."""

    ip: str | None = None
    device: str | None = None


@dataclass(frozen=True, slots=True)
class Anchor:
    """The head of the chain as seen once (kept outside the database): a later verify checks it is still there."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    checked: int
    # The first record (by seq) where the chain breaks, and why.
    first_bad_seq: int | None = None
    problem: str | None = None
    head: Anchor | None = None


async def record(
    *,
    action: str,
    outcome: str,
    origin: Origin,
    actor_id: int | None = None,
    actor_name: str | None = None,
    on_behalf_of_id: int | None = None,
    center: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record to the chain (inside the caller's transaction when there is one)."""
    async with in_transaction() as conn:
        if conn.capabilities.dialect == "postgres":
            await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [CHAIN_LOCK_KEY])
        last = await AuditRecord.all().order_by("-seq").first().values("seq", "hash")
        values: dict[str, Any] = {
            "seq": (last["seq"] + 1) if last else 1,
            "at": clock.now(),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "on_behalf_of_id": on_behalf_of_id,
            "center": center,
            "action": action,
            "outcome": outcome,
            "ip": origin.ip,
            "device": (origin.device or "")[:255] or None,
            "target_type": target_type,
            "target_id": target_id,
            "detail": detail or {},
        }
        prev_hash = last["hash"] if last else GENESIS_HASH
        return await AuditRecord.create(**values, prev_hash=prev_hash, hash=chain_hash(prev_hash, values))


async def head() -> Anchor | None:
    """The newest record of the chain, as an anchor to keep outside the database."""
    last = await AuditRecord.all().order_by("-seq").first().values("seq", "hash")
    return Anchor(seq=last["seq"], hash=last["hash"]) if last else None


async def still_there(anchor: Anchor) -> bool:
    """Whether the record an anchor noted is still in the chain, unchanged."""
    return await AuditRecord.filter(seq=anchor.seq, hash=anchor.hash).exists()


async def verify(anchor: Anchor | None = None) -> Verification:
    """Walk the chain in order; report the first record that was edited, deleted or reordered.

    A chain alone cannot show that its newest records were cut off: pass an anchor noted
    earlier (the `head` of a previous verification) and a missing or altered head is reported.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    while True:
        rows = (
            await AuditRecord.filter(seq__gte=expected_seq)
            .order_by("seq")
            .limit(VERIFY_BATCH)
            .values("prev_hash", "hash", *CHAINED_FIELDS)
        )
        if not rows:
            head = Anchor(seq=expected_seq - 1, hash=expected_prev) if checked else None
            if anchor is not None and anchor.seq > checked:
                return Verification(False, checked, checked + 1, f"record {checked + 1} is missing", head)
            return Verification(ok=True, checked=checked, head=head)
        for row in rows:
            if row["seq"] != expected_seq:
                return Verification(False, checked, expected_seq, f"record {expected_seq} is missing")
            if row["prev_hash"] != expected_prev:
                return Verification(False, checked, row["seq"], "link to the previous record is broken")
            if chain_hash(row["prev_hash"], row) != row["hash"]:
                return Verification(False, checked, row["seq"], "content differs from its hash")
            if anchor is not None and row["seq"] == anchor.seq and row["hash"] != anchor.hash:
                return Verification(False, checked, row["seq"], "differs from the anchor noted earlier")
            expected_prev = row["hash"]
            expected_seq += 1
            checked += 1
