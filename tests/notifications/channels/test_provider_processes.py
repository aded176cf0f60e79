"""Each local provider server also runs as its own process, as benchmarks and multi-process tests use it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("module", "control"),
    [
        ("webpush_service", "subscribe"),
        ("fcm", "register_token"),
        ("wechat", "expire_tokens"),
        ("dingtalk", "expire_tokens"),
        ("aliyun_sms", "limit_per_minute"),
    ],
)
async def test_the_server_prints_its_url_and_answers_controls(module: str, control: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", f"tests.providers.{module}", "--port", "0", cwd=ROOT, stdout=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        url = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().strip()
        async with httpx.AsyncClient(base_url=url, timeout=5) as client:
            for _ in range(200):  # the URL is printed just before the server accepts
                try:
                    answer = await client.post(f"/_control/{control}", json={"count": 2} if "limit" in control else {})
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            received = await client.get("/_received")
            unknown = await client.post("/_control/stop_the_world", json={})
    finally:
        process.terminate()
        await process.wait()

    assert url.startswith("http://127.0.0.1:")
    assert answer.status_code == 200 and "result" in answer.json()
    assert received.json() == []
    assert unknown.status_code == 404
