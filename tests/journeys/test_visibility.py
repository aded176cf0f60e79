"""Who may see and touch the journey's project along the way, role by role."""

from __future__ import annotations

from tests.journeys.journey import DECIDE, Journey
from tests.journeys.stages import declare, procurement, through

PROJECTS = """query($kind: CenterKind!) { center(kind: $kind) { projects(first: 100) { edges { node { code } } } } }"""


async def codes(journey: Journey, user: str, kind: str) -> set[str]:
    edges = (await journey.call(user, PROJECTS, kind=kind))["center"]["projects"]["edges"]
    return {e["node"]["code"] for e in edges}


async def test_before_a_contract_only_the_builder_and_the_bureaus_see_the_project(journey: Journey) -> None:
    # given a project just declared by 市公安局
    await declare(journey)
    # then the bureaus and audit see it, the builder's own unit too
    for user, kind in (
        ("data", "DATA"),
        ("finance", "FINANCE"),
        ("drc", "DRC"),
        ("audit", "AUDIT"),
        ("builder", "BUILDER"),
    ):
        assert journey.code in await codes(journey, user, kind), user
        assert (await journey.project(user))["code"] == journey.code
    # and another builder unit, the vendors and the supervisor do not, not even by its id
    for user, kind in (
        ("builder2", "BUILDER"),
        ("vendor", "VENDOR"),
        ("vendor2", "VENDOR"),
        ("supervisor", "SUPERVISOR"),
    ):
        assert journey.code not in await codes(journey, user, kind), user
        assert await journey.project(user) is None, user


async def test_nobody_decides_a_todo_that_is_not_theirs(journey: Journey) -> None:
    # given the builder's submission open
    await declare(journey)
    todo = await journey.todo("builder", "submit_application")
    # when audit (read-only), another builder unit or the data bureau decide it with its id
    for user in ("audit", "builder2", "data"):
        refused = await journey.act(
            user, DECIDE, taskId=todo["id"], verdict="APPROVE", expectedVersion=todo["stepVersion"]
        )
        # then it is refused, and the builder still holds it
        assert refused["__typename"] == "WorkflowError" and refused["code"] in ("NOT_FOUND", "FORBIDDEN"), user
    assert await journey.holders_of("submit_application", ("builder",)) == {"builder"}


async def test_the_contracted_vendor_and_supervisor_see_it_once_named(journey: Journey) -> None:
    # given procurement done with 杭州云栖数智科技有限公司 and 杭州正信信息工程监理有限公司
    await through(journey, procurement)
    # then the contracted vendor and the supervisor see it, the other vendor still not
    assert journey.code in await codes(journey, "vendor", "VENDOR")
    assert journey.code in await codes(journey, "supervisor", "SUPERVISOR")
    assert journey.code not in await codes(journey, "vendor2", "VENDOR")
    assert await journey.project("vendor2") is None
