"""The centers over GraphQL: to-dos with deadlines and lights, projects per role, actions with typed errors."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from domain import clock
from domain.accounts.models import Organisation, User
from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage
from domain.projects.models import Project
from domain.workflow.models import Decision, Task, TaskKind, TaskStatus
from schema.shared import ids
from tests.factories import declaration_variables
from tests.schema.shared.sqlcount import count_statements

_keys = itertools.count(1)

DECLARE = """mutation($input: DeclareProjectInput!) { declareProject(input: $input) {
  __typename ... on ActionDone { state { projectId projectStage project { code name } } }
  ... on ActionError { code field message } } }"""
TODOS = """query($kind: CenterKind!, $first: Int, $after: String, $filter: TodoFilterInput) {
  center(kind: $kind) { todos(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind title expects stepVersion stepKey stage light daysUsed daysLeft limitDays dueEstimated
                   project { id code name stage light } } } } } }"""
DECIDE = """mutation($input: DecideInput!) { decide(input: $input) {
  __typename ... on ActionDone { state { projectStage stepVersion taskStatus } }
  ... on ActionError { code field message current { stepVersion taskStatus } } } }"""
PROJECTS = """query($kind: CenterKind!, $first: Int, $after: String, $filter: ProjectFilterInput) {
  center(kind: $kind) { projects(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id code name stage status light builder { name }
                   timeline { stage status } holders { stepKey names day of expectedDecisionOn light } } } } } }"""


def key() -> str:
    return f"gql-key-{next(_keys)}"


async def _declare(gql, token: str) -> dict:
    body = await gql(DECLARE, declaration_variables(), token=token)
    return body["data"]["declareProject"]


async def test_a_builder_declares_and_the_bureau_sees_it_in_its_todos(as_user, demo, gql) -> None:
    builder = (await as_user("builder")).token
    declared = await _declare(gql, builder)
    assert declared["__typename"] == "ActionDone"
    assert declared["state"]["project"]["code"].startswith("330100-")
    # the builder's own to-do: submit the application
    mine = (await gql(TODOS, {"kind": "BUILDER"}, token=builder))["data"]["center"]["todos"]
    todo = mine["edges"][0]["node"]
    assert (todo["expects"], todo["stepKey"], todo["light"], todo["limitDays"]) == (
        "SUBMIT",
        "submit_application",
        "GREEN",
        5,
    )
    submitted = await gql(
        DECIDE,
        {
            "input": {
                "idempotencyKey": key(),
                "taskId": todo["id"],
                "verdict": "APPROVE",
                "expectedVersion": todo["stepVersion"],
            }
        },
        token=builder,
    )
    assert submitted["data"]["decide"]["__typename"] == "ActionDone"
    # the data bureau's intake, with the project and its deadline
    data = (await as_user("data")).token
    todos = (await gql(TODOS, {"kind": "DATA"}, token=data))["data"]["center"]["todos"]
    intake = todos["edges"][0]["node"]
    assert intake["expects"] == "REVIEW" and intake["project"]["name"] == "12345政务热线智能化改造"
    assert (intake["daysUsed"], intake["daysLeft"], intake["dueEstimated"]) == (0, 2, False)


async def test_a_stale_decision_gets_the_current_state(as_user, demo, gql) -> None:
    builder = (await as_user("builder")).token
    await _declare(gql, builder)
    todo = (await gql(TODOS, {"kind": "BUILDER"}, token=builder))["data"]["center"]["todos"]["edges"][0]["node"]
    stale = await gql(
        DECIDE,
        {
            "input": {
                "idempotencyKey": key(),
                "taskId": todo["id"],
                "verdict": "APPROVE",
                "expectedVersion": todo["stepVersion"] - 1,
            }
        },
        token=builder,
    )
    error = stale["data"]["decide"]
    assert (error["__typename"], error["code"]) == ("WorkflowError", "VERSION_CONFLICT")
    assert error["current"] == {"stepVersion": todo["stepVersion"], "taskStatus": "OPEN"}
    assert await Decision.filter(action="APPROVE").count() == 0


async def test_forged_and_foreign_ids_are_not_found(as_user, demo, gql) -> None:
    builder = (await as_user("builder")).token
    await _declare(gql, builder)
    todo = (await gql(TODOS, {"kind": "BUILDER"}, token=builder))["data"]["center"]["todos"]["edges"][0]["node"]
    other = (await as_user("builder2")).token
    for task_id, token in [
        (todo["id"], other),
        ("not-an-id", builder),
        (ids.encode("Project", 1), builder),
        (ids.encode("Task", 999999), builder),
    ]:
        body = await gql(
            DECIDE, {"input": {"idempotencyKey": key(), "taskId": task_id, "verdict": "APPROVE"}}, token=token
        )
        assert body["data"]["decide"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("username", "kind", "expected"),
    [
        ("data", "DATA", 30),
        ("audit", "AUDIT", 30),
        ("builder", "BUILDER", 10),
        ("builder2", "BUILDER", 10),
        ("vendor", "VENDOR", None),
        ("supervisor", "SUPERVISOR", None),
        ("expert", "EXPERT", 0),
    ],
)
async def test_each_center_sees_its_own_projects(as_user, demo, gql, username, kind, expected) -> None:
    token = (await as_user(username)).token
    body = await gql(PROJECTS, {"kind": kind, "first": 100}, token=token)
    connection = body["data"]["center"]["projects"]
    user = await User.get(username=username)
    if kind == "VENDOR":
        expected = await Project.filter(vendor_id=user.organisation_id).count()
    if kind == "SUPERVISOR":
        expected = await Project.filter(supervisor_id=user.organisation_id).count()
    assert connection["totalCount"] == expected == len(connection["edges"])
    if kind == "BUILDER":
        org = await Organisation.get(id=user.organisation_id)
        assert {e["node"]["builder"]["name"] for e in connection["edges"]} == {org.name}


async def test_project_timeline_and_who_holds_it_now(as_user, demo, gql) -> None:
    builder = (await as_user("builder")).token
    await _declare(gql, builder)
    body = await gql(PROJECTS, {"kind": "BUILDER", "first": 1, "filter": {"search": "热线"}}, token=builder)
    project = body["data"]["center"]["projects"]["edges"][0]["node"]
    assert [t["stage"] for t in project["timeline"]] == [s.value for s in Stage]
    assert project["timeline"][0]["status"] == "ACTIVE"
    holder = project["holders"][0]
    assert (holder["stepKey"], holder["names"], holder["day"], holder["of"]) == ("submit_application", ["陈静"], 1, 5)
    assert holder["expectedDecisionOn"] is not None


async def _bulk_projects(n: int) -> None:
    police = await Organisation.get(name="市公安局")
    await Project.bulk_create(
        [
            Project(
                code=f"330100-2026-{9000 + i}",
                name=f"批量项目{i}",
                builder_id=police.id,
                category=ProjectCategory.NEW,
                type=ProjectType.SOFTWARE,
                requested_amount=Decimal(100000),
                stage=Stage.CONSTRUCTION,
                status=ProjectStatus.ACTIVE,
                applied_on=date(2026, 3, 1),
            )
            for i in range(n)
        ]
    )


async def _bulk_todos(n: int) -> None:
    data = await User.get(username="data")
    project_ids = await Project.all().limit(20).values_list("id", flat=True)
    await Task.bulk_create(
        [
            Task(
                kind=TaskKind.ACTION,
                center="DATA",
                assignee_id=data.id,
                project_id=project_ids[i % len(project_ids)],
                title=f"待办{i}",
                status=TaskStatus.OPEN,
                created_at=clock.now(),
            )
            for i in range(n)
        ]
    )


async def test_statements_per_request_do_not_grow_with_page_size(as_user, demo, gql, monkeypatch) -> None:
    await _bulk_projects(80)
    await _bulk_todos(110)
    token = (await as_user("data")).token
    counts = {}
    for first in (5, 100):
        with count_statements(monkeypatch) as statements:
            todos = await gql(TODOS, {"kind": "DATA", "first": first}, token=token)
            projects = await gql(PROJECTS, {"kind": "DATA", "first": first}, token=token)
        assert len(todos["data"]["center"]["todos"]["edges"]) == first
        assert len(projects["data"]["center"]["projects"]["edges"]) == first
        counts[first] = len(statements)
    assert counts[5] == counts[100], counts
