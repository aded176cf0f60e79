"""Web Push to a browser's push subscription, through pywebpush: the payload is encrypted for the
subscription (RFC 8291, aes128gcm) and the request carries our VAPID identity (RFC 8292).

The VAPID key is a P-256 private key in a PEM file that an operator creates once
(`generate_vapid_key_file`) and keeps: the browser subscribed with its public half
(`application_server_key`), so a new key silently orphans every subscription.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid, VapidException
from pywebpush import WebPusher, WebPushException

from notifications.channels import ChannelError, Outgoing, Sent
from notifications.channels.http import Timeouts

URGENT_TTL = 24 * 3600  # seconds a push service keeps an undelivered message
NORMAL_TTL = 4 * 24 * 3600
VAPID_LIFETIME = 12 * 3600  # push services refuse a token that expires more than 24 h ahead
VAPID_RENEW_BEFORE = 3600  # a cached token is renewed when less than this is left
MAX_PAYLOAD = 3993  # the largest plaintext one 4096-byte aes128gcm record holds
SUBJECT = re.compile(r"^(mailto:[^@\s]+@[^@\s]+|https://[^\s/]+.*)$")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def load_vapid_key(path: Path | str) -> Vapid:
    """The VAPID identity in a PEM file; a missing or wrong file raises ValueError (no key is ever made here)."""
    path = Path(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise ValueError(f"VAPID key file {path} does not exist; create it once with generate_vapid_key_file") from None
    except (OSError, ValueError, TypeError) as error:
        raise ValueError(f"VAPID key file {path} is not a PEM private key: {error}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError(f"VAPID key file {path} must hold a P-256 (prime256v1) EC key")
    return Vapid(private_key=key)


def application_server_key(vapid: Vapid | Path | str) -> str:
    """The public key in the form `PushManager.subscribe({applicationServerKey})` takes: base64url, no padding."""
    key = vapid if isinstance(vapid, Vapid) else load_vapid_key(vapid)
    return _b64url(
        key.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def generate_vapid_key_file(path: Path | str) -> str:
    """Create the VAPID key file (owner-only, never overwritten); returns its application server key."""
    path = Path(path)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # FileExistsError keeps the old key
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    return application_server_key(Vapid(private_key=key))


def payload_of(message: Outgoing) -> bytes:
    """What the service worker receives, as JSON."""
    return json.dumps(
        {
            "title": message.title,
            "body": message.body,
            "link": message.link,
            "deliveryId": message.delivery_id,
            "receipt": message.receipt,
            "urgent": message.urgent,
            "tag": message.link,  # a newer message about the same to-do replaces the older one
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def _failure(status: int, text: str) -> ChannelError:
    detail = f"web push: HTTP {status} {text[:200]}".rstrip()
    if status in (404, 410):
        return ChannelError(detail, permanent=True, reason="GONE")
    if status in (401, 403):
        return ChannelError(detail, permanent=True, reason="AUTH")
    if status == 429:
        return ChannelError(detail, reason="RATE")
    if status >= 500:
        return ChannelError(detail)
    return ChannelError(detail, permanent=True)


class WebPushChannel:
    """Sends to address {endpoint, p256dh, auth}; `provider_id` is the message URL the push service returns."""

    name = "webpush"

    def __init__(self, vapid_key_file: Path | str, subject: str, *, timeouts: Timeouts | None = None) -> None:
        subject = subject.rstrip("/") if subject.startswith("https://") else subject
        if not SUBJECT.match(subject):
            raise ValueError(f"the VAPID subject must be a mailto: or https: URL, got {subject!r}")
        self.subject = subject
        self.timeouts = timeouts or Timeouts()
        self._vapid = load_vapid_key(vapid_key_file)
        self.application_server_key = application_server_key(self._vapid)
        self._tokens: dict[str, tuple[int, dict[str, str]]] = {}  # origin -> (exp, Authorization header)
        self._session: aiohttp.ClientSession | None = None
        try:  # py_vapid has its own idea of a valid subject: learn it now rather than at the first send
            self._vapid.sign({"sub": subject, "aud": "https://push.example.com", "exp": int(time.time()) + 60})
        except VapidException as error:
            raise ValueError(f"the VAPID subject {subject!r} is refused: {error}") from None

    def _authorization(self, endpoint: str) -> dict[str, str]:
        """The VAPID header for the endpoint's push service, signed once and reused for hours."""
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = int(time.time())
        cached = self._tokens.get(origin)
        if cached and cached[0] - now > VAPID_RENEW_BEFORE:
            return cached[1]
        exp = now + VAPID_LIFETIME
        header = self._vapid.sign({"sub": self.subject, "aud": origin, "exp": exp})
        self._tokens[origin] = (exp, header)
        return header

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeouts.total, connect=self.timeouts.connect),
                trust_env=True,
            )
        return self._session

    async def send(self, message: Outgoing) -> Sent:
        address = message.address
        missing = [key for key in ("endpoint", "p256dh", "auth") if not address.get(key)]
        if missing:
            raise ChannelError(f"web push: address lacks {', '.join(missing)}", permanent=True, reason="GONE")
        endpoint = address["endpoint"]
        data = payload_of(message)
        if len(data) > MAX_PAYLOAD:
            raise ChannelError(f"web push: payload of {len(data)} bytes is over {MAX_PAYLOAD}", permanent=True)
        subscription = {"endpoint": endpoint, "keys": {"p256dh": address["p256dh"], "auth": address["auth"]}}
        timeout = aiohttp.ClientTimeout(total=self.timeouts.total, connect=self.timeouts.connect)
        try:
            headers = {"Urgency": "high" if message.urgent else "normal", **self._authorization(endpoint)}
            pusher = WebPusher(subscription, aiohttp_session=self._client())
            async with asyncio.timeout(self.timeouts.total):
                response = await pusher.send_async(
                    data,
                    headers,
                    ttl=URGENT_TTL if message.urgent else NORMAL_TTL,
                    content_encoding="aes128gcm",
                    timeout=timeout,
                )
                if isinstance(response, str):  # only with curl=True, never asked for here
                    raise ChannelError("web push: pywebpush returned no response", permanent=True)
                text = await response.text()
        except TimeoutError as error:
            raise ChannelError(f"web push: no answer within {self.timeouts.total:g}s", reason="TIMEOUT") from error
        except aiohttp.InvalidURL as error:
            raise ChannelError(f"web push: bad endpoint {endpoint!r}", permanent=True, reason="GONE") from error
        except aiohttp.ClientError as error:
            raise ChannelError(f"web push: {type(error).__name__}: {error}") from error
        except (WebPushException, VapidException, ValueError) as error:  # no P-256 point, no origin to sign for
            raise ChannelError(f"web push: unusable subscription: {error}", permanent=True, reason="GONE") from error
        if response.status not in (200, 201, 202):
            raise _failure(response.status, text)
        return Sent(provider_id=response.headers.get("Location", ""))

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
