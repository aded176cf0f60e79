"""The audit chain's head is kept outside the database, automatically and by `verify-audit`; a tail cut off
the chain (which the chain alone cannot show) is then caught, from the kept anchor or one given as
`--anchor SEQ:HASH`."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from tortoise import Tortoise

from api.anchor import AnchorError, AnchorFile, format_anchor, parse
from domain.audit.models import AuditRecord
from domain.audit.service import Origin, record
from tests.api.test_cli import _cli
from tests.conftest import DATABASE_URL

ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


async def _records(n: int) -> None:
    for i in range(n):
        await record(action="TEST", outcome="SUCCESS", origin=Origin(ip="10.0.0.1"), detail={"n": i})


async def _cut_tail(keep: int) -> None:
    """What someone with the owner's database access could do: delete the newest records."""
    sql = f"DELETE FROM audit_record WHERE seq > {keep}"
    if ON_POSTGRES:
        sql = (
            f"ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only; {sql}; "
            "ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only;"
        )
    await Tortoise.get_connection("default").execute_script(sql)


async def test_the_kept_anchor_follows_the_chain_and_refuses_a_cut(app, tmp_path: Path, caplog) -> None:
    # given an anchor kept while the chain grows
    anchors = AnchorFile.under(tmp_path)
    await _records(3)
    assert (await anchors.advance()).seq == 3
    await _records(2)
    await anchors.advance()
    assert anchors.kept().seq == 5
    assert len(anchors.path.read_text().splitlines()) == 2  # appended, never rewritten

    # when the tail is cut, then the keeper says so and does not move the anchor back
    await _cut_tail(3)
    with caplog.at_level(logging.ERROR, logger="quancheng.audit"):
        assert await anchors.advance() is None
    assert anchors.kept().seq == 5
    assert any("cut" in r.getMessage() for r in caplog.records)


async def test_verify_audit_catches_a_cut_tail_from_the_kept_anchor_and_a_given_one(
    demo, settings, tmp_path: Path
) -> None:
    # given an intact chain verified once: its head is kept under the var dir and printed
    operator = replace(settings, var_dir=tmp_path)
    await _records(6)
    code, out, _ = await _cli(operator, "verify-audit")
    assert code == 0, out
    total = await AuditRecord.all().count()
    head = out.rsplit("--anchor ", 1)[1].strip()
    assert parse(head).seq == total
    assert AnchorFile.under(tmp_path).kept() == parse(head)

    # when the newest two records are cut off
    await _cut_tail(total - 2)

    # then verifying against the kept anchor, or the printed head, or a file holding it, fails
    code, _, err = await _cli(operator, "verify-audit")
    assert code == 1 and f"record {total - 1} is missing" in err
    code, _, err = await _cli(replace(settings, var_dir=tmp_path / "elsewhere"), "verify-audit", "--anchor", head)
    assert code == 1 and "missing" in err
    saved = tmp_path / "head.txt"
    saved.write_text(head + "\n")
    assert (await _cli(operator, "verify-audit", "--anchor", str(saved)))[0] == 1
    assert AnchorFile.under(tmp_path).kept() == parse(head)  # a failed verification moves nothing


async def test_a_malformed_anchor_is_refused(settings, tmp_path: Path) -> None:
    with pytest.raises(AnchorError):
        parse("12:abc")
    assert format_anchor(parse("7:" + "a" * 64)) == "7:" + "a" * 64
    code, _, err = await _cli(replace(settings, var_dir=tmp_path), "verify-audit", "--anchor", "HEAD~1")
    assert code == 2 and "SEQ:HASH" in err
