"""Every root field carries a permission, and forged or foreign IDs reveal nothing."""

from __future__ import annotations

import asyncio

from strawberry.permission import PermissionExtension

from domain.audit.models import AuditRecord
from domain.projects.models import Project
from schema.build import build_schema
from schema.shared import ids

# Public by design: signing in, what a client needs before it, and a device confirming a push arrived.
PUBLIC = {
    "login",
    "refreshToken",
    "logout",
    "publicConfig",
    "acknowledgeNotification",
    "wechatSignIn",
    "dingtalkSignIn",
    "bindExternalAccount",
}

NODE = "query($id: ID!) { node(id: $id) { __typename ... on Project { code } ... on Todo { title } } }"


def test_every_root_field_has_a_permission_unless_public() -> None:
    schema = build_schema(production=False)
    missing = []
    for root in (schema.schema_converter.type_map["Query"], schema.schema_converter.type_map["Mutation"]):
        for field in root.definition.fields:
            name = schema.config.name_converter.get_graphql_name(field)
            guarded = any(isinstance(ext, PermissionExtension) and ext.permissions for ext in field.extensions)
            if not guarded and name not in PUBLIC:
                missing.append(name)
    assert missing == [], f"root fields without a permission: {missing}"


async def test_node_answers_the_same_for_invisible_and_missing(as_user, demo, gql) -> None:
    builder = (await as_user("builder")).token
    own = await Project.filter(builder__name="市公安局").first()
    foreign = await Project.filter(builder__name="市卫生健康委员会").first()
    seen = await gql(NODE, {"id": ids.encode("Project", own.id)}, token=builder)
    assert seen["data"]["node"] == {"__typename": "Project", "code": own.code}
    for forged in (ids.encode("Project", foreign.id), ids.encode("Project", 999999), "garbage", ids.encode("User", 1)):
        body = await gql(NODE, {"id": forged}, token=builder)
        assert body == {"data": {"node": None}}


async def test_node_needs_a_signed_in_user(demo, gql) -> None:
    body = await gql(NODE, {"id": "x"})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_refused_token_on_several_fields_loses_no_record_and_keeps_the_database(demo, as_user, client) -> None:
    # given a query of three fields, each refused for a token that is not valid (GraphQL cancels the siblings
    # of the first field refused)
    token = (await as_user("builder")).token
    query = "{ me { user { id } } unread: myNotifications(first: 1) { totalCount } center(kind: BUILDER) { kind } }"
    response = await client.post("/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}x"})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # then each denial is recorded, and the next write is not kept waiting (SQLite's lock was released)
    async with asyncio.timeout(20):
        for _ in range(200):  # the records of cancelled fields finish shielded, just after the answer
            if await AuditRecord.filter(action="PERMISSION_DENIED").count() >= 3:
                break
            await asyncio.sleep(0.05)
        assert await AuditRecord.filter(action="PERMISSION_DENIED").count() == 3
        assert (await as_user("data")).token
