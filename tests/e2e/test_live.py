"""Live updates over graphql-transport-ws against real servers: authenticated at connection, limited
per connection, and carried across two server processes by Redis."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from tests.e2e.conftest import Server, start_server
from tests.pg import reset_schema

DATABASE_URL = os.environ.get("QC_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("QC_TEST_REDIS_URL", "")
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
DECLARE = """mutation($k: String!) { declareProject(input: {idempotencyKey: $k, name: "一网通办升级",
  category: NEW, type: SOFTWARE, requestedAmount: "800000"}) { __typename } }"""
TODOS = "query { center(kind: BUILDER) { todos { edges { node { id stepVersion } } } } }"
DECIDE = """mutation($t: ID!, $v: Int) { decide(input: {idempotencyKey: "live-submit", taskId: $t, verdict: APPROVE,
  expectedVersion: $v}) { __typename } }"""
SUBSCRIBE = "subscription { myUpdates { kind projectId } }"


def _token(server: Server, username: str) -> str:
    body = httpx.post(f"{server.url}/graphql", json={"query": LOGIN, "variables": {"u": username}}).json()
    return body["data"]["login"]["accessToken"]


def _gql(server: Server, token: str, query: str, variables: dict | None = None) -> dict:
    return httpx.post(
        f"{server.url}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": f"Bearer {token}"},
        timeout=10,
    ).json()


def _submit_a_project(server: Server) -> None:
    builder = _token(server, "builder")
    assert _gql(server, builder, DECLARE, {"k": "live-declare"})["data"]["declareProject"]["__typename"] == "ActionDone"
    todo = _gql(server, builder, TODOS)["data"]["center"]["todos"]["edges"][0]["node"]
    assert (
        _gql(server, builder, DECIDE, {"t": todo["id"], "v": todo["stepVersion"]})["data"]["decide"]["__typename"]
        == "ActionDone"
    )


async def _connect(server: Server, token: str | None):  # type: ignore[no-untyped-def]
    ws = await websockets.connect(server.url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"])
    payload = {"authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    return ws


async def _updates(ws, wanted: str) -> dict:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(15):
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == "next" and message["payload"]["data"]["myUpdates"]["kind"] == wanted:
                return message["payload"]["data"]["myUpdates"]


def _sqlite_server(tmp_path: Path, name: str) -> dict[str, str]:
    return {
        "QC_MODE": "development",
        "QC_DEMO_PROJECTS": "0",  # people and bare rows: this test makes its own work and counts it
        "QC_VAR_DIR": str(tmp_path / name),
        "QC_ARGON2_TIME_COST": "1",
        "DATABASE_URL": f"sqlite://{tmp_path / name / 'live.sqlite3'}",
        "QC_SCAN_INTERVAL_SECONDS": "0",
    }


async def test_an_official_sees_a_new_todo_arrive(servers, tmp_path: Path) -> None:
    server = start_server(_sqlite_server(tmp_path, "one"), tmp_path / "live.log")
    servers.append(server)
    ws = await _connect(server, _token(server, "data"))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    await asyncio.sleep(0.3)
    await asyncio.to_thread(_submit_a_project, server)
    update = await _updates(ws, "step.opened")
    assert update["projectId"]
    await ws.close()


async def test_a_new_notification_reaches_the_open_app(servers, tmp_path: Path) -> None:
    env = {**_sqlite_server(tmp_path, "inbox"), "QC_NOTIFY_INTERVAL_SECONDS": "1"}
    server = start_server(env, tmp_path / "inbox.log")
    servers.append(server)
    token = _token(server, "data")
    ws = await _connect(server, token)
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    await asyncio.sleep(0.3)
    await asyncio.to_thread(_submit_a_project, server)
    update = await _updates(ws, "notification.created")  # the in-process worker made it; the relay pushed it
    assert update["projectId"] is None
    inbox = _gql(server, token, "query { myNotifications(first: 5) { totalCount } }")
    assert inbox["data"]["myNotifications"]["totalCount"] >= 1
    await ws.close()


async def test_connection_needs_a_token_and_subscriptions_are_limited(servers, tmp_path: Path) -> None:
    server = start_server(_sqlite_server(tmp_path, "two"), tmp_path / "live2.log")
    servers.append(server)
    anonymous = await _connect(server, None)
    with pytest.raises(ConnectionClosed) as closed:
        await anonymous.recv()
    assert closed.value.rcvd.code == 4403
    forged = await _connect(server, "not-a-token")
    with pytest.raises(ConnectionClosed):
        await forged.recv()
    ws = await _connect(server, _token(server, "data"))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    for n in range(6):
        await ws.send(json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    async with asyncio.timeout(10):
        refused = json.loads(await ws.recv())
    assert (refused["id"], refused["type"]) == ("5", "error")
    assert refused["payload"][0]["message"] == "Subscription limit reached"
    await ws.close()


async def test_an_update_crosses_server_processes_through_redis(servers, tmp_path: Path) -> None:
    assert DATABASE_URL.startswith("postgres") and REDIS_URL, "scripts/test runs this on PostgreSQL + Redis"
    await reset_schema(DATABASE_URL)
    env = {
        "QC_MODE": "development",
        "QC_DEMO_PROJECTS": "0",  # people and bare rows: this test makes its own work and counts it
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "QC_VAR_DIR": str(tmp_path / "var"),
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
    }
    first = start_server(dict(env), tmp_path / "a.log")
    servers.append(first)
    second = start_server(dict(env), tmp_path / "b.log")
    servers.append(second)
    # the official listens on the first server; the builder submits through the second
    ws = await _connect(first, _token(first, "data"))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    await asyncio.sleep(0.5)
    await asyncio.to_thread(_submit_a_project, second)
    update = await _updates(ws, "step.opened")
    assert update["projectId"]
    await ws.close()
    await reset_schema(DATABASE_URL)
