"""The living city: every center's demo user finds work waiting, made by the real flows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from tortoise import Tortoise

from api.app import make_passwords
from api.settings import Settings
from domain import clock
from domain.accounts.models import User
from domain.audit.models import AuditFinding, AuditRecord, FindingStatus
from domain.audit.service import verify
from domain.calendar import WarningLight
from domain.demo.seed import load_demo
from domain.projects.kinds import ProjectStatus, Stage
from domain.projects.models import Project
from domain.reviews.models import Panel, PanelSeat, PanelStatus, ScoreSheet, SheetStatus
from domain.reviews.rules.rubric import rubric_for
from domain.scoring import rules as scoring_rules
from domain.scoring.flows import visible_ratings
from domain.scoring.service import scores_of
from domain.workflow import scanner
from domain.workflow.models import Decision, Delegation, StageRun, StepRun, Task, TaskKind, TaskStatus

WAITING = {
    "data": {TaskKind.ACTION, TaskKind.ORGANISE, TaskKind.SUPERVISION},
    "finance": {TaskKind.ACTION},
    "drc": {TaskKind.ACTION},
    "expert": {TaskKind.INVITATION, TaskKind.SCORE},
    "supervisor": {TaskKind.ACTION},
    "vendor": {TaskKind.ACTION},
    "builder": {TaskKind.REVISION, TaskKind.FINDING},
}
# The step of the tour's work for the users whose to-do is a plain ACTION.
WAITING_STEPS = {
    "data": "intake",
    "drc": "project_approval",
    "supervisor": "supervision_log",  # a construction log to keep
    "vendor": "milestone_report",
}


async def _open_steps(username: str) -> set[str]:
    user = await User.get(username=username)
    step_ids = await Task.filter(assignee_id=user.id, status=TaskStatus.OPEN, kind=TaskKind.ACTION).values_list(
        "step_run_id", flat=True
    )
    return set(await StepRun.filter(id__in=list(step_ids)).values_list("step_key", flat=True))


async def test_the_living_city(city) -> None:
    # every center's demo user has open work of the kinds the tour shows
    for username, kinds in WAITING.items():
        user = await User.get(username=username)
        held = set(await Task.filter(assignee_id=user.id, status=TaskStatus.OPEN).values_list("kind", flat=True))
        assert kinds <= {TaskKind(k) for k in held}, (username, held)
    for username, step in WAITING_STEPS.items():
        assert step in await _open_steps(username), (username, step)
    # finance and DRC hold to-dos on the same project at once (并联审批)
    finance, drc = await User.get(username="finance"), await User.get(username="drc")
    finance_projects = set(
        await Task.filter(assignee_id=finance.id, status=TaskStatus.OPEN).values_list("project_id", flat=True)
    )
    drc_projects = set(
        await Task.filter(assignee_id=drc.id, status=TaskStatus.OPEN).values_list("project_id", flat=True)
    )
    assert finance_projects & drc_projects, (finance_projects, drc_projects)
    # the expert's score to-do is a half-filled sheet: a saved draft with some criteria scored, not all
    expert = await User.get(username="expert")
    drafts = [
        (sheet, seat)
        for seat in await PanelSeat.filter(expert__user_id=expert.id).prefetch_related("panel")
        for sheet in await ScoreSheet.filter(seat_id=seat.id, status=SheetStatus.DRAFT)
    ]
    assert len(drafts) == 1
    sheet, seat = drafts[0]
    assert 0 < len(sheet.scores) < len(rubric_for(seat.panel.stage).criteria)
    # lights of all three colours
    lights = set()
    for project in await Project.filter(status=ProjectStatus.ACTIVE):
        lights |= set((await scanner.lights_of(project.id)).tasks.values())
    assert lights == {WarningLight.GREEN, WarningLight.YELLOW, WarningLight.RED}
    # every stage has a project in it (FINANCE_REVIEW and PROJECT_APPROVAL run in parallel)
    active_stages = set(await StageRun.filter(status="ACTIVE").values_list("stage", flat=True))
    assert {Stage(s) for s in active_stages} == set(Stage)
    # every active project has a holder, and its timeline has every earlier stage done
    for project in await Project.filter(status=ProjectStatus.ACTIVE):
        assert (
            await Task.filter(project_id=project.id, status=TaskStatus.OPEN).exclude(kind=TaskKind.SUPERVISION).exists()
        ), project.code
        done = await StageRun.filter(project_id=project.id, status="DONE").count()
        assert done == list(Stage).index(project.stage), (project.code, project.stage, done)
    # a completed project, with its 1000-point score and its 互评 revealed to both sides, and its O&M project
    completed = await Project.filter(status=ProjectStatus.COMPLETED).order_by("id").first()
    assert completed is not None
    assert await StageRun.filter(project_id=completed.id, status="DONE").count() == 10
    scores = await scores_of(project_id=completed.id)
    assert set(scores) == set(Stage) and Decimal(0) < scoring_rules.total(scores) <= Decimal(1000)
    data_org = (await User.get(username="data")).organisation_id
    for viewer in (completed.builder_id, data_org):
        seen = await visible_ratings(project_id=completed.id, stage=Stage.OPERATIONS, viewer_org_id=viewer)
        assert {(r["rater_org_id"], r["ratee_org_id"]) for r in seen} == {
            (completed.builder_id, data_org),
            (data_org, completed.builder_id),
        }
    assert await Project.filter(code=f"{completed.code}-YW01").exists()
    # a closed panel with its result
    closed = await Panel.filter(status=PanelStatus.CLOSED).first()
    assert closed is not None and closed.panel_score is not None and closed.opinion
    # audit: one finding answered (for audit to close), one open (for the builder to answer)
    statuses = sorted(await AuditFinding.all().values_list("status", flat=True))
    assert statuses == sorted([FindingStatus.ANSWERED, FindingStatus.OPEN])
    # a delegation in force
    now = clock.now()
    assert await Delegation.filter(starts_at__lte=now, ends_at__gt=now, revoked_at__isnull=True).count() == 1
    # every project's history reads in order: its declaration first, nothing dated before it
    for project in await Project.all():
        history = await Decision.filter(project_id=project.id).order_by("at", "id").values_list("action", "at")
        assert history[0][0] == "DECLARE", (project.code, history[:3])
        assert [at for _, at in history] == sorted(at for _, at in history)
    # the audit chain verifies
    assert (await verify()).ok


async def _fingerprint() -> tuple[Any, ...]:
    return (
        # Not `created_at`: the database's own insertion time (auto_now_add), not the domain clock.
        await Project.all().order_by("id").values_list("code", "name", "stage", "status", "applied_on"),
        await Task.all().order_by("id").values_list("kind", "status", "assignee_id", "project_id", "step_run_id"),
        await Panel.all().order_by("id").values_list("status", "panel_score", "opinion"),
        await AuditRecord.all().order_by("seq").values_list("seq", "at", "action", "hash"),
    )


async def _empty_tables() -> None:
    """As the tests' clean_state does between tests."""
    conn = Tortoise.get_connection("default")
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    if conn.capabilities.dialect == "postgres":
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")
    else:
        await conn.execute_script(
            "PRAGMA foreign_keys=OFF;"
            + "".join(f"DELETE FROM {t};" for t in tables)
            + "DELETE FROM sqlite_sequence; PRAGMA foreign_keys=ON;"
        )


