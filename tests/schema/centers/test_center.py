"""The entry to each center: memberships, denial of a center not held, the to-do connection."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, User
from domain.audit.models import AuditRecord
from domain.demo.data import USERS
from domain.workflow.models import Task, TaskStatus

CENTER = """query($kind: CenterKind!, $first: Int, $after: String) {
  center(kind: $kind) {
    kind organisation { name }
    todos(first: $first, after: $after) {
      totalCount
      edges { cursor node { id title dueAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""
ME = "query { me { centers { kind organisation { name } } } }"


@pytest.mark.parametrize("username", list(USERS))
async def test_every_demo_user_opens_each_center_they_hold(as_user, demo, gql, username: str) -> None:
    token = (await as_user(username)).token
    centers = (await gql(ME, token=token))["data"]["me"]["centers"]
    expected = [c.value for c in USERS[username][2]]
    assert [c["kind"] for c in centers] == expected
    for kind in expected:
        body = await gql(CENTER, {"kind": kind}, token=token)
        assert body["data"]["center"]["kind"] == kind
        assert body["data"]["center"]["todos"] == {
            "totalCount": 0,
            "edges": [],
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        }


async def test_every_center_has_a_demo_user(demo) -> None:
    held = set(await CenterMembership.all().values_list("center", flat=True))
    assert held == set(CenterKind)


async def test_a_center_not_held_is_forbidden_and_audited(as_user, demo, gql) -> None:
    token = (await as_user("vendor")).token
    body = await gql(CENTER, {"kind": "FINANCE"}, token=token)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denial = await AuditRecord.get(action="PERMISSION_DENIED", outcome="FORBIDDEN")
    assert (denial.actor_name, denial.center, denial.ip) == ("vendor", "FINANCE", "203.0.113.7")
    assert denial.device and denial.at


async def test_anonymous_caller_gets_unauthenticated(demo, gql) -> None:
    body = await gql(CENTER, {"kind": "BUILDER"})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def _tasks(username: str, center: CenterKind, count: int) -> None:
    user = await User.get(username=username)
    now = clock.now()
    await Task.bulk_create(
        [
            Task(
                center=center,
                assignee_id=user.id,
                title=f"待办 {i:02d}",
                created_at=now,
                due_at=now + timedelta(days=i),
            )
            for i in range(count)
        ]
    )


async def test_todos_page_through_with_cursors(as_user, demo, gql) -> None:
    # given 45 open tasks, 1 done and 1 in another center
    await _tasks("expert5", CenterKind.EXPERT, 45)
    await _tasks("expert5", CenterKind.FINANCE, 1)
    await Task.filter(title="待办 44", center=CenterKind.EXPERT).update(status=TaskStatus.DONE)
    token = (await as_user("expert5")).token
    # when
    seen: list[str] = []
    after = None
    while True:
        page = await gql(CENTER, {"kind": "EXPERT", "first": 20, "after": after}, token=token)
        todos = page["data"]["center"]["todos"]
        assert todos["totalCount"] == 44
        seen += [edge["node"]["title"] for edge in todos["edges"]]
        if not todos["pageInfo"]["hasNextPage"]:
            break
        after = todos["pageInfo"]["endCursor"]
    # then
    assert seen == [f"待办 {i:02d}" for i in range(44)]


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"first": 0}, "first"), ({"first": 101}, "first"), ({"after": "bm90LWEtY3Vyc29y"}, "after")],
)
async def test_bad_page_arguments_are_typed_errors(as_user, demo, gql, variables, field) -> None:
    token = (await as_user("builder")).token
    body = await gql(CENTER, {"kind": "BUILDER", **variables}, token=token)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
