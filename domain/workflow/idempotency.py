"""Run an action once per client key: the same key again returns the first result, no second effect."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import clock
from domain.workflow.errors import WorkflowError
from domain.workflow.models import IdempotencyKey

Result = dict[str, Any]


def fingerprint(action: str, request: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps([action, request], option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


async def run_once(
    *, user_id: int, key: str, action: str, request: dict[str, Any], perform: Callable[[], Awaitable[Result]]
) -> Result:
    """Claim the key, perform, keep the result, all in one transaction.

    A concurrent request with the same key waits on the unique key until the first commits,
    then returns its result; if the first failed (and rolled back), this one performs.
    """
    if not key or len(key) > 64:
        raise WorkflowError("INVALID_INPUT", field="idempotencyKey")
    print_ = fingerprint(action, request)
    async with in_transaction():
        try:
            async with in_transaction():
                claim = await IdempotencyKey.create(
                    user_id=user_id, key=key, action=action, fingerprint=print_, created_at=clock.now()
                )
        except IntegrityError:
            first = await IdempotencyKey.get(user_id=user_id, key=key)
            if first.fingerprint != print_:
                raise WorkflowError("IDEMPOTENCY_KEY_REUSED", field="idempotencyKey") from None
            return dict(first.result or {})
        result = await perform()
        await IdempotencyKey.filter(id=claim.id).update(result=result)
        return result
