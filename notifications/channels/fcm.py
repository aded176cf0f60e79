"""Firebase Cloud Messaging (HTTP v1) through firebase-admin's own async send.

Credentials are a service-account JSON file; google-auth exchanges a JWT for an access token at the file's
`token_uri`. firebase-admin offers no setting for the FCM URL (no option, no emulator variable):
`_MessagingService.__init__` formats the class constant `FCM_URL` into the instance attribute
`_fcm_url`, which every send reads. So the channel builds its own app's messaging service and points that one
instance at `base_url` (other Firebase apps in the process are untouched), and swaps the service's async
HTTP client for one with our timeouts and without the SDK's silent retries of 500/503 (the pipeline retries
with backoff). Both are private attributes of firebase-admin 7.x; `_service` fails at start-up, not at
send time, if a release renames them.

The access token is refreshed in a worker thread with our timeouts before a send needs it, so the event
loop never waits on google-auth's blocking refresh. (If FCM answers 401, the SDK itself still refreshes
synchronously and retries twice; that is the SDK's behaviour for THIRD_PARTY_AUTH_ERROR too.)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import firebase_admin
import httpx
import requests
from firebase_admin import _http_client, _retry, credentials, exceptions, messaging
from google.auth import exceptions as auth_exceptions
from google.auth.transport.requests import Request as AuthRequest

from notifications.channels import ChannelError, Outgoing, Sent
from notifications.channels.http import Timeouts

GOOGLE_FCM_BASE_URL = "https://fcm.googleapis.com"
URGENT_TTL = 24 * 3600
NORMAL_TTL = 4 * 24 * 3600
_apps = itertools.count(1)


class _TimedRequest(AuthRequest):
    """google-auth's requests transport with our (connect, read) timeouts instead of its 120 s default."""

    def __init__(self, session: requests.Session, timeouts: Timeouts) -> None:
        super().__init__(session)
        self._timeouts = (timeouts.connect, timeouts.total)

    def __call__(
        self, url: str, method: str = "GET", body: Any = None, headers: Any = None, timeout: Any = None, **kwargs: Any
    ) -> Any:
        return super().__call__(url, method=method, body=body, headers=headers, timeout=self._timeouts, **kwargs)


def _service(app: firebase_admin.App, base_url: str, timeouts: Timeouts) -> Any:
    """The app's messaging service, sending to `base_url` with our HTTP client (see the module docstring)."""
    service = messaging._get_messaging_service(app)
    expected = messaging._MessagingService.FCM_URL.format(app.project_id)
    if getattr(service, "_fcm_url", None) != expected or not hasattr(service, "_async_client"):
        raise RuntimeError(
            "this firebase-admin release builds the FCM URL differently; review notifications/channels/fcm.py"
        )
    service._fcm_url = f"{base_url.rstrip('/')}/v1/projects/{app.project_id}/messages:send"
    service._unused_async_client = service._async_client
    service._async_client = _http_client.HttpxAsyncClient(
        credential=app.credential.get_credential(),
        retry_config=_retry.HttpxRetry(max_retries=0),
        timeout=httpx.Timeout(timeouts.total, connect=timeouts.connect),
    )
    return service


def message_of(message: Outgoing, address: Mapping[str, str]) -> messaging.Message:
    """The FCM message for an address {token} (a registration token) or {fid} (a Firebase installation ID)."""
    ttl = URGENT_TTL if message.urgent else NORMAL_TTL
    content: dict[str, Any] = {
        "notification": messaging.Notification(title=message.title, body=message.body),
        "data": {"link": message.link, "deliveryId": str(message.delivery_id), "receipt": message.receipt},
        "android": messaging.AndroidConfig(
            priority="high" if message.urgent else "normal", ttl=ttl, collapse_key=message.link[:64] or None
        ),
        "webpush": messaging.WebpushConfig(
            headers={"Urgency": "high" if message.urgent else "normal", "TTL": str(ttl)}
        ),
    }
    if address.get("fid"):
        return messaging.Message(fid=address["fid"], **content)
    with warnings.catch_warnings():  # firebase-admin 7.7 deprecates tokens for fids; FCM v1 still takes tokens
        warnings.simplefilter("ignore", DeprecationWarning)
        return messaging.Message(token=address["token"], **content)


