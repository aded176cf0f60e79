"""End-to-end: the real server in its own process, as the README's commands start it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(
    env: dict[str, str],
    log: Path,
    *,
    wait: bool = True,
    timeout: float = 60,
    command: list[str] | None = None,
) -> Server:
    """`python -m api serve` (or `command`) with this environment; waits until /readyz is 200."""
    port = env.setdefault("QC_PORT", str(free_port()))
    full_env = {**os.environ, **env}
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        command or [sys.executable, "-m", "api", "serve"],
        cwd=ROOT,
        env=full_env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    server = Server(process=process, url=f"http://127.0.0.1:{port}", log=log)
    if not wait:
        return server
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise AssertionError(f"server not ready within {timeout}s:\n{server.output()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, 15)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, 9)
            server.process.wait()


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def artifacts() -> Path:
    path = ROOT / "var" / "e2e"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        stop_server(server)
