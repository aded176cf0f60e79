"""Mutations that run a domain action, all the same way: the signed-in actor, opaque IDs turned into keys,
and one mapping from a refused action (a `DomainError`) to the mutation's typed error member.

A mutation declares itself with `@action(...)` and only calls its flow. When the flow refuses, the
`RefusalsAsData` extension answers with the error member of the mutation's union (the shared interface
`UserError`), its `field` the GraphQL input path of the Python parameter the domain named: `task_id`
becomes `taskId`, and a mutation whose input is named differently says so in `renames`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from domain.actions.acting import Acting
from domain.errors import DomainError
from domain.workflow.errors import WorkflowError
from schema.shared import ids
from schema.shared.permissions import IsFullySignedIn, signed_in

GUARD: list[type[BasePermission]] = [IsFullySignedIn]


def input_path(field: str | None, renames: Mapping[str, str] | None = None) -> str | None:
    """The GraphQL input path of a domain error's Python parameter (`attachments.2` -> `attachmentIds.2`)."""
    if not field:
        return None
    head, *rest = field.split(".")
    return ".".join([(renames or {}).get(head) or to_camel_case(head), *(to_camel_case(part) for part in rest)])


class RefusalsAsData(FieldExtension):
    """A refused action becomes the error member of the mutation's result union, never a GraphQL error."""

    def __init__(self, renames: Mapping[str, str] | None = None) -> None:
        self.renames = dict(renames or {})
        self.error_type: Any = None

    def apply(self, field: StrawberryField) -> None:
        self.error_type = error_member(field.type)

    def resolve(self, next_: Callable[..., Any], source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        raise TypeError("actions are async")  # pragma: no cover - every action resolver is a coroutine

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except DomainError as error:
            return self.error_type.of(error, info.context.locale, input_path(error.field, self.renames))


def error_member(result_type: Any) -> Any:
    """The member of a result union that carries refusals (it has an `of` constructor)."""
    members = getattr(result_type, "types", None) or getattr(getattr(result_type, "of_type", None), "types", ())
    for member in members or ():
        if callable(getattr(member, "of", None)):
            return member
    raise TypeError(f"{result_type} has no error member")


def action(
    description: str,
    *,
    renames: Mapping[str, str] | None = None,
    permission_classes: list[type[BasePermission]] | None = None,
) -> Any:
    """A mutation that runs a domain action and answers its refusals as typed data."""
    return strawberry.mutation(
        description=description,
        permission_classes=permission_classes if permission_classes is not None else GUARD,
        extensions=[RefusalsAsData(renames)],
    )


def acting(info: strawberry.Info, key: str) -> Acting:
    """The signed-in caller taking an action from this request, under the client's idempotency key."""
    return Acting(user_id=signed_in(info).user.id, origin=info.context.origin, key=key)


def object_key(global_id: str, type_name: str, field: str) -> int:
    """The database key behind an opaque ID, or the typed error a stranger's or a forged ID gets."""
    key = ids.decode(global_id, type_name)
    if key is None:
        raise WorkflowError("NOT_FOUND", field=field)
    return key


def optional_key(global_id: str | None, type_name: str, field: str) -> int | None:
    return object_key(global_id, type_name, field) if global_id else None


def object_keys(global_ids: list[strawberry.ID], type_name: str, field: str) -> list[int]:
    return [object_key(g, type_name, f"{field}.{i}") for i, g in enumerate(global_ids)]
