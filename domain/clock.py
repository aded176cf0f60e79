"""The one source of the current time, so tests, the demo city and a person trying the product can move it.

Real time by default. Outside production the clock can be shifted by an offset or pinned to an instant:
by a setting (`QC_CLOCK`), by `python -m api clock ...` (which writes a small file the running server
reads when it changes) or, inside one process, by `travel()`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

_DURATION = re.compile(r"^([+-]?)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


class ClockError(ValueError):
    """A clock setting we refuse: a bad value, or any setting in production."""


@dataclass(frozen=True, slots=True)
class ClockSetting:
    """Either a shift from real time, or a fixed instant; neither is real time."""

    offset: timedelta = timedelta(0)
    fixed: datetime | None = None

    @property
    def is_real(self) -> bool:
        return self.fixed is None and not self.offset

    def describe(self) -> str:
        if self.fixed is not None:
            return f"fixed at {self.fixed.isoformat()}"
        if self.offset:
            return f"real time shifted by {self.offset}"
        return "real time"

    def to_json(self) -> str:
        fixed = self.fixed.isoformat() if self.fixed is not None else None
        return json.dumps({"offsetSeconds": self.offset.total_seconds(), "fixed": fixed})

    @classmethod
    def from_json(cls, text: str) -> ClockSetting:
        raw = json.loads(text)
        fixed = raw.get("fixed")
        return cls(
            offset=timedelta(seconds=float(raw.get("offsetSeconds") or 0)),
            fixed=datetime.fromisoformat(fixed).astimezone(UTC) if fixed else None,
        )


def parse_duration(text: str) -> timedelta:
    """`3d`, `-2d4h`, `90m`: days, hours and minutes."""
    match = _DURATION.match(text.strip())
    if not match or not any(match.group(i) for i in (2, 3, 4)):
        raise ClockError(f"not a duration: {text!r} (examples: 3d, 2d4h, -90m)")
    sign, days, hours, minutes = match.groups()
    delta = timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0))
    return -delta if sign == "-" else delta


def parse_setting(text: str) -> ClockSetting:
    """A setting's value: empty (real time), a duration (`+3d`) or an ISO instant (`2026-10-08T09:00+08:00`)."""
    text = text.strip()
    if not text or text == "real":
        return ClockSetting()
    try:
        return ClockSetting(offset=parse_duration(text))
    except ClockError:
        pass
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise ClockError(f"not a duration or an ISO instant: {text!r}") from None
    if instant.tzinfo is None:
        raise ClockError(f"an instant needs its UTC offset, e.g. {text}+08:00")
    return ClockSetting(fixed=instant.astimezone(UTC))


class _State:
    setting = ClockSetting()
    file: Path | None = None
    file_stamp: tuple[int, int] | None = None


def configure(setting: ClockSetting, file: Path | None = None) -> None:
    """Set the process's clock (from settings at start); `file` is where the CLI's later changes arrive."""
    if setting.fixed is not None:
        setting = ClockSetting(offset=setting.offset, fixed=setting.fixed.astimezone(UTC))
    _State.setting = setting
    _State.file = file
    _State.file_stamp = None
    _reload()


def current_setting() -> ClockSetting:
    _reload()
    return _State.setting


def write_file(file: Path, setting: ClockSetting) -> None:
    """What `python -m api clock` does: a running server picks it up on its next reading of the time."""
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(".tmp")
    temporary.write_text(setting.to_json(), encoding="utf-8")
    os.replace(temporary, file)


def read_file(file: Path) -> ClockSetting:
    if not file.exists():
        return ClockSetting()
    return ClockSetting.from_json(file.read_text(encoding="utf-8"))


def _reload() -> None:
    file = _State.file
    if file is None:
        return
    try:
        stat = file.stat()
    except FileNotFoundError:
        return
    stamp = (stat.st_mtime_ns, stat.st_size)
    if stamp != _State.file_stamp:
        _State.file_stamp = stamp
        with suppress(ValueError, OSError):  # a half-written file: the next reading tries again
            _State.setting = ClockSetting.from_json(file.read_text(encoding="utf-8"))


def now() -> datetime:
    """Current time, timezone-aware UTC (moved, where a setting moves it)."""
    if _State.file is not None:
        _reload()
    setting = _State.setting
    if setting.fixed is not None:
        return setting.fixed + setting.offset
    return datetime.now(UTC) + setting.offset


@contextmanager
def travel(at: datetime) -> Iterator[None]:
    """Within the block, time is fixed at `at` (the demo city's history is made this way)."""
    before = _State.setting
    _State.setting = ClockSetting(fixed=at.astimezone(UTC))
    try:
        yield
    finally:
        _State.setting = before
