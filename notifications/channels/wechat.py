"""WeChat mini-program: subscribe messages (订阅消息) and sign-in (`code2session`).

A subscribe message needs a template per event kind (`templates`, kind -> template id, each with the
fields thing1 = title, thing2 = body, time3 = time) and one subscription the user granted in the
mini-program for that template: every message uses one up, and with none left WeChat answers 43101,
which is QUOTA, permanent for this message.

The access token comes from `GET /cgi-bin/token` and is kept until a minute before it expires. Each fetch
makes WeChat retire the previous token after five minutes, so processes that each fetch their own take
turns refreshing; an expired or replaced token (40001, 40014, 42001) is fetched anew once and the call
retried once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from notifications.channels import ChannelError, Outgoing, Sent
from notifications.channels.http import CachedToken, Timeouts, call, json_body, make_client, status_error
from notifications.channels.identity import (
    CODE_USED,
    INVALID_CODE,
    RATE_LIMITED,
    REFUSED,
    UNAVAILABLE,
    IdentityError,
)

WECHAT_BASE_URL = "https://api.weixin.qq.com"
STATES = ("developer", "trial", "formal")
THING_LIMIT = 20  # characters in a thing.DATA value
CHINA = ZoneInfo("Asia/Shanghai")
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
RATE_ERRORS = frozenset({45009, 45011, 43108})
SEND_ERRORS = {  # errcode -> (reason, permanent)
    43101: ("QUOTA", True),  # the user refused, or no subscription is left for this template
    40003: ("GONE", True),  # invalid openid: not a user of this mini-program
    -1: ("PROVIDER", False),  # system busy
}
IDENTITY_ERRORS = {40029: INVALID_CODE, 41008: INVALID_CODE, 40163: CODE_USED, 45011: RATE_LIMITED, -1: UNAVAILABLE}


@dataclass(frozen=True, slots=True)
class WeChatIdentity:
    openid: str
    unionid: str | None = None


def thing(text: str) -> str:
    """A thing.DATA value: at most 20 characters, cut with an ellipsis."""
    return text if len(text) <= THING_LIMIT else text[: THING_LIMIT - 1] + "…"


def page_of(link: str) -> str:
    """The mini-program page that opens the in-app link."""
    return f"pages/index/index?link={quote(link, safe='')}"


class WeChatChannel:
    """Sends to address {openid}; `provider_id` is WeChat's msgid."""

    name = "wechat"

    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        templates: Mapping[str, str] | None = None,
        base_url: str = WECHAT_BASE_URL,
        miniprogram_state: str = "formal",
        timeouts: Timeouts | None = None,
    ) -> None:
        if miniprogram_state not in STATES:
            raise ValueError(f"miniprogram_state must be one of {', '.join(STATES)}, got {miniprogram_state!r}")
        self.appid = appid
        self._secret = secret
        self.templates = dict(templates or {})
        self.base_url = base_url.rstrip("/")
        self.miniprogram_state = miniprogram_state
        self.timeouts = timeouts or Timeouts()
        self._client = make_client(self.timeouts)
        self._token = CachedToken(self._fetch_token)

    def template_for(self, kind: str) -> str | None:
        return self.templates.get(kind)

    async def _fetch_token(self) -> tuple[str, float]:
        response = await call(
            self._client,
            "GET",
            f"{self.base_url}/cgi-bin/token",
            total=self.timeouts.total,
            provider="wechat",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self._secret},
        )
        body = json_body("wechat", response)
        if body.get("access_token"):
            return str(body["access_token"]), float(body.get("expires_in", 7200))
        errcode = body.get("errcode")
        detail = f"wechat: access token refused: {errcode} {body.get('errmsg', '')}"
        if errcode == -1:
            raise ChannelError(detail)
        if errcode in RATE_ERRORS:
            raise ChannelError(detail, reason="RATE")
        raise ChannelError(detail, permanent=True, reason="AUTH")  # wrong appid or secret, IP not allowed

    async def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST with the access token; a refused token is replaced once and the call made once more."""
        token = await self._token.get()
        for attempt in (1, 2):
            response = await call(
                self._client,
                "POST",
                f"{self.base_url}{path}",
                total=self.timeouts.total,
                provider="wechat",
                params={"access_token": token},
                json=payload,
            )
            body = json_body("wechat", response)
            if body.get("errcode") not in TOKEN_ERRORS:
                return body
            if attempt == 1:
                token = await self._token.get(stale=token)
        raise ChannelError(f"wechat: a fresh access token was refused too: {body.get('errcode')}", reason="AUTH")

    def subscribe_message(self, message: Outgoing, template_id: str) -> dict[str, Any]:
        now = datetime.now(CHINA)
        return {
            "touser": message.address["openid"],
            "template_id": template_id,
            "page": page_of(message.link),
            "data": {
                "thing1": {"value": thing(message.title)},
                "thing2": {"value": thing(message.body)},
                "time3": {"value": now.strftime("%Y-%m-%d %H:%M")},
            },
            "miniprogram_state": self.miniprogram_state,
            "lang": "zh_CN",
        }

    async def send(self, message: Outgoing) -> Sent:
        if not message.address.get("openid"):
            raise ChannelError("wechat: address lacks openid", permanent=True, reason="GONE")
        template_id = self.template_for(message.kind)
        if template_id is None:
            raise ChannelError(f"wechat: no subscribe-message template for {message.kind}", permanent=True)
        try:
            async with asyncio.timeout(self.timeouts.total):
                body = await self._post("/cgi-bin/message/subscribe/send", self.subscribe_message(message, template_id))
        except TimeoutError as error:
            raise ChannelError(f"wechat: no answer within {self.timeouts.total:g}s", reason="TIMEOUT") from error
        errcode = body.get("errcode", 0)
        if errcode == 0:
            return Sent(provider_id=str(body.get("msgid", "")))
        detail = f"wechat: {errcode} {body.get('errmsg', '')}"
        if errcode in RATE_ERRORS:
            raise ChannelError(detail, reason="RATE")
        reason, permanent = SEND_ERRORS.get(errcode, ("PROVIDER", True))  # 40037 template, 47003 data, ...
        raise ChannelError(detail, permanent=permanent, reason=reason)

    async def code2session(self, code: str) -> WeChatIdentity:
        """Who signed in to the mini-program with this `wx.login` code. The session key WeChat also returns is
        dropped here: it is never returned, stored or logged."""
        try:
            async with asyncio.timeout(self.timeouts.total):
                response = await call(
                    self._client,
                    "GET",
                    f"{self.base_url}/sns/jscode2session",
                    total=self.timeouts.total,
                    provider="wechat",
                    params={
                        "appid": self.appid,
                        "secret": self._secret,
                        "js_code": code,
                        "grant_type": "authorization_code",
                    },
                )
        except (ChannelError, TimeoutError) as error:
            raise IdentityError(UNAVAILABLE, "WeChat did not answer") from error
        failure = status_error("wechat", response)
        if failure is not None:
            raise IdentityError(RATE_LIMITED if failure.reason == "RATE" else UNAVAILABLE, str(failure))
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise IdentityError(UNAVAILABLE, "WeChat answered no JSON object")
        errcode = body.get("errcode") or 0
        if errcode == 0 and body.get("openid"):
            return WeChatIdentity(openid=str(body["openid"]), unionid=body.get("unionid") or None)
        code_word = IDENTITY_ERRORS.get(errcode, REFUSED)  # 40013 appid, 40125 secret, 40226 blocked user, ...
        raise IdentityError(code_word, f"wechat: {errcode} {body.get('errmsg', '')}", provider_code=errcode or None)

    async def aclose(self) -> None:
        await self._client.aclose()
