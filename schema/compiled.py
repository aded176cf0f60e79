"""The PWA's `HomeScreen` document through a compiled plan instead of field-by-field resolution.

The document is registered (trusted) and known here word for word (`HOME_SCREEN`, the text the PWA's build
registers, `__typename` included); for that text alone, the answer is computed from a few hand-written
statements (domain/home.py) and serialised straight to JSON: no ORM object per row, no resolver per field.
Anything off the common path answers None and the request goes through GraphQL as any other: no session or
a partial one, a center the user does not hold (GraphQL answers FORBIDDEN and audits it), a page size out of
range, a center without a plain visibility condition (experts), an invitation or score sheet on the page (its
panel seat). So errors, nullability and permissions stay GraphQL's own; tests/schema/centers/test_compiled.py
compares this plan's answers with GraphQL's for every demo user and center, byte for byte.
"""

from __future__ import annotations

from typing import Any

import orjson

from domain import clock, home
from domain.accounts.kinds import CenterKind
from domain.accounts.policies import abilities_of
from domain.calendar import WarningLight, china_today, worst
from domain.ids import encode
from domain.projects import tallies
from domain.projects.kinds import Stage
from domain.workflow.forms import batch_allowed
from domain.workflow.models import TaskKind
from domain.workflow.queries import clock_of, expects, task_clock_of

# The exact text the PWA registers for its home (pwa/src/api/operations/home.graphql, printed by its build with
# `__typename` in every selection); test_compiled.py checks it is still what the PWA sends.
HOME_SCREEN = """query HomeScreen($kind: CenterKind!, $withCenter: Boolean!, $withProjects: Boolean!, $first: Int!, \
$firstProjects: Int!) {
  me {
    user {
      id
      username
      displayName
      organisation {
        id
        name
        __typename
      }
      __typename
    }
    centers {
      kind
      abilities
      organisation {
        id
        name
        __typename
      }
      __typename
    }
    __typename
  }
  unread: myNotifications(first: 1, unreadOnly: true) {
    totalCount
    __typename
  }
  center(kind: $kind) @include(if: $withCenter) {
    kind
    stats {
      projects
      byStage {
        stage
        count
        __typename
      }
      byLight {
        light
        count
        __typename
      }
      __typename
    }
    todos(first: $first) {
      ...TodoPage
      __typename
    }
    projects(first: $firstProjects) @include(if: $withProjects) {
      ...ProjectPage
      __typename
    }
    __typename
  }
}
fragment TodoRow on Todo {
  id
  kind
  title
  stepKey
  dueAt
  expects
  stage
  seatId
  stepVersion
  batchable
  daysUsed
  daysLeft
  limitDays
  dueEstimated
  light
  urgeCount
  project {
    id
    code
    name
    __typename
  }
  __typename
}
fragment TodoPage on TodoConnection {
  totalCount
  edges {
    cursor
    node {
      ...TodoRow
      __typename
    }
    __typename
  }
  pageInfo {
    hasNextPage
    endCursor
    __typename
  }
  __typename
}
fragment ProjectPage on ProjectConnection {
  totalCount
  edges {
    cursor
    node {
      id
      code
      name
      stage
      status
      light
      __typename
    }
    __typename
  }
  pageInfo {
    hasNextPage
    endCursor
    __typename
  }
  __typename
}"""
SEATED = frozenset({TaskKind.INVITATION.value, TaskKind.SCORE.value})
MAX_PAGE = 100


