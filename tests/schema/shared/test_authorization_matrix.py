"""An authorization matrix generated from the schema: every mutation, called by every role that has no
business with the object, with another organisation's IDs and forged ones, must change nothing."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.accounts.models import Organisation, User
from domain.catalogue.models import DataResource
from domain.projects.models import Project
from domain.workflow.models import Decision, Task, TaskStatus
from schema.build import build_schema
from schema.shared import ids
from schema.shared.permissions import HoldsDataBureau, IsExpert, TakesPartInTheWorkflow, _HoldsCenters
from tests.factories import advance, declare

# Mutations that act on the caller's own account or create something new of their own.
OWN = {
    "markNotificationsRead",
    "updateExpertProfile",
    "addUnavailability",
    "declareExpertConflict",
    "login",
    "refreshToken",
    "logout",
    "beginTotpEnrolment",
    "confirmTotpEnrolment",
    "updateMyProfile",
    "setExpertPin",
    "delegate",
    "revokeDelegation",
    "declareProject",
    "updateNotificationSettings",
    "registerWebPush",
    "registerFcmToken",
    "unregisterWebPush",
    "recordWechatSubscriptions",
    "acknowledgeNotification",
    "wechatSignIn",
    "dingtalkSignIn",
    "bindExternalAccount",
}
SUCCESS = {"ActionDone", "Done", "MaterialUploaded", "DelegationCreated"}
ATTACKERS = ["builder2", "vendor2", "expert3", "supervisor", "audit"]
# What a role may rightly do to any project: audit records findings on everything it reads.
RIGHTS = {"audit": {"raiseAuditFinding", "followProject"}}
_keys = itertools.count(1)


def _type_name(graphql_type: Any) -> tuple[str, bool, bool]:
    """(named type, non-null, list) of a graphql-core type."""
    non_null = hasattr(graphql_type, "of_type") and type(graphql_type).__name__ == "GraphQLNonNull"
    inner = graphql_type.of_type if non_null else graphql_type
    is_list = type(inner).__name__ == "GraphQLList"
    while hasattr(inner, "of_type"):
        inner = inner.of_type
    return inner.name, non_null, is_list


def _value(field_name: str, graphql_type: Any, foreign: dict[str, str]) -> Any:
    name, _, is_list = _type_name(graphql_type)
    named = graphql_type
    while hasattr(named, "of_type"):
        named = named.of_type
    if is_list:
        return []
    if name == "ID":
        stem = field_name.removesuffix("Id").removesuffix("Ids")
        return foreign.get(stem, ids.encode("Forged", 424242))
    if name == "String":
        return f"k-{next(_keys)}" if field_name == "idempotencyKey" else "x"
    if name == "Int":
        return 1
    if name in ("Decimal", "Float"):
        return "1"
    if name == "Boolean":
        return False
    if name == "DateTime":
        return datetime.now(UTC).isoformat()
    if name == "Date":
        return "2026-11-20"
    if name == "JSON":
        return {}
    if hasattr(named, "values"):  # an enum
        return next(iter(named.values))
    if hasattr(named, "fields"):  # an input object
        return {
            key: _value(key, f.type, foreign)
            for key, f in named.fields.items()
            if type(f.type).__name__ == "GraphQLNonNull" or key in ("taskId", "projectId")
        }
    raise AssertionError(f"no value for {name}")


async def _foreign_ids() -> dict[str, str]:
    project = await advance(await declare("builder"), 1)  # submitted: the bureau's intake is open
    task = await Task.filter(project_id=project.id, status=TaskStatus.OPEN).first()
    resource = await DataResource.filter(project_id=project.id).first()
    police = await Organisation.get(name="市公安局")
    data = await User.get(username="data")
    return {
        "project": ids.encode("Project", project.id),
        "task": ids.encode("Task", task.id),
        "resource": ids.encode("DataResource", resource.id),
        "user": ids.encode("User", data.id),
        "toUser": ids.encode("User", data.id),
        "delegateUser": ids.encode("User", data.id),
        "vendor": ids.encode("Organisation", police.id),
        "supervisor": ids.encode("Organisation", police.id),
        "institution": ids.encode("Organisation", police.id),
        "rateeOrganisation": ids.encode("Organisation", police.id),
    }


def _mutations() -> list[tuple[str, Any]]:
    schema = build_schema(production=False)._schema
    return [(name, field) for name, field in schema.mutation_type.fields.items() if name not in OWN]


@pytest.mark.parametrize("attacker", ATTACKERS)
async def test_no_mutation_touches_another_organisations_objects(as_user, demo, gql, attacker: str) -> None:
    foreign = await _foreign_ids()
    token = (await as_user(attacker)).token
    before = (await Decision.all().count(), await Project.all().count())
    leaks: list[str] = []
    reached: list[str] = []
    for name, field in _mutations():
        if name in RIGHTS.get(attacker, set()):
            reached.append(name)
            continue
        if "Upload" in str(field.args.get("input").type if "input" in field.args else ""):
            continue
        args = {arg: _value(arg, spec.type, foreign) for arg, spec in field.args.items()}
        params = ", ".join(f"${a}: {spec.type}" for a, spec in field.args.items())
        passed = ", ".join(f"{a}: ${a}" for a in field.args)
        document = f"mutation M({params}) {{ {name}({passed}) {{ __typename }} }}"
        body = await gql(document, args, token=token)
        # The generated call must reach the resolver: a validation error would prove nothing.
        assert all("path" in error for error in body.get("errors", [])), (name, body)
        outcome = (body.get("data") or {}).get(name) or {}
        if outcome.get("__typename") in SUCCESS:
            leaks.append(name)
        reached.append(name)
    assert leaks == [], f"{attacker} succeeded on another organisation's objects: {leaks}"
    assert len(reached) == len(_mutations()) - 1, reached  # every mutation but the upload (tested on its own)
    assert (await Decision.all().count(), await Project.all().count()) == before


@pytest.mark.parametrize("attacker", ATTACKERS)
async def test_no_node_or_center_reveals_another_organisations_objects(as_user, demo, gql, attacker: str) -> None:
    foreign = await _foreign_ids()
    token = (await as_user(attacker)).token
    for key in ("project", "task", "resource", "user", "vendor"):
        body = await gql("query($id: ID!) { node(id: $id) { __typename } }", {"id": foreign[key]}, token=token)
        if attacker == "audit" and key == "project":
            assert body["data"]["node"] == {"__typename": "Project"}  # audit reads everything
        else:
            assert body == {"data": {"node": None}}, (key, body)
    held = {c["kind"] for c in (await gql("{ me { centers { kind } } }", token=token))["data"]["me"]["centers"]}
    for kind in ("DATA", "FINANCE", "DRC", "AUDIT", "BUILDER", "EXPERT", "SUPERVISOR", "VENDOR"):
        if kind in held:
            continue
        body = await gql("query($k: CenterKind!) { center(kind: $k) { kind } }", {"k": kind}, token=token)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# Who each role-only permission class admits, written out here rather than derived from the classes: a new
# class, or a class that starts admitting someone else, must be added to this table on purpose.
DEMO_ROLES = ["data", "finance", "drc", "audit", "builder", "expert", "expert5", "supervisor", "vendor"]
ADMITTED = {
    TakesPartInTheWorkflow: {"data", "finance", "drc", "builder", "expert", "expert5", "supervisor", "vendor"},
    IsExpert: {"expert", "expert5"},
    HoldsDataBureau: {"data"},
}


def _role_guarded() -> list[tuple[str, str, type]]:
    """(operation, field, permission class) for every root field guarded by a role-only permission class."""
    schema = build_schema(production=False)
    found = []
    for operation, root in (("query", schema.query), ("mutation", schema.mutation)):
        for field in root.__strawberry_definition__.fields:
            for guard in field.permission_classes:
                if issubclass(guard, _HoldsCenters):
                    found.append((operation, schema.config.name_converter.get_graphql_name(field), guard))
    return found


def _call(operation: str, name: str, foreign: dict[str, str]) -> tuple[str, dict[str, Any]]:
    schema = build_schema(production=False)._schema
    root = schema.query_type if operation == "query" else schema.mutation_type
    field = root.fields[name]
    args = {arg: _value(arg, spec.type, foreign) for arg, spec in field.args.items()}
    params = ", ".join(f"${a}: {spec.type}" for a, spec in field.args.items())
    passed = ", ".join(f"{a}: ${a}" for a in field.args)
    named = field.type
    while hasattr(named, "of_type"):
        named = named.of_type
    selection = " { __typename }" if hasattr(named, "fields") or hasattr(named, "types") else ""
    head = f"{operation} Q({params})" if params else operation
    return f"{head} {{ {name}{f'({passed})' if passed else ''}{selection} }}", args


def test_every_role_only_class_is_in_the_matrix() -> None:
    used = {guard for _, _, guard in _role_guarded()}
    assert used == set(ADMITTED), used ^ set(ADMITTED)


@pytest.mark.parametrize("username", DEMO_ROLES)
async def test_role_only_fields_admit_exactly_their_roles(as_user, demo, username: str) -> None:
    # given every field guarded by a role-only class, called with plausible arguments
    foreign = await _foreign_ids()
    session = await as_user(username)
    for operation, name, guard in _role_guarded():
        document, args = _call(operation, name, foreign)
        body = await session(document, args)
        refused = [e for e in body.get("errors", []) if e.get("path") == [name]]
        forbidden = [e for e in refused if e["extensions"]["code"] == "FORBIDDEN"]
        # then exactly the roles of the matrix pass the guard; the others get the one FORBIDDEN, and no data
        if username in ADMITTED[guard]:
            assert forbidden == [], (username, name, body)
        else:
            assert len(forbidden) == 1 and (body.get("data") or {}).get(name) is None, (username, name, body)
