"""DingTalk's open API for an internal app, as documented: `GET /gettoken`,
`POST /topapi/message/corpconversation/asyncsend_v2`, `POST /topapi/message/corpconversation/getsendresult`
and `POST /topapi/v2/user/getuserinfo`. Errors come back as HTTP 200 with an errcode, as DingTalk does.

Users are `add_user(userid, unionid, name)`; a work notification to an unknown userid is accepted (the send
is asynchronous) and reported in `invalid_user_id_list`. `mark_read(task_id, userid)` moves a recipient to
the read list. 免登 codes (`add_code`) work once; then, like unknown ones, they are 40078.
`expire_tokens()` makes issued tokens answer 42001, `revoke_tokens()` 88 with sub_code 40014;
`errcode_next(count, errcode, path)` answers that errcode.

    python -m tests.providers.dingtalk --port 8934      (appkey ding-test-key, appsecret ding-test-secret, agent 1001)
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.providers.server import ProviderServer, serve

ERRMSG = {
    -1: "系统繁忙",
    40014: "不合法的access_token",
    40035: "不合法的参数",
    40056: "不合法的agentid",
    40078: "不存在的临时授权码",
    40089: "不合法的corpid或corpsecret",
    42001: "access_token超时",
    60011: "没有调用该接口的权限",
    90018: "当前企业调用该接口次数超过限制",
}


def errcode(code: int, sub_code: str = "") -> JSONResponse:
    body: dict[str, Any] = {"errcode": code, "errmsg": ERRMSG.get(code, "error"), "request_id": secrets.token_hex(6)}
    if code == 88:
        body["sub_code"] = sub_code
        body["sub_msg"] = ERRMSG.get(int(sub_code or 0), "")
        body["errmsg"] = f"ding talk error[subcode={sub_code},submsg={body['sub_msg']}]"
    return JSONResponse(body)


class DingTalkServer(ProviderServer):
    controls = ProviderServer.controls | {
        "add_user",
        "add_code",
        "mark_read",
        "expire_tokens",
        "revoke_tokens",
        "errcode_next",
    }

    def __init__(self, appkey: str = "ding-test-key", appsecret: str = "ding-test-secret", agent_id: int = 1001):
        super().__init__()
        self.appkey = appkey
        self.appsecret = appsecret
        self.agent_id = agent_id
        self.tokens: dict[str, str] = {}  # access token -> "valid", "expired" or "revoked"
        self.users: dict[str, dict[str, str]] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tasks: dict[int, dict[str, list[str]]] = {}
        self._errcodes: list[list[Any]] = []

    def add_user(self, userid: str, unionid: str = "", name: str = "") -> None:
        with self.lock:
            self.users[userid] = {"userid": userid, "unionid": unionid or f"union-{userid}", "name": name or userid}

    def add_code(self, code: str, userid: str) -> None:
        with self.lock:
            self.codes[code] = {"userid": userid, "used": False}

    def mark_read(self, task_id: int, userid: str) -> None:
        with self.lock:
            task = self.tasks[int(task_id)]
            task["unread"].remove(userid)
            task["read"].append(userid)

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, "expired")

    def revoke_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, "revoked")

    def errcode_next(self, count: int = 1, code: int = -1, path: str = "", sub_code: str = "") -> None:
        with self.lock:
            self._errcodes.append([count, code, path, sub_code])

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
        return errcode(pending[1], pending[3])

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/gettoken", self.gettoken, methods=["GET"]),
            Route("/topapi/message/corpconversation/asyncsend_v2", self.asyncsend, methods=["POST"]),
            Route("/topapi/message/corpconversation/getsendresult", self.getsendresult, methods=["POST"]),
            Route("/topapi/v2/user/getuserinfo", self.getuserinfo, methods=["POST"]),
        ]

    async def gettoken(self, request: Request) -> Response:
        answer = await self.misbehave(request) or self._injected_errcode(request)
        if answer is not None:
            return answer
        query = request.query_params
        if query.get("appkey") != self.appkey or query.get("appsecret") != self.appsecret:
            return errcode(40089)
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = "valid"
        self.record("token", appkey=query["appkey"])
        return JSONResponse({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})

    async def _authorized(self, request: Request) -> tuple[Response | None, dict[str, Any]]:
        """(an answer that ends the request, or None; the JSON body)."""
        answer = await self.misbehave(request) or self._injected_errcode(request)
        if answer is not None:
            return answer, {}
        with self.lock:
            state = self.tokens.get(request.query_params.get("access_token", ""), "revoked")
        if state == "expired":
            return errcode(42001), {}
        if state != "valid":
            return errcode(88, "40014"), {}
        try:
            body = json.loads(await request.body())
        except ValueError:
            return errcode(40035), {}
        return None, body if isinstance(body, dict) else {}

    async def asyncsend(self, request: Request) -> Response:
        answer, body = await self._authorized(request)
        if answer is not None:
            return answer
        if body.get("agent_id") != self.agent_id:
            return errcode(40056)
        userids = body.get("userid_list")
        msg = body.get("msg")
        if not isinstance(userids, str) or not userids or not isinstance(msg, dict):
            return errcode(40035)
        card = msg.get("action_card") if msg.get("msgtype") == "action_card" else None
        needed = ("title", "markdown", "single_title", "single_url")
        if not isinstance(card, dict) or not all(isinstance(card.get(k), str) and card[k] for k in needed):
            return errcode(40035)
        recipients = userids.split(",")
        task_id = secrets.randbelow(10**12)
        with self.lock:
            known = [u for u in recipients if u in self.users]
            self.tasks[task_id] = {"read": [], "unread": known, "invalid": [u for u in recipients if u not in known]}
        self.record("work_notification", task_id=task_id, body=body)
        return JSONResponse({"errcode": 0, "task_id": task_id, "request_id": secrets.token_hex(6)})

    async def getsendresult(self, request: Request) -> Response:
        answer, body = await self._authorized(request)
        if answer is not None:
            return answer
        if body.get("agent_id") != self.agent_id:
            return errcode(40056)
        with self.lock:
            task = self.tasks.get(body.get("task_id", -1))
            if task is None:
                return errcode(40035)
            result = {
                "read_user_id_list": list(task["read"]),
                "unread_user_id_list": list(task["unread"]),
                "invalid_user_id_list": list(task["invalid"]),
                "forbidden_user_id_list": [],
                "failed_user_id_list": [],
                "forbidden_list": [],
            }
        return JSONResponse({"errcode": 0, "errmsg": "ok", "send_result": result, "request_id": secrets.token_hex(6)})

    async def getuserinfo(self, request: Request) -> Response:
        answer, body = await self._authorized(request)
        if answer is not None:
            return answer
        with self.lock:
            grant = self.codes.get(str(body.get("code", "")))
            fresh = grant is not None and not grant["used"]
            if grant is not None:
                grant["used"] = True
            user = self.users.get(grant["userid"]) if fresh and grant else None
        if user is None:
            return errcode(40078)
        self.record("getuserinfo", code=body["code"], userid=user["userid"])
        result = {**user, "device_id": secrets.token_hex(8), "sys": False, "sys_level": 0, "associated_unionid": ""}
        return JSONResponse({"errcode": 0, "errmsg": "ok", "result": result, "request_id": secrets.token_hex(6)})


if __name__ == "__main__":
    serve(DingTalkServer(), description="Local DingTalk open API (gettoken, work notifications, 免登 getuserinfo).")
