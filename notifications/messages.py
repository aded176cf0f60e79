"""Message texts, zh-CN and English, with the deep link to the exact to-do or project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    title_en: str
    body_en: str
    link: str
    urgent: bool = False


TEXTS: dict[str, tuple[str, str, str, str]] = {
    "step.opened": ("新的待办", "项目「{project}」有一项待办需要您办理。", "New to-do",
                    "Project “{project}” has a to-do for you."),
    "task.overdue": ("督办：待办已逾期", "项目「{project}」的待办已超过办理时限。", "Overdue to-do",
                     "A to-do of project “{project}” is past its time limit."),
    "decision.urge": ("催办提醒", "项目「{project}」的待办被催办，请尽快办理。", "Reminder",
                      "You were reminded to act on project “{project}”."),
    "decision.return": ("退回修改", "项目「{project}」被退回修改，请补正后重新提交。", "Returned for revision",
                        "Project “{project}” was returned for revision."),
    "panel.invited": ("评审邀请", "您被邀请参加项目「{project}」的专家评审，请在期限内答复。", "Review invitation",
                      "You are invited to review project “{project}”. Please answer in time."),
    "project.completed": ("项目已完成", "项目「{project}」已完成全部环节。", "Project completed",
                          "Project “{project}” has completed every stage."),
}  # fmt: skip
URGENT = frozenset({"task.overdue"})


def message_for(kind: str, project_name: str, payload: dict[str, Any], project_id: int | None) -> Message | None:
    """The message of an event kind, or None for kinds nobody is told about."""
    texts = TEXTS.get(kind)
    if texts is None:
        return None
    task = payload.get("task_id")
    link = f"/todos/{task}" if task else (f"/projects/{project_id}" if project_id else "/")
    title, body, title_en, body_en = texts
    return Message(title=title, body=body.format(project=project_name), title_en=title_en,
                   body_en=body_en.format(project=project_name), link=link, urgent=kind in URGENT)  # fmt: skip
