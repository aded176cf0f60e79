"""Project actions over GraphQL: declaring, the amounts (budget, control price), contract, payments,
supervision, data resources, files, and following a project."""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.datastructures import UploadFile

from domain.projects import flows as projects
from domain.projects import following
from domain.projects.errors import ProjectError
from domain.projects.kinds import ProjectCategory as CategoryValue
from domain.projects.kinds import ProjectType as TypeValue
from domain.projects.kinds import Stage as StageValue
from domain.projects.materials import add_material, attach_upload
from schema.projects.inputs import (
    AmountInput,
    ContractInput,
    ControlPriceInput,
    DeclareProjectInput,
    PaymentInput,
    SupervisorInput,
    UploadMaterialInput,
    VerifyResourceInput,
)
from schema.shared import ids
from schema.shared.actions import acting, action, object_key, optional_key
from schema.shared.context import Context
from schema.shared.permissions import signed_in
from schema.shared.results import ActionDone, Done, ProjectRefusal, state

DeclareProjectResult = Annotated[ActionDone | ProjectRefusal, strawberry.union("DeclareProjectResult")]
ProjectFactResult = Annotated[ActionDone | ProjectRefusal, strawberry.union("ProjectFactResult")]
AssignSupervisorResult = Annotated[ActionDone | ProjectRefusal, strawberry.union("AssignSupervisorResult")]
VerifyDataResourceResult = Annotated[ActionDone | ProjectRefusal, strawberry.union("VerifyDataResourceResult")]


@strawberry.type
class MaterialUploaded:
    material_id: strawberry.ID
    sha256: str
    content_type: str
    size: int


UploadMaterialResult = Annotated[MaterialUploaded | ProjectRefusal, strawberry.union("UploadMaterialResult")]
FollowProjectResult = Annotated[Done | ProjectRefusal, strawberry.union("FollowProjectResult")]


def _declaration(input: DeclareProjectInput) -> projects.Declaration:
    return projects.Declaration(
        name=input.name,
        category=CategoryValue(input.category),
        type=TypeValue(input.type),
        requested_amount=input.requested_amount,
        resources=tuple(
            projects.ResourceInput(
                name=r.name,
                provider=r.provider,
                fields=tuple(r.fields),
                update_frequency=r.update_frequency,
                sharing_class=r.sharing_class,
            )
            for r in input.data_resources
        ),
        parent_code=input.parent_code,
    )


@strawberry.type
class ProjectMutations:
    @action("A builder unit applies for a project.", renames={"resources": "dataResources"})
    async def declare_project(self, info: strawberry.Info, input: DeclareProjectInput) -> DeclareProjectResult:
        declared = await projects.declare(acting=acting(info, input.idempotency_key), declaration=_declaration(input))
        return ActionDone(state=state(declared.state))

    @action("Finance sets the approved budget.")
    async def set_approved_budget(self, info: strawberry.Info, input: AmountInput) -> ProjectFactResult:
        return ActionDone(
            state=state(
                await projects.set_approved_budget(
                    acting=acting(info, input.idempotency_key),
                    project_id=object_key(input.project_id, "Project", "projectId"),
                    value=input.value,
                )
            )
        )

    @action(
        "控制价: the data bureau sets the software part, the finance review centre the hardware part.",
        renames={"value": "amount"},
    )
    async def set_control_price(self, info: strawberry.Info, input: ControlPriceInput) -> ProjectFactResult:
        return ActionDone(
            state=state(
                await projects.set_control_price(
                    acting=acting(info, input.idempotency_key),
                    project_id=object_key(input.project_id, "Project", "projectId"),
                    part=input.part.value,
                    value=input.amount,
                )
            )
        )

    @action("The builder records the contract (≤ budget).")
    async def record_contract(self, info: strawberry.Info, input: ContractInput) -> ProjectFactResult:
        return ActionDone(
            state=state(
                await projects.record_contract(
                    acting=acting(info, input.idempotency_key),
                    project_id=object_key(input.project_id, "Project", "projectId"),
                    vendor_id=object_key(input.vendor_id, "Organisation", "vendorId"),
                    value=input.value,
                    supervisor_id=optional_key(input.supervisor_id, "Organisation", "supervisorId"),
                )
            )
        )

    @action("Finance records a payment (total ≤ contract).")
    async def record_payment(self, info: strawberry.Info, input: PaymentInput) -> ProjectFactResult:
        paid = await projects.record_payment(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            value=input.value,
            milestone=input.milestone,
        )
        return ActionDone(state=state(paid.state))

    @action("The builder names the supervision company (监理).")
    async def assign_supervisor(self, info: strawberry.Info, input: SupervisorInput) -> AssignSupervisorResult:
        return ActionDone(
            state=state(
                await projects.assign_supervisor(
                    acting=acting(info, input.idempotency_key),
                    project_id=object_key(input.project_id, "Project", "projectId"),
                    supervisor_id=object_key(input.supervisor_id, "Organisation", "supervisorId"),
                )
            )
        )

    @action("The data bureau verifies a declared data resource.")
    async def verify_data_resource(self, info: strawberry.Info, input: VerifyResourceInput) -> VerifyDataResourceResult:
        verified = await projects.verify_data_resource(
            acting=acting(info, input.idempotency_key),
            resource_id=object_key(input.resource_id, "DataResource", "resourceId"),
        )
        return ActionDone(state=state(verified.state))

    @action(
        "Attach a file: the whole file (multipart request spec) or one sent in byte ranges to /uploads (uploadId). "
        "Its type is read from its content: PDF, PNG, JPEG, DOCX, XLSX or OFD.",
        renames={"data": "file"},
    )
    async def upload_material(self, info: strawberry.Info, input: UploadMaterialInput) -> UploadMaterialResult:
        context: Context = info.context
        if context.materials is None:
            raise RuntimeError("no material store is configured")
        if (input.file is None) == (input.upload_id is None):
            raise ProjectError("INVALID_INPUT", field="data")  # exactly one of file and uploadId
        if input.upload_id is not None:
            if context.uploads is None:
                raise RuntimeError("no partial upload store is configured")
            added = await attach_upload(
                acting=acting(info, input.idempotency_key),
                store=context.materials,
                uploads=context.uploads,
                project_id=object_key(input.project_id, "Project", "projectId"),
                stage=StageValue(input.stage),
                title=input.title,
                upload_id=str(input.upload_id),
                max_bytes=context.max_upload_bytes,
            )
        else:
            added = await add_material(
                acting=acting(info, input.idempotency_key),
                store=context.materials,
                project_id=object_key(input.project_id, "Project", "projectId"),
                stage=StageValue(input.stage),
                title=input.title,
                data=await _read(input.file, context.max_upload_bytes + 1),
                max_bytes=context.max_upload_bytes,
            )
        return MaterialUploaded(
            material_id=strawberry.ID(ids.encode("Material", added.material_id)),
            sha256=added.sha256,
            content_type=added.content_type,
            size=added.size,
        )

    @action("Follow a project you can see (or stop).")
    async def follow_project(
        self, info: strawberry.Info, project_id: strawberry.ID, follow: bool = True
    ) -> FollowProjectResult:
        await following.follow(
            user_id=signed_in(info).user.id,
            project_id=object_key(project_id, "Project", "projectId"),
            follow=follow,
        )
        return Done(ok=True)


async def _read(upload: object, limit: int) -> bytes:
    """At most `limit` bytes of the request's file part (a value that is not a file part is refused)."""
    if not isinstance(upload, UploadFile):
        raise ProjectError("INVALID_INPUT", field="data")
    return await upload.read(limit)
