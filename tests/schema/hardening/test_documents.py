"""Facts per parsed document are computed once and kept by identity, never by hashing the tree."""

from __future__ import annotations

import gc

from graphql import parse

from schema.hardening.documents import PerDocument


def test_computed_once_per_document_and_forgotten_with_it() -> None:
    cache = PerDocument(maxsize=2)
    calls: list[int] = []

    def compute(document) -> int:
        calls.append(1)
        return len(document.definitions)

    first = parse("{ a }")
    assert cache.get_or_compute(first, compute) == 1
    assert cache.get_or_compute(first, compute) == 1
    assert len(calls) == 1
    same_text = parse("{ a }")  # equal, but another parse: computed again
    cache.get_or_compute(same_text, compute)
    assert len(calls) == 2
    del first, same_text
    gc.collect()
    assert len(cache) == 0


def test_the_oldest_entry_leaves_when_full() -> None:
    cache = PerDocument(maxsize=2)
    documents = [parse(f"{{ f{i} }}") for i in range(3)]
    for document in documents:
        cache.get_or_compute(document, lambda d: 0)
    assert len(cache) == 2
