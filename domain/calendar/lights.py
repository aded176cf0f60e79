"""Warning lights (红黄绿灯) from the working days a task has left."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

YELLOW_AT_DAYS_LEFT = 1


class WarningLight(StrEnum):
    """绿灯 on time, 黄灯 close to the limit, 红灯 overdue."""

    GREEN = "GREEN"
    YELLOW = "YELLOW"
    RED = "RED"


_SEVERITY = {WarningLight.GREEN: 0, WarningLight.YELLOW: 1, WarningLight.RED: 2}


def warning_light(days_left: int) -> WarningLight:
    """RED once overdue, YELLOW with one working day or less left, GREEN otherwise."""
    if days_left < 0:
        return WarningLight.RED
    if days_left <= YELLOW_AT_DAYS_LEFT:
        return WarningLight.YELLOW
    return WarningLight.GREEN


def worst(lights: Iterable[WarningLight]) -> WarningLight:
    """A project's light: the worst of its open tasks, GREEN when there are none."""
    return max(lights, key=_SEVERITY.__getitem__, default=WarningLight.GREEN)
