"""Google's OAuth token endpoint and FCM's HTTP v1 send endpoint, as firebase-admin talks to them.

`service_account()` makes a service-account JSON (a fresh RSA key, `token_uri` pointing here); the token
endpoint accepts only the JWT-bearer grant whose assertion is RS256-signed by a key it issued, with the
audience Google documents for every grant (`https://oauth2.googleapis.com/token`), the issuer the key
belongs to, a messaging scope and at most an hour of validity. The send endpoint wants a Bearer token it
issued for the same project, checks the message and records it.
Devices are tokens from `register_token()`; `unregister(token)` makes FCM answer 404 UNREGISTERED.
`error_next(count, code)` answers FCM's error for code UNREGISTERED, QUOTA_EXCEEDED, SENDER_ID_MISMATCH,
THIRD_PARTY_AUTH_ERROR, INVALID_ARGUMENT, UNAVAILABLE or INTERNAL.

    with FcmServer() as fcm:
        path = fcm.write_service_account(tmp_path / "sa.json")
        token = fcm.register_token()

    python -m tests.providers.fcm --port 8932
    POST /_control/service_account {}  -> {"result": {...service-account JSON...}}
    POST /_control/register_token {}   -> {"result": "<token>"}
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.providers.server import ProviderServer, serve

GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"  # Google documents it as the aud of every grant
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MESSAGING_SCOPES = {
    "https://www.googleapis.com/auth/firebase.messaging",
    "https://www.googleapis.com/auth/cloud-platform",
}
FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
ERRORS = {  # FCM errorCode -> (HTTP status, canonical status)
    "UNREGISTERED": (404, "NOT_FOUND"),
    "QUOTA_EXCEEDED": (429, "RESOURCE_EXHAUSTED"),
    "SENDER_ID_MISMATCH": (403, "PERMISSION_DENIED"),
    "THIRD_PARTY_AUTH_ERROR": (401, "UNAUTHENTICATED"),
    "INVALID_ARGUMENT": (400, "INVALID_ARGUMENT"),
    "UNAVAILABLE": (503, "UNAVAILABLE"),
    "INTERNAL": (500, "INTERNAL"),
}
STATUS_WORDS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


def fcm_error(status: int, message: str, code: str | None = None) -> JSONResponse:
    error: dict[str, Any] = {"code": status, "message": message, "status": STATUS_WORDS.get(status, "UNKNOWN")}
    if code:
        error["details"] = [{"@type": FCM_ERROR, "errorCode": code}]
    return JSONResponse({"error": error}, status_code=status)


class FcmServer(ProviderServer):
    controls = ProviderServer.controls | {"service_account", "register_token", "unregister", "error_next"}

    def __init__(self, project_id: str = "quancheng-test") -> None:
        super().__init__()
        self.project_id = project_id
        self.keys: dict[str, tuple[rsa.RSAPublicKey, str, str]] = {}  # key id -> (public key, email, project)
        self.access_tokens: dict[str, tuple[str, float]] = {}  # token -> (project, expires at)
        self.devices: dict[str, bool] = {}  # registration token -> still registered
        self._errors: list[list[Any]] = []  # [remaining, code]

    def service_account(self, project_id: str | None = None) -> dict[str, str]:
        project = project_id or self.project_id
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_id = secrets.token_hex(20)
        email = f"firebase-adminsdk-{key_id[:5]}@{project}.iam.gserviceaccount.com"
        with self.lock:
            self.keys[key_id] = (key.public_key(), email, project)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return {
            "type": "service_account",
            "project_id": project,
            "private_key_id": key_id,
            "private_key": pem,
            "client_email": email,
            "client_id": str(secrets.randbelow(10**20)),
            "token_uri": f"{self.url}/token",
            "auth_uri": f"{self.url}/auth",
            "auth_provider_x509_cert_url": f"{self.url}/certs",
            "universe_domain": "googleapis.com",
        }

    def write_service_account(self, path: Path, project_id: str | None = None) -> Path:
        path.write_text(json.dumps(self.service_account(project_id)), encoding="utf-8")
        return path

    def register_token(self) -> str:
        token = secrets.token_urlsafe(120)
        with self.lock:
            self.devices[token] = True
        return token

    def unregister(self, token: str) -> None:
        with self.lock:
            self.devices[token] = False

    def error_next(self, count: int = 1, code: str = "UNAVAILABLE") -> None:
        if code not in ERRORS:
            raise ValueError(f"unknown FCM error code {code}")
        with self.lock:
            self._errors.append([count, code])

    def clear(self) -> None:
        with self.lock:
            self._errors.clear()

    def fault_response(self, status: int) -> Response:
        return fcm_error(status, f"injected HTTP {status}")

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/token", self.token, methods=["POST"]),
            Route("/v1/projects/{project}/messages:send", self.send, methods=["POST"]),
        ]

    async def token(self, request: Request) -> Response:
        injected = await self.misbehave(request)
        if injected is not None:
            return injected
        form = {name: values[0] for name, values in parse_qs((await request.body()).decode()).items()}
        if form.get("grant_type") != JWT_BEARER:
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        assertion = form.get("assertion", "")
        try:
            key_id = jwt.get_unverified_header(assertion).get("kid", "")
            with self.lock:
                public_key, email, project = self.keys[key_id]
            claims = jwt.decode(
                assertion,
                public_key,
                algorithms=["RS256"],
                audience=GOOGLE_TOKEN_AUDIENCE,
                issuer=email,
                options={"require": ["iss", "aud", "iat", "exp", "scope"]},
            )
        except (KeyError, jwt.PyJWTError) as error:
            return JSONResponse({"error": "invalid_grant", "error_description": f"Invalid JWT: {error}"}, 400)
        if claims["exp"] - claims["iat"] > 3600 or not MESSAGING_SCOPES & set(claims["scope"].split()):
            return JSONResponse({"error": "invalid_scope", "error_description": "no messaging scope"}, 400)
        access_token = "ya29." + secrets.token_urlsafe(48)
        with self.lock:
            self.access_tokens[access_token] = (project, time.time() + 3600)
        self.record("token", client_email=email, scope=claims["scope"])
        return JSONResponse({"access_token": access_token, "expires_in": 3600, "token_type": "Bearer"})

    async def send(self, request: Request) -> Response:
        injected = await self.misbehave(request)
        if injected is not None:
            return injected
        scheme, _, access_token = request.headers.get("authorization", "").partition(" ")
        with self.lock:
            project, expires_at = self.access_tokens.get(access_token, ("", 0.0))
        if scheme != "Bearer" or expires_at < time.time():
            return fcm_error(401, "Request had invalid authentication credentials.")
        if project != request.path_params["project"]:
            return fcm_error(403, "Permission 'cloudmessaging.messages.create' denied on resource")
        with self.lock:
            pending = self._errors[0] if self._errors else None
            if pending is not None:
                pending[0] -= 1
                if pending[0] <= 0:
                    self._errors.pop(0)
        if pending is not None:
            status, _ = ERRORS[pending[1]]
            return fcm_error(status, f"injected {pending[1]}", pending[1])
        body = json.loads(await request.body())
        message = body.get("message", {})
        token = message.get("token") or message.get("fid")
        data = message.get("data", {})
        if not isinstance(data, dict) or not all(isinstance(value, str) for value in data.values()):
            return fcm_error(400, "Invalid value at 'message.data': values must be strings", "INVALID_ARGUMENT")
        with self.lock:
            registered = self.devices.get(token or "")
        if registered is None:
            return fcm_error(400, "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT")
        if not registered:
            return fcm_error(404, "Requested entity was not found.", "UNREGISTERED")
        name = f"projects/{project}/messages/{secrets.randbelow(10**16)}"
        self.record(
            "message",
            name=name,
            message=message,
            validate_only=bool(body.get("validate_only")),
            api_format=request.headers.get("x-goog-api-format-version"),
        )
        return JSONResponse({"name": name})


if __name__ == "__main__":
    serve(FcmServer(), description="Local OAuth token endpoint and FCM HTTP v1 send endpoint.")
