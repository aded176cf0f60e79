"""The shipped rubrics: one per review gate, 100 points each, guidance an expert can use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.projects.kinds import Stage
from domain.reviews.rules import REVIEW_GATES, Rubric, find_rubric, load_rubrics, rubric_for


def test_every_review_gate_has_a_rubric_of_exactly_100_points() -> None:
    for stage in REVIEW_GATES:
        rubric = rubric_for(stage)
        assert rubric.stage is stage
        assert sum(criterion.max_points for criterion in rubric.criteria) == Decimal(100)
        assert len(rubric.criteria) >= 5
        assert all(criterion.guidance and criterion.name and criterion.name_en for criterion in rubric.criteria)


def test_the_shipped_files_are_the_four_gates_at_version_1() -> None:
    assert sorted(load_rubrics()) == [("acceptance", 1), ("impl_review", 1), ("plan_review", 1), ("pre_review", 1)]


def test_the_plan_review_scores_value_for_money_and_feasibility() -> None:
    rubric = rubric_for(Stage.PLAN_REVIEW)
    names = [criterion.name for criterion in rubric.criteria]
    for expected in ("建设必要性", "需求分析", "技术方案可行性", "数据共享与安全", "实施计划"):
        assert expected in names
    assert rubric.criterion("cost").name == "投资估算合理性（性价比）"
    assert rubric.criterion("cost").max_points == Decimal(20)


def test_the_other_gates_score_what_the_process_asks_of_them() -> None:
    pre = [criterion.name for criterion in rubric_for(Stage.PRE_REVIEW).criteria]
    assert {"建设必要性", "建设紧迫性", "报价合理性", "数据资源归集申报"} <= set(pre)
    implementation = rubric_for(Stage.IMPL_REVIEW)
    assert implementation.criteria[0].name == "与批复建设方案的一致性"
    assert "数据资源归集验证" in [criterion.name for criterion in rubric_for(Stage.ACCEPTANCE).criteria]


def test_guidance_gives_scoring_bands_line_by_line() -> None:
    guidance = rubric_for(Stage.PLAN_REVIEW).criterion("cost").guidance
    lines = guidance.splitlines()
    assert lines[1].startswith("17–20分：")
    assert lines[-1].startswith("0–9分：")


def test_a_stage_without_expert_review_has_no_rubric() -> None:
    with pytest.raises(LookupError, match="FINANCE_REVIEW"):
        rubric_for(Stage.FINANCE_REVIEW)


def test_a_recorded_version_is_found_again() -> None:
    assert find_rubric("plan_review", 1) is rubric_for(Stage.PLAN_REVIEW)
    with pytest.raises(KeyError, match="plan_review"):
        find_rubric("plan_review", 99)


def test_an_unknown_criterion_is_a_key_error() -> None:
    rubric: Rubric = rubric_for(Stage.ACCEPTANCE)
    with pytest.raises(KeyError, match="nothing"):
        rubric.criterion("nothing")