async def test_loading_the_city_twice_on_the_same_clock_gives_the_same_city(app: Starlette, settings: Settings) -> None:
    # given: the fixed clock of these tests (the city is dated back from its day); three projects keep it short
    prints = []
    # when: loaded twice into empty tables
    for _ in range(2):
        await _empty_tables()
        await load_demo(passwords=make_passwords(settings), city=True, projects=3)
        prints.append(await _fingerprint())
    # then: the same projects, to-dos, panels and audit chain, record for record
    assert prints[0][0] and prints[0][3]
    assert prints[0] == prints[1]


async def test_a_larger_city_repeats_the_shape_as_later_phases(app: Starlette, settings: Settings) -> None:
    # given a city asked larger than its thirty-project plan (benchmarks ask for thousands)
    await load_demo(passwords=make_passwords(settings), city=True, projects=33)
    # then the plan's thirty, three more as second phases of the first ones, and the O&M project
    codes = await Project.all().values_list("code", flat=True)
    assert len([c for c in codes if "-YW" not in c]) == 33 and len([c for c in codes if "-YW" in c]) == 1
    assert len(await Project.filter(name__endswith="（2期）")) == 3
    # the tour's special work exists once: one returned application, one half-filled draft
    builder = await User.get(username="builder")
    assert await Task.filter(assignee_id=builder.id, kind=TaskKind.REVISION, status=TaskStatus.OPEN).count() == 1
    assert await ScoreSheet.filter(status=SheetStatus.DRAFT).count() == 1
    assert (await verify()).ok
