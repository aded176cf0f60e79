from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from notifications.channels.dingtalk import DingTalkChannel
from notifications.channels.factory import ChannelConfig, ChannelConfigError, build_channels
from notifications.channels.sms import SmsChannel
from notifications.channels.webpush import WebPushChannel, generate_vapid_key_file
from notifications.channels.wechat import WeChatChannel
from tests.providers.fcm import FcmServer


@pytest.fixture
def full_config(tmp_path: Path) -> ChannelConfig:
    generate_vapid_key_file(tmp_path / "vapid.pem")
    credentials = FcmServer().write_service_account(tmp_path / "fcm.json", project_id="qc-city")
    return ChannelConfig(
        app_url="https://qc.hz.gov.cn",
        webpush_vapid_key_file=tmp_path / "vapid.pem",
        webpush_subject="mailto:ops@hz.gov.cn",
        fcm_credentials_file=credentials,
        wechat_appid="wx123",
        wechat_secret="s",
        wechat_templates={"step.opened": "t1"},
        wechat_state="trial",
        dingtalk_appkey="k",
        dingtalk_appsecret="s",
        dingtalk_agent_id=1001,
        sms_access_key_id="id",
        sms_access_key_secret="s",
        sms_sign_name="全程通",
        sms_template_code="SMS_1",
    )


def test_without_credentials_every_channel_is_disabled_with_its_reason() -> None:
    channels, disabled = build_channels(ChannelConfig())

    assert channels == {}
    assert disabled == {
        "webpush": "QC_WEBPUSH_VAPID_KEY_FILE not set",
        "fcm": "QC_FCM_CREDENTIALS_FILE not set",
        "wechat": "QC_WECHAT_APPID not set",
        "dingtalk": "QC_DINGTALK_APPKEY not set",
        "sms": "QC_SMS_ACCESS_KEY_ID not set",
    }


async def test_with_credentials_every_channel_is_built(full_config: ChannelConfig) -> None:
    channels, disabled = build_channels(full_config)

    try:
        assert disabled == {}
        assert sorted(channels) == ["dingtalk", "fcm", "sms", "webpush", "wechat"]
        assert all(channel.name == name for name, channel in channels.items())
        assert isinstance(channels["webpush"], WebPushChannel)
        assert isinstance(channels["wechat"], WeChatChannel) and channels["wechat"].template_for("step.opened") == "t1"
        assert isinstance(channels["dingtalk"], DingTalkChannel) and channels["dingtalk"].agent_id == 1001
        assert isinstance(channels["sms"], SmsChannel)
        assert type(channels["fcm"]).__name__ == "FcmChannel"
    finally:
        for channel in channels.values():
            await channel.aclose()


async def test_one_channel_can_be_on_alone(full_config: ChannelConfig) -> None:
    config = ChannelConfig(
        sms_access_key_id="id", sms_access_key_secret="s", sms_sign_name="全程通", sms_template_code="SMS_1"
    )

    channels, disabled = build_channels(config)
    await channels["sms"].aclose()

    assert list(channels) == ["sms"]
    assert sorted(disabled) == ["dingtalk", "fcm", "webpush", "wechat"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wechat_secret": ""}, "QC_WECHAT_SECRET not set"),
        ({"dingtalk_agent_id": None}, "QC_DINGTALK_AGENT_ID not set"),
        ({"sms_sign_name": "", "sms_template_code": ""}, "QC_SMS_SIGN_NAME, QC_SMS_TEMPLATE_CODE not set"),
        ({"webpush_vapid_key_file": Path("/nonexistent/vapid.pem")}, "QC_WEBPUSH_VAPID_KEY_FILE: /nonexistent"),
        ({"webpush_subject": "", "app_url": "http://127.0.0.1:8000"}, "QC_WEBPUSH_SUBJECT"),
        ({"fcm_credentials_file": Path("/nonexistent/fcm.json")}, "QC_FCM_CREDENTIALS_FILE: /nonexistent"),
        ({"wechat_state": "production"}, "QC_WECHAT_STATE"),
        ({"app_url": ""}, "QC_APP_URL"),
    ],
)
def test_a_channel_configured_halfway_stops_the_start(
    full_config: ChannelConfig, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ChannelConfigError, match=message.replace("(", r"\(")):
        build_channels(replace(full_config, **change))  # type: ignore[arg-type]


async def test_the_push_subject_defaults_to_the_https_app_url(full_config: ChannelConfig) -> None:
    channels, _ = build_channels(replace(full_config, webpush_subject=""))

    try:
        assert isinstance(channels["webpush"], WebPushChannel)
        assert channels["webpush"].subject == "https://qc.hz.gov.cn"
    finally:
        for channel in channels.values():
            await channel.aclose()
