"""Typed results of actions, and their one serialisation for the idempotency store.

A flow returns a frozen dataclass registered with `@stored`; `run_once` keeps `dump(result)` with the
claimed key and answers a repeated key with `load(...)` of it, the same type and values as the first time.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")

_TYPES: dict[str, type] = {}
TYPE_KEY = "__type__"


def stored(cls: type[T]) -> type[T]:
    """Register a frozen dataclass as an action result the idempotency store can keep."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    _TYPES[cls.__name__] = cls
    return cls


@stored
@dataclasses.dataclass(frozen=True, slots=True)
class ProcessState:
    """The state of a project's process after an action, or as it is when an action was refused."""

    project_id: int
    project_status: str
    project_stage: str
    project_version: int
    step_run_id: int | None = None
    step_status: str | None = None
    step_version: int | None = None
    task_id: int | None = None
    task_status: str | None = None


@stored
@dataclasses.dataclass(frozen=True, slots=True)
class Done:
    """An action with nothing to report beyond having happened."""


def dump(result: Any) -> dict[str, Any]:
    """A registered result as JSON-ready data (decimals as strings), tagged with its type."""
    name = type(result).__name__
    if _TYPES.get(name) is not type(result) or not dataclasses.is_dataclass(result):
        raise TypeError(f"{name} is not a registered action result")
    data: dict[str, Any] = {TYPE_KEY: name}
    for field in dataclasses.fields(result):
        data[field.name] = _dump_value(getattr(result, field.name))
    return data


def _dump_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dump(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_dump_value(v) for v in value]
    return value


def load(data: dict[str, Any]) -> Any:
    """The result `dump` kept, rebuilt with its type."""
    cls = _TYPES[data[TYPE_KEY]]
    hints = typing.get_type_hints(cls)
    values = {f.name: _load_value(hints[f.name], data.get(f.name)) for f in dataclasses.fields(cls) if f.name in data}
    return cls(**values)


def _load_value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict) and TYPE_KEY in value:
        return load(value)
    for kind in _kinds(hint):
        if kind is Decimal:
            return Decimal(value)
        if typing.get_origin(kind) is tuple:
            (inner, *_rest) = typing.get_args(kind) or (Any,)
            return tuple(_load_value(inner, v) for v in value)
    return value


def _kinds(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)
