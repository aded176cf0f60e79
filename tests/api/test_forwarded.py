"""X-Forwarded-For names the client only when the direct peer is a configured proxy (QC_TRUSTED_PROXIES)."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings, SettingsError, load
from domain.audit.models import AuditRecord

LOGIN = 'mutation { login(input: {username: "builder", password: "Demo-2026"}) { __typename } }'


async def _signed_in_from(settings: Settings, peer: str, forwarded: str) -> str | None:
    server = create_app(settings)
    transport = httpx.ASGITransport(app=server, client=(peer, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        body = (await http.post("/graphql", json={"query": LOGIN}, headers={"x-forwarded-for": forwarded})).json()
    assert body == {"data": {"login": {"__typename": "AuthPayload"}}}
    record = await AuditRecord.filter(action="LOGIN").order_by("-id").first()
    assert record is not None
    return record.ip


@pytest.mark.parametrize(
    ("proxies", "peer", "seen"),
    [
        ((), "127.0.0.1", "127.0.0.1"),  # no proxy configured: a local client's header is not believed
        (("10.0.0.0/24",), "127.0.0.1", "127.0.0.1"),  # configured, but this peer is not one of them
        (("10.0.0.0/24",), "10.0.0.7", "198.51.100.9"),
        (("127.0.0.1/32",), "127.0.0.1", "198.51.100.9"),
    ],
)
async def test_forwarded_for_is_believed_from_configured_proxies_only(
    demo, app: Starlette, settings: Settings, proxies: tuple[str, ...], peer: str, seen: str
) -> None:
    configured = replace(settings, trusted_proxies=proxies)
    assert await _signed_in_from(configured, peer, "198.51.100.9") == seen


def test_trusted_proxies_are_read_and_checked() -> None:
    settings = load({"QC_TRUSTED_PROXIES": "10.0.0.5, 10.0.0.0/24,::1"})
    assert settings.trusted_proxies == ("10.0.0.5/32", "10.0.0.0/24", "::1/128")
    with pytest.raises(SettingsError, match="QC_TRUSTED_PROXIES"):
        load({"QC_TRUSTED_PROXIES": "proxy.local"})
