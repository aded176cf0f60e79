"""Projects, their materials and payments, and the counters their codes are drawn from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage

if TYPE_CHECKING:
    from domain.accounts.models import Organisation, User


class Project(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=200)
    builder: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="built_projects", on_delete=fields.RESTRICT
    )
    declared_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    category = fields.CharEnumField(ProjectCategory, max_length=16)
    type = fields.CharEnumField(ProjectType, max_length=16)
    requested_amount = fields.DecimalField(max_digits=14, decimal_places=2)
    # Control price = software part (data bureau) + hardware part (finance review centre).
    control_price_software = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    control_price_hardware = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    approved_budget = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    contract_amount = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    paid_amount = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    stage = fields.CharEnumField(Stage, max_length=20, db_index=True)
    status = fields.CharEnumField(ProjectStatus, max_length=16, default=ProjectStatus.ACTIVE)
    supervisor: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="supervised_projects", null=True, on_delete=fields.RESTRICT
    )
    vendor: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="vendor_projects", null=True, on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="om_projects", null=True, on_delete=fields.RESTRICT
    )
    template_key = fields.CharField(max_length=32, null=True)
    template_version = fields.IntField(null=True)
    applied_on = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)
    # Bumped by every change of the project's own facts (amounts, parties, stage, status).
    version = fields.IntField(default=1)

    builder_id: int
    declared_by_id: int | None
    supervisor_id: int | None
    vendor_id: int | None
    parent_id: int | None

    class Meta:
        table = "project"
        # Each party's projects by id (the center's first page), without reading the whole table.
        indexes = (
            ("builder_id", "id"),
            ("supervisor_id", "id"),
            ("vendor_id", "id"),
            # Oversight's figures over every project, read from the index alone.
            ("stage", "status", "approved_budget", "contract_amount", "paid_amount"),
        )


# The columns of a project that its views read (one row per project, read in a batch or joined).
PROJECT_FIELDS = (
    "id",
    "code",
    "name",
    "stage",
    "status",
    "category",
    "type",
    "requested_amount",
    "approved_budget",
    "control_price_software",
    "control_price_hardware",
    "contract_amount",
    "paid_amount",
    "builder_id",
    "supervisor_id",
    "vendor_id",
    "parent_id",
    "applied_on",
    "version",
    "template_key",
    "template_version",
)


class Material(Model):
    """A submitted document. Never edited: a corrected file is a new row."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="materials", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(Stage, max_length=20)
    title = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    uploaded_by_id = fields.IntField()
    uploaded_at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "material"
        indexes = (("project_id", "id"),)


class SearchToken(Model):
    """One search token of a project: a character or two consecutive characters of its texts, lower-cased.

    The texts are the project's name and code, its material titles and its opinions; each token is held once
    per project. Database triggers keep the rows (migration 0014), so no write path can forget them; read by
    `domain.projects.search`.
    """

    id = fields.BigIntField(primary_key=True)
    token = fields.CharField(max_length=2)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name=False, on_delete=fields.CASCADE
    )

    project_id: int

    class Meta:
        table = "search_token"
        unique_together = (("token", "project"),)
        indexes = (("project_id",),)


class Payment(Model):
    """资金支付: one payment against the contract, tied to a milestone."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="payments", on_delete=fields.RESTRICT
    )
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    milestone = fields.CharField(max_length=200)
    recorded_by_id = fields.IntField()
    recorded_at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "payment"


class CodeSequence(Model):
    """Last number handed out per key, numbers are never reused."""

    key = fields.CharField(max_length=64, primary_key=True)
    last_value = fields.IntField(default=0)

    class Meta:
        table = "code_sequence"


class Submission(Model):
    """What the applicant submitted, as it stood at that moment: the facts, the latest plan of each kind and
    the materials, so a reviewer sees what changed since the previous submission."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="submissions", on_delete=fields.RESTRICT
    )
    step_run_id = fields.IntField()
    submitted_at = fields.DatetimeField()
    facts: fields.JSONField[Any] = fields.JSONField()
    material_ids: fields.JSONField[Any] = fields.JSONField()

    project_id: int

    class Meta:
        table = "submission"


class ProjectFollow(Model):
    """A user who follows a project is told of its decisions and stages."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="followers", on_delete=fields.CASCADE
    )
    user_id = fields.IntField()
    since = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "project_follow"
        unique_together = (("project", "user_id"),)


class ProjectTally(Model):
    """How many projects a party sees, per stage and status, with their money: kept with the rows.

    A row is a change (+1 when a project enters a key, -1 when it leaves it, with its amounts) made by database
    triggers on `project` (migration 0015), so no write path can forget it; a party's figures are the sums of
    its rows, however many projects it has. `party` is ALL (oversight: every project) or the center whose
    column names the organisation (BUILDER, SUPERVISOR, VENDOR); `domain.projects.tallies` reads them and
    folds the rows of each key into one from time to time.
    """

    id = fields.BigIntField(primary_key=True)
    party = fields.CharField(max_length=10)
    organisation_id = fields.IntField()
    stage = fields.CharField(max_length=20)
    status = fields.CharField(max_length=16)
    n = fields.IntField()
    approved = fields.DecimalField(max_digits=20, decimal_places=2)
    contracted = fields.DecimalField(max_digits=20, decimal_places=2)
    paid = fields.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        table = "project_tally"
        indexes = (("party", "organisation_id", "stage"),)


class ClockTally(Model):
    """How many steps in hand a party's projects have, per clock (start, limit, pauses): kept with the rows.

    Steps with the same clock have the same warning light on a given day, so a party's lights are computed
    from its few clocks rather than from every step. Rows are changes made by triggers on `step_run` and on
    `project` (a project changing hands moves its steps), as `ProjectTally`'s.
    """

    id = fields.BigIntField(primary_key=True)
    party = fields.CharField(max_length=10)
    organisation_id = fields.IntField()
    started_on = fields.DateField()
    limit_days = fields.IntField()
    pauses: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    n = fields.IntField()

    class Meta:
        table = "clock_tally"
        indexes = (("party", "organisation_id", "started_on"),)
