"""The outcome of a process action: the state after it, or a typed error with the state as it is."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from domain.projects.kinds import Stage as StageValue
from domain.workflow.errors import WorkflowError
from schema import ids
from schema.errors import UserError
from schema.messages import detailed_message
from schema.projects.types import Project, Stage


@strawberry.enum
class ActionErrorCode(Enum):
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    WRONG_STAGE = "WRONG_STAGE"
    WRONG_TASK_KIND = "WRONG_TASK_KIND"
    TASK_CLOSED = "TASK_CLOSED"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    NO_ELIGIBLE_ACTOR = "NO_ELIGIBLE_ACTOR"
    SUPERVISOR_REQUIRED = "SUPERVISOR_REQUIRED"
    CONTRACT_MISSING = "CONTRACT_MISSING"
    CONTRACT_ABOVE_BUDGET = "CONTRACT_ABOVE_BUDGET"
    PAYMENT_ABOVE_CONTRACT = "PAYMENT_ABOVE_CONTRACT"
    DATA_RESOURCES_NOT_VERIFIED = "DATA_RESOURCES_NOT_VERIFIED"
    CANNOT_WITHDRAW = "CANNOT_WITHDRAW"
    CANNOT_TAKE_BACK = "CANNOT_TAKE_BACK"
    ADD_SIGNER_NOT_ALLOWED = "ADD_SIGNER_NOT_ALLOWED"
    URGED_TOO_SOON = "URGED_TOO_SOON"
    DELEGATION_INVALID = "DELEGATION_INVALID"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    EXPERT_SHORTAGE = "EXPERT_SHORTAGE"
    PANEL_EXISTS = "PANEL_EXISTS"
    INVITATION_CLOSED = "INVITATION_CLOSED"
    INVITATION_EXPIRED = "INVITATION_EXPIRED"
    SHEET_FINAL = "SHEET_FINAL"
    INVALID_SCORE = "INVALID_SCORE"
    SECOND_FACTOR_NOT_SET = "SECOND_FACTOR_NOT_SET"
    SECOND_FACTOR_INVALID = "SECOND_FACTOR_INVALID"
    PANEL_NOT_READY = "PANEL_NOT_READY"
    ALREADY_RATED = "ALREADY_RATED"
    ALREADY_CORRECTED = "ALREADY_CORRECTED"
    RATING_WINDOW_CLOSED = "RATING_WINDOW_CLOSED"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"


@strawberry.type(description="The state of a project's process after an action (or as it is, on a conflict).")
class ProcessState:
    project_status: str
    project_stage: str
    project_version: int
    step_status: str | None
    step_version: int | None
    task_status: str | None
    project_key: strawberry.Private[int]
    step_key: strawberry.Private[int | None]
    task_key: strawberry.Private[int | None]

    @strawberry.field
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Project", self.project_key))

    @strawberry.field
    def task_id(self) -> strawberry.ID | None:
        return strawberry.ID(ids.encode("Task", self.task_key)) if self.task_key else None

    @strawberry.field
    async def project(self, info: strawberry.Info) -> Project | None:
        row = await info.context.loaders.project_by_id.load(self.project_key)
        return Project(row=row) if row else None


def state(raw: dict[str, Any]) -> ProcessState:
    return ProcessState(
        project_status=raw["projectStatus"],
        project_stage=raw["projectStage"],
        project_version=raw["projectVersion"],
        step_status=raw.get("stepStatus"),
        step_version=raw.get("stepVersion"),
        task_status=raw.get("taskStatus"),
        project_key=raw["projectId"],
        step_key=raw.get("stepRunId"),
        task_key=raw.get("taskId"),
    )


@strawberry.type(description="The action was carried out (or had been, under the same idempotency key).")
class ActionDone:
    state: ProcessState


@strawberry.type
class ActionError(UserError):
    code: ActionErrorCode
    current: ProcessState | None = strawberry.field(description="The state now, for VERSION_CONFLICT and TASK_CLOSED.")
    current_stage: Stage | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="WRONG_STAGE: the stage the project is in."
    )
    expected_stages: list[Stage] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="WRONG_STAGE: the stages in which the action is possible."
    )
    allowed_amount: Decimal | None = strawberry.field(
        default=None,
        description="CONTRACT_ABOVE_BUDGET, PAYMENT_ABOVE_CONTRACT: the most the amount may be (budget, contract "
        "less what was paid).",
    )


def action_error(error: WorkflowError, locale: str) -> ActionError:
    current = error.params.get("current")
    try:
        code = ActionErrorCode(error.code)
    except ValueError:
        code = ActionErrorCode.INVALID_INPUT
    params = error_details(error)
    stage, expected = params.get("stage"), params.get("expected")
    allowed = params.get("allowed")
    return ActionError(
        code=code,
        message=detailed_message(code.value, locale, params),
        field=error.field,
        current=state(current) if isinstance(current, dict) and "projectId" in current else None,
        current_stage=StageValue(stage) if isinstance(stage, str) and stage in STAGES else None,
        expected_stages=[StageValue(s) for s in expected if s in STAGES] if isinstance(expected, list) else None,
        allowed_amount=Decimal(str(allowed)) if allowed is not None else None,
    )


STAGES = frozenset(s.value for s in StageValue)


def error_details(error: WorkflowError) -> dict[str, Any]:
    """What an error tells the user beyond its code: stages, and the allowed amount derived from its limits."""
    params = dict(error.params)
    if error.code == "CONTRACT_ABOVE_BUDGET" and params.get("budget") not in (None, "None"):
        params["allowed"] = params["budget"]
    if error.code == "PAYMENT_ABOVE_CONTRACT" and params.get("contract") not in (None, "None"):
        params["allowed"] = str(Decimal(params["contract"]) - Decimal(params.get("paid") or 0))
    return params
