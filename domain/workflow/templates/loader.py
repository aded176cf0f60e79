"""Loading a template from YAML text or a `<key>.v<version>.yaml` file, validated throughout."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from yaml.nodes import Node

from domain.projects.kinds import ProjectCategory
from domain.workflow.templates.canonical import checksum
from domain.workflow.templates.checks import check_stages
from domain.workflow.templates.model import AppliesTo, ProcessTemplate
from domain.workflow.templates.nodes import Reader, TemplateError
from domain.workflow.templates.parse import snake_case, stage

FILE_NAME = re.compile(r"^(?P<key>[a-z][a-z0-9]*(?:_[a-z0-9]+)*)\.v(?P<version>[1-9][0-9]*)\.yaml$")
MAX_VERSION = 9999
TOP_KEYS = ("key", "version", "name", "name_en", "applies_to", "stages")


def load_template(text: str, *, source: str) -> ProcessTemplate:
    """Parse and validate one template; a TemplateError names `source` and the offending line."""
    return _load(text, source, expected=None)


def load_file(path: Path, *, source: str | None = None) -> ProcessTemplate:
    """Load a template file whose name, `<key>.v<version>.yaml`, must match its content."""
    shown = source or str(path)
    match = FILE_NAME.match(path.name)
    if match is None:
        raise TemplateError(shown, 1, f"file name {path.name!r} must read <key>.v<version>.yaml")
    return _load(path.read_text(encoding="utf-8"), shown, expected=(match["key"], int(match["version"])))


def _load(text: str, source: str, *, expected: tuple[str, int] | None) -> ProcessTemplate:
    reader = Reader(source)
    fields = reader.mapping(reader.compose(text), "template", required=TOP_KEYS)
    key = snake_case(reader, fields["key"], "template key")
    version = reader.integer(fields["version"], "version", low=1, high=MAX_VERSION)
    if expected is not None:
        _check_file_name(reader, fields, (key, version), expected)
    name = reader.text(fields["name"], "name")
    name_en = reader.text(fields["name_en"], "name_en")
    applies_to = _applies_to(reader, fields["applies_to"])
    parsed = [stage(reader, item) for item in reader.sequence(fields["stages"], "stages")]
    check_stages(reader, parsed)
    stages = tuple(p.definition for p in parsed)
    template = ProcessTemplate(key, version, name, name_en, applies_to, stages)
    return replace(template, checksum=checksum(template))


def _check_file_name(
    reader: Reader, fields: dict[str, Node], found: tuple[str, int], expected: tuple[str, int]
) -> None:
    if found[0] != expected[0]:
        reader.fail(fields["key"], f"key {found[0]!r} does not match the file name, which says {expected[0]!r}")
    if found[1] != expected[1]:
        reader.fail(fields["version"], f"version {found[1]} does not match the file name, which says {expected[1]}")


def _applies_to(reader: Reader, node: Node) -> AppliesTo:
    fields = reader.mapping(node, "applies_to", required=("categories",), optional=("requested_amount_below",))
    categories: list[ProjectCategory] = []
    for item in reader.sequence(fields["categories"], "categories"):
        category = reader.choice(item, ProjectCategory, "category")
        if category in categories:
            reader.fail(item, f"category {category.value} repeated")
        categories.append(category)
    below = None
    if "requested_amount_below" in fields:
        below = reader.amount(fields["requested_amount_below"], "requested_amount_below")
        if below == 0:
            reader.fail(fields["requested_amount_below"], "requested_amount_below must be above 0")
    return AppliesTo(tuple(categories), below)
