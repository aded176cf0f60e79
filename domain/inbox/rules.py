"""Pure rules of notification delivery: channel groups, quiet hours, the escalation ladder, the digest."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")

WEBPUSH, FCM, WECHAT, DINGTALK, SMS = "webpush", "fcm", "wechat", "dingtalk", "sms"
CHANNELS = (WEBPUSH, FCM, WECHAT, DINGTALK, SMS)

# A non-urgent item nudges the user once: through their push subscriptions if they have any, otherwise
# through the work app (DingTalk first: officials live there; WeChat for experts and vendors). Never SMS.
IMMEDIATE_GROUPS: tuple[tuple[str, ...], ...] = ((WEBPUSH, FCM), (DINGTALK, WECHAT))

# An urgent item not read climbs one step at a time: in-app (step 0, at once) -> push -> DingTalk or
# WeChat -> SMS, stopping as soon as it is read or acted on.
LADDER: tuple[tuple[str, ...], ...] = ((), (WEBPUSH, FCM), (DINGTALK, WECHAT), (SMS,))
LAST_STEP = len(LADDER) - 1

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_clock(value: str) -> time | None:
    """ "HH:MM" (24 h) or None when malformed."""
    match = _CLOCK.match(value or "")
    return time(int(match.group(1)), int(match.group(2))) if match else None


def in_quiet_hours(now: datetime, start: str | None, end: str | None) -> bool:
    begin, finish = parse_clock(start or ""), parse_clock(end or "")
    if begin is None or finish is None or begin == finish:
        return False
    local = now.astimezone(CHINA).time().replace(tzinfo=None)
    if begin < finish:
        return begin <= local < finish
    return local >= begin or local < finish  # across midnight, e.g. 22:00-07:30


def quiet_until(now: datetime, start: str | None, end: str | None) -> datetime:
    """When a non-urgent item may go out: now, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(now, start, end):
        return now
    finish = parse_clock(end or "") or time(0, 0)  # in_quiet_hours checked it parses
    local = now.astimezone(CHINA)
    candidate = datetime.combine(local.date(), finish, tzinfo=CHINA)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate


def digest_due(now: datetime, digest_at: str, last_digest_on: date | None) -> bool:
    """The daily digest goes once a day, at or after the chosen time (China time)."""
    at = parse_clock(digest_at) or time(8, 30)
    local = now.astimezone(CHINA)
    return local.time().replace(tzinfo=None) >= at and last_digest_on != local.date()


def china_date(now: datetime) -> date:
    return now.astimezone(CHINA).date()
