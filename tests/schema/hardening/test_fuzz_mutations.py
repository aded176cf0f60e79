"""Fuzzing every mutation of the exported SDL (schema/schema.graphql): for each argument leaf, values of
the wrong type, NUL, oversized texts and impossible numbers and dates must get a typed error and write
nothing; values of the right type at their extremes must never be an "Unexpected error."."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    get_nullable_type,
    is_enum_type,
    is_input_object_type,
    is_leaf_type,
    is_list_type,
    print_type,
)
from tortoise import Tortoise

from schema.shared import ids

SDL = build_schema((Path(__file__).resolve().parents[3] / "schema" / "schema.graphql").read_text())
SEED = 1616
CASES_PER_MUTATION = 12

Path_ = tuple[str | int, ...]

# Right type, wrong value: refused before anything runs, with a typed error.
INVALID: dict[str, list[Any]] = {
    "String": [5, True, ["x"], {"a": 1}, "a\x00b", "长" * 300_000],
    "ID": [False, 1.5, "x\x00", "x" * 5_000],
    "Int": [2**31, -(2**31) - 1, 2**63, 1.5, "1", "NaN"],
    "Float": ["x", True, [1.0]],
    "Boolean": ["true", 1, "false"],
    "Decimal": ["NaN", "Infinity", "-Infinity", "sNaN", "1e999999", "0.00000000001", "abc", True, "1e16"],
    "Date": ["9999-12-31", "0001-01-01", "2026-02-30", "tomorrow", 20260101],
    "DateTime": ["9999-12-31T00:00:00+08:00", "0001-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "now", 1],
    "JSON": [{"k": "a\x00"}, ["长" * 300_000]],
    "enum": ["NO_SUCH_VALUE", 3, True, "a\x00"],
}
# Right type at its extremes: may be refused by a rule (as data) or succeed, never "Unexpected error.".
EXTREME: dict[str, list[Any]] = {
    "String": ["", " ", "\u202e\u200b", "长" * 200, "a" * 4000, "'; DROP TABLE project; --", "%_\\"],
    "ID": [7, "", "%%%", ids.encode("Task", 2**31 - 1), ids.encode("Project", 0), "VGFzazotMQ", ids.encode("X", 1)],
    "Int": [0, -1, 2**31 - 1, -(2**31)],
    "Float": [0.0, -1e308, 1e308],
    "Boolean": [True, False],
    "Decimal": ["0", "-1", "999999999999999", "-999999999999999", "0.0000000001", 0, 1e14],
    "Date": ["1900-01-01", "2200-12-31", "2026-02-29", "2028-02-29"],
    "DateTime": ["1900-01-01T00:00:00Z", "2200-12-31T23:59:59+08:00", "2026-06-01T00:00:00"],
    "JSON": [{}, [], {"a": None}, {"x" * 150: 1}],
    "enum": [],
}


def _base(type_: GraphQLInputType) -> Any:
    """A value of the right shape, for the places not being fuzzed."""
    nullable = get_nullable_type(type_)
    if is_list_type(nullable):
        return [_base(nullable.of_type)]
    if is_input_object_type(nullable):
        return {name: _base(field.type) for name, field in nullable.fields.items()}
    if is_enum_type(nullable):
        return next(iter(nullable.values))
    return {
        "String": "测试",
        "ID": ids.encode("Project", 1),
        "Int": 1,
        "Float": 1.0,
        "Boolean": True,
        "Decimal": "1",
        "Date": "2026-12-01",
        "DateTime": "2026-12-01T09:00:00+08:00",
        "JSON": {},
        "Upload": None,
    }[nullable.name]


def _leaves(type_: GraphQLInputType, path: Path_) -> list[tuple[Path_, str]]:
    nullable = get_nullable_type(type_)
    if is_list_type(nullable):
        return _leaves(nullable.of_type, (*path, 0))
    if is_input_object_type(nullable):
        return [leaf for name, field in nullable.fields.items() for leaf in _leaves(field.type, (*path, name))]
    return [(path, "enum" if isinstance(nullable, GraphQLEnumType) else nullable.name)]


def _replace(value: Any, path: Path_, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        return [_replace(value[0], rest, new)]
    return {**value, head: _replace(value[head], rest, new)}


def _document(name: str, field: GraphQLField) -> str:
    declared = ", ".join(f"${arg}: {argument.type}" for arg, argument in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    return f"mutation{f'({declared})' if declared else ''} {{ {name}{f'({passed})' if passed else ''}{selection} }}"


def cases(schema: GraphQLSchema) -> list[tuple[str, str, dict[str, Any], bool]]:
    """(mutation, document, variables, invalid) for every mutation, drawn with a fixed seed."""
    rng = random.Random(SEED)
    drawn: list[tuple[str, str, dict[str, Any], bool]] = []
    assert schema.mutation_type is not None
    for name, field in sorted(schema.mutation_type.fields.items()):
        if not field.args:
            continue
        document = _document(name, field)
        base = {arg: _base(argument.type) for arg, argument in field.args.items()}
        options: list[tuple[dict[str, Any], bool]] = []
        for arg, argument in field.args.items():
            for path, kind in _leaves(argument.type, ()):
                if kind == "Upload":
                    continue
                for bad in INVALID.get(kind, []):
                    options.append(({**base, arg: _replace(base[arg], path, bad)}, True))
                for extreme in EXTREME.get(kind, []):
                    options.append(({**base, arg: _replace(base[arg], path, extreme)}, False))
        for variables, invalid in rng.sample(options, min(CASES_PER_MUTATION, len(options))):
            drawn.append((name, document, variables, invalid))
    return drawn


CASES = cases(SDL)


async def _row_count() -> int:
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    sql = "SELECT " + " + ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables) + " AS n"
    rows = await Tortoise.get_connection("default").execute_query_dict(sql)
    return int(rows[0]["n"])


def test_every_mutation_is_fuzzed() -> None:
    assert SDL.mutation_type is not None
    fuzzed = {name for name, *_ in CASES}
    with_arguments = {name for name, field in SDL.mutation_type.fields.items() if field.args}
    assert fuzzed == with_arguments, print_type(SDL.mutation_type)
    assert sum(invalid for *_, invalid in CASES) > 100


async def test_fuzzed_mutations_get_typed_errors_and_write_nothing(as_user, demo, client: httpx.AsyncClient) -> None:
    # given the data bureau's administrator, who may call the most mutations
    token = (await as_user("data")).token
    headers = {"authorization": f"Bearer {token}", "accept-language": "en"}
    failures: list[str] = []
    for name, document, variables, invalid in CASES:
        before = await _row_count()
        # when a mutation arrives with one value wrong or at its extreme
        response = await client.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
        # then never a 500 nor an unexpected error
        label = f"{name} {str(variables)[:160]!r}"
        if response.status_code != 200:
            failures.append(f"{label}: HTTP {response.status_code} {response.text[:200]}")
            continue
        body = response.json()
        errors = body.get("errors") or []
        unexpected = [e for e in errors if e["message"] == "Unexpected error." or "code" not in e.get("extensions", {})]
        if unexpected:
            failures.append(f"{label}: {unexpected[0]['message'][:200]}")
        elif invalid and (body.get("data") is not None or not errors):
            failures.append(f"{label}: accepted {str(body)[:200]}")
        elif invalid and await _row_count() != before:
            failures.append(f"{label}: wrote rows")
    assert not failures, f"{len(failures)} of {len(CASES)}:\n" + "\n".join(failures[:40])
