"""The running process of a project: stage runs, step runs, tasks, decisions, delegations."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from domain.accounts.kinds import CenterKind
from domain.projects.kinds import Stage

if TYPE_CHECKING:
    from domain.accounts.models import User
    from domain.projects.models import Project


class StageStatus(StrEnum):
    WAITING = "WAITING"
    ACTIVE = "ACTIVE"
    DONE = "DONE"
    SKIPPED = "SKIPPED"
    CANCELLED = "CANCELLED"


class StepStatus(StrEnum):
    WAITING = "WAITING"
    ACTIVE = "ACTIVE"
    RETURNED = "RETURNED"  # with the applicant for revision: its clock is paused
    DONE = "DONE"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


class TaskKind(StrEnum):
    ACTION = "ACTION"  # a step's work for one signer
    REVISION = "REVISION"  # the applicant revises and resubmits
    SUPERVISION = "SUPERVISION"  # 督办: an overdue task, for the data bureau
    ORGANISE = "ORGANISE"  # the data bureau organises an expert panel for a SCORE step
    INVITATION = "INVITATION"  # an expert is invited to a panel: accept or decline
    SCORE = "SCORE"  # an accepted expert fills in the score sheet
    FINDING = "FINDING"  # the builder unit answers an audit finding
    CLOSE_FINDING = "CLOSE_FINDING"  # the auditor who raised a finding reads the answer and closes it


class TaskStatus(StrEnum):
    WAITING = "WAITING"  # a later signer of an in-order step
    OPEN = "OPEN"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


class ProcessTemplateRecord(Model):
    """A template version as a project started with it. Later versions never change it."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=32)
    version = fields.IntField()
    checksum = fields.CharField(max_length=64)
    body = fields.TextField()
    stored_at = fields.DatetimeField()

    class Meta:
        table = "process_template"
        unique_together = (("key", "version"),)


class StageRun(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="stage_runs", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(Stage, max_length=20)
    wave = fields.IntField()
    status = fields.CharEnumField(StageStatus, max_length=16, default=StageStatus.WAITING)
    opened_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)

    project_id: int

    class Meta:
        table = "stage_run"
        unique_together = (("project", "stage"),)


class StepRun(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="step_runs", on_delete=fields.RESTRICT
    )
    stage_run: fields.ForeignKeyRelation[StageRun] = fields.ForeignKeyField(
        "models.StageRun", related_name="steps", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(Stage, max_length=20)
    step_key = fields.CharField(max_length=64)
    position = fields.IntField()
    action = fields.CharField(max_length=16)
    sign_mode = fields.CharField(max_length=16)
    limit_days = fields.IntField()
    status = fields.CharEnumField(StepStatus, max_length=16, default=StepStatus.WAITING)
    started_on = fields.DateField(null=True)
    # [[start, end|null], ...] ISO dates: the clock does not run in these.
    pauses: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    due_on = fields.DateField(null=True)
    # The deadline counted days of a year without official data (Monday-Friday fallback).
    due_estimated = fields.BooleanField(default=False)
    opened_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    # The version a decision must name: bumped by every change of this step or its tasks.
    version = fields.IntField(default=1)
    # The template's timeout rule, copied when the step opens: reminders on the last N working days, then
    # SUPERVISE (督办), ESCALATE (to the leader) or AUTO_APPROVE once the limit has run out.
    reminders = fields.IntField(default=0, db_default=0)
    on_expiry = fields.CharField(max_length=16, default="SUPERVISE", db_default="SUPERVISE")
    reminded_on = fields.DateField(null=True)
    expired_handled_at = fields.DatetimeField(null=True)
    # Signing round: a reopening (return to it, resubmission) starts a new one; only its signatures count.
    round = fields.IntField(default=0, db_default=0)

    project_id: int
    stage_run_id: int

    class Meta:
        table = "step_run"
        unique_together = (("project", "step_key"),)
        # Steps in hand (lights over every visible project) without reading the finished ones.
        indexes = (
            ("status", "project_id"),
            ("status", "started_on", "limit_days", "due_on", "due_estimated", "pauses"),
        )


class Task(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(TaskKind, max_length=16, default=TaskKind.ACTION)
    center = fields.CharEnumField(CenterKind, max_length=16)
    assignee: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tasks", on_delete=fields.RESTRICT
    )
    project: fields.ForeignKeyNullableRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    step_run: fields.ForeignKeyNullableRelation[StepRun] = fields.ForeignKeyField(
        "models.StepRun", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    # Signer slot in its step: in-order steps open slot by slot; tasks of one slot are alternatives.
    slot = fields.IntField(default=0)
    # The step's signing round the task belongs to (StepRun.round when it was created).
    round = fields.IntField(default=0, db_default=0)
    # The task a 督办 supervises (or a revision answers); unique per supervised task.
    subject_task_id = fields.IntField(null=True)
    title = fields.CharField(max_length=200)
    status = fields.CharEnumField(TaskStatus, max_length=16, default=TaskStatus.OPEN)
    outcome = fields.CharField(max_length=16, null=True)
    due_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    opened_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    urged_at = fields.DatetimeField(null=True)
    urge_count = fields.IntField(default=0)

    assignee_id: int
    project_id: int | None
    step_run_id: int | None

    class Meta:
        table = "task"
        indexes = (
            ("assignee_id", "center", "status", "id"),
            ("kind", "subject_task_id"),
            ("step_run_id", "status"),
            # An expert's projects (visibility): read from the index alone, however many the expert works on.
            ("assignee_id", "center", "kind", "project_id"),
        )
        # One 督办 per overdue task and supervisor, even if two scanners race.
        unique_together = (("kind", "subject_task_id", "assignee"),)


class TodoTally(Model):
    """How many open to-dos a person has in a center, kept with the rows: +1 / -1 rows written by triggers on
    `task` (migration 0015) whichever path opens or closes one, summed by `domain.projects.tallies` (the to-do
    list's total is the same cost at 10 open to-dos as at 70,000) and folded from time to time."""

    id = fields.BigIntField(primary_key=True)
    assignee_id = fields.IntField()
    center = fields.CharField(max_length=16)
    n = fields.IntField()

    class Meta:
        table = "todo_tally"
        indexes = (("assignee_id", "center"),)


class Decision(Model):
    """Append-only: every action taken on a project's process, in order."""

    id = fields.BigIntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="decisions", on_delete=fields.RESTRICT
    )
    step_run_id = fields.IntField(null=True)
    task_id = fields.IntField(null=True)
    action = fields.CharField(max_length=24)
    actor_id = fields.IntField()
    # Set when a delegate acted: actor_id acted for on_behalf_of_id.
    on_behalf_of_id = fields.IntField(null=True)
    comment = fields.TextField(default="")
    attachments: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "decision"
        indexes = (("project_id", "id"),)


class Delegation(Model):
    """期间代理: the delegate acts for the principal within a period, optionally limited."""

    id = fields.IntField(primary_key=True)
    principal: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="delegations_given", on_delete=fields.RESTRICT
    )
    delegate: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="delegations_taken", on_delete=fields.RESTRICT
    )
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    stages: fields.JSONField[list[Any]] = fields.JSONField(default=list)  # empty: every stage
    max_amount = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    created_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    principal_id: int
    delegate_id: int

    class Meta:
        table = "delegation"


class IdempotencyKey(Model):
    """The first result of an action under a client key. The same key returns it again."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField()
    key = fields.CharField(max_length=64)
    action = fields.CharField(max_length=32)
    fingerprint = fields.CharField(max_length=64)
    result: fields.JSONField[Any] = fields.JSONField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "idempotency_key"
        unique_together = (("user_id", "key"),)