def _failure(error: Exception) -> ChannelError:
    """What an FCM error means for the pipeline."""
    detail = f"fcm: {type(error).__name__}: {error}"
    if isinstance(error, exceptions.NotFoundError):  # UNREGISTERED, or NOT_FOUND without FCM's detail
        return ChannelError(detail, permanent=True, reason="GONE")
    if isinstance(error, exceptions.ResourceExhaustedError):  # QUOTA_EXCEEDED: slow down
        return ChannelError(detail, reason="RATE")
    if isinstance(error, messaging.SenderIdMismatchError | exceptions.InvalidArgumentError):
        return ChannelError(detail, permanent=True)
    if isinstance(error, exceptions.UnauthenticatedError | exceptions.PermissionDeniedError):
        return ChannelError(detail, permanent=True, reason="AUTH")  # THIRD_PARTY_AUTH_ERROR among them
    if isinstance(error, exceptions.DeadlineExceededError):
        return ChannelError(detail, reason="TIMEOUT")
    return ChannelError(detail)  # UNAVAILABLE, INTERNAL, connection failures, anything unknown: try again


class FcmChannel:
    """Sends to address {token} (or {fid}); `provider_id` is FCM's message name `projects/<id>/messages/<n>`."""

    name = "fcm"

    def __init__(
        self, credentials_file: Path | str, *, base_url: str = GOOGLE_FCM_BASE_URL, timeouts: Timeouts | None = None
    ) -> None:
        self.timeouts = timeouts or Timeouts()
        self.base_url = base_url
        try:
            certificate = credentials.Certificate(str(credentials_file))
        except (OSError, ValueError) as error:
            raise ValueError(f"FCM credentials {credentials_file}: {error}") from None
        self.project_id = json.loads(Path(credentials_file).read_text(encoding="utf-8"))["project_id"]
        self._app = firebase_admin.initialize_app(
            certificate,
            {"httpTimeout": self.timeouts.total, "projectId": self.project_id},
            name=f"quancheng-fcm-{next(_apps)}",
        )
        self._credential = certificate.get_credential()
        self._service = _service(self._app, base_url, self.timeouts)
        self._session = requests.Session()
        self._auth_request = _TimedRequest(self._session, self.timeouts)
        self._refreshing = asyncio.Lock()

    async def _ensure_token(self) -> None:
        """A valid access token, fetched off the event loop when missing or about to expire."""
        async with self._refreshing:
            if self._credential.valid:
                return
            try:  # the thread itself ends within the requests timeouts of _TimedRequest
                await asyncio.to_thread(self._credential.refresh, self._auth_request)
            except auth_exceptions.RefreshError as error:
                if getattr(error, "retryable", False):
                    raise ChannelError(f"fcm: token endpoint: {error}") from error
                raise ChannelError(f"fcm: credentials refused: {error}", permanent=True, reason="AUTH") from error
            except auth_exceptions.TransportError as error:
                if isinstance(error.__cause__, requests.exceptions.Timeout):
                    raise ChannelError("fcm: token endpoint gave no answer in time", reason="TIMEOUT") from error
                raise ChannelError(f"fcm: token endpoint unreachable: {error}") from error

    async def send(self, message: Outgoing) -> Sent:
        if not (message.address.get("token") or message.address.get("fid")):
            raise ChannelError("fcm: address lacks token", permanent=True, reason="GONE")
        try:
            async with asyncio.timeout(self.timeouts.total):  # the token exchange included
                await self._ensure_token()
                batch = await messaging.send_each_async([message_of(message, message.address)], app=self._app)
        except TimeoutError as error:
            raise ChannelError(f"fcm: no answer within {self.timeouts.total:g}s", reason="TIMEOUT") from error
        except exceptions.FirebaseError as error:
            raise _failure(error) from error
        response = batch.responses[0]
        if response.exception is not None:
            raise _failure(response.exception) from response.exception
        return Sent(provider_id=response.message_id or "")

    async def aclose(self) -> None:
        await self._service._async_client.aclose()
        await self._service._unused_async_client.aclose()
        self._session.close()
        # delete_app closes the SDK's own clients with asyncio.run, which needs a thread without a running loop.
        await asyncio.to_thread(firebase_admin.delete_app, self._app)
