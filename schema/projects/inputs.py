"""The inputs of project actions: declaring, amounts, contracts, payments, supervision, resources, files."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry
from strawberry.file_uploads import Upload

from schema.projects.types import ProjectCategory, ProjectType, Stage


@strawberry.input
class DataResourceInput:
    name: str
    provider: str
    fields: list[str]
    update_frequency: str
    sharing_class: str


@strawberry.input
class DeclareProjectInput:
    idempotency_key: str
    name: str
    category: ProjectCategory
    type: ProjectType
    requested_amount: Decimal
    data_resources: list[DataResourceInput] = strawberry.field(default_factory=list)
    parent_code: str | None = None


@strawberry.input
class AmountInput:
    idempotency_key: str
    project_id: strawberry.ID
    value: Decimal


@strawberry.enum(description="控制价: the software part (data bureau) or the hardware part (finance review centre).")
class ControlPricePart(Enum):
    SOFTWARE = "SOFTWARE"
    HARDWARE = "HARDWARE"


@strawberry.input
class ControlPriceInput:
    idempotency_key: str
    project_id: strawberry.ID
    part: ControlPricePart
    amount: Decimal


@strawberry.input
class ContractInput:
    idempotency_key: str
    project_id: strawberry.ID
    vendor_id: strawberry.ID
    value: Decimal
    supervisor_id: strawberry.ID | None = None


@strawberry.input
class PaymentInput:
    idempotency_key: str
    project_id: strawberry.ID
    value: Decimal
    milestone: str


@strawberry.input
class SupervisorInput:
    idempotency_key: str
    project_id: strawberry.ID
    supervisor_id: strawberry.ID


@strawberry.input
class VerifyResourceInput:
    idempotency_key: str
    resource_id: strawberry.ID


@strawberry.input
class UploadMaterialInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage
    title: str
    file: Upload | None = strawberry.field(
        default=None, description="The whole file (a multipart request); or give uploadId instead."
    )
    upload_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A file sent in byte ranges to /uploads (resumable); it is attached once, its SHA-256 checked.",
    )
