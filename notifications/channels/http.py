"""The HTTP client the JSON-speaking channels share: explicit timeouts, and one place that turns transport
failures and HTTP statuses into `ChannelError`s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from notifications.channels import ChannelError

CONNECT_TIMEOUT = 3.0
TOTAL_TIMEOUT = 8.0  # below the pipeline's own limit per send


@dataclass(frozen=True, slots=True)
class Timeouts:
    """`connect` bounds opening the connection; `total` bounds the whole call, retries of a token included."""

    connect: float = CONNECT_TIMEOUT
    total: float = TOTAL_TIMEOUT


def make_client(timeouts: Timeouts) -> httpx.AsyncClient:
    """An async client whose every phase is bounded; `call` bounds the whole request as well."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeouts.total, connect=timeouts.connect),
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=10),
        follow_redirects=False,
    )


async def call(
    client: httpx.AsyncClient, method: str, url: str, *, total: float, provider: str, **kwargs: Any
) -> httpx.Response:
    """One request within `total` seconds. Timeouts raise TIMEOUT and connection failures a retryable
    PROVIDER error; the response is returned whatever its status (the caller reads the provider's codes)."""
    try:
        async with asyncio.timeout(total):
            return await client.request(method, url, **kwargs)
    except (TimeoutError, httpx.TimeoutException) as error:
        raise ChannelError(f"{provider}: no answer within {total:g}s", reason="TIMEOUT") from error
    except httpx.TransportError as error:
        raise ChannelError(f"{provider}: {type(error).__name__}: {error}") from error


def status_error(provider: str, response: httpx.Response) -> ChannelError | None:
    """The error an HTTP status means by itself: 429 RATE and 5xx retryable, None otherwise."""
    if response.status_code == 429:
        return ChannelError(f"{provider}: HTTP 429", reason="RATE")
    if response.status_code >= 500:
        return ChannelError(f"{provider}: HTTP {response.status_code}")
    return None


def json_body(provider: str, response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a response; a status error or a body that is no JSON object raises."""
    failure = status_error(provider, response)
    if failure is not None:
        raise failure
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ChannelError(f"{provider}: HTTP {response.status_code} without a JSON object", permanent=True)
    return body


class CachedToken:
    """An access token kept until a minute before it expires; one fetch at a time. `stale` names a token the
    provider just refused: it is fetched anew unless another caller already replaced it."""

    MARGIN = 60.0

    def __init__(self, fetch: Callable[[], Awaitable[tuple[str, float]]]) -> None:
        self._fetch = fetch  # returns (token, seconds it lives)
        self._value = ""
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self, *, stale: str = "") -> str:
        async with self._lock:
            if self._value and self._value != stale and time.monotonic() < self._expires:
                return self._value
            value, lifetime = await self._fetch()
            self._value, self._expires = value, time.monotonic() + max(0.0, lifetime - self.MARGIN)
            return value
