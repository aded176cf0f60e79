"""The honest baseline of the home-screen benchmark: the PWA's `HomeScreen` answer for the builder's and the data
bureau's center, written by hand (Starlette + the raw driver + orjson, its own minimal SQL), byte for byte the
JSON the GraphQL endpoint answers.

What it shares with the product is pure code only: the access-token signature check, the session rules, the
working-day clock, global ids and the template's batch flag. Every statement is its own: six for the data
bureau, eight for a builder (session and user, memberships, unread count, calendar, figures, lights, the to-do
page with its count, the project page with its count and its projects' steps in hand).

    python bench/plain_home.py PORT DATABASE_URL VAR_DIR     (started by bench/home_screen.py)
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.policies import abilities_of
from domain.accounts.rules import session_end_reason
from domain.accounts.tokens import InvalidAccessToken
from domain.calendar import WarningLight, china_today, parse_holiday_file, working_calendar, worst
from domain.ids import encode
from domain.projects.kinds import Stage
from domain.workflow.forms import batch_allowed
from domain.workflow.queries import clock_of, expects, task_clock_of

SEE_ALL = {"DATA", "FINANCE", "DRC", "AUDIT"}
OWN = {"BUILDER": "builder_id", "SUPERVISOR": "supervisor_id", "VENDOR": "vendor_id"}
DATES = {"started_on", "due_on", "applied_on", "s_started_on", "s_due_on"}
TIMES = {"due_at", "created_at", "opened_at", "expires_at", "last_active_at", "revoked_at"}

SESSION = """SELECT s.user_id, s.scope, s.revoked_at, s.expires_at, s.last_active_at, u.is_active, u.username,
  u.display_name, u.organisation_id, o.name AS org_name
FROM auth_session s JOIN app_user u ON u.id = s.user_id LEFT JOIN organisation o ON o.id = u.organisation_id
WHERE s.id = {p1}"""
MEMBERSHIPS = """SELECT m.center, m.organisation_id, o.name FROM center_membership m
JOIN organisation o ON o.id = m.organisation_id WHERE m.user_id = {p1} ORDER BY m.id"""
UNREAD = "SELECT COUNT(*) FROM notification WHERE user_id = {p1} AND read_at IS NULL"
CALENDAR = "SELECT year, text FROM calendar_year ORDER BY id"
BY_STAGE = "SELECT stage, COUNT(*) FROM project WHERE {visible} GROUP BY stage"
LIGHTS = """SELECT started_on, limit_days, pauses, due_on, due_estimated, COUNT(*) AS n FROM step_run
WHERE status = 'ACTIVE' AND started_on IS NOT NULL AND {visible_steps}
GROUP BY started_on, limit_days, pauses, due_on, due_estimated"""
TODOS = """SELECT t.id, t.kind, t.title, t.due_at, t.created_at, t.opened_at, t.urge_count, t.center,
  t.project_id, t.assignee_id, t.step_run_id, s.step_key, s.stage AS s_stage, s.action, s.version AS s_version,
  s.limit_days, s.started_on, s.pauses, s.due_on, s.due_estimated, p.code, p.name, p.template_key,
  p.template_version,
  (SELECT COUNT(*) FROM task WHERE assignee_id = {p1} AND center = {p2} AND status = 'OPEN') AS total
