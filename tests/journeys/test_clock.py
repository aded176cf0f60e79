"""The journey with time moving: day X of Y, a yellow then a red light, reminders, the 督办 the scanner opens,
and the escalation ladder of the overdue to-do."""

from __future__ import annotations

import base64
import os
from collections.abc import Awaitable, Callable

from notifications.channels import RecordingChannel
from tests.journeys.journey import Journey, new_key
from tests.journeys.stages import construction, declare, through

Run = Callable[[], Awaitable[object]]
NOTIFICATIONS = """query { myNotifications(first: 50) { edges { node { kind link urgent read
  deliveries { channel step status } } } } }"""
SUPERVISIONS = """query { center(kind: DATA) { todos(first: 100, filter: {kinds: [SUPERVISION]}) { edges { node {
  id expects subjectTaskId project { id light } escalation { step channel userName } } } } } }"""
REGISTER = """mutation($input: PushSubscriptionInput!) { registerWebPush(input: $input) { __typename } }"""
URGE = """mutation($input: UrgeInput!) { urge(input: $input) { __typename ... on ActionError { code } } }"""
ME = "query { me { user { username } } }"
HISTORY = """query($id: ID!) { projectHistory(projectId: $id) { action actorName stage comment automatic } }"""


def browser() -> dict[str, str]:
    """What a phone's browser hands over when it subscribes to push."""
    key = base64.urlsafe_b64encode(b"\x04" + os.urandom(64)).decode().rstrip("=")
    secret = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    return {"endpoint": "http://127.0.0.1:9/push/builder", "p256dh": key, "auth": secret}


async def light_of(journey: Journey) -> tuple[int, int, int, str, str]:
    """The builder's to-do as its holder sees it, and the light the data bureau sees on the project."""
    todo = await journey.todo("builder", "submit_application")
    holder = (await journey.holders("data"))["submit_application"]
    assert (holder["day"], holder["light"]) == (todo["daysUsed"] + 1, todo["light"])
    return todo["daysUsed"], todo["daysLeft"], holder["day"], holder["of"], todo["light"]


async def test_sign_in_works_with_the_clock_moved(journey: Journey) -> None:
    # given the clock moved a week ahead; when the builder signs in; then its token is accepted
    journey.later(days=7)
    assert (await journey.call("builder", ME))["me"]["user"]["username"] == "builder"


async def test_a_step_left_alone_turns_yellow_then_red_and_is_supervised(journey: Journey, scan: Run) -> None:
    # given a project declared on Monday 2 November: the applicant has 5 working days
    await declare(journey)
    assert await light_of(journey) == (0, 5, 1, 5, "GREEN")
    # when four working days pass (Friday)
    journey.later(days=4)
    # then day 5 of 5, one day left: yellow
    assert await light_of(journey) == (4, 1, 5, 5, "YELLOW")
    # when the weekend passes (Monday 9 November, the due date): still yellow, nothing left
    journey.later(days=3)
    assert await light_of(journey) == (5, 0, 6, 5, "YELLOW")
    await scan()
    assert await journey.call("data", SUPERVISIONS) == {"center": {"todos": {"edges": []}}}
    # when Tuesday comes: red, and the scanner runs
    journey.later(days=1)
    assert await light_of(journey) == (6, -1, 7, 5, "RED")
    await scan()
    await scan()  # a second pass (or a second process) opens nothing more
    # then each data-bureau official holds one 督办 naming the overdue to-do
    overdue = await journey.todo("builder", "submit_application")
    for official in ("data", "data2"):
        edges = (await journey.call(official, SUPERVISIONS))["center"]["todos"]["edges"]
        supervisions = [e["node"] for e in edges if e["node"]["project"]["id"] == journey.project_id]
        assert [(s["expects"], s["subjectTaskId"]) for s in supervisions] == [("SUPERVISE", overdue["id"])]
        assert supervisions[0]["project"]["light"] == "RED"
    assert (await journey.project("builder"))["light"] == "RED"


