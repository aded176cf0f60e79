"""What every action mutation answers: the state after it (and what the flow computed), or the shared typed
error with the state as it is."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry

from domain.actions import results
from domain.audit.errors import AuditError
from domain.errors import DomainError
from domain.experts.errors import ExpertError
from domain.inbox.errors import InboxError
from domain.projects.errors import ProjectError
from domain.projects.kinds import Stage as StageValue
from domain.reviews.errors import ReviewError
from domain.scoring.errors import ScoringError
from domain.workflow.errors import WorkflowError
from schema.projects.types import Project, Stage
from schema.shared import ids
from schema.shared.errors import UserError
from schema.shared.messages import detailed_message


def _codes() -> list[str]:
    """Every area's refusal codes, in one enum the shared error type carries."""
    areas = (WorkflowError, ProjectError, ReviewError, ScoringError, AuditError, ExpertError, InboxError)
    return sorted(set().union(*(area.CODES for area in areas)))


if TYPE_CHECKING:  # its members are the areas' codes, known only when the module runs
    ActionErrorCode = Enum
else:
    ActionErrorCode = strawberry.enum(
        Enum("ActionErrorCode", {code: code for code in _codes()}),
        description="Why an action was refused; each area lists its codes in domain/<area>/errors.py.",
    )


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


def state(raw: results.ProcessState) -> ProcessState:
    return ProcessState(
        project_status=raw.project_status,
        project_stage=raw.project_stage,
        project_version=raw.project_version,
        step_status=raw.step_status,
        step_version=raw.step_version,
        task_status=raw.task_status,
        project_key=raw.project_id,
        step_key=raw.step_run_id,
        task_key=raw.task_id,
    )


@strawberry.type(description="The action was carried out (or had been, under the same idempotency key).")
class ActionDone:
    state: ProcessState


@strawberry.interface(
    description="A refused action, as data: its code, the message in the caller's language, the input it is "
    "about and the state as it is. Each business area answers with its own type (WorkflowError, ProjectError, "
    "...); clients select `... on ActionError`."
)
class ActionError(UserError):
    code: ActionErrorCode
    current: ProcessState | None = strawberry.field(description="The state now, for VERSION_CONFLICT and TASK_CLOSED.")
    current_stage: Stage | None = strawberry.field(
        default=None, description="WRONG_STAGE: the stage the project is in."
    )
    expected_stages: list[Stage] | None = strawberry.field(
        default=None, description="WRONG_STAGE: the stages in which the action is possible."
    )
    allowed_amount: Decimal | None = strawberry.field(
        default=None,
        description="CONTRACT_ABOVE_BUDGET, PAYMENT_ABOVE_CONTRACT: the most the amount may be (budget, contract "
        "less what was paid).",
    )

    @classmethod
    def of(cls, error: DomainError, locale: str, field: str | None) -> ActionError:
        """The refusal as data: its code, message in the caller's language, input path and details."""
        codes = ActionErrorCode.__members__
        code = codes.get(error.code, codes["INVALID_INPUT"])
        params = error_details(error)
        return cls(
            code=code,
            message=detailed_message(code.value, locale, params),
            field=field,
            current=state(params["current"]) if isinstance(params.get("current"), results.ProcessState) else None,
            current_stage=_stage(params.get("stage")),
            expected_stages=_stages(params.get("expected")),
            allowed_amount=Decimal(str(params["allowed"])) if params.get("allowed") is not None else None,
        )


@strawberry.type(name="WorkflowError", description="A refusal by the process: to-dos, decisions, delegation.")
class WorkflowRefusal(ActionError):
    pass


@strawberry.type(name="ProjectError", description="A refusal about a project: declaration, facts, materials.")
class ProjectRefusal(ActionError):
    pass


@strawberry.type(name="ReviewError", description="A refusal by expert review: panels, invitations, score sheets.")
class ReviewRefusal(ActionError):
    pass


@strawberry.type(name="ScoringError", description="A refusal by the 1000-point score, 互评 or satisfaction.")
class ScoringRefusal(ActionError):
    pass


@strawberry.type(name="AuditError", description="A refusal about an audit finding.")
class AuditRefusal(ActionError):
    pass


@strawberry.type(name="ExpertError", description="A refusal by the expert library (专家库).")
class ExpertRefusal(ActionError):
    pass


@strawberry.type(name="InboxError", description="A refusal about notifications, push and channels.")
class InboxRefusal(ActionError):
    pass


@strawberry.type(description="The action was carried out; nothing more to report.")
class Done:
    ok: bool


def _stage(value: Any) -> StageValue | None:
    return StageValue(value) if isinstance(value, str) and value in STAGES else None


def _stages(values: Any) -> list[StageValue] | None:
    return [StageValue(v) for v in values if v in STAGES] if isinstance(values, list) else None


STAGES = frozenset(s.value for s in StageValue)


def error_details(error: DomainError) -> dict[str, Any]:
    """What an error tells the user beyond its code: stages, and the allowed amount derived from its limits."""
    params = dict(error.params)
    if error.code == "CONTRACT_ABOVE_BUDGET" and params.get("budget") not in (None, "None"):
        params["allowed"] = params["budget"]
    if error.code == "PAYMENT_ABOVE_CONTRACT" and params.get("contract") not in (None, "None"):
        params["allowed"] = str(Decimal(params["contract"]) - Decimal(params.get("paid") or 0))
    return params
