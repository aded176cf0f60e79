"""Notification settings, push subscriptions, receipts, dead letters, escalation evidence and what changed
since the last submission, over GraphQL."""

from __future__ import annotations

import base64
import os

from domain import clock
from domain.accounts.models import User
from domain.audit.models import AuditRecord
from domain.inbox.models import Delivery, DeliveryStatus, Notification, NotificationPreference, PushSubscription
from domain.workflow.models import Task, TaskKind, TaskStatus
from notifications.channels import RecordingChannel
from notifications.pipeline import deliver_due, fan_out
from schema.shared import ids
from tests.factories import acting, advance, declare, user_id

SETTINGS = """query { myNotificationSettings { channels { channel enabled available } quietStart quietEnd digest
  digestAt } publicConfig { webPushPublicKey } }"""
UPDATE = """mutation($input: NotificationSettingsInput!) { updateNotificationSettings(input: $input) {
  __typename ... on ActionError { code field } } }"""
REGISTER = """mutation($input: PushSubscriptionInput!) { registerWebPush(input: $input) {
  __typename ... on ActionError { code field } } }"""


def subscription(**changes: str) -> dict[str, str]:
    key_bytes = b"\x04" + os.urandom(64)
    return {
        "endpoint": "https://push.example.cn/send/abc",
        "p256dh": base64.urlsafe_b64encode(key_bytes).decode().rstrip("="),
        "auth": base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("="),
        **changes,
    }


async def test_settings_round_trip_and_bad_input_changes_nothing(as_user, demo, gql) -> None:
    token = (await as_user("data")).token
    body = await gql(SETTINGS, token=token)
    settings = body["data"]["myNotificationSettings"]
    assert all(c["enabled"] for c in settings["channels"]) and settings["digest"] is False
    assert body["data"]["publicConfig"]["webPushPublicKey"]  # development makes a VAPID key under var/
    good = {
        "disabledChannels": ["SMS"],
        "quietStart": "22:00",
        "quietEnd": "07:30",
        "digest": True,
        "digestAt": "08:00",
    }
    done = (await gql(UPDATE, {"input": good}, token=token))["data"]["updateNotificationSettings"]
    assert done["__typename"] == "Done"
    for bad, field_name in (
        ({"quietStart": "22:00", "quietEnd": None}, "quietEnd"),
        ({"digestAt": "8 am"}, "digestAt"),
        ({"quietStart": "24:00"}, "quietStart"),
    ):
        answer = (await gql(UPDATE, {"input": {**good, **bad}}, token=token))["data"]["updateNotificationSettings"]
        assert answer == {"__typename": "InboxError", "code": "INVALID_INPUT", "field": field_name}
    settings = (await gql(SETTINGS, token=token))["data"]["myNotificationSettings"]
    assert (settings["quietStart"], settings["quietEnd"], settings["digest"], settings["digestAt"]) == (
        "22:00",
        "07:30",
        True,
        "08:00",
    )
    assert [c["channel"] for c in settings["channels"] if not c["enabled"]] == ["SMS"]
    assert await NotificationPreference.all().count() == 1


async def test_web_push_subscriptions_are_checked_and_belong_to_the_last_signed_in_user(as_user, demo, gql) -> None:
    token = (await as_user("data")).token
    for bad, field_name in (
        ({"endpoint": "http://push.example.cn/x"}, "endpoint"),
        ({"p256dh": "AAAA"}, "p256dh"),
        ({"auth": "c2hvcnQ"}, "auth"),
    ):
        answer = (await gql(REGISTER, {"input": subscription(**bad)}, token=token))["data"]["registerWebPush"]
        assert answer == {"__typename": "InboxError", "code": "INVALID_INPUT", "field": field_name}
    assert await PushSubscription.all().count() == 0
    sub = subscription()
    assert (await gql(REGISTER, {"input": sub}, token=token))["data"]["registerWebPush"]["__typename"] == "Done"
    other = (await as_user("data2")).token
    await gql(REGISTER, {"input": sub}, token=other)  # the same browser, now signed in by someone else
    rows = await PushSubscription.all().values_list("user_id", flat=True)
    assert rows == [await user_id("data2")]
    gone = await gql(
        "mutation($e: String!) { unregisterWebPush(endpoint: $e) { __typename } }", {"e": sub["endpoint"]}, token=token
    )
    assert gone["data"]["unregisterWebPush"]["__typename"] == "InboxError"  # not data's any more
    assert await PushSubscription.all().count() == 1


