"""The channels a deployment has credentials for, built from one plain configuration.

A channel with no credentials at all is listed in `disabled` with the reason, never dropped silently. A
channel configured halfway (an appid without its secret, a key file that does not exist) is an operator's
mistake and raises `ChannelConfigError` naming the setting, so the process does not start half-deaf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notifications.channels import Channel
from notifications.channels.dingtalk import DINGTALK_BASE_URL, DingTalkChannel
from notifications.channels.http import CONNECT_TIMEOUT, TOTAL_TIMEOUT, Timeouts
from notifications.channels.sms import SMS_ENDPOINT, SmsChannel
from notifications.channels.webpush import WebPushChannel
from notifications.channels.wechat import WECHAT_BASE_URL, WeChatChannel

FCM_BASE_URL = "https://fcm.googleapis.com"  # notifications.channels.fcm imports firebase-admin: only when used


class ChannelConfigError(ValueError):
    """A channel is configured halfway or wrongly; the message names the QC_* setting."""


@dataclass(frozen=True)
class ChannelConfig:
    app_url: str = ""  # absolute URL of the app, for links that leave it (DingTalk)
    webpush_vapid_key_file: Path | None = None
    webpush_subject: str = ""  # mailto: or https:; defaults to app_url when that is https
    fcm_credentials_file: Path | None = None
    fcm_base_url: str = FCM_BASE_URL
    wechat_appid: str = ""
    wechat_secret: str = ""
    wechat_base_url: str = WECHAT_BASE_URL
    wechat_templates: dict[str, str] = field(default_factory=dict)  # event kind -> template id
    wechat_state: str = "formal"  # developer, trial or formal
    dingtalk_appkey: str = ""
    dingtalk_appsecret: str = ""
    dingtalk_agent_id: int | None = None
    dingtalk_base_url: str = DINGTALK_BASE_URL
    sms_access_key_id: str = ""
    sms_access_key_secret: str = ""
    sms_sign_name: str = ""
    sms_template_code: str = ""
    sms_endpoint: str = SMS_ENDPOINT
    connect_timeout: float = CONNECT_TIMEOUT
    timeout: float = TOTAL_TIMEOUT


def _setting(name: str) -> str:
    return f"QC_{name.upper()}"


def _missing(config: ChannelConfig, *names: str) -> list[str]:
    return [_setting(name) for name in names if getattr(config, name) in ("", None)]


def _required(config: ChannelConfig, channel: str, *names: str) -> str | None:
    """None when every setting is there; the reason to disable when none is; raises when some are."""
    missing = _missing(config, *names)
    if not missing:
        return None
    if len(missing) == len(names):
        return f"{missing[0]} not set"
    raise ChannelConfigError(f"{channel}: {', '.join(missing)} not set (the other {channel} settings are)")


def _existing_file(path: Path | None, name: str) -> Path:
    if path is None or not Path(path).is_file():
        raise ChannelConfigError(f"{_setting(name)}: {path} does not exist")
    return Path(path)


def _webpush(config: ChannelConfig, timeouts: Timeouts) -> Channel:
    subject = config.webpush_subject or (config.app_url if config.app_url.startswith("https://") else "")
    if not subject:
        raise ChannelConfigError("webpush: QC_WEBPUSH_SUBJECT (a mailto: or https: URL) not set")
    key_file = _existing_file(config.webpush_vapid_key_file, "webpush_vapid_key_file")
    try:
        return WebPushChannel(key_file, subject, timeouts=timeouts)
    except ValueError as error:
        raise ChannelConfigError(f"webpush: {error}") from None


def _fcm(config: ChannelConfig, timeouts: Timeouts) -> Channel:
    from notifications.channels.fcm import FcmChannel  # firebase-admin takes a third of a second to import

    credentials = _existing_file(config.fcm_credentials_file, "fcm_credentials_file")
    try:
        return FcmChannel(credentials, base_url=config.fcm_base_url, timeouts=timeouts)
    except (ValueError, KeyError) as error:
        raise ChannelConfigError(f"fcm: {_setting('fcm_credentials_file')}: {error}") from None


REQUIRED = {  # channel -> its settings, the first one named when none is set
    "webpush": ("webpush_vapid_key_file",),
    "fcm": ("fcm_credentials_file",),
    "wechat": ("wechat_appid", "wechat_secret"),
    "dingtalk": ("dingtalk_appkey", "dingtalk_appsecret", "dingtalk_agent_id"),
    "sms": ("sms_access_key_id", "sms_access_key_secret", "sms_sign_name", "sms_template_code"),
}


def build_channels(config: ChannelConfig) -> tuple[dict[str, Channel], dict[str, str]]:
    """(channels by name, disabled channel name -> why). Close the channels with `aclose()`.
    Every setting is checked before anything is built; FCM, which registers a Firebase app, is built last."""
    disabled = {name: reason for name, names in REQUIRED.items() if (reason := _required(config, name, *names))}
    wanted = [name for name in REQUIRED if name not in disabled]
    if "dingtalk" in wanted and not config.app_url.startswith(("https://", "http://")):
        raise ChannelConfigError("dingtalk: QC_APP_URL (the app's absolute URL, for the card's link) not set")
    timeouts = Timeouts(connect=config.connect_timeout, total=config.timeout)
    channels: dict[str, Channel] = {}
    if "webpush" in wanted:
        channels["webpush"] = _webpush(config, timeouts)
    if "wechat" in wanted:
        try:
            channels["wechat"] = WeChatChannel(
                config.wechat_appid,
                config.wechat_secret,
                templates=config.wechat_templates,
                base_url=config.wechat_base_url,
                miniprogram_state=config.wechat_state,
                timeouts=timeouts,
            )
        except ValueError as error:
            raise ChannelConfigError(f"wechat: {_setting('wechat_state')}: {error}") from None
    if "dingtalk" in wanted:
        channels["dingtalk"] = DingTalkChannel(
            config.dingtalk_appkey,
            config.dingtalk_appsecret,
            int(config.dingtalk_agent_id or 0),
            app_url=config.app_url,
            base_url=config.dingtalk_base_url,
            timeouts=timeouts,
        )
    if "sms" in wanted:
        channels["sms"] = SmsChannel(
            config.sms_access_key_id,
            config.sms_access_key_secret,
            sign_name=config.sms_sign_name,
            template_code=config.sms_template_code,
            endpoint=config.sms_endpoint,
            timeouts=timeouts,
        )
    if "fcm" in wanted:
        channels["fcm"] = _fcm(config, timeouts)
    return dict(sorted(channels.items())), disabled
