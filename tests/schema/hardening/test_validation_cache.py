"""Validation runs once per distinct document: the limit rules are built once, so the cache can hit."""

from __future__ import annotations

import uuid

import httpx
from strawberry.extensions.validation_cache import _get_validate_cache

from schema.build import VALIDATION_CACHE_SIZE


async def test_a_repeated_document_is_validated_once(client: httpx.AsyncClient) -> None:
    # given a document this server has never seen (its alias is new)
    alias = "v" + uuid.uuid4().hex
    document = f"{{ {alias}: __typename }}"
    cache = _get_validate_cache(VALIDATION_CACHE_SIZE)
    before = cache.cache_info()
    # when it is sent three times
    answers = [(await client.post("/graphql", json={"query": document})).json() for _ in range(3)]
    # then it was validated once and answered from the cache twice
    after = cache.cache_info()
    assert answers == [{"data": {alias: "Query"}}] * 3
    assert after.misses - before.misses == 1
    assert after.hits - before.hits == 2


async def test_the_limits_still_apply_from_the_cache(client: httpx.AsyncClient) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(16))
    for _ in range(2):
        body = (await client.post("/graphql", json={"query": f"{{ {aliases} }}"})).json()
        assert body["errors"][0]["message"] == "16 aliases found. Allowed: 15"
