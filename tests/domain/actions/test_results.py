"""The idempotency store keeps a flow's typed result and gives back the same type and values."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import orjson
import pytest

from domain.actions.idempotency import kept
from domain.actions.results import ProcessState, dump, load
from domain.reviews.results import DraftSaved, PanelClosed

STATE = ProcessState(
    project_id=7,
    project_status="ACTIVE",
    project_stage="PLAN_REVIEW",
    project_version=3,
    step_run_id=11,
    step_status="ACTIVE",
    step_version=2,
    task_id=19,
    task_status="DONE",
)


@pytest.mark.parametrize(
    "result",
    [
        STATE,
        DraftSaved(state=STATE, sheet_version=4, running_total=Decimal("61.50")),
        PanelClosed(state=STATE, panel_id=5, panel_score=Decimal("83.25"), opinion=None),
    ],
    ids=lambda r: type(r).__name__,
)
def test_a_result_survives_the_store_with_its_type_and_decimals(result: object) -> None:
    # given a flow's result, kept as JSON the way the idempotency row stores it
    stored = orjson.loads(orjson.dumps(dump(result)))

    # when it is read back for a repeated key
    again = kept(stored)

    # then it is the same type, equal field by field, decimals exact
    assert type(again) is type(result)
    assert again == result
    assert all(
        type(getattr(again, f.name)) is type(getattr(result, f.name))
        for f in dataclasses.fields(again)  # type: ignore[arg-type]
    )


def test_a_key_claimed_before_results_were_typed_still_answers_its_state() -> None:
    # given a row kept in the old camelCase shape
    old = {
        "projectId": 7,
        "projectStatus": "ACTIVE",
        "projectStage": "PLAN_REVIEW",
        "projectVersion": 3,
        "stepRunId": 11,
        "taskId": 19,
    }

    # then it loads as the process state it described
    assert kept(old) == ProcessState(
        project_id=7,
        project_status="ACTIVE",
        project_stage="PLAN_REVIEW",
        project_version=3,
        step_run_id=11,
        task_id=19,
    )


def test_only_registered_results_are_stored() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unregistered:
        value: int

    with pytest.raises(TypeError):
        dump(Unregistered(1))
    with pytest.raises(KeyError):
        load({"__type__": "Unregistered", "value": 1})
