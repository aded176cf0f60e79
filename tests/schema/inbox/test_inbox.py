"""The in-app inbox over GraphQL: the user's own notifications, in their language, with read state."""

from __future__ import annotations

from domain.inbox.models import Notification
from notifications.pipeline import fan_out
from tests.factories import advance, declare, user_id

INBOX = """query($unread: Boolean) { myNotifications(unreadOnly: $unread) {
  totalCount edges { node { id kind title link urgent read } } } }"""
READ = "mutation($ids: [ID!]!) { markNotificationsRead(notificationIds: $ids) }"


async def test_inbox_language_read_state_and_ownership(as_user, demo, gql) -> None:
    await advance(await declare(), 1)
    await fan_out([])
    token = (await as_user("data")).token
    zh = (await gql(INBOX, {}, token=token, headers={"accept-language": "zh-CN"}))["data"]["myNotifications"]
    assert zh["totalCount"] == await Notification.filter(user_id=await user_id("data")).count() > 0
    note = zh["edges"][0]["node"]
    assert note["title"] == "新的待办" and note["link"].startswith("/") and note["read"] is False
    en = (await gql(INBOX, {}, token=token))["data"]["myNotifications"]["edges"][0]["node"]
    assert en["title"] == "New to-do"
    # someone else cannot mark it read
    other = (await as_user("builder")).token
    assert (await gql(READ, {"ids": [note["id"]]}, token=other))["data"]["markNotificationsRead"] == 0
    assert (await gql(READ, {"ids": [note["id"]]}, token=token))["data"]["markNotificationsRead"] == 1
    unread = (await gql(INBOX, {"unread": True}, token=token))["data"]["myNotifications"]
    assert note["id"] not in {e["node"]["id"] for e in unread["edges"]}
