"""The project record: everything for the bureaus and the builder, only facts of their work for a vendor."""

from __future__ import annotations

from domain.projects.kinds import Stage
from schema.shared import ids
from tests.factories import advance, declare, drive

HISTORY = "query($id: ID!) { projectHistory(projectId: $id) { action comment actingFor } }"
MINE = "query { myDecisions(first: 3) { totalCount edges { node { action } } pageInfo { hasNextPage } } }"


async def test_vendor_reads_no_deliberation(as_user, demo, gql) -> None:
    project = await drive(await declare(), until=Stage.CONSTRUCTION)
    pid = ids.encode("Project", project.id)
    builder = [
        e["action"]
        for e in (await gql(HISTORY, {"id": pid}, token=(await as_user("builder")).token))["data"]["projectHistory"]
    ]
    assert "APPROVE" in builder and "DECLARE" in builder
    # the builder's own submission step reads as a submission, never as an approval
    assert builder[1] == "SUBMIT"
    vendor = (await gql(HISTORY, {"id": pid}, token=(await as_user("vendor")).token))["data"]["projectHistory"]
    assert {e["action"] for e in vendor} <= {
        "DECLARE",
        "RECORD_CONTRACT",
        "ASSIGN_SUPERVISOR",
        "RECORD_PAYMENT",
        "VERIFY_RESOURCE",
    }
    assert vendor and all(e["comment"] == "" for e in vendor)
    other = (await gql(HISTORY, {"id": pid}, token=(await as_user("builder2")).token))["data"]
    assert other["projectHistory"] == []


async def test_my_decisions_page(as_user, demo, gql) -> None:
    await drive(await declare(), until=Stage.PLAN_REVIEW)
    body = (await gql(MINE, token=(await as_user("data")).token))["data"]["myDecisions"]
    assert body["totalCount"] >= 1 and len(body["edges"]) <= 3


NAMED = "query($id: ID!) { projectHistory(projectId: $id) { action actorName stage } }"


async def test_who_acted_and_at_which_stage_with_expert_work_anonymous_to_the_applicant(as_user, demo, gql) -> None:
    # given: a project past its pre-review, where an expert of the third-party institution assessed the price
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    pid = ids.encode("Project", project.id)

    async def history(username: str) -> list[tuple[str, str | None, str | None]]:
        token = (await as_user(username)).token
        rows = (await gql(NAMED, {"id": pid}, token=token))["data"]["projectHistory"]
        return [(row["action"], row["actorName"], row["stage"]) for row in rows]

    # when
    bureau, builder = await history("data"), await history("builder")
    # then: each act names who did it and the stage of its step (a declaration has none)
    assert bureau[:3] == [
        ("DECLARE", "陈静", None),
        ("SUBMIT", "陈静", "PRE_REVIEW"),
        ("APPROVE", "王建国", "PRE_REVIEW"),
    ]
    # oversight knows the expert; the applicant reads the same record without the expert's name
    assert ("APPROVE", "黄志强", "PRE_REVIEW") in bureau
    assert len(builder) == len(bureau)
    hidden = [mine for mine, theirs in zip(builder, bureau, strict=True) if mine != theirs]
    assert hidden == [("APPROVE", None, "PRE_REVIEW")]
    assert all(name for _, name, _ in bureau)


TAKEABLE = """query { myDecisions(first: 5) { edges { node { action taskId canTakeBack project { code } } } } }"""
TAKE_BACK = """mutation($input: TakeBackInput!) { takeBack(input: $input) {
  __typename ... on ActionError { code } } }"""


