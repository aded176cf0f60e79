"""The audit chain's head kept outside the database (`<var>/audit/anchors`, one `SEQ:HASH` line per advance),
so a later verification catches records cut off the end of the chain, which the chain alone cannot show."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from domain.audit import service as audit
from domain.audit.service import Anchor

log = logging.getLogger("quancheng.audit")


class AnchorError(ValueError):
    """An anchor given on the command line or read from a file is not `SEQ:HASH`."""


def parse(text: str) -> Anchor:
    """`SEQ:HASH` as `verify-audit` prints it."""
    seq, sep, digest = text.strip().partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise AnchorError(f"an anchor is SEQ:HASH (a record number and its 64-hex hash), got {text.strip()!r}")
    return Anchor(seq=int(seq), hash=digest)


def format_anchor(anchor: Anchor) -> str:
    return f"{anchor.seq}:{anchor.hash}"


def given_or_kept(given: str | None, kept: AnchorFile) -> Anchor | None:
    """`--anchor`: SEQ:HASH, or a file holding it; without it, the kept anchor (None before the first)."""
    if given is None:
        return kept.kept()
    if Path(given).is_file():
        return parse(Path(given).read_text(encoding="ascii"))
    return parse(given)


class AnchorFile:
    """Append-only lines of `SEQ:HASH`; the last one is the kept anchor."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def under(cls, var_dir: Path) -> AnchorFile:
        return cls(var_dir / "audit" / "anchors")

    def kept(self) -> Anchor | None:
        if not self.path.exists():
            return None
        lines = [line for line in self.path.read_text(encoding="ascii").splitlines() if line.strip()]
        return parse(lines[-1]) if lines else None

    def append(self, anchor: Anchor) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="ascii") as handle:
            handle.write(format_anchor(anchor) + "\n")

    async def advance(self) -> Anchor | None:
        """Keep the current head, unless the kept one is gone from the chain (then say so, keep nothing)."""
        kept = self.kept()
        if kept is not None and not await audit.still_there(kept):
            log.error("audit record %s noted in %s is missing or altered: the chain was cut", kept.seq, self.path)
            return None
        current = await audit.head()
        if current is not None and (kept is None or current.seq > kept.seq):
            self.append(current)
        return current


async def keep_periodically(anchors: AnchorFile, interval: int) -> None:
    """The anchor advanced in-process every `interval` seconds (several workers may share the file)."""
    while True:
        await asyncio.sleep(interval)
        try:
            await anchors.advance()
        except Exception:  # logged and tried again next interval, never kills the server
            log.exception("keeping the audit anchor failed")
