"""Trusted documents: operations registered by hash at build time (the PWA's, the mini-program's).

A request may name one by `documentId` ("sha256:<hex>") instead of sending its text, which also
saves bytes on a phone network; in production only registered operations are accepted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path


class TrustedDocumentsError(ValueError):
    """A manifest is unreadable, or one of its entries does not hash to its id."""


def document_id(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class TrustedDocuments:
    def __init__(self, documents: dict[str, str]) -> None:
        self.documents = documents

    @classmethod
    def load(cls, files: Iterable[Path]) -> TrustedDocuments:
        """Every manifest that exists ({id: text}); an entry whose text does not match its id is refused."""
        documents: dict[str, str] = {}
        for path in files:
            if not path.is_file():
                continue
            try:
                manifest = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise TrustedDocumentsError(f"{path}: {exc}") from exc
            for key, text in manifest.items():
                if not isinstance(text, str) or document_id(text) != key:
                    raise TrustedDocumentsError(f"{path}: {key} does not match its document")
                documents[key] = text
        return cls(documents)

    def get(self, key: str) -> str | None:
        return self.documents.get(key)

    def __len__(self) -> int:
        return len(self.documents)
