"""Wiring of the notification channels and the WeChat/DingTalk sign-in from settings: which channels run,
which are disabled and why (said at start, never silently dropped), and what clients may know."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from api.settings import Settings, SettingsError
from domain.accounts.external import IdentityRejected, IdentityUnavailable
from notifications.channels import Channel
from notifications.pipeline import Policy
from schema.inbox.settings import Public

log = logging.getLogger("quancheng.notifications")
REJECTED = frozenset({"INVALID_CODE", "CODE_USED"})  # the client's code, not the provider, is at fault


@dataclass
class Wiring:
    channels: dict[str, Channel] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)
    identity: dict[str, Any] = field(default_factory=dict)
    public: Public = field(default_factory=Public)
    policy: Policy = field(default_factory=Policy)

    async def aclose(self) -> None:
        for channel in self.channels.values():
            await channel.aclose()


def _templates(raw: str) -> dict[str, str]:
    """QC_WECHAT_TEMPLATES: "step.opened=TEMPLATE_ID,task.overdue=TEMPLATE_ID"."""
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kind, sep, template = part.partition("=")
        if not sep or not kind.strip() or not template.strip():
            raise SettingsError(f"QC_WECHAT_TEMPLATES: expected kind=template_id, got {part!r}")
        found[kind.strip()] = template.strip()
    return found


def config(settings: Settings) -> Any:
    """The channel configuration from QC_* variables (checked: a malformed value stops the start)."""
    from notifications.channels.factory import ChannelConfig

    env = settings.channels
    vapid: Path | None = Path(env["QC_WEBPUSH_VAPID_KEY_FILE"]) if env.get("QC_WEBPUSH_VAPID_KEY_FILE") else None
    if vapid is None and not settings.production:
        vapid = _dev_vapid_key(settings)
    values: dict[str, Any] = {
        "app_url": settings.public_url,
        "webpush_vapid_key_file": vapid,
        "webpush_subject": env.get("QC_WEBPUSH_SUBJECT", "mailto:ops@quancheng.invalid" if vapid else None),
        "fcm_credentials_file": Path(env["QC_FCM_CREDENTIALS_FILE"]) if env.get("QC_FCM_CREDENTIALS_FILE") else None,
        "wechat_appid": env.get("QC_WECHAT_APPID"),
        "wechat_secret": env.get("QC_WECHAT_SECRET"),
        "wechat_templates": _templates(env.get("QC_WECHAT_TEMPLATES", "")),
        "dingtalk_appkey": env.get("QC_DINGTALK_APPKEY"),
        "dingtalk_appsecret": env.get("QC_DINGTALK_APPSECRET"),
        "dingtalk_agent_id": _whole(env.get("QC_DINGTALK_AGENT_ID"), "QC_DINGTALK_AGENT_ID"),
        "sms_access_key_id": env.get("QC_SMS_ACCESS_KEY_ID"),
        "sms_access_key_secret": env.get("QC_SMS_ACCESS_KEY_SECRET"),
        "sms_sign_name": env.get("QC_SMS_SIGN_NAME"),
        "sms_template_code": env.get("QC_SMS_TEMPLATE_CODE"),
    }
    for name in ("fcm_base_url", "wechat_base_url", "dingtalk_base_url", "sms_endpoint"):
        raw = env.get(f"QC_{name.upper()}")
        if raw is not None:
            if not raw.startswith(("https://", "http://")):
                raise SettingsError(f"QC_{name.upper()} must start with https:// or http://")
            values[name] = raw.rstrip("/")
    if env.get("QC_WECHAT_STATE"):
        values["wechat_state"] = env["QC_WECHAT_STATE"]
    return ChannelConfig(**{k: v for k, v in values.items() if v is not None})


def _whole(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit():
        raise SettingsError(f"{name} must be a whole number, got {raw!r}")
    return int(raw)


def _dev_vapid_key(settings: Settings) -> Path:
    """Development only: a VAPID key under var/keys, made once (production names its own key file)."""
    from notifications.channels.webpush import generate_vapid_key_file

    path = settings.var_dir / "keys" / "vapid-p256.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate_vapid_key_file(path)
    return path


class _Identity:
    """A provider's sign-in code exchange (borrowed from its channel), its failures in the domain's terms."""

    def __init__(self, exchange: Callable[[str], Awaitable[Any]], subject: str) -> None:
        self.exchange = exchange
        self.subject = subject  # "openid" (WeChat) or "userid" (DingTalk)

    async def identify(self, code: str) -> tuple[str, str | None]:
        from notifications.channels.identity import IdentityError

        try:
            found = await self.exchange(code)
        except IdentityError as error:
            raise (IdentityRejected if error.code in REJECTED else IdentityUnavailable)(str(error)) from None
        return getattr(found, self.subject), found.unionid


def build(settings: Settings) -> Wiring:
    """Channels and sign-in clients for this process; each disabled one is logged with its reason."""
    from notifications.channels.factory import ChannelConfigError, build_channels

    cfg = config(settings)
    try:
        channels, disabled = build_channels(cfg)
    except ChannelConfigError as error:
        raise SettingsError(str(error)) from None
    for name, reason in sorted(disabled.items()):
        log.warning("notification channel %s disabled: %s", name, reason)
    identity: dict[str, Any] = {}  # sign-in borrows the channel's client (one token cache per provider)
    if "wechat" in channels:
        identity["wechat"] = _Identity(channels["wechat"].code2session, "openid")  # type: ignore[attr-defined]
    if "dingtalk" in channels:
        identity["dingtalk"] = _Identity(channels["dingtalk"].user_by_auth_code, "userid")  # type: ignore[attr-defined]
    public_key = None
    if "webpush" in channels:
        from notifications.channels.webpush import application_server_key

        public_key = application_server_key(cfg.webpush_vapid_key_file)
    env = settings.channels
    public = Public(
        channels=frozenset(channels),
        web_push_public_key=public_key,
        dingtalk_corp_id=env.get("QC_DINGTALK_CORP_ID"),
        wechat_app_id=env.get("QC_WECHAT_APPID"),
        wechat_templates=frozenset(cfg.wechat_templates.values()) if "wechat" in channels else frozenset(),
        wechat_long_term=frozenset(
            filter(None, (t.strip() for t in env.get("QC_WECHAT_LONG_TERM_TEMPLATES", "").split(",")))
        ),
    )
    policy = Policy(
        escalation_after=timedelta(minutes=settings.escalation_minutes),
        lease=timedelta(seconds=settings.notify_lease_seconds),
        concurrency=settings.notify_concurrency,
    )
    return Wiring(channels=channels, disabled=disabled, identity=identity, public=public, policy=policy)
