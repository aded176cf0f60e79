"""Operator commands against this run's database, as separate processes."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import replace
from pathlib import Path

from domain.audit.models import AuditRecord
from domain.calendar.models import CalendarYear
from tests.conftest import ROOT_DIR


async def _cli(settings, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "DATABASE_URL": settings.database_url, "QC_VAR_DIR": str(settings.var_dir)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "api",
        *args,
        cwd=ROOT_DIR,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    return proc.returncode or 0, out.decode(), err.decode()


async def test_load_holidays_by_an_administrator(demo, settings, tmp_path: Path) -> None:
    good = tmp_path / "2027.txt"
    good.write_text("year 2027\nholiday 2027-01-01 元旦\n", encoding="utf-8")
    assert (await _cli(settings, "load-holidays", str(good), "--by", "data"))[0] == 0
    assert await CalendarYear.filter(year=2027).count() == 1
    code, _, err = await _cli(settings, "load-holidays", str(good), "--by", "builder")
    assert code == 2 and "not an administrator" in err
    bad = tmp_path / "bad.txt"
    bad.write_text("year 2027\nholliday 2027-01-01\n", encoding="utf-8")
    code, _, err = await _cli(settings, "load-holidays", str(bad), "--by", "data")
    assert code == 2 and "line 2:" in err
    assert await CalendarYear.filter(year=2027).count() == 1


async def test_verify_audit_reports_the_head(demo, settings, tmp_path: Path) -> None:
    from domain.audit.service import Origin, record

    await record(action="TEST", outcome="SUCCESS", origin=Origin())
    code, out, _ = await _cli(replace(settings, var_dir=tmp_path), "verify-audit")
    assert code == 0 and f"{await AuditRecord.all().count()} records" in out and "note the head" in out


async def test_worker_once_turns_events_into_notifications(demo, settings) -> None:
    from domain.inbox.models import Notification
    from tests.factories import advance, declare

    await advance(await declare(), 1)
    code, out, _ = await _cli(settings, "worker", "--once")
    assert code == 0 and "notifications" in out
    assert await Notification.all().count() > 0


async def test_worker_says_which_channels_run_and_why_others_do_not(demo, settings) -> None:
    code, out, _ = await _cli(settings, "worker", "--once")
    assert code == 0 and "channels: webpush" in out  # development makes its VAPID key
    assert "channel wechat disabled: QC_WECHAT_APPID not set" in out
    assert "channel sms disabled:" in out


async def test_binding_code_for_an_existing_user_only(demo, settings) -> None:
    from domain.accounts.models import BindingCode

    code, out, _ = await _cli(settings, "binding-code", "data")
    assert code == 0 and len(out.strip().rsplit(" ", 1)[-1]) == 10
    assert await BindingCode.all().count() == 1
    code, _, err = await _cli(settings, "binding-code", "nobody")
    assert code == 1 and "no active user" in err
    assert await BindingCode.all().count() == 1


async def test_generate_vapid_key_never_overwrites(settings, tmp_path) -> None:
    target = tmp_path / "vapid.pem"
    code, out, _ = await _cli(settings, "generate-vapid-key", str(target))
    assert code == 0 and "applicationServerKey: B" in out and target.stat().st_mode & 0o777 == 0o600
    before = target.read_bytes()
    code, _, err = await _cli(settings, "generate-vapid-key", str(target))
    assert code == 1 and "never overwritten" in err and target.read_bytes() == before
