"""A running project keeps the template version it started with; a new version is for new projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.projects.kinds import ProjectStatus
from domain.workflow import process
from domain.workflow.models import ProcessTemplateRecord, StepRun
from domain.workflow.templates import load_template
from domain.workflow.templates.shipped import FILES
from tests.factories import advance, declare, drive


@pytest.fixture
def standard_next(tmp_path: Path, monkeypatch) -> None:
    """A v4 of the standard template whose intake takes 3 working days instead of 2."""
    text = (FILES / "standard.v3.yaml").read_text(encoding="utf-8").replace("version: 3", "version: 4", 1)
    text = text.replace("limit_days: 2", "limit_days: 3")
    for other in FILES.glob("*.yaml"):
        (tmp_path / other.name).write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "standard.v4.yaml").write_text(text, encoding="utf-8")
    v4 = load_template(text, source="standard.v4.yaml")
    real_select = process.select
    monkeypatch.setattr(process, "FILES", tmp_path)
    monkeypatch.setattr(
        process, "select", lambda facts: v4 if real_select(facts).key == "standard" else real_select(facts)
    )


async def test_new_version_applies_to_new_projects_only(demo, request) -> None:
    old = await declare()
    request.getfixturevalue("standard_next")
    new = await declare()
    assert (old.template_version, new.template_version) == (3, 4)
    assert await ProcessTemplateRecord.filter(key="standard").count() == 2
    old = await advance(old, 1)
    new = await advance(new, 1)
    intake_old = await StepRun.get(project_id=old.id, step_key="intake")
    intake_new = await StepRun.get(project_id=new.id, step_key="intake")
    assert (intake_old.limit_days, intake_new.limit_days) == (2, 3)
    # the old project runs to its end on v3
    assert (await drive(old)).status is ProjectStatus.COMPLETED


async def test_a_released_version_may_not_change_in_place(demo, tmp_path, monkeypatch) -> None:
    await declare()
    text = (FILES / "standard.v3.yaml").read_text(encoding="utf-8").replace("limit_days: 2", "limit_days: 4")
    (tmp_path / "standard.v3.yaml").write_text(text, encoding="utf-8")
    edited = load_template(text, source="standard.v3.yaml")
    monkeypatch.setattr(process, "FILES", tmp_path)
    monkeypatch.setattr(process, "select", lambda facts: edited)
    with pytest.raises(RuntimeError, match="changed after release"):
        await declare()
