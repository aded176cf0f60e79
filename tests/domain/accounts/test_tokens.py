import base64
import hashlib
import hmac
import json
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain import clock
from domain.accounts.tokens import AccessTokens, InvalidAccessToken

KEY = Ed25519PrivateKey.generate()


def make(ttl: timedelta = timedelta(minutes=15), **kw: str) -> AccessTokens:
    return AccessTokens(
        private_key=kw.get("key", KEY),  # type: ignore[arg-type]
        issuer=kw.get("issuer", "quancheng"),
        audience=kw.get("audience", "quancheng-api"),
        ttl=ttl,
    )


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def valid_claims() -> dict[str, object]:
    now = int(clock.now().timestamp())
    return {
        "iss": "quancheng",
        "aud": "quancheng-api",
        "sub": "1",
        "sid": "s",
        "jti": "x",
        "iat": now,
        "exp": now + 600,
    }


def test_round_trip_carries_user_and_session() -> None:
    tokens = make()
    token, expires = tokens.issue(user_id=7, session_id="s-1", now=clock.now())
    claims = tokens.verify(token)
    assert (claims.user_id, claims.session_id) == (7, "s-1")
    assert expires - clock.now() <= timedelta(minutes=15)


def test_access_tokens_live_fifteen_minutes_at_most() -> None:
    with pytest.raises(ValueError):
        make(ttl=timedelta(minutes=16))


def test_expired_token_is_refused() -> None:
    tokens = make()
    token, _ = tokens.issue(user_id=1, session_id="s", now=clock.now() - timedelta(minutes=16))
    with pytest.raises(InvalidAccessToken):
        tokens.verify(token)


def test_tampered_payload_is_refused() -> None:
    tokens = make()
    token, _ = tokens.issue(user_id=1, session_id="s", now=clock.now())
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = "2"
    with pytest.raises(InvalidAccessToken):
        tokens.verify(f"{header}.{_b64(claims)}.{signature}")


def test_alg_none_is_refused() -> None:
    tokens = make()
    token, _ = tokens.issue(user_id=1, session_id="s", now=clock.now())
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    forged = f"{_b64({'alg': 'none', 'typ': 'at+jwt'})}.{_b64(claims)}."
    with pytest.raises(InvalidAccessToken):
        tokens.verify(forged)


def test_hmac_signed_with_the_public_key_is_refused() -> None:
    tokens = make()
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = valid_claims()
    header = _b64({"alg": "HS256", "typ": "at+jwt"})
    body = f"{header}.{_b64(claims)}"
    sig = base64.urlsafe_b64encode(hmac.new(public_pem, body.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    with pytest.raises(InvalidAccessToken):
        tokens.verify(f"{body}.{sig}")


@pytest.mark.parametrize("missing", ["exp", "iat", "iss", "aud", "sub", "jti", "sid"])
def test_every_claim_is_required(missing: str) -> None:
    claims = valid_claims()
    del claims[missing]
    token = jwt.encode(claims, KEY, algorithm="EdDSA", headers={"typ": "at+jwt"})
    with pytest.raises(InvalidAccessToken):
        make().verify(token)


def test_wrong_type_issuer_audience_or_key_is_refused() -> None:
    now = clock.now()
    good = make()
    token, _ = good.issue(user_id=1, session_id="s", now=now)
    claims = jwt.decode(token, options={"verify_signature": False})
    untyped = jwt.encode(claims, KEY, algorithm="EdDSA", headers={"typ": "JWT"})
    for candidate, verifier in [
        (untyped, good),
        (token, make(issuer="someone-else")),
        (token, make(audience="another-api")),
        (token, make(key=Ed25519PrivateKey.generate())),  # type: ignore[arg-type]
    ]:
        with pytest.raises(InvalidAccessToken):
            verifier.verify(candidate)
