"""Every action mutation answers `<Success> | <Area>Error`: one error type, the one of the business area whose
folder holds the mutation, implementing the shared ActionError interface that clients select on."""

from __future__ import annotations

import inspect

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType

from schema.build import build_schema

# schema/<area>/ -> the error type its mutations answer with.
AREA_ERRORS = {
    "workflow": "WorkflowError",
    "projects": "ProjectError",
    "reviews": "ReviewError",
    "scoring": "ScoringError",
    "audit": "AuditError",
    "experts": "ExpertError",
    "inbox": "InboxError",
}


def _action_mutations() -> list[tuple[str, str, GraphQLUnionType]]:
    """(mutation, area folder, result union) for each mutation whose result union carries an ActionError."""
    strawberry_schema = build_schema(production=False)
    schema = strawberry_schema._schema
    interface = schema.get_type("ActionError")
    found = []
    for field in strawberry_schema.mutation.__strawberry_definition__.fields:
        name = strawberry_schema.config.name_converter.get_graphql_name(field)
        result = schema.mutation_type.fields[name].type
        while hasattr(result, "of_type"):
            result = result.of_type
        if isinstance(result, GraphQLUnionType) and any(interface in t.interfaces for t in result.types):
            area = inspect.getmodule(field.base_resolver.wrapped_func).__name__.split(".")[1]
            found.append((name, area, result))
    return found


def test_action_error_is_an_interface_every_area_type_implements() -> None:
    schema = build_schema(production=False)._schema
    interface = schema.get_type("ActionError")
    assert isinstance(interface, GraphQLInterfaceType)
    assert {t.name for t in schema.get_possible_types(interface)} == set(AREA_ERRORS.values())


def test_each_mutation_answers_with_the_error_type_of_its_area() -> None:
    mutations = _action_mutations()
    assert len(mutations) > 40
    wrong = {}
    for name, area, union in mutations:
        errors = [t.name for t in union.types if isinstance(t, GraphQLObjectType) and t.name.endswith("Error")]
        if errors != [AREA_ERRORS[area]]:
            wrong[name] = (area, errors)
    assert wrong == {}
