"""Every refusal a mutation can answer names a real input of that mutation.

The domain names the Python parameter it refused (`attachments.2`); the schema maps it to the GraphQL
input path in one place (`schema/shared/actions.py`). This test reads the code: from each action
resolver it follows the domain functions it calls (transitively, within `domain/`) and collects every
`field=` a refusal can carry, maps it as the API does, and checks the path exists on the mutation's
input in the committed SDL. It also checks each raised code is one its area declares.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

import pytest
from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, build_schema
from strawberry.utils.str_converters import to_camel_case

from domain.errors import DomainError
from schema.build import Mutation
from schema.shared.actions import RefusalsAsData, input_path

SDL = build_schema((Path(__file__).parents[3] / "schema" / "schema.graphql").read_text())
MUTATIONS = SDL.mutation_type.fields  # type: ignore[union-attr]

# Fields the shared kernel can name that only apply when the caller passes the parameter: the
# kernel raises them only for flows that take that parameter.
CONDITIONAL = {"expected_version"}


@dataclass(frozen=True)
class Refusal:
    field: str | None
    code: str | None
    error: type[DomainError] | None
    where: str


def _source_tree(function: Callable[..., Any]) -> ast.AST:
    return ast.parse(textwrap.dedent(inspect.getsource(function)))


def _resolve(node: ast.expr, namespace: dict[str, Any]) -> Any:
    """The object a call's target names in the function's module, or None."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        return getattr(owner, node.attr, None) if isinstance(owner, ModuleType) else None
    return None


def _text(node: ast.expr | None) -> str | None:
    """A constant field, with each formatted part of an f-string read as an index (`resources.N.x`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "N" for v in node.values)
    return None


def _refusals(function: Callable[..., Any], seen: set[Any], *, resolver: bool = False) -> Iterator[Refusal]:
    """Refusals the function (a resolver, or a domain function it reaches) can raise or name."""
    function = inspect.unwrap(function)
    if function in seen or not isinstance(function, FunctionType):
        return
    seen.add(function)
    if not (resolver or function.__module__.startswith("domain.")):
        return
    namespace = function.__globals__
    for node in ast.walk(_source_tree(function)):
        if not isinstance(node, ast.Call):
            continue
        target = _resolve(node.func, namespace)
        if isinstance(target, type) and issubclass(target, DomainError):
            code = _text(node.args[0]) if node.args else None
            field = next((_text(k.value) for k in node.keywords if k.arg == "field"), None)
            yield Refusal(field, code, target, f"{function.__module__}.{function.__qualname__}")
            continue
        for keyword in node.keywords:
            if keyword.arg == "field" and _text(keyword.value):
                where = f"{function.__module__}.{function.__qualname__}"
                yield Refusal(_text(keyword.value), None, None, where)
        if callable(target):
            yield from _refusals(target, seen)


def _schema_paths(resolver: Callable[..., Any]) -> Iterator[str]:
    """GraphQL paths the resolver itself names (`object_key(input.task_id, "Task", "taskId")`)."""
    for node in ast.walk(_source_tree(resolver)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {
            "object_key",
            "object_keys",
            "optional_key",
        }:
            field = node.args[2] if len(node.args) > 2 else next(k.value for k in node.keywords if k.arg == "field")
            if text := _text(field):
                yield text


def _unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def _exists(mutation: str, path: str) -> bool:
    field = MUTATIONS[mutation]
    head, *rest = path.split(".")
    arguments = field.args
    if head in arguments:
        current = _unwrap(arguments[head].type)
    else:
        inputs = [_unwrap(a.type) for a in arguments.values() if isinstance(_unwrap(a.type), GraphQLInputObjectType)]
        matches = [t.fields[head].type for t in inputs if head in t.fields]
        if not matches:
            return False
        current = _unwrap(matches[0])
    for part in rest:
        if part == "N" or part.isdigit():
            continue
        if not isinstance(current, GraphQLInputObjectType) or part not in current.fields:
            return False
        current = _unwrap(current.fields[part].type)
    return True


def _actions() -> Iterator[tuple[str, Callable[..., Any], RefusalsAsData]]:
    definition = Mutation.__strawberry_definition__  # type: ignore[attr-defined]
    for field in definition.fields:
        refusals = next((e for e in field.extensions if isinstance(e, RefusalsAsData)), None)
        if refusals is not None and field.base_resolver is not None:
            yield field.graphql_name or to_camel_case(field.python_name), field.base_resolver.wrapped_func, refusals


ACTIONS = sorted(_actions(), key=lambda a: a[0])


def test_the_walk_finds_the_actions_and_their_refusals() -> None:
    # the walk itself works: every action is found and most can refuse with a named field
    assert len(ACTIONS) >= 40
    named = [name for name, resolver, _ in ACTIONS if any(r.field for r in _refusals(resolver, set(), resolver=True))]
    assert len(named) >= 0.8 * len(ACTIONS)


@pytest.mark.parametrize(("mutation", "resolver", "refusals"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_every_refused_field_is_an_input_of_its_mutation(mutation: str, resolver: Any, refusals: Any) -> None:
    # refusals other than the ones in the SDL's input would send the client to a field it does not have
    wrong = []
    for path in _schema_paths(resolver):
        if not _exists(mutation, path):
            wrong.append(f"{path} (named in the resolver)")
    for refusal in _refusals(resolver, set(), resolver=True):
        if refusal.field is None or refusal.field in CONDITIONAL:
            continue
        path = input_path(refusal.field, refusals.renames)
        assert path is not None
        if not _exists(mutation, path):
            wrong.append(f"{refusal.field} -> {path} ({refusal.where})")
    assert wrong == [], f"{mutation} can name fields its input does not have"


def test_every_raised_code_is_declared_by_its_area() -> None:
    undeclared = set()
    for _, resolver, _ in ACTIONS:
        for refusal in _refusals(resolver, set(), resolver=True):
            codes = getattr(refusal.error, "CODES", None)
            if refusal.code and codes is not None and refusal.code not in codes:
                undeclared.add(f"{refusal.error.__name__}({refusal.code}) in {refusal.where}")
    assert undeclared == set()
