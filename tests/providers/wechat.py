"""WeChat's server API for a mini-program, as documented: `GET /cgi-bin/token`,
`POST /cgi-bin/message/subscribe/send`, `GET /sns/jscode2session`. Errors come back as HTTP 200 with an
errcode, as WeChat does.

Users are openids with subscriptions per template (`add_user(openid, {template_id: count})`: each message
uses one, none left is 43101). Templates have the fields thing1, thing2 and time3 (`add_template`).
Sign-in codes (`add_code`) work once (then 40163); unknown codes are 40029. `expire_tokens()` makes every
issued access token answer 42001, `revoke_tokens()` 40001; `errcode_next(count, errcode, path)` answers
that errcode to the next requests.

    python -m tests.providers.wechat --port 8933      (appid wx-test-app, secret wx-test-secret)
"""

from __future__ import annotations

import json
import re
import secrets
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.providers.server import ProviderServer, serve

ERRMSG = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40013: "invalid appid",
    40029: "invalid code",
    40037: "invalid template_id",
    40125: "invalid appsecret",
    40163: "code been used",
    41001: "access_token missing",
    42001: "access_token expired",
    43101: "user refuse to accept the msg",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach-limit mustslower retry next minute",
    47003: "argument invalid!",
}
APPID = "wx-test-app"
SECRET = "wx-test-secret"
TIME_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
THING_LIMIT = 20


def errcode(code: int, detail: str = "") -> JSONResponse:
    message = ERRMSG.get(code, "error") + (f" {detail}" if detail else "")
    return JSONResponse({"errcode": code, "errmsg": f"{message} rid: {secrets.token_hex(8)}"})


class WeChatServer(ProviderServer):
    controls = ProviderServer.controls | {
        "add_user",
        "add_template",
        "add_code",
        "expire_tokens",
        "revoke_tokens",
        "errcode_next",
    }

    def __init__(self, appid: str = APPID, secret: str = SECRET) -> None:
        super().__init__()
        self.appid = appid
        self.secret = secret
        self.tokens: dict[str, str] = {}  # access token -> "valid", "expired" or "revoked"
        self.templates: dict[str, tuple[str, ...]] = {}
        self.users: dict[str, dict[str, int]] = {}  # openid -> template id -> subscriptions left
        self.codes: dict[str, dict[str, Any]] = {}
        self._errcodes: list[list[Any]] = []  # [remaining, errcode, path]

    def add_template(self, template_id: str, fields: tuple[str, ...] = ("thing1", "thing2", "time3")) -> None:
        with self.lock:
            self.templates[template_id] = tuple(fields)

    def add_user(self, openid: str, subscriptions: dict[str, int] | None = None) -> None:
        with self.lock:
            self.users[openid] = dict(subscriptions or {})

    def add_code(self, code: str, openid: str, unionid: str | None = None) -> None:
        with self.lock:
            self.codes[code] = {"openid": openid, "unionid": unionid, "used": False}

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, "expired")

    def revoke_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, "revoked")

    def errcode_next(self, count: int = 1, code: int = -1, path: str = "") -> None:
        with self.lock:
            self._errcodes.append([count, code, path])

    def clear(self) -> None:
        with self.lock:
            self._errcodes.clear()

    def _injected_errcode(self, request: Request) -> JSONResponse | None:
        with self.lock:
            pending = next((e for e in self._errcodes if e[2] in request.url.path), None)
            if pending is None:
                return None
            pending[0] -= 1
            if pending[0] <= 0:
                self._errcodes.remove(pending)
        return errcode(pending[1])

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/cgi-bin/token", self.token, methods=["GET"]),
            Route("/cgi-bin/message/subscribe/send", self.subscribe_send, methods=["POST"]),
            Route("/sns/jscode2session", self.jscode2session, methods=["GET"]),
        ]

    async def token(self, request: Request) -> Response:
        answer = await self.misbehave(request) or self._injected_errcode(request)
        if answer is not None:
            return answer
        query = request.query_params
        if query.get("grant_type") != "client_credential":
            return errcode(40002)
        if query.get("appid") != self.appid:
            return errcode(40013)
        if query.get("secret") != self.secret:
            return errcode(40125)
        token = secrets.token_urlsafe(48)
        with self.lock:
            self.tokens[token] = "valid"
        self.record("token", appid=query["appid"])
        return JSONResponse({"access_token": token, "expires_in": 7200})

    async def subscribe_send(self, request: Request) -> Response:
        answer = await self.misbehave(request) or self._injected_errcode(request)
        if answer is not None:
            return answer
        token = request.query_params.get("access_token")
        if not token:
            return errcode(41001)
        with self.lock:
            state = self.tokens.get(token, "revoked")
        if state != "valid":
            return errcode(42001 if state == "expired" else 40001)
        body = json.loads(await request.body())
        with self.lock:
            fields = self.templates.get(body.get("template_id", ""))
            subscriptions = self.users.get(body.get("touser", ""))
        if subscriptions is None:
            return errcode(40003)
        if fields is None:
            return errcode(40037)
        problem = self._data_problem(body, fields)
        if problem:
            return errcode(47003, problem)
        with self.lock:
            if subscriptions.get(body["template_id"], 0) <= 0:
                return errcode(43101)
            subscriptions[body["template_id"]] -= 1
        msgid = secrets.randbelow(10**18)
        self.record("subscribe", msgid=msgid, body=body)
        return JSONResponse({"errcode": 0, "errmsg": "ok", "msgid": msgid})

    @staticmethod
    def _data_problem(body: dict[str, Any], fields: tuple[str, ...]) -> str:
        data = body.get("data")
        if not isinstance(data, dict) or set(data) != set(fields):
            return f"data must have exactly {', '.join(fields)}"
        for name in fields:
            value = data[name].get("value") if isinstance(data[name], dict) else None
            if not isinstance(value, str) or not value:
                return f"data.{name}.value invalid"
            if name.startswith("thing") and len(value) > THING_LIMIT:
                return f"data.{name}.value invalid: more than {THING_LIMIT} characters"
            if name.startswith("time") and not TIME_VALUE.match(value):
                return f"data.{name}.value invalid"
        if body.get("miniprogram_state", "formal") not in ("developer", "trial", "formal"):
            return "miniprogram_state invalid"
        if body.get("lang", "zh_CN") not in ("zh_CN", "en_US", "zh_HK", "zh_TW"):
            return "lang invalid"
        if len(body.get("page", "")) > 1024:
            return "page too long"
        return ""

    async def jscode2session(self, request: Request) -> Response:
        answer = await self.misbehave(request) or self._injected_errcode(request)
        if answer is not None:
            return answer
        query = request.query_params
        if query.get("appid") != self.appid:
            return errcode(40013)
        if query.get("secret") != self.secret:
            return errcode(40125)
        if query.get("grant_type") != "authorization_code":
            return errcode(40002)
        with self.lock:
            grant = self.codes.get(query.get("js_code", ""))
            used = grant is not None and grant["used"]
            if grant is not None:
                grant["used"] = True
        if grant is None:
            return errcode(40029)
        if used:
            return errcode(40163)
        self.record("jscode2session", js_code=query["js_code"], openid=grant["openid"], at=time.time())
        answer_body = {"openid": grant["openid"], "session_key": secrets.token_urlsafe(16)}
        if grant["unionid"]:
            answer_body["unionid"] = grant["unionid"]
        return JSONResponse(answer_body)


if __name__ == "__main__":
    serve(WeChatServer(), description="Local WeChat mini-program server API (token, subscribe/send, jscode2session).")
