"""Run an action once per client key: the same key again returns the first result, no second effect."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import orjson
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import clock
from domain.actions.errors import ActionRefused
from domain.actions.results import TYPE_KEY, ProcessState, dump, load
from domain.workflow.models import IdempotencyKey

R = TypeVar("R")


def fingerprint(action: str, request: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps([action, request], option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


async def run_once(
    *, user_id: int, key: str, action: str, request: dict[str, Any], perform: Callable[[], Awaitable[R]]
) -> R:
    """Claim the key, perform, keep the result, all in one transaction.

    A concurrent request with the same key waits on the unique key until the first commits,
    then returns its result; if the first failed (and rolled back), this one performs.
    """
    if not key or len(key) > 64:
        raise ActionRefused("INVALID_INPUT", field="idempotency_key")
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
                raise ActionRefused("IDEMPOTENCY_KEY_REUSED", field="idempotency_key") from None
            return kept(first.result or {})
        result = await perform()
        await IdempotencyKey.filter(id=claim.id).update(result=dump(result))
        return result


def kept(data: dict[str, Any]) -> Any:
    """The result a key was claimed with; keys claimed before results were typed kept camelCase state."""
    if TYPE_KEY in data:
        return load(data)
    return ProcessState(
        project_id=data["projectId"],
        project_status=data["projectStatus"],
        project_stage=data["projectStage"],
        project_version=data["projectVersion"],
        step_run_id=data.get("stepRunId"),
        step_status=data.get("stepStatus"),
        step_version=data.get("stepVersion"),
        task_id=data.get("taskId"),
        task_status=data.get("taskStatus"),
    )
