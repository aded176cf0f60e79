"""Aliyun SMS (短信服务) `SendSms`, RPC style, API version 2017-05-25, signed with signature version 1.0.

The signature is Aliyun's: every parameter but Signature, sorted by name, each name and value
percent-encoded (UTF-8; only A-Z a-z 0-9 - _ . ~ left as they are, so a space is %20, * is %2A), joined
as name=value with &; StringToSign = "POST&%2F&" + that string percent-encoded once more; Signature =
base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)).

The template gets {"title", "link"}: keep the template's fixed text holding the site, e.g.
"您有新的待办：${title}，请登录 https://qc.example.gov.cn${link} 办理" (Aliyun limits each variable's length
and does not accept free links in variables), so `link` is the short in-app path.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from urllib.parse import quote

from notifications.channels import ChannelError, Outgoing, Sent
from notifications.channels.http import Timeouts, call, make_client

SMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
TITLE_LIMIT = 20
RATE_CODES = ("isv.BUSINESS_LIMIT_CONTROL", "Throttling")
AUTH_CODES = ("InvalidAccessKeyId", "SignatureDoesNotMatch", "isp.RAM_PERMISSION_DENY", "Forbidden")
RETRYABLE_CODES = (
    "isp.SYSTEM_ERROR",
    "ServiceUnavailable",
    "InternalError",
    "SignatureNonceUsed",
    "InvalidTimeStamp",
    "isv.AMOUNT_NOT_ENOUGH",
)


def percent_encode(text: str) -> str:
    return quote(text, safe="")  # keeps A-Z a-z 0-9 - _ . ~, encodes the rest as UTF-8 %XX


def sign(params: Mapping[str, str], secret: str, method: str = "POST") -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _failure(code: str, message: str, status: int) -> ChannelError:
    detail = f"sms: {code or f'HTTP {status}'} {message}".rstrip()
    if code.startswith(RATE_CODES) or status == 429:
        return ChannelError(detail, reason="RATE")
    if code == "isv.MOBILE_NUMBER_ILLEGAL":
        return ChannelError(detail, permanent=True, reason="GONE")
    if code.startswith(AUTH_CODES):
        return ChannelError(detail, permanent=True, reason="AUTH")
    if code.startswith(RETRYABLE_CODES) or status >= 500:
        return ChannelError(detail)
    return ChannelError(detail, permanent=True)  # template, signature name, parameters, ...


class SmsChannel:
    """Sends to address {phone}; `provider_id` is Aliyun's BizId."""

    name = "sms"

    def __init__(
        self,
        access_key_id: str,
        access_key_secret: str,
        *,
        sign_name: str,
        template_code: str,
        endpoint: str = SMS_ENDPOINT,
        region_id: str = "cn-hangzhou",
        timeouts: Timeouts | None = None,
    ) -> None:
        self.access_key_id = access_key_id
        self._secret = access_key_secret
        self.sign_name = sign_name
        self.template_code = template_code
        self.endpoint = endpoint.rstrip("/") + "/"
        self.region_id = region_id
        self.timeouts = timeouts or Timeouts()
        self._client = make_client(self.timeouts)

    def signed(self, action_params: Mapping[str, str]) -> dict[str, str]:
        """The action's parameters with the common ones and the signature."""
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": self.region_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": str(uuid.uuid4()),
            "SignatureVersion": "1.0",
            "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "Version": "2017-05-25",
            **action_params,
        }
        params["Signature"] = sign(params, self._secret)
        return params

    def template_param(self, message: Outgoing) -> str:
        title = message.title if len(message.title) <= TITLE_LIMIT else message.title[: TITLE_LIMIT - 1] + "…"
        return json.dumps({"title": title, "link": message.link}, ensure_ascii=False, separators=(",", ":"))

    async def send(self, message: Outgoing) -> Sent:
        phone = message.address.get("phone")
        if not phone:
            raise ChannelError("sms: address lacks phone", permanent=True, reason="GONE")
        params = self.signed(
            {
                "PhoneNumbers": phone,
                "SignName": self.sign_name,
                "TemplateCode": self.template_code,
                "TemplateParam": self.template_param(message),
                "OutId": str(message.delivery_id),
            }
        )
        response = await call(
            self._client, "POST", self.endpoint, total=self.timeouts.total, provider="sms", data=params
        )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise _failure("", "without a JSON object", response.status_code)
        code = str(body.get("Code", ""))
        if response.status_code == 200 and code == "OK":
            return Sent(provider_id=str(body.get("BizId", "")))
        raise _failure(code, str(body.get("Message", "")), response.status_code)

    async def aclose(self) -> None:
        await self._client.aclose()
