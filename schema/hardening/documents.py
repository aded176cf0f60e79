"""Facts computed once per parsed document. The parser cache hands out the same DocumentNode for the same
text, so they are kept by the node's identity (hashing a DocumentNode walks the whole tree)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

from graphql import DocumentNode

T = TypeVar("T")


class PerDocument(dict[int, tuple["weakref.ref[DocumentNode]", object]]):
    """At most `maxsize` entries (like the parser cache); an entry dies with its document."""

    def __init__(self, maxsize: int = 1024) -> None:
        super().__init__()
        self.maxsize = maxsize

    def get_or_compute(self, document: DocumentNode, compute: Callable[[DocumentNode], T]) -> T:
        entry = self.get(id(document))
        if entry is not None and entry[0]() is document:
            return entry[1]  # type: ignore[return-value]
        value = compute(document)
        if len(self) >= self.maxsize:
            self.pop(next(iter(self)))
        key = id(document)
        self[key] = (weakref.ref(document, lambda _: self.pop(key, None)), value)
        return value
