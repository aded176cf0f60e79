"""Preview links of materials: a short-lived token, signed with HMAC, names the material, the reader and the expiry.

A link must work as a plain `<a href>` or `<img src>` (no Authorization header), so the token is the
credential: it is minted only for a reader who may see the material, lives a few minutes, and is
checked again, with the reader's right, when the file is fetched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.accounts.models import User
from domain.projects.models import Material, Project
from domain.projects.visibility import reads_materials

PREVIEW_TTL = timedelta(minutes=5)
# Domain separation: a MAC made for another purpose with the same key never passes as a preview token.
PURPOSE = b"quancheng/material-preview/v1\n"


class InvalidPreviewToken(Exception):
    """The token is malformed or its signature does not match."""


class ExpiredPreviewToken(InvalidPreviewToken):
    """The token was genuine but its lifetime is over."""


@dataclass(frozen=True, slots=True)
class PreviewGrant:
    material_id: int
    user_id: int
    expires_at: datetime

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.expires_at - now).total_seconds()))


class PreviewTokens:
    """`<material>.<user>.<expires, unix seconds>.<HMAC-SHA256, base64url>`: readable, unforgeable."""

    def __init__(self, *, key: bytes, ttl: timedelta = PREVIEW_TTL) -> None:
        if len(key) < 32:
            raise ValueError("the preview key must hold at least 32 bytes")
        self._key = key
        self.ttl = ttl

    def mint(self, *, material_id: int, user_id: int, now: datetime) -> str:
        expires = int((now + self.ttl).timestamp())
        claims = f"{material_id}.{user_id}.{expires}"
        return f"{claims}.{self._sign(claims)}"

    def verify(self, token: str, *, now: datetime) -> PreviewGrant:
        """The grant a token carries; the signature is checked before anything it says is believed."""
        claims, _, signature = token.rpartition(".")
        parts = claims.split(".")
        if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
            raise InvalidPreviewToken("malformed")
        if not hmac.compare_digest(signature.encode(), self._sign(claims).encode()):
            raise InvalidPreviewToken("bad signature")
        material_id, user_id, expires = (int(part) for part in parts)
        grant = PreviewGrant(material_id, user_id, datetime.fromtimestamp(expires, UTC))
        if grant.expires_at <= now:
            raise ExpiredPreviewToken("expired")
        return grant

    def _sign(self, claims: str) -> str:
        mac = hmac.new(self._key, PURPOSE + claims.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


async def material_for_reader(*, material_id: int, user_id: int) -> Material | None:
    """The material, if the user is still active and still reads its project's materials; else None."""
    material = await Material.get_or_none(id=material_id)
    if material is None or not await User.exists(id=user_id, is_active=True):
        return None
    project = await Project.get(id=material.project_id)
    return material if await reads_materials(user_id, project) else None
