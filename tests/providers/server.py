"""What every local provider server shares: a Starlette app served by uvicorn on 127.0.0.1, either in a
background thread (`start()` / `stop()` / `.url`, or `with Server() as server:`) or as the whole of a
process (`serve(server)` behind each module's `python -m tests.providers.<module> --port N`, which prints
the URL on its first line of output).

Either way the server records what it accepted (`.received` in-process, `GET /_received` from another
process, `DELETE /_received` to forget) and can misbehave on request: `fail_next(count, status)` answers
that HTTP status, `hang_next(count, seconds)` answers only after a pause. From another process, every
name in `controls` is `POST /_control/<name>` with the keyword arguments as a JSON object; the answer is
`{"result": ...}`."""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route


@dataclass
class Fault:
    kind: str  # "fail" or "hang"
    remaining: int
    status: int = 500
    seconds: float = 0.0
    path: str = ""  # only requests whose path contains this


class ProviderServer:
    controls: frozenset[str] = frozenset({"fail_next", "hang_next", "reset"})

    def __init__(self) -> None:
        self.url = ""
        self.lock = threading.Lock()
        self.received: list[dict[str, Any]] = []
        self.requests = 0  # provider requests seen, including refused ones
        self._faults: list[Fault] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # -- the provider's own API, per subclass --------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        raise NotImplementedError

    def fault_response(self, status: int) -> Response:
        """The body a provider sends with an injected error status."""
        return JSONResponse({"error": f"injected HTTP {status}"}, status_code=status)

    def clear(self) -> None:
        """Forget provider state beyond what `reset` forgets (subclasses)."""

    # -- recording and faults -------------------------------------------------------------------------

    def record(self, kind: str, **fields: Any) -> dict[str, Any]:
        entry = {"kind": kind, "received_at": time.time(), **fields}
        with self.lock:
            self.received.append(entry)
        return entry

    def received_of(self, kind: str) -> list[dict[str, Any]]:
        with self.lock:
            return [entry for entry in self.received if entry["kind"] == kind]

    def fail_next(self, count: int = 1, status: int = 500, path: str = "") -> None:
        with self.lock:
            self._faults.append(Fault("fail", count, status=status, path=path))

    def hang_next(self, count: int = 1, seconds: float = 30.0, path: str = "") -> None:
        with self.lock:
            self._faults.append(Fault("hang", count, seconds=seconds, path=path))

    def reset(self) -> None:
        """Forget what was received and every pending fault."""
        with self.lock:
            self.received.clear()
            self._faults.clear()
            self.requests = 0
        self.clear()

    async def misbehave(self, request: Request) -> Response | None:
        """Call first in every provider endpoint: an injected answer, or None to answer normally."""
        try:
            await request.body()  # read now: a client that gives up during a hang leaves nothing unread
        except ClientDisconnect:
            return Response(status_code=499)
        with self.lock:
            self.requests += 1
            fault = next((f for f in self._faults if f.path in request.url.path), None)
            if fault is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
        if fault is None:
            return None
        if fault.kind == "fail":
            return self.fault_response(fault.status)
        await asyncio.sleep(fault.seconds)  # stop() cuts it short: uvicorn cancels it after a second
        return None

    # -- serving ---------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                *self.routes(),
                Route("/_received", self._received_endpoint, methods=["GET", "DELETE"]),
                Route("/_control/{name}", self._control_endpoint, methods=["POST"]),
            ]
        )

    async def _received_endpoint(self, request: Request) -> Response:
        if request.method == "DELETE":
            with self.lock:
                self.received.clear()
            return JSONResponse({"result": None})
        with self.lock:
            return JSONResponse(list(self.received))

    async def _control_endpoint(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.controls:
            return JSONResponse({"error": f"no control {name!r}"}, status_code=404)
        raw = await request.body()
        arguments = json.loads(raw) if raw else {}
        return JSONResponse({"result": getattr(self, name)(**arguments)})

    def _uvicorn(self) -> uvicorn.Server:
        config = uvicorn.Config(
            self.app(),
            lifespan="off",
            log_level="warning",
            access_log=False,
            loop="asyncio",
            timeout_graceful_shutdown=1,
        )
        return uvicorn.Server(config)

    @staticmethod
    def _bind(host: str, port: int) -> socket.socket:
        sock = socket.socket(
            socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
        )  # asyncio sets TCP_NODELAY only then
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        return sock

    def start(self) -> Self:
        """Serve on 127.0.0.1 and a free port in a background thread; returns once it accepts requests."""
        sock = self._bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._server = self._uvicorn()
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{type(self).__name__} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def serve(server: ProviderServer, argv: Sequence[str] | None = None, *, description: str = "") -> None:
    """Run `server` as this process: prints its URL, then serves until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    sock = server._bind(args.host, args.port)
    server.url = f"http://{args.host}:{sock.getsockname()[1]}"
    print(server.url, flush=True)
    server._uvicorn().run(sockets=[sock])
