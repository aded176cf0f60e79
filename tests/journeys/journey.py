"""One project carried through its life over GraphQL, signing in as the people of the demo city.

Everything here goes through the HTTP app: no model, flow or id helper of the product is imported. The stage
functions in `stages.py` walk the standard process (standard.v1) along its happy path.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

CHINA = timezone(timedelta(hours=8))
PIN = "246810"
REQUESTED = "2400000"
# Monday 2 November 2026, 09:00 in Hangzhou: no holiday for the next weeks, so day counts are plain.
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA)

# The demo city's people (domain/demo/data.py), by the center they act in here.
CENTER = {
    "data": "DATA",
    "data2": "DATA",
    "finance": "FINANCE",
    "finance2": "FINANCE",
    "drc": "DRC",
    "audit": "AUDIT",
    "builder": "BUILDER",
    "builder2": "BUILDER",
    "expert": "EXPERT",
    "expert2": "EXPERT",
    "expert3": "EXPERT",
    "expert4": "EXPERT",
    "expert5": "EXPERT",
    "supervisor": "SUPERVISOR",
    "vendor": "VENDOR",
    "vendor2": "VENDOR",
}
EXPERTS = ("expert", "expert2", "expert3", "expert4", "expert5")
NAMES = {"expert": "黄志强", "expert2": "周敏", "expert3": "吴晓东", "expert4": "徐丽华", "expert5": "孙海涛"}
EXPERT_NAMES = set(NAMES.values())

DECLARE = """mutation($input: DeclareProjectInput!) { declareProject(input: $input) { __typename
  ... on ActionDone { state { projectId projectStage project { code } } }
  ... on ActionError { code field message } } }"""
TODOS = """query($kind: CenterKind!, $after: String) { center(kind: $kind) { todos(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id kind title expects form stepName batchable stepKey stage stepVersion daysUsed daysLeft limitDays
                 dueAt dueEstimated light status seatId subjectTaskId urgeCount project { id } } } } } }"""
PROJECT = """query($id: ID!) { node(id: $id) { ... on Project {
  id code name stage status requestedAmount approvedBudget contractAmount paidAmount light
  timeline { stage status }
  holders { stepKey stage center names day of expectedDecisionOn estimated light } } } }"""
ERROR = """... on ActionError { code field message currentStage expectedStages allowedAmount
  current { stepVersion taskStatus projectStage } }"""
STATE = "... on ActionDone { state { projectStage projectStatus stepVersion taskStatus taskId } }"
DECIDE = f"mutation($input: DecideInput!) {{ decide(input: $input) {{ __typename {STATE} {ERROR} }} }}"
RETURN = f"""mutation($input: ReturnForRevisionInput!) {{ returnForRevision(input: $input) {{ __typename {STATE}
  {ERROR} }} }}"""
RESUBMIT = f"mutation($input: ResubmitInput!) {{ resubmit(input: $input) {{ __typename {STATE} {ERROR} }} }}"
ORGANISATIONS = """query($kind: OrganisationKind!, $after: String) {
  organisations(kind: $kind, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name kind } } } }"""
CATALOGUE = """query { center(kind: DATA) { catalogue(first: 100) {
  edges { node { id name verified projectCode } } } } }"""


def mutation(name: str, input_type: str) -> str:
    """A mutation answering ActionDone | ActionError (the shape of every process action)."""
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ __typename {STATE} {ERROR} }} }}"


def control_price_document(part: str) -> str:
    """setControlPrice with the part written in (its enum's type name is the server's to choose)."""
    return f"""mutation($projectId: ID!, $amount: Decimal!, $key: String!) {{
  setControlPrice(input: {{projectId: $projectId, part: {part}, amount: $amount, idempotencyKey: $key}}) {{
    __typename {STATE} {ERROR} }} }}"""


SET_SOFTWARE_PRICE = control_price_document("SOFTWARE")
SET_HARDWARE_PRICE = control_price_document("HARDWARE")
SET_BUDGET = mutation("setApprovedBudget", "AmountInput")
RECORD_CONTRACT = mutation("recordContract", "ContractInput")
RECORD_PAYMENT = mutation("recordPayment", "PaymentInput")
ASSIGN_SUPERVISOR = mutation("assignSupervisor", "SupervisorInput")
VERIFY_RESOURCE = mutation("verifyDataResource", "VerifyResourceInput")
PRICE_ASSESSMENT = mutation("recordPriceAssessment", "PriceAssessmentInput")
SUBMIT_PLAN = mutation("submitPlan", "PlanInput")
RESPOND = mutation("respondInvitation", "RespondInvitationInput")
SUBMIT_SHEET = mutation("submitScoreSheet", "ScoreSheetInput")
REQUEST_PANEL = """mutation($input: RequestPanelInput!) { requestPanel(input: $input) { __typename
  ... on PanelDrawn { panel { id status seats { expertName } exclusions { expertName reasons } reserves } }
  ... on ActionError { code field message } } }"""
SHEET = """query($seat: ID!) { scoreSheet(seatId: $seat) { status version runningTotal criteria { key maxPoints } } }"""

GraphQL = Callable[..., Awaitable[dict[str, Any]]]
SignIn = Callable[..., Awaitable[dict[str, Any]]]
_keys = itertools.count(1)


def new_key() -> str:
    return f"journey-{next(_keys)}"


class MovedClock:
    """The server's clock, pinned to an instant and moved forward (as `python -m api clock set/advance` does)."""

    def __init__(self, write: Callable[[datetime], None]) -> None:
        self.write = write
        self.at: datetime | None = None

    def set(self, at: datetime) -> None:
        self.at = at
        self.write(at)

    def advance(self, **delta: float) -> None:
        assert self.at is not None, "set the clock first"
        self.set(self.at + timedelta(**delta))


