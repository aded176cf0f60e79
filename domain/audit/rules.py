"""The hash chain: a canonical encoding of a record and the hash that links it to the one before."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import orjson

GENESIS_HASH = "0" * 64
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "on_behalf_of_id",
    "center",
    "action",
    "outcome",
    "ip",
    "device",
    "target_type",
    "target_id",
    "detail",
)


def canonical(record: dict[str, Any]) -> bytes:
    """Sorted-key JSON of the chained fields; times as UTC ISO 8601 with microseconds."""
    values = {name: record.get(name) for name in CHAINED_FIELDS}
    at = values["at"]
    if isinstance(at, datetime):
        values["at"] = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return orjson.dumps(values, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def chain_hash(prev_hash: str, record: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(record)).hexdigest()
