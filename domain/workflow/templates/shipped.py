"""The templates shipped in `files/`: loaded once, looked up by key and version."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from domain.workflow.templates.conditions import ProjectFacts
from domain.workflow.templates.loader import load_file
from domain.workflow.templates.model import ProcessTemplate

FILES = Path(__file__).with_name("files")
_REPO = Path(__file__).resolve().parents[3]


@cache
def load_shipped() -> Mapping[tuple[str, int], ProcessTemplate]:
    """Every shipped template by (key, version); a bad file fails here, naming its line."""
    templates: dict[tuple[str, int], ProcessTemplate] = {}
    for path in sorted(FILES.glob("*.yaml")):
        template = load_file(path, source=_shown(path))
        templates[(template.key, template.version)] = template
    return MappingProxyType(templates)


def latest(key: str) -> ProcessTemplate:
    """The highest version of a template; KeyError when no file carries the key."""
    versions = [template for (found, _), template in load_shipped().items() if found == key]
    if not versions:
        raise KeyError(f"no process template {key!r}")
    return max(versions, key=lambda template: template.version)


def select(facts: ProjectFacts) -> ProcessTemplate:
    """The latest template that applies to a new project; one bounded by amount wins over an open one."""
    keys = sorted({key for key, _ in load_shipped()})
    fitting = [template for template in map(latest, keys) if template.applies_to.matches(facts)]
    if not fitting:
        raise LookupError(f"no process template applies to a {facts.category.value} project")
    bounded = [template for template in fitting if template.applies_to.requested_amount_below is not None]
    choices = bounded or fitting
    if len(choices) > 1:
        raise LookupError(f"templates {', '.join(t.key for t in choices)} all apply: make applies_to exclusive")
    return choices[0]


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(_REPO)) if resolved.is_relative_to(_REPO) else str(path)
