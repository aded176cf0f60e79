"""Scoring over GraphQL: the data bureau's deductions and corrections, 互评 and satisfaction."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.projects.kinds import Stage as StageValue
from domain.scoring import flows as scoring
from schema.scoring.inputs import CorrectionInput, DeductionInput, MutualRatingInput, SatisfactionInput
from schema.shared.actions import acting, action, object_key
from schema.shared.results import ActionDone, ScoringRefusal, state

DeductScoreResult = Annotated[ActionDone | ScoringRefusal, strawberry.union("DeductScoreResult")]
CorrectScoreResult = Annotated[ActionDone | ScoringRefusal, strawberry.union("CorrectScoreResult")]
RateMutuallyResult = Annotated[ActionDone | ScoringRefusal, strawberry.union("RateMutuallyResult")]
RateSatisfactionResult = Annotated[ActionDone | ScoringRefusal, strawberry.union("RateSatisfactionResult")]


@strawberry.type
class ScoringMutations:
    @action("The data bureau deducts points, with a reason.")
    async def deduct_score(self, info: strawberry.Info, input: DeductionInput) -> DeductScoreResult:
        entered = await scoring.manual_deduction(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            stage=StageValue(input.stage),
            points=input.points,
            reason=input.reason,
        )
        return ActionDone(state=state(entered.state))

    @action("Correct a score entry with a new, opposite one.")
    async def correct_score(self, info: strawberry.Info, input: CorrectionInput) -> CorrectScoreResult:
        entered = await scoring.correct_entry(
            acting=acting(info, input.idempotency_key),
            entry_id=object_key(input.entry_id, "ScoreEntry", "entryId"),
            reason=input.reason,
        )
        return ActionDone(state=state(entered.state))

    @action("互评 after a stage (sealed until both sides rated).", renames={"ratee_org_id": "rateeOrganisationId"})
    async def rate_mutually(self, info: strawberry.Info, input: MutualRatingInput) -> RateMutuallyResult:
        return ActionDone(
            state=state(
                await scoring.rate_mutually(
                    acting=acting(info, input.idempotency_key),
                    project_id=object_key(input.project_id, "Project", "projectId"),
                    stage=StageValue(input.stage),
                    ratee_org_id=object_key(input.ratee_organisation_id, "Organisation", "rateeOrganisationId"),
                    rating=input.rating,
                    comment=input.comment,
                )
            )
        )

    @action("满意度 on a closed to-do; unsatisfied may redo.")
    async def rate_satisfaction(self, info: strawberry.Info, input: SatisfactionInput) -> RateSatisfactionResult:
        rated = await scoring.rate_satisfaction(
            acting=acting(info, input.idempotency_key),
            task_id=object_key(input.task_id, "Task", "taskId"),
            rating=input.rating,
            comment=input.comment,
            redo=input.redo,
        )
        return ActionDone(state=state(rated.state))
