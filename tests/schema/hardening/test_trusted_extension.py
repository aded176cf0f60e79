"""Trusted-only mode refuses unregistered text on every path: queries and websocket subscriptions."""

from __future__ import annotations

import pytest
from graphql import GraphQLError

from domain.audit.service import Origin
from schema.build import build_schema
from schema.shared.context import Context

REGISTERED = "query Probe { __typename }"
SUBSCRIPTION = "subscription { myUpdates { kind } }"


class _NoLimit:
    async def hit(self, key: str) -> bool:
        return True


def _context() -> Context:
    return Context(auth=None, login_limiter=_NoLimit(), origin=Origin(), locale="en")  # type: ignore[arg-type]


async def test_registered_text_runs_and_other_text_is_refused() -> None:
    schema = build_schema(production=True, trusted_only=frozenset({REGISTERED}))
    assert (await schema.execute(REGISTERED, context_value=_context())).data == {"__typename": "Query"}
    refused = await schema.execute("query Other { __typename }", context_value=_context())
    assert refused.data is None and refused.errors[0].message == "Only trusted documents are accepted."


async def test_an_unregistered_subscription_is_refused() -> None:
    schema = build_schema(production=True, trusted_only=frozenset({REGISTERED}))
    outcome = await schema.subscribe(SUBSCRIPTION, context_value=_context())
    with pytest.raises(GraphQLError, match=r"Only trusted documents are accepted\."):
        async for _ in outcome:  # the subscription never starts: the first step refuses it
            raise AssertionError("an untrusted subscription produced an event")
