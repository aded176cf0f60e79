"""What project actions report back, beyond the new process state."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.actions.results import ProcessState, stored


@stored
@dataclass(frozen=True, slots=True)
class Declared:
    state: ProcessState
    code: str


@stored
@dataclass(frozen=True, slots=True)
class PaymentRecorded:
    state: ProcessState
    paid_amount: Decimal


@stored
@dataclass(frozen=True, slots=True)
class ResourceVerified:
    state: ProcessState
    resource_id: int


@stored
@dataclass(frozen=True, slots=True)
class MaterialAdded:
    state: ProcessState
    material_id: int
    sha256: str
    content_type: str
    size: int