async def test_my_latest_approval_can_be_taken_back_until_the_next_person_acts(as_user, demo, gql) -> None:
    # given the builder's submission and the data bureau's intake, approved (two acts)
    project = await advance(await declare(), 2)
    data = (await as_user("data")).token
    mine = [e["node"] for e in (await gql(TAKEABLE, token=data))["data"]["myDecisions"]["edges"]]
    latest = mine[0]
    # then the intake is the project's latest act: it can be taken back, by the task it finished
    assert (latest["action"], latest["canTakeBack"], latest["project"]["code"]) == ("APPROVE", True, project.code)
    assert latest["taskId"]
    # when the next person acts, it no longer can
    await advance(project, 1)
    again = (await gql(TAKEABLE, token=data))["data"]["myDecisions"]["edges"][0]["node"]
    assert again["canTakeBack"] is False
    refused = await gql(TAKE_BACK, {"input": {"idempotencyKey": "tb-1", "taskId": latest["taskId"]}}, token=data)
    assert refused["data"]["takeBack"]["code"] == "CANNOT_TAKE_BACK"


async def test_taking_back_makes_the_to_do_mine_again(as_user, demo, gql) -> None:
    await advance(await declare(), 2)
    data = (await as_user("data")).token
    latest = (await gql(TAKEABLE, token=data))["data"]["myDecisions"]["edges"][0]["node"]
    taken = await gql(TAKE_BACK, {"input": {"idempotencyKey": "tb-2", "taskId": latest["taskId"]}}, token=data)
    assert taken["data"]["takeBack"]["__typename"] == "ActionDone"
    # the approval stays on the record, taken back: nothing left to take back
    assert not any(e["node"]["canTakeBack"] for e in (await gql(TAKEABLE, token=data))["data"]["myDecisions"]["edges"])


SATISFY = """mutation($input: SatisfactionInput!) { rateSatisfaction(input: $input) {
  __typename ... on ActionError { code } } }"""
RECORD = "query($id: ID!) { projectHistory(projectId: $id) { action taskId satisfaction } }"


async def test_the_applicant_rates_a_departments_finished_to_do_from_the_record(as_user, demo, gql) -> None:
    # given a project whose intake the data bureau finished
    project = await advance(await declare(), 2)
    builder = (await as_user("builder")).token
    record = (await gql(RECORD, {"id": ids.encode("Project", project.id)}, token=builder))["data"]["projectHistory"]
    intake = next(e for e in record if e["action"] == "APPROVE")
    assert intake["taskId"] and intake["satisfaction"] is None
    # when the builder rates it from the record
    done = await gql(
        SATISFY, {"input": {"idempotencyKey": "sat-1", "taskId": intake["taskId"], "rating": 5}}, token=builder
    )
    assert done["data"]["rateSatisfaction"]["__typename"] == "ActionDone"
    # then the record shows the rating beside that decision
    again = (await gql(RECORD, {"id": ids.encode("Project", project.id)}, token=builder))["data"]["projectHistory"]
    assert [e["satisfaction"] for e in again if e["taskId"] == intake["taskId"] and e["action"] == "APPROVE"] == [5]


LABELLED = "query($id: ID!) { projectHistory(projectId: $id) { action actionLabel } }"


async def test_each_action_comes_labelled_in_the_callers_language(as_user, demo, gql) -> None:
    # given a project past its pre-review, including a record without a label of its own
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    pid = ids.encode("Project", project.id)
    token = (await as_user("builder")).token

    async def labels(language: str) -> dict[str, str]:
        rows = (await gql(LABELLED, {"id": pid}, token=token, headers={"accept-language": language}))["data"]
        return {row["action"]: row["actionLabel"] for row in rows["projectHistory"]}

    # when the record is read in Chinese and in English
    chinese, english = await labels("zh-CN,zh;q=0.9"), await labels("en-GB,en;q=0.8")
    # then the builder's own submission reads 提交, an approval 同意, each in the caller's language
    assert (chinese["DECLARE"], chinese["SUBMIT"], chinese["APPROVE"]) == ("项目申报", "提交", "同意")
    assert (english["DECLARE"], english["SUBMIT"], english["APPROVE"]) == ("Declared", "Submitted", "Approved")
    assert chinese.keys() == english.keys()
    # and no raw key ever shows as a label
    assert all(label != action for action, label in english.items())