@dataclass
class Journey:
    """The project of one test and the people who move it; tokens are kept per user."""

    gql: GraphQL
    sign_in: SignIn
    clock: MovedClock
    project_id: str = ""
    code: str = ""
    # The form each decided step's to-do asked for (Todo.form), by step key and center of the decider.
    forms: dict[tuple[str, str], str | None] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    panel_experts: list[str] = field(default_factory=list)

    async def token(self, user: str) -> str:
        if user not in self.tokens:
            login = await self.sign_in(user)
            assert login.get("accessToken"), login
            self.tokens[user] = login["accessToken"]
        return self.tokens[user]

    def at(self, moment: datetime) -> None:
        """The clock set to `moment`; everyone signs in again."""
        self.clock.set(moment)
        self.tokens.clear()

    def later(self, **delta: float) -> None:
        """Time passes: the clock moves on and everyone signs in again (sessions do not live for days)."""
        self.clock.advance(**delta)
        self.tokens.clear()

    async def raw(self, user: str, document: str, **variables: Any) -> dict[str, Any]:
        return await self.gql(document, variables, token=await self.token(user))

    async def call(self, user: str, document: str, **variables: Any) -> dict[str, Any]:
        """The data of a request that must not fail at the GraphQL level."""
        body = await self.raw(user, document, **variables)
        assert not body.get("errors"), body
        return body["data"]

    async def act(self, user: str, document: str, **fields: Any) -> dict[str, Any]:
        """A mutation with a fresh idempotency key (unless given); its ActionDone or ActionError."""
        payload = {"idempotencyKey": new_key(), **fields}
        data = await self.call(user, document, input=payload)
        return next(iter(data.values()))

    # ---- reading

    async def project(self, user: str = "data") -> dict[str, Any] | None:
        return (await self.call(user, PROJECT, id=self.project_id))["node"]

    async def holders(self, user: str = "data") -> dict[str, dict[str, Any]]:
        project = await self.project(user)
        assert project is not None, f"{user} cannot see the project"
        return {h["stepKey"]: h for h in project["holders"]}

    async def todos(self, user: str, center: str | None = None) -> list[dict[str, Any]]:
        """The user's open to-dos on this project."""
        found, after = [], None
        while True:
            data = await self.call(user, TODOS, kind=center or CENTER[user], after=after)
            page = data["center"]["todos"]
            found += [e["node"] for e in page["edges"] if (e["node"]["project"] or {}).get("id") == self.project_id]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]

    async def todo(self, user: str, step_key: str, kind: str | None = None) -> dict[str, Any]:
        mine = [t for t in await self.todos(user) if t["stepKey"] == step_key and kind in (None, t["kind"])]
        assert len(mine) == 1, (user, step_key, await self.todos(user))
        return mine[0]

    async def holders_of(self, step_key: str, users: tuple[str, ...]) -> set[str]:
        """Which of `users` hold an open to-do of the step."""
        return {u for u in users if any(t["stepKey"] == step_key for t in await self.todos(u))}

    async def organisation(self, kind: str, name: str) -> str:
        """An organisation's id from the directory a builder picks from."""
        after = None
        while True:
            data = await self.call("builder", ORGANISATIONS, kind=kind, after=after)
            page = data["organisations"]
            for edge in page["edges"]:
                if edge["node"]["name"] == name:
                    return edge["node"]["id"]
            if not page["pageInfo"]["hasNextPage"]:
                raise AssertionError(f"{name} is not in the {kind} directory")
            after = page["pageInfo"]["endCursor"]

    # ---- acting

    async def control_price(self, user: str, part: str, amount: str, key: str | None = None) -> dict[str, Any]:
        document = SET_SOFTWARE_PRICE if part == "SOFTWARE" else SET_HARDWARE_PRICE
        variables = {"projectId": self.project_id, "amount": amount, "key": key or new_key()}
        return (await self.call(user, document, **variables))["setControlPrice"]

    async def decide(self, user: str, step_key: str, verdict: str = "APPROVE", **extra: Any) -> dict[str, Any]:
        todo = await self.todo(user, step_key)
        self.forms[(step_key, CENTER[user])] = todo["form"]
        fields = {"taskId": todo["id"], "verdict": verdict, "expectedVersion": todo["stepVersion"], **extra}
        return await self.act(user, DECIDE, **fields)

    async def approve(self, user: str, step_key: str) -> dict[str, Any]:
        done = await self.decide(user, step_key)
        assert done["__typename"] == "ActionDone", done
        return done["state"]
