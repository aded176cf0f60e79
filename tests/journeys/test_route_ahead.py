"""Before the builder submits, it sees the route ahead: the steps that follow, who acts, expected dates."""

from __future__ import annotations

from datetime import date

from tests.journeys.journey import Journey
from tests.journeys.stages import declare

ROUTE = """query($id: ID!) { node(id: $id) { ... on Todo { expects routeAhead {
  stepKey stepName stage centers limitDays expectedBy estimated } } } }"""


async def test_the_applicant_sees_the_steps_ahead_with_who_acts_and_expected_dates(journey: Journey) -> None:
    # given a project just declared
    await declare(journey)
    todo = await journey.todo("builder", "submit_application")
    # when the builder opens its submission
    route = (await journey.call("builder", ROUTE, id=todo["id"]))["node"]["routeAhead"]
    # then the steps after it come in order, with who acts on each
    assert [r["stepKey"] for r in route[:3]] == ["intake", "price_assessment", "pre_review_decision"]
    assert route[0]["centers"] == ["DATA"] and route[1]["centers"] == ["EXPERT"]
    assert route[0]["stepName"] and route[0]["stage"] == "PRE_REVIEW"
    # and each is expected after the one before, by its working-day limit
    dates = [date.fromisoformat(r["expectedBy"]) for r in route]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert len(route) == 8
    # and a reviewer's to-do shows no route (it is the applicant's view)
    await journey.approve("builder", "submit_application")
    intake = await journey.todo("data", "intake")
    assert (await journey.call("data", ROUTE, id=intake["id"]))["node"]["routeAhead"] == []


async def test_the_template_says_which_to_dos_go_in_batches(journey: Journey) -> None:
    # given a project at the intake (standard.v3 lets intakes and budget issuances be approved in batches)
    await declare(journey)
    assert (await journey.todo("builder", "submit_application"))["batchable"] is False
    await journey.approve("builder", "submit_application")
    # then the data bureau's intake to-do may join a batch
    assert (await journey.todo("data", "intake"))["batchable"] is True
