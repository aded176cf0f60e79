"""Aliyun SMS `SendSms` (RPC style, version 2017-05-25), verifying the request the way Aliyun does: the
common parameters, a Timestamp within 15 minutes, a SignatureNonce never seen before, a known AccessKeyId
and the HMAC-SHA1 signature version 1.0, recomputed here from Aliyun's documented rules (written apart
from the channel's code). Then the business checks: the phone number, the sign name, the template and
its variables (each at most 35 characters). Parameters may come as the query string or as a form body.

Errors are Aliyun's: 404 InvalidAccessKeyId.NotFound, 400 SignatureDoesNotMatch, 400
SignatureNonceUsed, 400 InvalidTimeStamp.Expired, and HTTP 200 with isv.MOBILE_NUMBER_ILLEGAL,
isv.SMS_SIGNATURE_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL, isv.TEMPLATE_PARAMS_ILLEGAL,
isv.BUSINESS_LIMIT_CONTROL (`limit_per_minute`), or `error_next(count, code, status)`.

    python -m tests.providers.aliyun_sms --port 8935
        (AccessKeyId test-key-id, secret test-key-secret, sign 全程通, template SMS_123456789 {title, link})
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from calendar import timegm
from typing import Any
from urllib.parse import parse_qsl, quote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.providers.server import ProviderServer, serve

COMMON = (
    "AccessKeyId",
    "Action",
    "Format",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
    "Signature",
)
KEY_ID = "test-key-id"
KEY_SECRET = "test-key-secret"
SIGN = "全程通"
PHONE = re.compile(r"^(\+?86|0086)?1[3-9]\d{9}$")
VARIABLE_LIMIT = 35
SKEW = 15 * 60


def aliyun_encode(text: str) -> str:
    """Aliyun's percentEncode as its documentation writes it: Java's URLEncoder (UTF-8; space as '+', '*' kept,
    '~' encoded), then '+' -> %20, '*' -> %2A, %7E -> '~'."""
    java_style = quote_plus(text, safe="*").replace("~", "%7E")
    return java_style.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def expected_signature(params: dict[str, str], secret: str, method: str) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(aliyun_encode(k) + "=" + aliyun_encode(v) for k, v in pairs)
    string_to_sign = method.upper() + "&" + aliyun_encode("/") + "&" + aliyun_encode(canonical)
    mac = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def failure(code: str, message: str, status: int = 200) -> JSONResponse:
    return JSONResponse({"RequestId": secrets.token_hex(8).upper(), "Code": code, "Message": message}, status)


class AliyunSmsServer(ProviderServer):
    controls = ProviderServer.controls | {"error_next", "limit_per_minute", "add_template"}

    def __init__(self, access_key_id: str = KEY_ID, access_key_secret: str = KEY_SECRET, sign_name: str = SIGN) -> None:
        super().__init__()
        self.keys = {access_key_id: access_key_secret}
        self.sign_names = {sign_name}
        self.templates: dict[str, tuple[str, ...]] = {"SMS_123456789": ("title", "link")}
        self.nonces: set[str] = set()
        self.per_minute: int | None = None
        self.sent_at: dict[str, list[float]] = {}
        self._errors: list[list[Any]] = []  # [remaining, code, status]

    def add_template(self, code: str, variables: tuple[str, ...]) -> None:
        with self.lock:
            self.templates[code] = tuple(variables)

    def limit_per_minute(self, count: int | None) -> None:
        """At most `count` messages a minute to one number, then isv.BUSINESS_LIMIT_CONTROL."""
        with self.lock:
            self.per_minute = count

    def error_next(self, count: int = 1, code: str = "isp.SYSTEM_ERROR", status: int = 200) -> None:
        with self.lock:
            self._errors.append([count, code, status])

    def clear(self) -> None:
        with self.lock:
            self._errors.clear()
            self.per_minute = None
            self.sent_at.clear()

    def fault_response(self, status: int) -> Response:
        return failure("ServiceUnavailable", f"injected HTTP {status}", status)

    def routes(self) -> list[BaseRoute]:
        return [Route("/", self.rpc, methods=["GET", "POST"])]

    async def rpc(self, request: Request) -> Response:
        injected = await self.misbehave(request)
        if injected is not None:
            return injected
        params = dict(parse_qsl(request.url.query, keep_blank_values=True))
        if request.method == "POST":
            params.update(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))
        refused = self._check_request(params, request.method)
        if refused is not None:
            return refused
        with self.lock:
            pending = self._errors[0] if self._errors else None
            if pending is not None:
                pending[0] -= 1
                if pending[0] <= 0:
                    self._errors.pop(0)
        if pending is not None:
            return failure(pending[1], "injected", pending[2])
        if params["Action"] != "SendSms":
            return failure(
                "InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404
            )
        return self._send_sms(params)

    def _check_request(self, params: dict[str, str], method: str) -> Response | None:
        missing = [name for name in COMMON if not params.get(name)]
        if missing:
            return failure(
                "MissingParameter", f"The input parameter “{missing[0]}” that is mandatory is not supplied.", 400
            )
        if (
            params["Version"] != "2017-05-25"
            or params["SignatureMethod"] != "HMAC-SHA1"
            or params["SignatureVersion"] != "1.0"
        ):
            return failure("InvalidParameter", "Version, SignatureMethod or SignatureVersion is not supported", 400)
        try:
            stamp = timegm(time.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:
            return failure("InvalidTimeStamp.Format", "Specified time stamp does not match the specified format.", 400)
        if abs(time.time() - stamp) > SKEW:
            return failure("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
        secret = self.keys.get(params["AccessKeyId"])
        if secret is None:
            return failure("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
        if not hmac.compare_digest(params["Signature"], expected_signature(params, secret, method)):
            return failure("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 400)
        with self.lock:
            if params["SignatureNonce"] in self.nonces:
                return failure("SignatureNonceUsed", "Specified signature nonce was used already.", 400)
            self.nonces.add(params["SignatureNonce"])
        return None

    def _send_sms(self, params: dict[str, str]) -> Response:
        phone = params.get("PhoneNumbers", "")
        if not PHONE.match(phone):
            return failure("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        if params.get("SignName") not in self.sign_names:
            return failure("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名")
        variables = self.templates.get(params.get("TemplateCode", ""))
        if variables is None:
            return failure("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        try:
            values = json.loads(params.get("TemplateParam", "{}"))
        except ValueError:
            return failure("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        if (
            not isinstance(values, dict)
            or set(values) != set(variables)
            or not all(isinstance(v, str) and len(v) <= VARIABLE_LIMIT for v in values.values())
        ):
            return failure("isv.TEMPLATE_PARAMS_ILLEGAL", "模板变量里包含非法关键字或超出长度限制")
        now = time.time()
        with self.lock:
            recent = [t for t in self.sent_at.get(phone, []) if now - t < 60]
            if self.per_minute is not None and len(recent) >= self.per_minute:
                return failure("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1")
            self.sent_at[phone] = [*recent, now]
        biz_id = f"{secrets.randbelow(10**15)}^{secrets.randbelow(10**10)}"
        self.record("sms", biz_id=biz_id, params=params, template_param=values)
        return JSONResponse({"RequestId": secrets.token_hex(8).upper(), "Message": "OK", "BizId": biz_id, "Code": "OK"})


if __name__ == "__main__":
    serve(AliyunSmsServer(), description="Local Aliyun SMS SendSms endpoint that verifies signatures.")
