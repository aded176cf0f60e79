"""Access tokens: short-lived JWTs signed with one pinned algorithm (EdDSA / Ed25519)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain import clock

ALGORITHM = "EdDSA"
TOKEN_TYPE = "at+jwt"  # RFC 9068; PyJWT never checks `typ`, so we do.
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "jti", "sid")
MAX_ACCESS_TTL = timedelta(minutes=15)
CLOCK_SKEW_SECONDS = 60


class InvalidAccessToken(Exception):
    """The token is malformed, forged, expired or of the wrong kind."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    session_id: str
    token_id: str
    expires_at: datetime


class AccessTokens:
    def __init__(
        self,
        *,
        private_key: Ed25519PrivateKey,
        issuer: str,
        audience: str,
        ttl: timedelta,
    ) -> None:
        if ttl > MAX_ACCESS_TTL:
            raise ValueError(f"access tokens live at most {MAX_ACCESS_TTL}")
        self._private_key = private_key
        self._public_key: Ed25519PublicKey = private_key.public_key()
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl

    def issue(self, *, user_id: int, session_id: str, now: datetime) -> tuple[str, datetime]:
        expires_at = now + self.ttl
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(user_id),
            "sid": session_id,
            "jti": uuid.uuid4().hex,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
        }
        token = jwt.encode(claims, self._private_key, algorithm=ALGORITHM, headers={"typ": TOKEN_TYPE})
        return token, expires_at

    def verify(self, token: str) -> AccessClaims:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("typ") != TOKEN_TYPE or header.get("alg") != ALGORITHM:
                raise InvalidAccessToken("wrong token type or algorithm")
            claims = jwt.decode(
                token,
                self._public_key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                audience=self.audience,
                # Times are checked below against the domain clock, which a test or a demo may have moved.
                options={"require": list(REQUIRED_CLAIMS), "verify_exp": False, "verify_iat": False},
            )
            now = clock.now().timestamp()
            issued, expires = claims["iat"], claims["exp"]
            if not isinstance(issued, int | float) or not isinstance(expires, int | float):
                raise InvalidAccessToken("iat and exp must be numbers")
            if expires <= now:
                raise InvalidAccessToken("the token has expired")
            if issued > now + CLOCK_SKEW_SECONDS:
                raise InvalidAccessToken("the token was issued in the future")
            return AccessClaims(
                user_id=int(claims["sub"]),
                session_id=str(claims["sid"]),
                token_id=str(claims["jti"]),
                expires_at=datetime.fromtimestamp(claims["exp"]).astimezone(),
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise InvalidAccessToken(str(exc)) from exc
