"""Security headers on every HTTP answer: the PWA, its files, materials, GraphQL and health checks.

The policy is what the built PWA needs and no more: its own scripts, styles (antd-mobile sets inline
`style` attributes), images including the `data:`/`blob:` URLs of previews, its service worker and
manifest, GraphQL and the live-update websocket on the same origin. No page may frame it. An answer that
brings its own policy (a material's `sandbox`) keeps it, with `frame-ancestors 'none'` added.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",  # for browsers that predate frame-ancestors
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                own = headers.get("content-security-policy")
                if own is None:
                    headers["content-security-policy"] = CONTENT_SECURITY_POLICY
                elif "frame-ancestors" not in own:
                    headers["content-security-policy"] = f"{own}; frame-ancestors 'none'"
            await send(message)

        await self.app(scope, receive, send_with_headers)
