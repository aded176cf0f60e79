"""Material contents on disk under var/, content-addressed (at scale: an object store behind the same protocol)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    async def put(self, sha256: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, sha256, data)

    def _write(self, sha256: str, data: bytes) -> None:
        target = self.path(sha256)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(target)  # atomic: a reader never sees half a file
