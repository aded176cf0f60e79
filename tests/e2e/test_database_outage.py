"""The database goes away under a running server (its connections cut and new ones refused, as during a
PostgreSQL restart): every answer is typed and retryable, never a bare 500, and the server recovers
when the database is back. The outage is a real one: the server reaches PostgreSQL through a TCP relay
this test stops and starts (the shared PostgreSQL itself keeps running for the other tests)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from tests.e2e.conftest import free_port, start_server
from tests.pg import reset_schema

DATABASE_URL = os.environ.get("QC_TEST_DATABASE_URL", "")
LOGIN = """mutation { login(input: {username: "builder", password: "Demo-2026"}) {
  __typename ... on AuthPayload { accessToken } } }"""


class Relay:
    """A TCP relay to PostgreSQL that can be cut (every connection reset, new ones refused) and restored."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self.lock:
            if self.listener is not None:
                self.listener.close()
                self.listener = None
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                target.shutdown(socket.SHUT_WR)


def test_a_database_outage_gets_typed_retryable_answers(servers, tmp_path: Path) -> None:
    assert DATABASE_URL.startswith("postgres"), "scripts/test sets QC_TEST_DATABASE_URL to PostgreSQL here"
    asyncio.run(reset_schema(DATABASE_URL))
    parts = urlsplit(DATABASE_URL)
    relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
    relay.start()
    netloc = f"{parts.username}:{parts.password}@127.0.0.1:{relay.port}"
    server = start_server(
        {
            "QC_MODE": "development",
            "QC_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": urlunsplit((parts.scheme, netloc, parts.path, "", "")),
            "QC_ARGON2_TIME_COST": "1",
            "QC_SCAN_INTERVAL_SECONDS": "0",
            "QC_NOTIFY_INTERVAL_SECONDS": "0",
            "QC_LIVE_POLL_MS": "0",
        },
        tmp_path / "server.log",
        timeout=180,
    )
    servers.append(server)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            # given a signed-in builder
            token = http.post("/graphql", json={"query": LOGIN}).json()["data"]["login"]["accessToken"]
            signed_in = {"authorization": f"Bearer {token}"}
            # when PostgreSQL goes away
            relay.cut()
            # then the session lookup (before GraphQL) is a 503 in the contract's shape
            before = http.post("/graphql", json={"query": "{ me { user { username } } }"}, headers=signed_in)
            assert before.status_code == 503, before.text
            assert before.headers["retry-after"] == "2"
            assert before.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
            # and a sign-in (the database used inside GraphQL) a typed retryable error
            inside = http.post("/graphql", json={"query": LOGIN}, headers={"accept-language": "en"})
            assert inside.status_code == 200, inside.text
            assert inside.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
            # when the database is back, the same requests succeed again
            relay.start()
            again = http.post("/graphql", json={"query": "{ me { user { username } } }"}, headers=signed_in)
            assert again.json() == {"data": {"me": {"user": {"username": "builder"}}}}, again.text
    finally:
        relay.cut()
        asyncio.run(reset_schema(DATABASE_URL))
