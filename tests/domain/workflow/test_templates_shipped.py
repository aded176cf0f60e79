"""The shipped templates load, are what the city runs, and never change once released."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.projects.kinds import ProjectCategory, ProjectType, Stage
from domain.workflow.templates import (
    Actor,
    GateKind,
    ProjectFacts,
    SignMode,
    StepAction,
    canonical_json,
    checksum,
    latest,
    load_shipped,
    load_template,
    select,
)
from domain.workflow.templates.shipped import FILES

# A released version is never edited: a change gets a new file and a new version. When a
# template is still unreleased, update its checksum here together with the file.
RELEASED = {
    ("om", 1): "7f69504a2474",
    ("small", 1): "53db83c23cd4",
    ("standard", 1): "d025b186896d",
    ("standard", 2): "6c2f11492016",
    ("standard", 3): "d8ec7885fdd0",
}


def test_every_shipped_file_loads_with_its_checksum() -> None:
    shipped = load_shipped()
    assert set(shipped) == {("standard", 1), ("standard", 2), ("standard", 3), ("small", 1), ("om", 1)}
    assert len(list(FILES.glob("*.yaml"))) == len(shipped)
    for template in shipped.values():
        assert template.checksum == checksum(template)
        assert len(template.checksum) == 64


def test_released_templates_are_unchanged() -> None:
    assert {key: t.checksum[:12] for key, t in load_shipped().items()} == RELEASED


def test_shipped_templates_are_loaded_once() -> None:
    assert load_shipped() is load_shipped()
    with pytest.raises(TypeError):
        load_shipped()[("x", 1)] = latest("standard")  # type: ignore[index]


def test_latest_picks_the_highest_version() -> None:
    assert latest("standard").version == 3
    with pytest.raises(KeyError, match="no process template 'express'"):
        latest("express")


def test_the_standard_template_runs_all_ten_stages() -> None:
    standard = latest("standard")
    assert tuple(s.stage for s in standard.stages) == tuple(Stage)
    finance, approval = standard.stage(Stage.FINANCE_REVIEW), standard.stage(Stage.PROJECT_APPROVAL)
    assert finance is not None and approval is not None
    assert finance.parallel_group == approval.parallel_group == "approval"
    control_price = finance.steps[0]
    assert control_price.sign_mode is SignMode.COUNTERSIGN
    assert control_price.actors == (
        Actor(CenterKind.DATA, OrganisationKind.DATA_BUREAU),
        Actor(CenterKind.FINANCE, OrganisationKind.FINANCE_REVIEW_CENTER),
    )
    impl_review = standard.stage(Stage.IMPL_REVIEW)
    assert impl_review is not None
    assert impl_review.steps[-1].actors == (Actor(CenterKind.DATA, OrganisationKind.DATA_BUREAU, "数据官"),)
    scoring = [step for stage in standard.stages for step in stage.steps if step.action is StepAction.SCORE]
    assert [step.key for step in scoring] == ["expert_scoring"]
    assert scoring[0].actors == (Actor(CenterKind.EXPERT),)


def test_limits_follow_the_two_five_seven_rule() -> None:
    for template in load_shipped().values():
        for stage in template.stages:
            for step in stage.steps:
                expected = {2} if step.key == "intake" else {7} if step.action is StepAction.APPROVE else {5, 7}
                assert step.limit_days in expected, (template.key, step.key)


def test_gates_of_the_standard_template() -> None:
    standard = latest("standard")
    procurement, construction, acceptance = (
        standard.stage(Stage.PROCUREMENT),
        standard.stage(Stage.CONSTRUCTION),
        standard.stage(Stage.ACCEPTANCE),
    )
    assert procurement is not None and construction is not None and acceptance is not None
    assert [g.kind for g in procurement.exit_gates] == [GateKind.CONTRACT_WITHIN_BUDGET]
    assert [g.kind for g in construction.entry_gates] == [GateKind.SUPERVISOR_ASSIGNED]
    assert [g.kind for g in acceptance.exit_gates] == [GateKind.DATA_RESOURCES_VERIFIED]
    assert acceptance.steps[-1].key == "final_payment"  # 三同步: paid only once the data is verified


@pytest.mark.parametrize(
    ("category", "requested", "key"),
    [
        (ProjectCategory.NEW, 300_000, "small"),
        (ProjectCategory.UPGRADE, 499_999, "small"),
        (ProjectCategory.NEW, 500_000, "standard"),
        (ProjectCategory.NEW, 3_000_000, "standard"),
        (ProjectCategory.NEW, None, "standard"),  # not known to be small: the full process
        (ProjectCategory.OM, 80_000, "om"),
        (ProjectCategory.OM, 5_000_000, "om"),
    ],
)
def test_select_picks_the_template_for_a_new_project(
    category: ProjectCategory, requested: int | None, key: str
) -> None:
    amount = None if requested is None else Decimal(requested)
    assert select(ProjectFacts(category, ProjectType.MIXED, requested_amount=amount)).key == key


def test_the_checksum_ignores_layout_and_comments_but_not_content() -> None:
    text = (FILES / "small.v1.yaml").read_text(encoding="utf-8")
    original = load_template(text, source="small.v1.yaml")
    relaid = "# a new comment\n" + text.replace("500_000", "500000.00").replace(
        "    sign_mode: SEQUENTIAL\n        limit_days: 5", "    limit_days: 5\n        sign_mode: SEQUENTIAL"
    )
    assert relaid != text
    assert load_template(relaid, source="copy").checksum == original.checksum
    changed = text.replace("limit_days: 2", "limit_days: 3", 1)
    assert load_template(changed, source="copy").checksum != original.checksum
    renamed = text.replace("name_en: One-window intake", "name_en: Intake", 1)
    assert load_template(renamed, source="copy").checksum != original.checksum


def test_canonical_json_is_the_checksummed_content() -> None:
    standard = latest("standard")
    content = canonical_json(standard)
    assert '"checksum"' not in content
    assert '"value":"1000000"' in content
    assert "数据官" in content
