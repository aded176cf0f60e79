"""A Web Push service (RFC 8030) that checks what a real one checks and reads what a browser would read.

It hands out browser-like subscriptions (`subscribe()`: a P-256 key pair and a 16-byte auth secret, kept
here so the service can decrypt), accepts `POST /push/<id>` only with a valid VAPID header (RFC 8292:
ES256 JWT verified against `k`, `aud` = the endpoint's origin, `exp` in the future and at most 24 h
away, `sub` a mailto: or https: URL, `k` equal to the subscription's applicationServerKey when it was
given), a TTL header and an aes128gcm body, which it decrypts itself (RFC 8291, written here from the RFC
rather than with the library that encrypted it). Accepted messages are recorded with their decrypted
JSON and the receive time, and answered 201 with a Location.

    with WebPushService() as service:          # in-process, on a free port
        address = service.subscribe()          # {"endpoint", "p256dh", "auth"}
        ...
        service.received_of("push")            # [{"payload": {...}, "ttl": ..., "received_at": ...}]

    python -m tests.providers.webpush_service --port 8931      # prints http://127.0.0.1:8931
    POST /_control/subscribe {}  -> {"result": {"endpoint", "p256dh", "auth"}}
    POST /_control/gone {"endpoint": ...}   (410 from now on)
    POST /_control/fail_next {"count": 3, "status": 500}   /   POST /_control/hang_next {"count": 1, "seconds": 20}
    GET /_received
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.providers.server import ProviderServer, serve

MAX_BODY = 4096
MAX_VAPID_AHEAD = 24 * 3600
SUBJECT = re.compile(r"^(mailto:[^@\s]+@[^@\s]+|https://\S+)$")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def _hkdf(ikm: bytes, *, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt_aes128gcm(body: bytes, private_key: ec.EllipticCurvePrivateKey, auth_secret: bytes) -> bytes:
    """RFC 8188 records with the RFC 8291 key derivation; ValueError when anything does not check out."""
    if len(body) < 21:
        raise ValueError("body shorter than the aes128gcm header")
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    sender_public = body[21 : 21 + id_length]
    content = body[21 + id_length :]
    if id_length != 65 or record_size < 18 or not content:
        raise ValueError("the keyid must be the sender's 65-byte public key, with content after it")
    sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    ecdh_secret = private_key.exchange(ec.ECDH(), sender)
    ikm = _hkdf(
        ecdh_secret, salt=auth_secret, info=b"WebPush: info\x00" + public_bytes(private_key) + sender_public, length=32
    )
    cek = _hkdf(ikm, salt=salt, info=b"Content-Encoding: aes128gcm\x00", length=16)
    base_nonce = int.from_bytes(_hkdf(ikm, salt=salt, info=b"Content-Encoding: nonce\x00", length=12), "big")
    records = [content[i : i + record_size] for i in range(0, len(content), record_size)]
    plaintext = b""
    for sequence, record in enumerate(records):
        nonce = (base_nonce ^ sequence).to_bytes(12, "big")
        try:
            padded = AESGCM(cek).decrypt(nonce, record, None)
        except InvalidTag:
            raise ValueError(f"record {sequence} does not decrypt") from None
        unpadded = padded.rstrip(b"\x00")
        last = sequence == len(records) - 1
        if not unpadded or unpadded[-1] != (2 if last else 1):
            raise ValueError(f"record {sequence} has a wrong padding delimiter")
        plaintext += unpadded[:-1]
    return plaintext


class VapidError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def verify_vapid(header: str, audience: str) -> tuple[dict[str, Any], str]:
    """The claims and the key `k` of `Authorization: vapid t=<JWT>, k=<key>`; VapidError(401) otherwise."""
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(401, "Authorization must use the vapid scheme")
    parts = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
    token, key = parts.get("t", ""), parts.get("k", "")
    try:
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    except ValueError:
        raise VapidError(401, "k is not a P-256 public key") from None
    try:
        claims = jwt.decode(
            token, public_key, algorithms=["ES256"], audience=audience, options={"require": ["exp", "aud", "sub"]}
        )
    except jwt.PyJWTError as error:
        raise VapidError(401, f"bad VAPID token: {error}") from None
    if claims["exp"] > time.time() + MAX_VAPID_AHEAD:
        raise VapidError(401, "VAPID exp is more than 24 hours ahead")
    if not isinstance(claims["sub"], str) or not SUBJECT.match(claims["sub"]):
        raise VapidError(401, "VAPID sub must be a mailto: or https: URL")
    return claims, key


@dataclass
class Subscription:
    id: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    application_server_key: str | None
    gone: bool = False


class WebPushService(ProviderServer):
    controls = ProviderServer.controls | {"subscribe", "gone"}

    def __init__(self) -> None:
        super().__init__()
        self.subscriptions: dict[str, Subscription] = {}

    def subscribe(self, application_server_key: str | None = None) -> dict[str, str]:
        """A browser's new subscription: {endpoint, p256dh, auth}, bound to a VAPID key when one is given."""
        key = ec.generate_private_key(ec.SECP256R1())
        subscription = Subscription(secrets.token_urlsafe(16), key, os.urandom(16), application_server_key)
        with self.lock:
            self.subscriptions[subscription.id] = subscription
        return {
            "endpoint": f"{self.url}/push/{subscription.id}",
            "p256dh": b64url(public_bytes(key)),
            "auth": b64url(subscription.auth),
        }

    def gone(self, endpoint: str) -> None:
        """The browser unsubscribed: the endpoint answers 410 from now on."""
        with self.lock:
            self.subscriptions[endpoint.rsplit("/", 1)[-1]].gone = True

    def routes(self) -> list[BaseRoute]:
        return [Route("/push/{id}", self.push, methods=["POST"])]

    async def push(self, request: Request) -> Response:
        injected = await self.misbehave(request)
        if injected is not None:
            return injected
        with self.lock:
            subscription = self.subscriptions.get(request.path_params["id"])
        if subscription is None:
            return Response("no such subscription", status_code=404)
        if subscription.gone:
            return Response("subscription expired", status_code=410)
        origin = f"{request.url.scheme}://{request.headers.get('host', '')}"
        try:
            claims, key = verify_vapid(request.headers.get("authorization", ""), origin)
        except VapidError as error:
            return Response(str(error), status_code=error.status)
        if subscription.application_server_key and key != subscription.application_server_key:
            return Response("VAPID key differs from the subscription's applicationServerKey", status_code=403)
        ttl = request.headers.get("ttl", "")
        if not ttl.isdigit():
            return Response("TTL header required", status_code=400)
        if request.headers.get("content-encoding") != "aes128gcm":
            return Response("Content-Encoding must be aes128gcm", status_code=415)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response("payload too large", status_code=413)
        try:
            plaintext = decrypt_aes128gcm(body, subscription.private_key, subscription.auth)
        except ValueError as error:
            return Response(f"cannot decrypt: {error}", status_code=400)
        try:
            payload: Any = json.loads(plaintext)
        except ValueError:
            payload = plaintext.decode(errors="replace")
        message_id = secrets.token_urlsafe(12)
        self.record(
            "push",
            subscription=subscription.id,
            endpoint=str(request.url),
            payload=payload,
            ttl=int(ttl),
            urgency=request.headers.get("urgency"),
            topic=request.headers.get("topic"),
            message_id=message_id,
            vapid={"sub": claims["sub"], "aud": claims["aud"], "exp": claims["exp"], "k": key},
        )
        return Response(status_code=201, headers={"Location": f"{origin}/messages/{message_id}"})

    def fault_response(self, status: int) -> Response:
        return JSONResponse({"errno": 999, "message": f"injected HTTP {status}"}, status_code=status)


if __name__ == "__main__":
    serve(WebPushService(), description="A local Web Push service that decrypts and records what it receives.")
