"""Canonical content of a template: the same bytes however the YAML was laid out."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from domain.workflow.templates.conditions import AllOf, AnyOf, Compare, Not, amount_text, condition_data
from domain.workflow.templates.model import ProcessTemplate

OPTIONAL_FIELDS = frozenset({"timeout", "batch"})


def canonical_json(template: ProcessTemplate) -> str:
    """The template's content as compact JSON with sorted keys, without its checksum."""
    return json.dumps(_data(template), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum(template: ProcessTemplate) -> str:
    """sha256 of the canonical content: equal for equal templates, whatever the comments."""
    return hashlib.sha256(canonical_json(template).encode()).hexdigest()


def _data(value: object) -> Any:
    if isinstance(value, Compare | AllOf | AnyOf | Not):
        return condition_data(value)
    if is_dataclass(value) and not isinstance(value, type):
        # A field left at None (e.g. a step without a timeout rule) is not part of the content, so templates
        # written before the field existed keep their checksum.
        return {
            f.name: _data(getattr(value, f.name))
            for f in fields(value)
            if f.name != "checksum" and not (f.name in OPTIONAL_FIELDS and getattr(value, f.name) is None)
        }
    if isinstance(value, tuple):
        return [_data(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return amount_text(value)
    return value