def _page_size(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_PAGE else None


def _flags(variables: object) -> tuple[CenterKind, bool, bool, int, int] | None:
    """The variables, if they are exactly what the plan answers for (else GraphQL answers, errors included)."""
    if not isinstance(variables, dict) or set(variables) != {
        "kind",
        "withCenter",
        "withProjects",
        "first",
        "firstProjects",
    }:
        return None
    with_center, with_projects = variables["withCenter"], variables["withProjects"]
    first, first_projects = _page_size(variables["first"]), _page_size(variables["firstProjects"])
    if not isinstance(with_center, bool) or not isinstance(with_projects, bool) or not first or not first_projects:
        return None
    try:
        kind = CenterKind(variables["kind"])
    except ValueError:
        return None
    return kind, with_center, with_projects, first, first_projects


async def home_screen(user: Any, full_scope: bool, variables: object) -> bytes | None:
    """The answer of HOME_SCREEN for a signed-in user, or None where GraphQL must answer."""
    flags = _flags(variables)
    if flags is None or not full_scope:
        return None
    kind, with_center, with_projects, first, first_projects = flags
    reader = home.Reader()
    centers = await home.memberships(reader, user.id)
    held = next((m for m in centers if m["center"] == kind.value), None)
    if with_center and held is None:
        return None
    # The visible projects as a condition, and the party whose tallies count them (neither for the experts).
    visible = home.party_filter(kind, held["organisation_id"]) if held else None
    party = tallies.party_of(kind, held["organisation_id"]) if held else None
    if with_center and (visible is None or party is None):
        return None
    organisation = None
    if user.organisation_id is not None:
        name = next((m["name"] for m in centers if m["organisation_id"] == user.organisation_id), None)
        if name is None:
            name = await home.organisation_name(reader, user.organisation_id)
        organisation = {"id": encode("Organisation", user.organisation_id), "name": name, "__typename": "Organisation"}
    answer: dict[str, Any] = {
        "me": {
            "user": {
                "id": encode("User", user.id),
                "username": user.username,
                "displayName": user.display_name,
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
                for m in centers
            ],
            "__typename": "Me",
        },
        "unread": {"totalCount": await home.unread(reader, user.id), "__typename": "NotificationViewConnection"},
    }
    if with_center and visible is not None and party is not None:
        center = await _center(reader, user.id, kind, visible, party, with_projects, first, first_projects)
        if center is None:
            return None
        answer["center"] = center
    return orjson.dumps({"data": answer})


async def _center(
    reader: home.Reader,
    user_id: int,
    kind: CenterKind,
    visible: str,
    party: tuple[str, int],
    with_projects: bool,
    first: int,
    first_projects: int,
) -> dict[str, Any] | None:
    calendar = await home.calendar(reader)
    today = china_today(clock.now())
    stages = await home.by_stage(reader, party)
    lights = await home.lights(reader, party, calendar, today)
    rows = await home.todos(reader, user_id, kind, first + 1)
    if any(row["kind"] in SEATED for row in rows):
        return None  # the panel seat is GraphQL's to read
    edges = [_todo_edge(row, calendar, today) for row in rows[:first]]
    center: dict[str, Any] = {
        "kind": kind.value,
        "stats": {
            "projects": sum(stages.values()),
            "byStage": [{"stage": s.value, "count": stages.get(s.value, 0), "__typename": "StageCount"} for s in Stage],
            "byLight": [{"light": light.value, "count": n, "__typename": "LightCount"} for light, n in lights.items()],
            "__typename": "CenterStats",
        },
        "todos": {
            "totalCount": int(rows[0]["total"]) if rows else 0,
            "edges": edges,
            "pageInfo": _page_info(len(rows) > first, edges),
            "__typename": "TodoConnection",
        },
    }
    if with_projects:
        found = await home.projects(reader, visible, first_projects + 1)
        page = found[:first_projects]
        steps = await home.steps_in_hand(reader, [row["id"] for row in page])
        nodes = []
        for row in page:
            clocks = (clock_of(step, calendar, today) for step in steps[row["id"]])
            nodes.append(
                {
                    "cursor": encode("cursor", row["id"]),
                    "node": {
                        "id": encode("Project", row["id"]),
                        "code": row["code"],
                        "name": row["name"],
                        "stage": row["stage"],
                        "status": row["status"],
                        "light": worst(c.light for c in clocks if c is not None).value,
                        "__typename": "Project",
                    },
                    "__typename": "ProjectEdge",
                }
            )
        center["projects"] = {
            "totalCount": sum(stages.values()),
            "edges": nodes,
            "pageInfo": _page_info(len(found) > first_projects, nodes),
            "__typename": "ProjectConnection",
        }
    center["__typename"] = "Center"
    return center


def _page_info(more: bool, edges: list[dict[str, Any]]) -> dict[str, Any]:
    return {"hasNextPage": more, "endCursor": edges[-1]["cursor"] if edges else None, "__typename": "PageInfo"}


def _todo_edge(row: dict[str, Any], calendar: Any, today: Any) -> dict[str, Any]:
    step = None
    if row["step_run_id"] is not None:
        step = {key: row[key] for key in ("step_key", "stage", "action", "limit_days", "started_on", "pauses")}
        step |= {"due_on": row["due_on"], "due_estimated": row["due_estimated"]}
    clocked = task_clock_of(row, step, calendar, today)
    action = row["kind"] == TaskKind.ACTION.value
    return {
        "cursor": encode("cursor", row["id"]),
        "node": {
            "id": encode("Task", row["id"]),
            "kind": row["kind"],
            "title": row["title"],
            "stepKey": step["step_key"] if step else None,
            "dueAt": row["due_at"].isoformat() if row["due_at"] is not None else None,
            "expects": expects(row, step),
            "stage": step["stage"] if step else None,
            "seatId": None,
            "stepVersion": row["version"] if step else None,
            "batchable": bool(
                step
                and action
                and row["project_id"] is not None
                and batch_allowed(row["template_key"], row["template_version"], step["step_key"])
            ),
            "daysUsed": clocked.days_used if clocked else None,
            "daysLeft": clocked.days_left if clocked else None,
            "limitDays": clocked.limit_days if clocked else None,
            "dueEstimated": bool(clocked and clocked.estimated),
            "light": clocked.light.value if clocked else WarningLight.GREEN.value,
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