async def test_receipts_deliveries_and_read_state_in_the_inbox(as_user, demo, gql) -> None:
    token = (await as_user("data")).token
    await gql(REGISTER, {"input": subscription()}, token=token)
    await advance(await declare(), 1)
    channel = RecordingChannel(name="webpush")
    await fan_out({"webpush": channel})
    await deliver_due({"webpush": channel})
    receipt = channel.sent[0].receipt
    ack = "mutation($r: String!) { acknowledgeNotification(receipt: $r) }"
    assert (await gql(ack, {"r": receipt}))["data"]["acknowledgeNotification"] is True  # no sign-in needed
    assert (await gql(ack, {"r": "forged"}))["data"]["acknowledgeNotification"] is False
    inbox = """query { myNotifications(first: 5) { edges { node { id read link deliveries { channel status } } } } }"""
    node = (await gql(inbox, token=token))["data"]["myNotifications"]["edges"][0]["node"]
    assert node["deliveries"] == [{"channel": "WEBPUSH", "status": "DELIVERED"}]
    await gql(
        "mutation($ids: [ID!]!) { markNotificationsRead(notificationIds: $ids) }", {"ids": [node["id"]]}, token=token
    )
    node = (await gql(inbox, token=token))["data"]["myNotifications"]["edges"][0]["node"]
    assert node["read"] is True and node["deliveries"] == [{"channel": "WEBPUSH", "status": "READ"}]


DEAD = """query($kind: CenterKind!) { center(kind: $kind) { deadLetters(first: 10) { totalCount
  edges { node { title kind user { username } delivery { id channel status attempts lastError } } } } } }"""


async def test_dead_letters_are_the_data_bureau_s_to_see_and_send_again(as_user, demo, gql) -> None:
    await PushSubscription.create(
        user_id=await user_id("data2"),
        channel="webpush",
        endpoint="https://p.cn/1",
        p256dh="x",
        auth="y",
        created_at=clock.now(),
    )
    await advance(await declare(), 1)
    await fan_out({"webpush": RecordingChannel(name="webpush")})
    await deliver_due({})  # the channel went away: dead at once
    data = (await as_user("data")).token
    page = (await gql(DEAD, {"kind": "DATA"}, token=data))["data"]["center"]["deadLetters"]
    assert page["totalCount"] == 1
    letter = page["edges"][0]["node"]
    assert letter["user"]["username"] == "data2" and letter["delivery"]["status"] == "DEAD"
    assert "not configured" in letter["delivery"]["lastError"]
    builder = (await as_user("builder")).token
    refused = await gql(DEAD, {"kind": "BUILDER"}, token=builder)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    retry = "mutation($id: ID!) { retryDelivery(deliveryId: $id) { __typename ... on ActionError { code } } }"
    forbidden = await gql(retry, {"id": letter["delivery"]["id"]}, token=builder)
    assert forbidden["data"] is None and forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(retry, {"id": letter["delivery"]["id"]}, token=data))["data"]["retryDelivery"] == {
        "__typename": "Done"
    }
    assert (await Delivery.first()).status is DeliveryStatus.QUEUED
    assert await AuditRecord.filter(action="DELIVERY_RETRY").count() == 1


async def test_changes_since_the_last_submission(as_user, demo, gql) -> None:
    from domain.projects.models import Material
    from domain.workflow import flows

    project = await advance(await declare(), 1)  # submitted once
    intake = await Task.get(
        project_id=project.id, status=TaskStatus.OPEN, kind=TaskKind.ACTION, assignee_id=await user_id("data")
    )
    step = await intake.step_run
    await flows.return_for_revision(
        acting=await acting("data"), task_id=intake.id, expected_version=step.version, comment="请补充预算依据"
    )
    revision = await Task.get(project_id=project.id, kind=TaskKind.REVISION, status=TaskStatus.OPEN)
    await type(project).filter(id=project.id).update(requested_amount="880000.00")
    material = await Material.create(
        project_id=project.id,
        stage=project.stage,
        title="预算依据.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by_id=revision.assignee_id,
        uploaded_at=clock.now(),
    )
    assert revision.assignee_id == await user_id("builder")
    await flows.resubmit(acting=await acting("builder"), task_id=revision.id)
    query = """query($id: ID!) { node(id: $id) { ... on Project { changesSinceLastSubmission {
      fields { field before after } materialsAdded { title } } } } }"""
    data = (await as_user("data")).token
    changes = (await gql(query, {"id": ids.encode("Project", project.id)}, token=data))["data"]["node"][
        "changesSinceLastSubmission"
    ]
    assert {"field": "requestedAmount", "before": str(project.requested_amount), "after": "880000.00"} in changes[
        "fields"
    ]
    assert changes["materialsAdded"] == [{"title": "预算依据.pdf"}]
    vendor = (await as_user("vendor")).token
    hidden = (await gql(query, {"id": ids.encode("Project", project.id)}, token=vendor))["data"]["node"]
    assert hidden is None or hidden["changesSinceLastSubmission"] is None
    assert material.id


