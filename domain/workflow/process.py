"""A project's process template version, kept as it started, and its plan for the current facts."""

from __future__ import annotations

from domain import clock
from domain.projects.models import Project
from domain.workflow.models import ProcessTemplateRecord
from domain.workflow.templates import Plan, ProcessTemplate, ProjectFacts, load_template, plan, select
from domain.workflow.templates.shipped import FILES


def facts_of(project: Project) -> ProjectFacts:
    return ProjectFacts(
        category=project.category,
        type=project.type,
        requested_amount=project.requested_amount,
        approved_budget=project.approved_budget,
        contract_amount=project.contract_amount,
    )


async def adopt_template(project: Project) -> ProcessTemplate:
    """Choose the latest template for a new project and keep a copy of that exact version."""
    template = select(facts_of(project))
    text = (FILES / f"{template.key}.v{template.version}.yaml").read_text(encoding="utf-8")
    stored = await ProcessTemplateRecord.get_or_none(key=template.key, version=template.version)
    if stored is None:
        await ProcessTemplateRecord.create(
            key=template.key, version=template.version, checksum=template.checksum, body=text, stored_at=clock.now()
        )
    elif stored.checksum != template.checksum:
        raise RuntimeError(f"template {template.key} v{template.version} changed after release: issue a new version")
    project.template_key = template.key
    project.template_version = template.version
    return template


async def template_of(project: Project) -> ProcessTemplate:
    """The template version the project started with, from the stored copy."""
    stored = await ProcessTemplateRecord.get(key=project.template_key, version=project.template_version)
    return _parse(stored.key, stored.version, stored.body)


_parsed: dict[tuple[str, int], ProcessTemplate] = {}


def _parse(key: str, version: int, body: str) -> ProcessTemplate:
    if (key, version) not in _parsed:
        _parsed[(key, version)] = load_template(body, source=f"stored:{key}.v{version}")
    return _parsed[(key, version)]


async def plan_of(project: Project) -> Plan:
    """The project's plan for the facts known now (re-planned as amounts become known)."""
    return plan(await template_of(project), facts_of(project))
