"""管理评价 in a center: the organisation's project scores and rank, and 互评 given and received."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from domain.scoring.queries import evaluations_of
from schema.accounts.types import Organisation, load_organisation
from schema.projects.types import Stage
from schema.shared import ids


@strawberry.type
class StageScore:
    stage: Stage
    score: Decimal


@strawberry.type
class ProjectScoreView:
    project_id: strawberry.ID
    code: str
    name: str
    total: Decimal = strawberry.field(description="Out of 1000: 100 per stage.")
    stages: list[StageScore]


@strawberry.type
class Rating:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Project", self.row["project_id"]))

    @strawberry.field
    def stage(self) -> Stage:
        return self.row["stage"]

    @strawberry.field
    def rating(self) -> int:
        return self.row["rating"]

    @strawberry.field
    def comment(self) -> str:
        return self.row["comment"]

    @strawberry.field
    def submitted_at(self) -> datetime:
        return self.row["submitted_at"]

    @strawberry.field
    async def rater(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.row["rater_org_id"])

    @strawberry.field
    async def ratee(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.row["ratee_org_id"])


@strawberry.type
class Evaluations:
    projects: list[ProjectScoreView] = strawberry.field(description="Projects the organisation builds (first 50).")
    average: Decimal | None
    rank: int | None
    given: list[Rating]
    received: list[Rating] = strawberry.field(description="互评 received, each shown once both sides rated.")


async def evaluations_for(organisation_id: int) -> Evaluations:
    found = await evaluations_of(organisation_id=organisation_id)
    return Evaluations(
        projects=[
            ProjectScoreView(
                project_id=strawberry.ID(ids.encode("Project", p.project_id)),
                code=p.code,
                name=p.name,
                total=p.total,
                stages=[StageScore(stage=s, score=v) for s, v in p.stages.items()],
            )
            for p in found.projects
        ],
        average=found.average,
        rank=found.rank,
        given=[Rating(row=r) for r in found.given],
        received=[Rating(row=r) for r in found.received],
    )