FROM task t LEFT JOIN step_run s ON s.id = t.step_run_id LEFT JOIN project p ON p.id = t.project_id
WHERE t.assignee_id = {p1} AND t.center = {p2} AND t.status = 'OPEN' ORDER BY t.id LIMIT {p3}"""
PROJECTS = """SELECT p.id, p.code, p.name, p.stage, p.status, (SELECT COUNT(*) FROM project WHERE {visible}) AS total
FROM project p WHERE {visible_p} ORDER BY p.id LIMIT {limit}"""
PROJECT_STEPS = """SELECT project_id, started_on, limit_days, pauses, due_on, due_estimated FROM step_run
WHERE status = 'ACTIVE' AND project_id IN (SELECT id FROM project WHERE {visible} ORDER BY id LIMIT {limit})"""


def _value(name: str, value: Any) -> Any:
    """SQLite hands back text for dates, times and JSON: the same Python values asyncpg gives."""
    if isinstance(value, str):
        if name in DATES:
            return date.fromisoformat(value)
        if name in TIMES:
            return datetime.fromisoformat(value)
        if name == "pauses":
            return json.loads(value)
    return value


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = url.startswith("postgres")
        self.pool: Any = None

    async def open(self) -> None:
        if self.postgres:
            import asyncpg

            self.pool = await asyncpg.create_pool(self.url, min_size=2, max_size=5)
        else:
            import aiosqlite

            self.pool = await aiosqlite.connect(self.url.removeprefix("sqlite://"))
            self.pool.row_factory = aiosqlite.Row

    async def rows(self, sql: str, *values: Any) -> list[dict[str, Any]]:
        if self.postgres:
            async with self.pool.acquire() as conn:
                records = await conn.fetch(sql.format(p1="$1", p2="$2", p3="$3"), *values)
            out = [dict(r) for r in records]
            for row in out:
                if isinstance(row.get("pauses"), str):
                    row["pauses"] = json.loads(row["pauses"])
            return out
        marks = sql.count("{p")
        args = [values[int(sql[i + 2]) - 1] for i in range(len(sql)) if sql.startswith("{p", i)][:marks]
        async with self.pool.execute(sql.format(p1="?", p2="?", p3="?"), args) as cursor:
            names = [c[0] for c in cursor.description]
            return [{n: _value(n, v) for n, v in zip(names, row, strict=True)} for row in await cursor.fetchall()]


def _visible(center: str, org: int, alias: str = "") -> str:
    if center in SEE_ALL:
        return "1 = 1"
    return f"{alias}{OWN[center]} = {int(org)}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def make_app(database_url: str, verify: Any, policy: Any) -> Starlette:
    db = Database(database_url)

    async def home(request: Request) -> Response:
        body = orjson.loads(await request.body())
        variables = body["variables"]
        center = variables["kind"]
        _, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            claims = verify(token)
        except InvalidAccessToken:
            return Response(b'{"errors":[{"message":"UNAUTHENTICATED"}]}', 401, media_type="application/json")
        [session] = await db.rows(SESSION, claims.session_id) or [None]
        now = clock.now()
        if (
            session is None
            or session["user_id"] != claims.user_id
            or not session["is_active"]
            or session_end_reason(
                now=now,
                last_active_at=session["last_active_at"],
                expires_at=session["expires_at"],
                revoked=session["revoked_at"] is not None,
                policy=policy,
            )
        ):
            return Response(b'{"errors":[{"message":"UNAUTHENTICATED"}]}', 401, media_type="application/json")
        user_id = session["user_id"]
        memberships = await db.rows(MEMBERSHIPS, user_id)
        held = next((m for m in memberships if m["center"] == center), None)
        if held is None:
            return Response(b'{"errors":[{"message":"FORBIDDEN"}]}', 403, media_type="application/json")
        org = held["organisation_id"]
        [[unread]] = [list(r.values()) for r in await db.rows(UNREAD, user_id)]
        years = {row["year"]: parse_holiday_file(row["text"]) for row in await db.rows(CALENDAR)}
        calendar = working_calendar(years.values())
        today = china_today(now)

        stages = Counter(
            {
                row["stage"]: row[next(k for k in row if k != "stage")]
                for row in await db.rows(BY_STAGE.format(visible=_visible(center, org)))
            }
        )
        within = f"project_id IN (SELECT id FROM project WHERE {_visible(center, org)})"  # noqa: S608 (a column, an int)
        visible_steps = "1 = 1" if center in SEE_ALL else within
        lights: Counter[str] = Counter()
        for step in await db.rows(LIGHTS.format(visible_steps=visible_steps)):
            clocked = clock_of(step, calendar, today)
            if clocked is not None:
                lights[clocked.light.value] += step["n"]

        first = variables["first"]
        todos = await db.rows(TODOS, user_id, center, first + 1)
        edges = []
        for row in todos[:first]:
            step = None
            if row["step_run_id"] is not None:
                step = {
                    "step_key": row["step_key"],
                    "stage": row["s_stage"],
                    "action": row["action"],
                    "limit_days": row["limit_days"],
                    "started_on": row["started_on"],
                    "pauses": row["pauses"],
                    "due_on": row["due_on"],
                    "due_estimated": row["due_estimated"],
                }
            clocked = task_clock_of(row, step, calendar, today)
            kind = row["kind"]
            edges.append(
                {
                    "cursor": encode("cursor", row["id"]),
                    "node": {
                        "id": encode("Task", row["id"]),
                        "kind": kind,
                        "title": row["title"],
                        "stepKey": step["step_key"] if step else None,
                        "dueAt": _iso(row["due_at"]),
                        "expects": expects(row, step),
                        "stage": step["stage"] if step else None,
                        "seatId": None,  # no invitation or score sheet in these two centers
                        "stepVersion": row["s_version"] if step else None,
                        "batchable": bool(
                            step
                            and kind == "ACTION"
                            and row["project_id"]
                            and batch_allowed(row["template_key"], row["template_version"], step["step_key"])
                        ),
                        "daysUsed": clocked.days_used if clocked else None,
                        "daysLeft": clocked.days_left if clocked else None,
                        "limitDays": clocked.limit_days if clocked else None,
                        "dueEstimated": bool(clocked and clocked.estimated),
                        "light": clocked.light.value if clocked else "GREEN",
                        "urgeCount": row["urge_count"],
                        "project": {
                            "id": encode("Project", row["project_id"]),
                            "code": row["code"],
                            "name": row["name"],
                            "__typename": "Project",
                        }
                        if row["project_id"] is not None
                        else None,
                        "__typename": "Todo",
                    },
                    "__typename": "TodoEdge",
                }
            )
        answer_center: dict[str, Any] = {
            "kind": center,
            "stats": {
                "projects": sum(stages.values()),
                "byStage": [
                    {"stage": s.value, "count": stages.get(s.value, 0), "__typename": "StageCount"} for s in Stage
                ],
                "byLight": [
                    {"light": light.value, "count": lights.get(light.value, 0), "__typename": "LightCount"}
                    for light in WarningLight
                ],
                "__typename": "CenterStats",
            },
            "todos": {
                "totalCount": todos[0]["total"] if todos else 0,
                "edges": edges,
                "pageInfo": {
                    "hasNextPage": len(todos) > first,
                    "endCursor": edges[-1]["cursor"] if edges else None,
                    "__typename": "PageInfo",
                },
                "__typename": "TodoConnection",
            },
        }
        if variables["withProjects"]:
            limit = variables["firstProjects"]
            projects = await db.rows(
                PROJECTS.format(visible=_visible(center, org), visible_p=_visible(center, org, "p."), limit=limit + 1)
            )
            steps: dict[int, list[dict[str, Any]]] = {}
            for step in await db.rows(PROJECT_STEPS.format(visible=_visible(center, org), limit=limit)):
                steps.setdefault(step["project_id"], []).append(step)
            nodes = []
            for row in projects[:limit]:
                clocks = (clock_of(step, calendar, today) for step in steps.get(row["id"], []))
                light = worst(c.light for c in clocks if c is not None)
                nodes.append(
                    {
                        "cursor": encode("cursor", row["id"]),
                        "node": {
                            "id": encode("Project", row["id"]),
                            "code": row["code"],
                            "name": row["name"],
                            "stage": row["stage"],
                            "status": row["status"],
                            "light": light.value,
                            "__typename": "Project",
                        },
                        "__typename": "ProjectEdge",
                    }
                )
            answer_center["projects"] = {
                "totalCount": projects[0]["total"] if projects else 0,
                "edges": nodes,
                "pageInfo": {
                    "hasNextPage": len(projects) > limit,
                    "endCursor": nodes[-1]["cursor"] if nodes else None,
                    "__typename": "PageInfo",
                },
                "__typename": "ProjectConnection",
            }
        answer_center["__typename"] = "Center"
        organisation = (
            {
                "id": encode("Organisation", session["organisation_id"]),
                "name": session["org_name"],
                "__typename": "Organisation",
            }
            if session["organisation_id"] is not None
            else None
        )
        answer = {
            "data": {
                "me": {
                    "user": {
                        "id": encode("User", user_id),
                        "username": session["username"],
                        "displayName": session["display_name"],
                        "organisation": organisation,
                        "__typename": "User",
                    },
                    "centers": [
                        {
                            "kind": m["center"],
                            "abilities": [a.value for a in abilities_of(CenterKind(m["center"]))],
                            "organisation": {
                                "id": encode("Organisation", m["organisation_id"]),
                                "name": m["name"],
                                "__typename": "Organisation",
                            },
                            "__typename": "CenterMembership",
                        }
                        for m in memberships
                    ],
                    "__typename": "Me",
                },
                "unread": {"totalCount": unread, "__typename": "NotificationViewConnection"},
                "center": answer_center,
            }
        }
        return Response(orjson.dumps(answer), media_type="application/json")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.open()
        yield

    return Starlette(routes=[Route("/home", home, methods=["POST"])], lifespan=lifespan)


def main() -> None:
    port, database_url, var = sys.argv[1], sys.argv[2], sys.argv[3]
    os.environ.update({"DATABASE_URL": database_url, "QC_VAR_DIR": var})
    from api.app import load_signing_key, make_authenticator
    from api.settings import load

    settings = load()
    auth = make_authenticator(settings, load_signing_key(settings))
    app = make_app(database_url, auth.tokens.verify, auth.sessions)
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="critical", access_log=False)


if __name__ == "__main__":
    main()
