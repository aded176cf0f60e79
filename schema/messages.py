"""User-facing texts of typed errors, in Simplified Chinese (default) and English."""

from __future__ import annotations

DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "INVALID_INPUT": {"zh-CN": "输入不完整或格式不正确。", "en": "The input is incomplete or malformed."},
    "INVALID_CREDENTIALS": {"zh-CN": "用户名或密码错误。", "en": "Wrong username or password."},
    "ACCOUNT_LOCKED": {
        "zh-CN": "登录失败次数过多，账号已暂时锁定，请稍后再试。",
        "en": "Too many failed sign-ins: the account is locked for a while. Try again later.",
    },
    "OTP_REQUIRED": {"zh-CN": "请输入动态验证码。", "en": "Enter your one-time code."},
    "OTP_INVALID": {"zh-CN": "动态验证码错误或已使用。", "en": "The one-time code is wrong or was already used."},
    "RATE_LIMITED": {"zh-CN": "请求过于频繁，请稍后再试。", "en": "Too many attempts. Try again in a minute."},
    "INVALID_REFRESH_TOKEN": {
        "zh-CN": "登录凭证无效，请重新登录。",
        "en": "The sign-in token is invalid. Sign in again.",
    },
    "REFRESH_TOKEN_REUSED": {
        "zh-CN": "登录凭证已被使用，出于安全考虑已退出所有相关会话，请重新登录。",
        "en": "This sign-in token was already used; for safety the session was ended. Sign in again.",
    },
    "SESSION_EXPIRED": {"zh-CN": "会话已过期，请重新登录。", "en": "Your session has ended. Sign in again."},
    "TOTP_ALREADY_ENABLED": {"zh-CN": "已启用动态验证码。", "en": "The one-time code is already enabled."},
    "TOTP_NOT_STARTED": {"zh-CN": "请先开始绑定动态验证码。", "en": "Start the one-time code enrolment first."},
    "UNAUTHENTICATED": {"zh-CN": "请先登录。", "en": "Sign in first."},
    "FORBIDDEN": {"zh-CN": "无权访问。", "en": "You do not have access to this."},
    "TOTP_ENROLMENT_REQUIRED": {
        "zh-CN": "请先绑定动态验证码后再使用。",
        "en": "Enrol a one-time code before continuing.",
    },
    "BAD_USER_INPUT": {"zh-CN": "参数不正确。", "en": "A parameter is not valid."},
}


def pick_locale(accept_language: str | None) -> str:
    """zh-CN unless the caller asks for English first."""
    if not accept_language:
        return DEFAULT_LOCALE
    first = accept_language.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else DEFAULT_LOCALE


def message(code: str, locale: str) -> str:
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    return texts.get(locale) or texts[DEFAULT_LOCALE]
