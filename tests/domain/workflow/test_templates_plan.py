"""Planning: the stages and steps a project runs, in waves, re-planned as facts become known."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.projects.kinds import ProjectCategory, ProjectType, Stage
from domain.workflow.templates import (
    Field,
    GateKind,
    Plan,
    PlannedStep,
    ProcessTemplate,
    ProjectFacts,
    latest,
    load_shipped,
    next_wave,
    plan,
    select,
)


def mixed(requested: int, approved: int | None = None) -> ProjectFacts:
    budget = None if approved is None else Decimal(approved)
    return ProjectFacts(ProjectCategory.NEW, ProjectType.MIXED, Decimal(requested), budget)


def stage_names(planned: Plan) -> list[list[str]]:
    return [[stage.stage.value for stage in wave.stages] for wave in planned.waves]


def step_keys(planned: Plan, stage: Stage) -> list[str]:
    found = next(s for s in planned.stages if s.stage is stage)
    return [planned_step.step.key for planned_step in found.steps]


def test_a_three_million_standard_project() -> None:
    # given
    facts = mixed(3_000_000, approved=3_000_000)
    # when
    planned = plan(select(facts), facts)
    # then
    assert (planned.template_key, planned.template_version) == ("standard", 3)
    assert stage_names(planned) == [
        ["PRE_REVIEW"],
        ["PLAN_REVIEW"],
        ["FINANCE_REVIEW", "PROJECT_APPROVAL"],
        ["IMPL_REVIEW"],
        ["PROCUREMENT"],
        ["CONSTRUCTION"],
        ["ACCEPTANCE"],
        ["EVALUATION"],
        ["OPERATIONS"],
    ]
    assert planned.waves[2].parallel_group == "approval"
    construction = planned.stages[6]
    assert construction.entry_gates == (GateKind.SUPERVISOR_ASSIGNED,)
    assert step_keys(planned, Stage.CONSTRUCTION) == ["milestone_report", "supervision_log", "milestone_payment"]
    assert step_keys(planned, Stage.FINANCE_REVIEW) == ["control_price", "budget_review"]
    assert "record_supervision_contract" in step_keys(planned, Stage.PROCUREMENT)
    assert planned.skipped == ()
    assert planned.awaiting == frozenset()


def test_replanning_once_the_budget_is_approved() -> None:
    standard = latest("standard")
    # given: at declaration the budget is not known, so the supervisor rule is kept
    before = plan(standard, mixed(1_200_000))
    assert before.awaiting == {Field.APPROVED_BUDGET}
    assert before.stages[6].entry_gates == (GateKind.SUPERVISOR_ASSIGNED,)
    assert "supervision_log" in step_keys(before, Stage.CONSTRUCTION)
    # when: finance cuts the budget below 1,000,000
    after = plan(standard, mixed(1_200_000, approved=900_000))
    # then
    assert after.awaiting == frozenset()
    assert after.stages[6].entry_gates == ()
    assert step_keys(after, Stage.CONSTRUCTION) == ["milestone_report", "milestone_payment"]
    assert plan(standard, mixed(1_200_000)) == before  # pure: same facts, same plan


def test_a_three_hundred_thousand_small_project() -> None:
    facts = ProjectFacts(ProjectCategory.NEW, ProjectType.SOFTWARE, Decimal(300_000), Decimal(280_000))
    planned = plan(select(facts), facts)
    assert planned.template_key == "small"
    assert stage_names(planned) == [
        ["PRE_REVIEW"],
        ["FINANCE_REVIEW", "PROJECT_APPROVAL"],
        ["PROCUREMENT"],
        ["CONSTRUCTION"],
        ["ACCEPTANCE"],
        ["EVALUATION"],
        ["OPERATIONS"],
    ]
    pre_review, _, _, procurement, construction, *_ = planned.stages
    assert pre_review.merged == (Stage.PLAN_REVIEW,)
    assert pre_review.steps[-1].stage is Stage.PLAN_REVIEW  # scored in its own stage
    assert [s.stage for s in procurement.steps] == [Stage.IMPL_REVIEW] * 2 + [Stage.PROCUREMENT] * 2
    assert step_keys(planned, Stage.FINANCE_REVIEW) == ["control_price_software", "budget_review"]
    assert construction.entry_gates == ()
    assert planned.skipped == ()


def test_an_om_project() -> None:
    facts = ProjectFacts(ProjectCategory.OM, ProjectType.SOFTWARE, Decimal(120_000))
    planned = plan(select(facts), facts)
    assert planned.template_key == "om"
    assert stage_names(planned) == [
        ["PRE_REVIEW"],
        ["FINANCE_REVIEW", "PROJECT_APPROVAL"],
        ["PROCUREMENT"],
        ["OPERATIONS"],
    ]
    assert planned.skipped == (
        Stage.PLAN_REVIEW,
        Stage.IMPL_REVIEW,
        Stage.CONSTRUCTION,
        Stage.ACCEPTANCE,
        Stage.EVALUATION,
    )
    assert planned.stages[-1].steps[-1].step.key == "om_evaluation"


def test_next_wave_opens_parallel_stages_together() -> None:
    planned = plan(latest("standard"), mixed(3_000_000, approved=3_000_000))

    def opened(*done: Stage) -> list[Stage]:
        return [stage.stage for stage in next_wave(planned, set(done))]

    assert opened() == [Stage.PRE_REVIEW]
    assert opened(Stage.PRE_REVIEW) == [Stage.PLAN_REVIEW]
    assert opened(Stage.PRE_REVIEW, Stage.PLAN_REVIEW) == [Stage.FINANCE_REVIEW, Stage.PROJECT_APPROVAL]
    assert opened(Stage.PRE_REVIEW, Stage.PLAN_REVIEW, Stage.PROJECT_APPROVAL) == [Stage.FINANCE_REVIEW]
    assert opened(Stage.PRE_REVIEW, Stage.PLAN_REVIEW, Stage.FINANCE_REVIEW, Stage.PROJECT_APPROVAL) == [
        Stage.IMPL_REVIEW
    ]
    assert opened(*Stage) == []


def test_a_merged_stage_is_done_with_its_host() -> None:
    facts = ProjectFacts(ProjectCategory.NEW, ProjectType.HARDWARE, Decimal(100_000))
    planned = plan(latest("small"), facts)
    assert [s.stage for s in next_wave(planned, {Stage.PRE_REVIEW})] == [Stage.FINANCE_REVIEW, Stage.PROJECT_APPROVAL]


AMOUNTS = st.none() | st.decimals(min_value=0, max_value=100_000_000, places=2)
FACTS = st.builds(
    ProjectFacts,
    category=st.sampled_from(ProjectCategory),
    type=st.sampled_from(ProjectType),
    requested_amount=AMOUNTS,
    approved_budget=AMOUNTS,
    contract_amount=AMOUNTS,
)
TEMPLATES = st.sampled_from(sorted(load_shipped().values(), key=lambda t: t.key))


@given(template=TEMPLATES, facts=FACTS)
def test_any_plan_is_in_lifecycle_order_without_repeats(template: ProcessTemplate, facts: ProjectFacts) -> None:
    planned = plan(template, facts)
    order = list(Stage)
    hosts = [stage.stage for stage in planned.stages]
    assert hosts == sorted(hosts, key=order.index)
    assert len(set(hosts)) == len(hosts)
    run = hosts + [merged for stage in planned.stages for merged in stage.merged]
    assert len(set(run)) == len(run)
    assert sorted([*run, *planned.skipped], key=order.index) == order
    steps: list[PlannedStep] = [step for stage in planned.stages for step in stage.steps]
    assert all(stage.steps for stage in planned.stages)
    assert all(len(step.step.actors) >= 1 for step in steps)
    assert len({step.step.key for step in steps}) == len(steps)
    assert all(wave.stages for wave in planned.waves)
    assert plan(template, facts) == planned