async def test_a_supervision_todo_shows_the_escalation_ladder(as_user, demo, gql) -> None:
    """The ladder itself is shown in tests/notifications; here: its evidence on the 督办 and the project."""
    project = await advance(await declare(), 1)
    data, data2 = await user_id("data"), await user_id("data2")
    overdue = await Task.get(project_id=project.id, status=TaskStatus.OPEN, assignee_id=data)
    now = clock.now()
    await Task.create(
        kind=TaskKind.SUPERVISION,
        center="DATA",
        assignee_id=data2,
        project_id=project.id,
        step_run_id=overdue.step_run_id,
        subject_task_id=overdue.id,
        title="督办：" + overdue.title,
        status=TaskStatus.OPEN,
        created_at=now,
        opened_at=now,
    )
    note = await Notification.create(
        user_id=data,
        event_id=None,
        kind="task.overdue",
        title="督办",
        body="",
        title_en="Overdue",
        body_en="",
        link="/",
        urgent=True,
        project_id=project.id,
        task_id=overdue.id,
        created_at=now,
        escalation_step=2,
    )
    for step, channel in ((1, "webpush"), (2, "dingtalk")):
        await Delivery.create(
            notification=note,
            channel=channel,
            target=f"t{step}",
            step=step,
            next_attempt_at=now,
            status=DeliveryStatus.SENT,
            created_at=now,
            updated_at=now,
        )
    token = (await as_user("data2")).token
    todos = """query { center(kind: DATA) { todos(first: 50, filter: {kinds: [SUPERVISION]}) { edges { node {
      kind escalation { step channel status userName } } } } } }"""
    edges = (await gql(todos, token=token))["data"]["center"]["todos"]["edges"]
    name = (await User.get(id=data)).display_name
    assert [e["node"]["escalation"] for e in edges] == [
        [
            {"step": 1, "channel": "WEBPUSH", "status": "SENT", "userName": name},
            {"step": 2, "channel": "DINGTALK", "status": "SENT", "userName": name},
        ]
    ]
    light = """query($id: ID!) { node(id: $id) { ... on Project { light escalations { step channel } } } }"""
    found = (await gql(light, {"id": ids.encode("Project", project.id)}, token=token))["data"]["node"]
    assert found["escalations"] == [{"step": 1, "channel": "WEBPUSH"}, {"step": 2, "channel": "DINGTALK"}]
    vendor = (await as_user("vendor")).token
    hidden = (await gql(light, {"id": ids.encode("Project", project.id)}, token=vendor))["data"]["node"]
    assert hidden is None or hidden["escalations"] == []


async def test_a_supervision_todo_names_the_todo_to_urge(as_user, demo, gql) -> None:
    project = await advance(await declare(), 1)
    data, data2 = await user_id("data"), await user_id("data2")
    overdue = await Task.get(project_id=project.id, status=TaskStatus.OPEN, assignee_id=data)
    now = clock.now()
    await Task.create(
        kind=TaskKind.SUPERVISION,
        center="DATA",
        assignee_id=data2,
        project_id=project.id,
        step_run_id=overdue.step_run_id,
        subject_task_id=overdue.id,
        title="督办",
        status=TaskStatus.OPEN,
        created_at=now,
        opened_at=now,
    )
    token = (await as_user("data2")).token
    todos = """query { center(kind: DATA) { todos(first: 50, filter: {kinds: [SUPERVISION]}) { edges { node {
      status subjectTaskId } } } } }"""
    node = (await gql(todos, token=token))["data"]["center"]["todos"]["edges"][0]["node"]
    assert node == {"status": "OPEN", "subjectTaskId": ids.encode("Task", overdue.id)}
