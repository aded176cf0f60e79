"""Opaque global IDs: base64 of "Type:key"; clients never build or parse them."""

from __future__ import annotations

import base64
import binascii

# Keys are 32-bit integer columns: anything larger names no row (and asyncpg refuses it).
MAX_KEY = 2**31 - 1


def encode(type_name: str, key: int | str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def decode(global_id: str, expected_type: str) -> int | None:
    """The integer key of an ID of the expected type, or None for anything else."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, key = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if type_name != expected_type or not key.isascii() or not key.isdigit() or len(key) > 10:
        return None
    value = int(key)
    return value if value <= MAX_KEY else None
