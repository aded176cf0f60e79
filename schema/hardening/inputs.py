"""Every input checked in one place before anything runs: variables of the wrong type, unknown enum
values, Decimal/Date values out of range (schema/scalars.py), NUL characters and texts over their
documented length (schema/limits.py) get a typed error naming the field, and the operation does not
execute, so nothing is written. IDs are opaque: a malformed or out-of-range one names no object and
gets the same NOT_FOUND as a stranger's (domain/ids.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLInputType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    get_nullable_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    type_from_ast,
    visit,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.pyutils import Undefined
from graphql.utilities import get_operation_ast
from graphql.utilities.validate_input_value import validate_input_value
from strawberry.extensions import SchemaExtension

from schema.hardening.documents import PerDocument
from schema.hardening.limits import max_text
from schema.shared.errors import PublicError
from schema.shared.messages import DEFAULT_LOCALE

TEXT_SCALARS = frozenset({"String", "ID", "JSON"})


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    field: str


@dataclass(frozen=True, slots=True)
class _Site:
    """A field with arguments somewhere in the document, and what its arguments are."""

    owner: str
    definition: GraphQLField
    node: FieldNode


_sites = PerDocument()


def _argument_sites(schema: GraphQLSchema, document: DocumentNode) -> list[_Site]:
    """Fields with arguments, found once per parsed document."""
    return _sites.get_or_compute(document, lambda doc: _collect_sites(schema, doc))


def _collect_sites(schema: GraphQLSchema, document: DocumentNode) -> list[_Site]:
    found: list[_Site] = []
    type_info = TypeInfo(schema)

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            definition = type_info.get_field_def()
            parent = type_info.get_parent_type()
            if node.arguments and definition is not None and parent is not None:
                found.append(_Site(parent.name, definition, node))

    visit(document, TypeInfoVisitor(type_info, Collect()))
    return found


def _path(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _check_text(value: str, scalar: str, key: str, path: list[str | int]) -> Iterator[Problem]:
    if "\x00" in value:
        yield Problem("INVALID_CHARACTER", _path(path))
    elif len(value) > max_text(key):
        yield Problem("TEXT_TOO_LONG", _path(path))


def _check_json(value: Any, key: str, path: list[str | int]) -> Iterator[Problem]:
    if isinstance(value, str):
        yield from _check_text(value, "JSON", key, path)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _check_text(str(name), "JSON", key, [*path, str(name)])
            yield from _check_json(item, key, [*path, str(name)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _check_json(item, key, [*path, index])


def _check_value(value: Any, type_: GraphQLInputType, key: str, path: list[str | int]) -> Iterator[Problem]:
    """A variable's value (plain JSON) against its type."""
    if value is None or value is Undefined:
        return
    nullable = get_nullable_type(type_)
    if is_list_type(nullable):
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            yield from _check_value(item, nullable.of_type, key, [*path, index])
    elif is_input_object_type(nullable):
        if isinstance(value, dict):
            for name, field in nullable.fields.items():
                if name in value:
                    yield from _check_value(value[name], field.type, f"{nullable.name}.{name}", [*path, name])
    else:
        scalar = get_named_type(nullable).name
        if scalar == "JSON":
            yield from _check_json(value, key, path)
        elif scalar in TEXT_SCALARS and isinstance(value, str):
            yield from _check_text(value, scalar, key, path)


def _check_literal(
    node: ValueNode, type_: GraphQLInputType, key: str, path: list[str | int], variables: dict[str, Any]
) -> Iterator[Problem]:
    """An argument written in the document; a variable in it is checked with the type at this place."""
    if isinstance(node, VariableNode):
        name = node.name.value
        if name in variables:
            yield from _check_value(variables[name], type_, key, [name])
        return
    nullable = get_nullable_type(type_)
    if is_list_type(nullable):
        items = node.values if isinstance(node, ListValueNode) else (node,)
        for index, item in enumerate(items):
            yield from _check_literal(item, nullable.of_type, key, [*path, index], variables)
    elif is_input_object_type(nullable):
        if isinstance(node, ObjectValueNode):
            for field_node in node.fields:
                name = field_node.name.value
                field = nullable.fields.get(name)
                if field is not None:
                    yield from _check_literal(
                        field_node.value, field.type, f"{nullable.name}.{name}", [*path, name], variables
                    )
    elif isinstance(node, StringValueNode):
        scalar = get_named_type(nullable).name
        if scalar in TEXT_SCALARS:
            yield from _check_text(node.value, scalar, key, path)


def _variable_problems(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        type_ = type_from_ast(schema, definition.type)
        if type_ is None:
            continue  # validation has refused the document already
        value = variables.get(name, Undefined)
        if value is Undefined:
            if is_non_null_type(type_) and definition.default_value is None:
                problems.append(Problem("INVALID_VALUE", name))
            continue

        def on_error(_: GraphQLError, path: list[str | int], name: str = name) -> None:
            problems.append(Problem("INVALID_VALUE", _path([name, *path])))

        validate_input_value(value, type_, on_error, hide_suggestions=True)  # type: ignore[arg-type]
    return problems


def find_problems(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> list[Problem]:
    """What is wrong with a request's inputs: first wrong types, then texts and IDs."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return []
    values = variables if isinstance(variables, dict) else {}
    problems = _variable_problems(schema, operation, values)
    if problems:
        return problems
    for site in _argument_sites(schema, document):
        for argument in site.node.arguments or ():
            name = argument.name.value
            definition = site.definition.args.get(name)
            if definition is not None:
                key = f"{site.owner}.{site.node.name.value}({name})"
                problems.extend(_check_literal(argument.value, definition.type, key, [name], values))
    return problems


class InputGuard(SchemaExtension):
    """Refuses the whole operation, with one typed error per bad input, before it executes."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            problems = find_problems(context.schema._schema, document, context.operation_name, context.variables)
            if problems:
                locale = getattr(context.context, "locale", DEFAULT_LOCALE)
                context.result = GraphQLExecutionResult(
                    data=None, errors=[PublicError(p.code, locale, field=p.field) for p in problems[:20]]
                )
        yield