async def test_officials_are_reminded_on_the_last_day_and_the_applicant_may_urge(
    journey: Journey, scan: Run, notify: Run
) -> None:
    # given an application submitted on Monday: the intake has 2 working days, one reminder (standard.v2)
    await declare(journey)
    await journey.approve("builder", "submit_application")
    await notify()
    links = {u: f"/todos/{(await journey.todo(u, 'intake'))['id']}" for u in ("data", "data2")}

    async def reminders(user: str) -> list[dict]:
        seen = [n["node"] for n in (await journey.call(user, NOTIFICATIONS))["myNotifications"]["edges"]]
        return [n for n in seen if n["link"] == links[user] and n["kind"] not in ("step.opened", "task.overdue")]

    # when the scanner and the worker run on Tuesday: no reminder yet
    journey.later(days=1)
    await scan()
    await notify()
    assert await reminders("data") == []
    # when they run on Wednesday, the due day, twice
    journey.later(days=1)
    for _ in range(2):
        await scan()
        await notify()
    # then each holder was reminded once, not urgently, and the record says the system did it
    for user in ("data", "data2"):
        assert [n["urgent"] for n in await reminders(user)] == [False]
    history = (await journey.call("builder", HISTORY, id=journey.project_id))["projectHistory"]
    automatic = [h for h in history if h["action"] == "AUTO_REMIND"]
    assert len(automatic) == 1 and automatic[0]["actorName"] is None and "超时自动" in automatic[0]["comment"]
    assert automatic[0]["automatic"] is True
    # when the applicant urges (催办) the intake, twice the same morning
    fields = {"taskId": (await journey.todo("data", "intake"))["id"]}
    urged = await journey.call("builder", URGE, input={"idempotencyKey": new_key(), **fields})
    again = await journey.call("builder", URGE, input={"idempotencyKey": new_key(), **fields})
    # then one urge counts, the second is too soon
    assert urged["urge"]["__typename"] == "ActionDone"
    assert again["urge"] == {"__typename": "WorkflowError", "code": "URGED_TOO_SOON"}
    assert (await journey.todo("data", "intake"))["urgeCount"] == 1


async def test_an_overdue_opinion_the_process_can_do_without_hands_on_by_itself(journey: Journey, scan: Run) -> None:
    # given the acceptance request submitted on Monday: the supervisor's opinion has 5 working days
    await through(journey, construction)
    await journey.approve("builder", "submit_acceptance")
    assert await journey.holders_of("supervisor_acceptance_opinion", ("supervisor",)) == {"supervisor"}
    # when it is still not given on the Tuesday after, and the scanner runs
    journey.later(days=8)
    await scan()
    # then the step handed on by itself: the acceptance review is the data bureau's, nobody was chased
    assert await journey.holders_of("supervisor_acceptance_opinion", ("supervisor",)) == set()
    assert await journey.holders_of("acceptance_review", ("data", "data2")) == {"data", "data2"}
    # and the record says it was automatic, in no person's name
    history = (await journey.call("data", HISTORY, id=journey.project_id))["projectHistory"]
    automatic = [h for h in history if h["action"] == "AUTO_APPROVE"]
    assert len(automatic) == 1 and automatic[0]["actorName"] is None and "超时自动" in automatic[0]["comment"]
    assert automatic[0]["automatic"] is True
    assert automatic[0]["stage"] == "ACCEPTANCE"


async def test_an_overdue_todo_climbs_the_escalation_ladder_until_acted_on(
    journey: Journey, scan: Run, notify: Run, push: RecordingChannel
) -> None:
    # given the builder's phone subscribed to push, and its to-do left past its deadline
    await declare(journey)
    subscribed = await journey.call("builder", REGISTER, input=browser())
    assert subscribed["registerWebPush"]["__typename"] == "Done"
    journey.later(days=8)  # Tuesday 10 November: red
    await scan()
    await notify()
    # then the overdue item is in the holder's inbox at once, urgent
    todo = await journey.todo("builder", "submit_application")
    seen = [n["node"] for n in (await journey.call("builder", NOTIFICATIONS))["myNotifications"]["edges"]]
    urgent = [n for n in seen if n["urgent"] and n["link"] == f"/todos/{todo['id']}"]
    assert len(urgent) == 1 and urgent[0]["kind"] == "task.overdue"
    # when it stays unread for half an hour, then an hour
    pushed = len(push.sent)
    journey.later(minutes=31)
    await notify()
    # then the first rung pushes it to the phone, shown on the 督办 as evidence
    assert len(push.sent) == pushed + 1
    supervision = next(
        e["node"]
        for e in (await journey.call("data", SUPERVISIONS))["center"]["todos"]["edges"]
        if e["node"]["project"]["id"] == journey.project_id
    )
    assert [(e["step"], e["channel"], e["userName"]) for e in supervision["escalation"]] == [(1, "WEBPUSH", "陈静")]
    # when the builder finally submits, the ladder stops: no second rung however long it waits
    await journey.approve("builder", "submit_application")
    for _ in range(3):
        journey.later(minutes=31)
        await notify()
    seen = [n["node"] for n in (await journey.call("builder", NOTIFICATIONS))["myNotifications"]["edges"]]
    overdue = next(n for n in seen if n["urgent"] and n["link"] == f"/todos/{todo['id']}")
    assert [(d["step"], d["channel"]) for d in overdue["deliveries"]] == [(1, "WEBPUSH")]
