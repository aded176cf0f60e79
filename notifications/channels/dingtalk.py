"""DingTalk work notifications (工作通知) from an internal app, and 免登 sign-in.

The app's access token comes from `GET /gettoken?appkey=&appsecret=` and is kept until a minute before it
expires; a token DingTalk refuses (40014, 42001, or 88 with one of those as sub_code) is fetched anew once
and the call retried once. A work notification is sent asynchronously: DingTalk answers a task_id at once,
and `delivery_status(task_id)` tells later who read it and which userids were invalid.

The base URL is configurable because 政务钉钉 deployments that keep the DingTalk open API answer these same
paths on their own gateway. 浙政钉 (Zhejiang's government DingTalk, built on 专有钉钉) is a different
open platform and is NOT implemented here: requests are signed per call with HMAC-SHA256 headers
(X-Hmac-Auth-*) from an AccessKey/SecretKey pair instead of carrying an access_token, its paths, message
bodies (tenant and organisation codes, accountId rather than userid) and 免登 exchange differ; a
`ZhezhengdingChannel` would be a separate module written against that platform's own documentation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from notifications.channels import ChannelError, Outgoing, Sent
from notifications.channels.http import CachedToken, Timeouts, call, json_body, make_client
from notifications.channels.identity import INVALID_CODE, RATE_LIMITED, REFUSED, UNAVAILABLE, IdentityError

DINGTALK_BASE_URL = "https://oapi.dingtalk.com"
TOKEN_CODES = frozenset({40014, 42001})
RATE_ERRORS = frozenset({90002, 90018, 90019, 90020})  # flow control per platform, app, ISV; monthly quota
SEND_ERRORS = {  # errcode -> (reason, permanent)
    -1: ("PROVIDER", False),  # system busy
    33012: ("GONE", True),  # invalid userid
    88: ("AUTH", True),  # 88 with another sub_code, e.g. 60011: no permission for this API
}


@dataclass(frozen=True, slots=True)
class DingTalkIdentity:
    userid: str
    unionid: str
    name: str


@dataclass(frozen=True, slots=True)
class DeliveryStatus:
    """What DingTalk knows of an asynchronous send, by userid."""

    read: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _token_refused(body: dict[str, Any]) -> bool:
    code = body.get("errcode")
    if code in TOKEN_CODES:
        return True
    return code == 88 and str(body.get("sub_code", "")) in {"", *map(str, TOKEN_CODES)}


def _userids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part for part in value.split(",") if part]
    return [str(part) for part in value or []]


class DingTalkChannel:
    """Sends to address {userid}; `provider_id` is the task_id of the asynchronous send."""

    name = "dingtalk"

    def __init__(
        self,
        appkey: str,
        appsecret: str,
        agent_id: int,
        *,
        app_url: str,
        base_url: str = DINGTALK_BASE_URL,
        timeouts: Timeouts | None = None,
    ) -> None:
        if not app_url.startswith(("https://", "http://")):
            raise ValueError(f"app_url must be the absolute URL of the app, got {app_url!r}")
        self.appkey = appkey
        self._appsecret = appsecret
        self.agent_id = int(agent_id)
        self.app_url = app_url.rstrip("/")
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts or Timeouts()
        self._client = make_client(self.timeouts)
        self._token = CachedToken(self._fetch_token)

    async def _fetch_token(self) -> tuple[str, float]:
        response = await call(
            self._client,
            "GET",
            f"{self.base_url}/gettoken",
            total=self.timeouts.total,
            provider="dingtalk",
            params={"appkey": self.appkey, "appsecret": self._appsecret},
        )
        body = json_body("dingtalk", response)
        if body.get("errcode") == 0 and body.get("access_token"):
            return str(body["access_token"]), float(body.get("expires_in", 7200))
        detail = f"dingtalk: access token refused: {body.get('errcode')} {body.get('errmsg', '')}"
        if body.get("errcode") == -1:
            raise ChannelError(detail)
        if body.get("errcode") in RATE_ERRORS:
            raise ChannelError(detail, reason="RATE")
        raise ChannelError(detail, permanent=True, reason="AUTH")

    async def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST with the access token, within the total timeout; a refused token is replaced once."""
        try:
            async with asyncio.timeout(self.timeouts.total):
                token = await self._token.get()
                for attempt in (1, 2):
                    response = await call(
                        self._client,
                        "POST",
                        f"{self.base_url}{path}",
                        total=self.timeouts.total,
                        provider="dingtalk",
                        params={"access_token": token},
                        json=payload,
                    )
                    body = json_body("dingtalk", response)
                    if not _token_refused(body):
                        return body
                    if attempt == 1:
                        token = await self._token.get(stale=token)
        except TimeoutError as error:
            raise ChannelError(f"dingtalk: no answer within {self.timeouts.total:g}s", reason="TIMEOUT") from error
        raise ChannelError(f"dingtalk: a fresh access token was refused too: {body.get('errcode')}", reason="AUTH")

    def work_notification(self, message: Outgoing) -> dict[str, Any]:
        markdown = f"### {message.title}\n\n{message.body}"
        return {
            "agent_id": self.agent_id,
            "userid_list": message.address["userid"],
            "msg": {
                "msgtype": "action_card",
                "action_card": {
                    "title": message.title,
                    "markdown": markdown,
                    "single_title": "查看",
                    "single_url": self.app_url + message.link,
                },
            },
        }

    async def send(self, message: Outgoing) -> Sent:
        if not message.address.get("userid"):
            raise ChannelError("dingtalk: address lacks userid", permanent=True, reason="GONE")
        body = await self._post("/topapi/message/corpconversation/asyncsend_v2", self.work_notification(message))
        errcode = body.get("errcode")
        if errcode == 0:
            return Sent(provider_id=str(body.get("task_id", "")))
        detail = f"dingtalk: {errcode} {body.get('sub_code', '')} {body.get('errmsg', '')}".replace("  ", " ")
        if errcode in RATE_ERRORS:
            raise ChannelError(detail, reason="RATE")
        reason, permanent = (
            SEND_ERRORS.get(errcode, ("PROVIDER", True)) if isinstance(errcode, int) else ("PROVIDER", True)
        )  # 40035 parameters, 40056 agent, ...
        raise ChannelError(detail, permanent=permanent, reason=reason)

    async def delivery_status(self, task_id: str | int) -> DeliveryStatus:
        """Who read the work notification of `task_id`, who has not, and which userids it could not reach."""
        body = await self._post(
            "/topapi/message/corpconversation/getsendresult", {"agent_id": self.agent_id, "task_id": int(task_id)}
        )
        if body.get("errcode") != 0:
            raise ChannelError(
                f"dingtalk: {body.get('errcode')} {body.get('errmsg', '')}", permanent=body.get("errcode") != -1
            )
        result = body.get("send_result") or {}
        return DeliveryStatus(
            read=_userids(result.get("read_user_id_list")),
            unread=_userids(result.get("unread_user_id_list")),
            invalid=_userids(result.get("invalid_user_id_list")),
            forbidden=_userids(result.get("forbidden_user_id_list")),
            failed=_userids(result.get("failed_user_id_list")),
        )

    async def user_by_auth_code(self, code: str) -> DingTalkIdentity:
        """Who opened the app inside DingTalk, from the 免登 code of `dd.getAuthCode` (valid once, 5 minutes)."""
        try:
            body = await self._post("/topapi/v2/user/getuserinfo", {"code": code})
        except ChannelError as error:
            word = {"RATE": RATE_LIMITED, "AUTH": REFUSED}.get(error.reason, UNAVAILABLE)
            raise IdentityError(word, str(error)) from error
        errcode = body.get("errcode")
        result = body.get("result") or {}
        if errcode == 0 and result.get("userid"):
            return DingTalkIdentity(
                userid=str(result["userid"]),
                unionid=str(result.get("unionid") or ""),
                name=str(result.get("name") or ""),
            )
        if errcode == 40078:  # 不存在的临时授权码: unknown, expired or already used
            word = INVALID_CODE
        elif errcode in RATE_ERRORS:
            word = RATE_LIMITED
        elif errcode == -1:
            word = UNAVAILABLE
        else:
            word = REFUSED
        raise IdentityError(word, f"dingtalk: {errcode} {body.get('errmsg', '')}", provider_code=errcode)

    async def aclose(self) -> None:
        await self._client.aclose()
