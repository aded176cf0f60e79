"""The whole walk once more, watching before every decision who holds the step and what its holder line says
(center, day 1 of the template's limit), as audit sees it (everything, read-only, experts named)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.journeys.journey import Journey
from tests.journeys.stages import operations, through

USERNAME = {
    "王建国": "data",
    "李明": "data2",
    "李秀英": "finance",
    "钱芳": "finance2",
    "张伟": "drc",
    "刘洋": "audit",
    "陈静": "builder",
    "杨帆": "builder2",
    "赵磊": "builder3",
    "黄志强": "expert",
    "周敏": "expert2",
    "吴晓东": "expert3",
    "徐丽华": "expert4",
    "孙海涛": "expert5",
    "马俊": "supervisor",
    "朱鹏": "vendor",
    "胡雪": "vendor2",
}
DATA, FINANCE = {"data", "data2"}, {"finance", "finance2"}
THIRD_PARTIES = {"expert", "expert2", "expert3", "expert4"}
# step -> each signature's holders, the holder line's center and the step's limit in working days
EXPECTED: dict[str, tuple[list[set[str]], str, int]] = {
    "submit_application": ([{"builder"}], "BUILDER", 5),
    "intake": ([DATA], "DATA", 2),
    "price_assessment": ([THIRD_PARTIES], "EXPERT", 5),
    "pre_review_decision": ([DATA, {"data2"}], "DATA", 7),  # any official, then the 分管领导
    "submit_plan": ([{"builder"}], "BUILDER", 5),
    "plan_review_conclusion": ([DATA], "DATA", 7),
    "control_price_software": ([DATA], "DATA", 7),
    "project_approval": ([{"drc"}], "DRC", 7),
    "budget_review": ([FINANCE], "FINANCE", 7),
    "budget_issuance": ([FINANCE], "FINANCE", 5),
    "submit_impl_plan": ([{"builder"}], "BUILDER", 5),
    "data_officer_review": ([DATA, {"data2"}], "DATA", 7),  # 会签: 王建国's signature leaves 李明's
    "record_tender_result": ([{"builder"}], "BUILDER", 5),
    "record_contract": ([{"builder"}], "BUILDER", 5),
    "record_supervision_contract": ([{"builder"}], "BUILDER", 5),
    "milestone_report": ([{"vendor"}], "VENDOR", 5),
    "supervision_log": ([{"supervisor"}], "SUPERVISOR", 5),
    "milestone_payment": ([FINANCE], "FINANCE", 5),
    "submit_acceptance": ([{"builder"}], "BUILDER", 5),
    "supervisor_acceptance_opinion": ([{"supervisor"}], "SUPERVISOR", 5),
    "acceptance_review": ([DATA], "DATA", 7),
    "final_payment": ([FINANCE], "FINANCE", 5),
    "self_evaluation": ([{"builder"}], "BUILDER", 5),
    "performance_evaluation": ([FINANCE | DATA, DATA], "FINANCE|DATA", 7),  # 会签 of finance and the data bureau
    "record_om_contract": ([{"builder"}], "BUILDER", 5),
    "om_ledger": ([{"vendor"}], "VENDOR", 5),
    "om_evaluation": ([DATA], "DATA", 7),
}


@dataclass
class Watched(Journey):
    """A journey that looks at every holder before each decision."""

    seen: dict[str, list[set[str]]] = field(default_factory=dict)
    lines: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def approve(self, user: str, step_key: str) -> dict[str, Any]:
        line = (await self.holders("audit"))[step_key]
        self.seen.setdefault(step_key, []).append({USERNAME[name] for name in line["names"]})
        self.lines.setdefault(step_key, line)
        return await super().approve(user, step_key)


async def test_each_step_is_held_by_exactly_the_right_people(journey: Journey) -> None:
    # given the walk watched step by step
    watched = Watched(journey.gql, journey.sign_in, clock=journey.clock)
    await through(watched, operations)
    # then every step was held by exactly its people, each signature in turn
    assert {step: seen for step, seen in watched.seen.items()} == {step: e[0] for step, e in EXPECTED.items()}
    # and its holder line named the center, on day 1 of the template's limit
    lines = {step: (line["center"], line["day"], line["of"]) for step, line in watched.lines.items()}
    # (a step of two centers shows one of them: which one, the order of the rows decides)
    assert lines["performance_evaluation"][0] in ("FINANCE", "DATA")
    lines["performance_evaluation"] = ("FINANCE|DATA", *lines["performance_evaluation"][1:])
    assert lines == {step: (e[1], 1, e[2]) for step, e in EXPECTED.items()}
    assert (await watched.project("audit"))["status"] == "COMPLETED"
