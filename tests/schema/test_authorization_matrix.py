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
from tests.domain.workflow.helpers import advance, declare

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
async def test_no_mutation_touches_another_organisations_objects(demo, sign_in, gql, attacker: str) -> None:
    foreign = await _foreign_ids()
    token = (await sign_in(attacker))["accessToken"]
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
async def test_no_node_or_center_reveals_another_organisations_objects(demo, sign_in, gql, attacker: str) -> None:
    foreign = await _foreign_ids()
    token = (await sign_in(attacker))["accessToken"]
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
