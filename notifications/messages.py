"""Message texts, zh-CN and English, with the deep link to the exact to-do, score sheet or project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain import ids


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    title_en: str
    body_en: str
    link: str
    urgent: bool = False
    task_id: int | None = None


# Kinds somebody is told about: (title, body, English title, English body); {project} is the project's name.
TEXTS: dict[str, tuple[str, str, str, str]] = {
    "step.opened": (
        "新的待办",
        "项目「{project}」有一项待办需要您办理。",
        "New to-do",
        "Project “{project}” has a to-do for you.",
    ),
    "task.overdue": (
        "督办：待办已逾期",
        "项目「{project}」的待办已超过办理时限，请立即办理。",
        "Overdue to-do",
        "A to-do of project “{project}” is past its time limit. Please act now.",
    ),
    "decision.urge": (
        "催办提醒",
        "项目「{project}」的待办被催办，请尽快办理。",
        "Reminder",
        "You were reminded to act on project “{project}”.",
    ),
    "task.reminder": (
        "办理时限提醒",
        "项目「{project}」的待办即将到达办理时限，请及时办理。",
        "Deadline near",
        "A to-do of project “{project}” is close to its time limit. Please act in time.",
    ),
    "decision.return": (
        "退回修改",
        "项目「{project}」被退回修改，请补正后重新提交。",
        "Returned for revision",
        "Project “{project}” was returned for revision.",
    ),
    "decision.approve": (
        "审批通过",
        "项目「{project}」的一个环节已审批通过。",
        "Approved",
        "A step of project “{project}” was approved.",
    ),
    "decision.finding_answered": (
        "审计意见已答复",
        "项目「{project}」的审计意见已答复，请查阅并办结。",
        "Audit finding answered",
        "The audit finding on project “{project}” was answered. Please review and close it.",
    ),
    "decision.reject": ("审批不通过", "项目「{project}」未获通过。", "Rejected", "Project “{project}” was rejected."),
    "stage.opened": (
        "项目进入新阶段",
        "项目「{project}」进入新阶段。",
        "New stage",
        "Project “{project}” moved to its next stage.",
    ),
    "panel.invited": (
        "评审邀请",
        "您被邀请参加项目「{project}」的专家评审，请在期限内答复。",
        "Review invitation",
        "You are invited to review project “{project}”. Please answer in time.",
    ),
    "panel.closed": (
        "评审结果",
        "项目「{project}」的专家评审已结束。",
        "Review result",
        "The expert review of project “{project}” has closed.",
    ),
    "project.completed": (
        "项目已完成",
        "项目「{project}」已完成全部环节。",
        "Project completed",
        "Project “{project}” has completed every stage.",
    ),
}
URGENT = frozenset({"task.overdue"})


def link_for(task_id: int | None, payload: dict[str, Any], project_id: int | None) -> str:
    """The exact place to act: the person's to-do, else the score sheet, else the project."""
    if task_id is not None:
        return f"/todos/{ids.encode('Task', task_id)}"
    if isinstance(payload.get("seat_id"), int) and payload.get("task_id") is None:
        return f"/sheets/{ids.encode('Seat', payload['seat_id'])}"
    return f"/projects/{ids.encode('Project', project_id)}" if project_id else "/inbox"


def message_for(
    kind: str,
    project_name: str,
    payload: dict[str, Any],
    project_id: int | None,
    *,
    task_id: int | None = None,
    acts: bool = True,
) -> Message | None:
    """The message of an event kind for one recipient (`task_id`: their to-do; `acts`: they must act, or they
    are only told), or None for kinds nobody is told about."""
    texts = TEXTS.get(kind)
    if texts is None:
        return None
    title, body, title_en, body_en = texts
    return Message(
        title=title,
        body=body.format(project=project_name),
        title_en=title_en,
        body_en=body_en.format(project=project_name),
        link=link_for(task_id, payload, project_id),
        urgent=acts and kind in URGENT,
        task_id=task_id,
    )


def digest(titles: Sequence[str], titles_en: Sequence[str]) -> Message:
    """The daily digest of what waited: a count and the first few titles; it opens the inbox."""
    shown, shown_en = "；".join(titles[:5]), "; ".join(titles_en[:5])
    more = len(titles) - 5
    return Message(
        title=f"每日摘要：{len(titles)} 条未读通知",
        body=shown + (f" 等 {len(titles)} 条" if more > 0 else ""),
        title_en=f"Daily digest: {len(titles)} unread",
        body_en=shown_en + (f" and {more} more" if more > 0 else ""),
        link="/inbox",
    )
