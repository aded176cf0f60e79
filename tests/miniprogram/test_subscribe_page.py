"""A new to-do's WeChat subscribe message, as the local WeChat server receives it, carries a `page` that
the mini-program's router (miniprogram/src/router.ts, run by Node) resolves to that very to-do."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from domain import clock, ids
from domain.accounts.models import ExternalIdentity
from domain.inbox import service as inbox
from domain.workflow.models import StepRun, Task, TaskStatus
from notifications.channels.http import Timeouts
from notifications.channels.wechat import WeChatChannel
from notifications.pipeline import deliver_due, fan_out
from tests.factories import advance, declare, user_id
from tests.providers.wechat import WeChatServer

MINIPROGRAM = Path(__file__).resolve().parents[2] / "miniprogram"
TEMPLATE = "tmpl-todo-Qc18"
OPENID = "oMiniProgramData01"


def resolve(page: str) -> str:
    """The page the mini-program opens for a subscribe message's `page`."""
    done = subprocess.run(
        ["node", "scripts/resolve-page.mjs", page], cwd=MINIPROGRAM, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def wechat() -> Iterator[WeChatServer]:
    server = WeChatServer().start()
    server.add_template(TEMPLATE)
    server.add_user(OPENID, {TEMPLATE: 1})
    yield server
    server.stop()


async def test_the_subscribe_message_for_a_new_todo_opens_that_todo(demo, wechat: WeChatServer) -> None:
    # given: the data bureau's reviewer signed in from the mini-program and allowed one message
    data = await user_id("data")
    await ExternalIdentity.create(provider="wechat", subject=OPENID, user_id=data, bound_at=clock.now())
    await inbox.grant_wechat_quota(user_id=data, template_ids=[TEMPLATE], known={TEMPLATE})
    channel = WeChatChannel(
        wechat.appid,
        wechat.secret,
        templates={"step.opened": TEMPLATE},
        base_url=wechat.url,
        timeouts=Timeouts(connect=1.0, total=2.0),
    )
    # when: a project is submitted, which opens a to-do for them
    project = await advance(await declare(), 1)
    await fan_out({"wechat": channel})
    await deliver_due({"wechat": channel})
    await channel.aclose()
    # then
    intake = await StepRun.get(project_id=project.id, step_key="intake")
    task = await Task.get(step_run_id=intake.id, assignee_id=data, status=TaskStatus.OPEN)
    [message] = wechat.received_of("subscribe")
    assert message["body"]["touser"] == OPENID
    assert resolve(message["body"]["page"]) == f"/pages/todo/todo?id={quote(ids.encode('Task', task.id), safe='')}"


def test_the_router_sends_an_unknown_link_home() -> None:
    assert resolve("pages/index/index?link=%2Fnowhere") == "/pages/home/home"
